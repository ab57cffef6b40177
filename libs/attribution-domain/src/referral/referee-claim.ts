import { streamName } from '@referral-ledger/contracts';
import { canHandle, type DomainEvent } from '@referral-ledger/decider';

/** One referral per (program, referee): the first attributed referral claims the referee. */
export type RefereeClaimed = DomainEvent<'referee.claimed', { referralId: string }>;

export const isRefereeClaimed = canHandle<RefereeClaimed>({ 'referee.claimed': true });

/** `referee-<program>:<customer>`: created once with `no_stream` by the referral that holds the claim. */
export const refereeStream = (programId: string, customerId: string) => streamName('referee', `${programId}:${customerId}`);
