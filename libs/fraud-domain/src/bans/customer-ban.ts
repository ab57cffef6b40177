import { streamName, type CustomerBannedData } from '@referral-ledger/contracts';
import { IllegalStateError, canHandle, type Command, type DomainEvent } from '@referral-ledger/decider';

export type CustomerBanned = DomainEvent<'customer.banned', CustomerBannedData>;
export type BanCustomer = Command<'BanCustomer', { customerId: string; reason: string; bannedBy: string }>;

export type CustomerBan = { banned: false } | { banned: true; ban: CustomerBannedData };

/** `customerban-<customer>`. */
export const customerBanStream = (customerId: string) => streamName('customerban', customerId);

/** A ban is recorded once: banning again changes nothing and keeps the first reason and time. */
export function decide(command: BanCustomer, state: CustomerBan): CustomerBanned[] {
  if (state.banned) return [];
  const { customerId, reason, bannedBy } = command.data;
  if (reason.trim().length === 0) throw new IllegalStateError('A ban needs a reason');
  return [{ type: 'customer.banned', data: { customerId, reason, bannedBy, bannedAt: command.metadata.now.toISOString() } }];
}

export const evolve = (_state: CustomerBan, event: CustomerBanned): CustomerBan => ({ banned: true, ban: event.data });

export const customerBanDecider = {
  decide,
  evolve,
  initialState: (): CustomerBan => ({ banned: false }),
  canHandle: canHandle<CustomerBanned>({ 'customer.banned': true }),
};
