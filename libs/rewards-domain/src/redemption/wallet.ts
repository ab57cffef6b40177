import { streamName, type RewardFulfilledData, type RewardRedeemedData } from '@referral-ledger/contracts';
import { IllegalStateError, InvalidInputError, canHandle, type Command, type DomainEvent } from '@referral-ledger/decider';
import { Accounts } from '../ledger/accounts';
import { transfer } from '../ledger/journal-entry';

export type RewardRedeemed = DomainEvent<'reward.redeemed', RewardRedeemedData>;
export type RewardFulfilled = DomainEvent<'reward.fulfilled', RewardFulfilledData>;
/** Both take from the available balance of one customer in one unit, so they share its stream and its limit. */
export type WalletEvent = RewardRedeemed | RewardFulfilled;

/**
 * One customer's redemptions in one unit. `released` is what the rewards released to them so far (read by the
 * caller from the ledger, where it can only lag behind: never more than is there); `redeemed` is this stream's own.
 */
export type Redeem = Command<'Redeem', { redemptionId: string; customerId: string; unit: string; amount: number; reference: string; released: number }>;
/** The integrator applied a released non-money reward: all of it leaves available, once. */
export type Fulfil = Command<'Fulfil', { rewardId: string; customerId: string; unit: string; amount: number; reference: string; released: number }>;
export type WalletCommand = Redeem | Fulfil;

export interface Wallet {
  redeemed: number;
  /** Redemptions by the integrator's reference: the same reference again is the same redemption. */
  byReference: Record<string, RewardRedeemedData>;
  /** Fulfilments by reward: a reward is fulfilled once. */
  byReward: Record<string, RewardFulfilledData>;
}

/** More was asked for than is available: the balance is in the message, for the integrator to show. */
export class InsufficientBalanceError extends IllegalStateError {
  constructor(
    readonly available: number,
    readonly unit: string,
  ) {
    super(`Only ${available} ${unit} available`);
    this.name = 'InsufficientBalanceError';
  }
}

export const walletStream = (customerId: string, unit: string) => streamName('wallet', `${customerId}:${unit}`);

export const initialWallet = (): Wallet => ({ redeemed: 0, byReference: {}, byReward: {} });

export function evolve(wallet: Wallet, event: WalletEvent): Wallet {
  const redeemed = wallet.redeemed + event.data.amount;
  switch (event.type) {
    case 'reward.redeemed':
      return { ...wallet, redeemed, byReference: { ...wallet.byReference, [event.data.reference]: event.data } };
    case 'reward.fulfilled':
      return { ...wallet, redeemed, byReward: { ...wallet.byReward, [event.data.rewardId]: event.data } };
  }
}

/** Dr available / Cr redeemed, never below zero. */
function take(wallet: Wallet, { customerId, unit, amount, released }: { customerId: string; unit: string; amount: number; released: number }, id: string, now: Date) {
  if (!Number.isSafeInteger(amount) || amount < 1) throw new InvalidInputError([{ field: 'amount', message: 'must be a whole number of at least 1' }]);
  const available = released - wallet.redeemed;
  if (amount > available) throw new InsufficientBalanceError(available, unit);
  return transfer(
    { entryId: `${id}:redeem`, kind: 'redeem', reference: id, bookedAt: now.toISOString() },
    Accounts.available(customerId, unit),
    Accounts.redeemed(customerId, unit),
    unit,
    amount,
  );
}

/** A reference already redeemed changes nothing. */
export function redeem(command: Redeem, wallet: Wallet): WalletEvent[] {
  const { redemptionId, customerId, unit, amount, reference } = command.data;
  if (wallet.byReference[reference]) return [];
  const entry = take(wallet, command.data, redemptionId, command.metadata.now);
  return [{ type: 'reward.redeemed', data: { redemptionId, customerId, unit, amount, reference, entry, redeemedAt: command.metadata.now.toISOString() } }];
}

/** A reward already fulfilled changes nothing, whatever reference comes with it. */
export function fulfil(command: Fulfil, wallet: Wallet): WalletEvent[] {
  const { rewardId, customerId, unit, amount, reference } = command.data;
  if (wallet.byReward[rewardId]) return [];
  const entry = take(wallet, command.data, rewardId, command.metadata.now);
  return [{ type: 'reward.fulfilled', data: { rewardId, customerId, unit, amount, reference, entry, fulfilledAt: command.metadata.now.toISOString() } }];
}

export function decide(command: WalletCommand, wallet: Wallet): WalletEvent[] {
  const { type } = command;
  switch (type) {
    case 'Redeem':
      return redeem(command, wallet);
    case 'Fulfil':
      return fulfil(command, wallet);
    default: {
      const unknown: never = type;
      throw new IllegalStateError(`Unknown command ${String(unknown)}`);
    }
  }
}

export const walletDecider = { decide, evolve, initialState: initialWallet, canHandle: canHandle<WalletEvent>({ 'reward.redeemed': true, 'reward.fulfilled': true }) };
