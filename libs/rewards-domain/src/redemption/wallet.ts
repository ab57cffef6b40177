import { streamName, type ClawbackRecoveredData, type RewardClawedBackData, type RewardFulfilledData, type RewardRedeemedData } from '@referral-ledger/contracts';
import { IllegalStateError, InvalidInputError, canHandle, type Command, type DomainEvent } from '@referral-ledger/decider';
import { Accounts } from '../ledger/accounts';
import { assertBalanced, transfer, type JournalEntry } from '../ledger/journal-entry';
import type { ReversalReason } from '../reward/reward';

export type RewardRedeemed = DomainEvent<'reward.redeemed', RewardRedeemedData>;
export type RewardFulfilled = DomainEvent<'reward.fulfilled', RewardFulfilledData>;
export type RewardClawedBack = DomainEvent<'reward.clawed_back', RewardClawedBackData>;
export type ClawbackRecovered = DomainEvent<'clawback.recovered', ClawbackRecoveredData>;
/** Everything that moves one customer's available balance in one unit other than a release: they share its stream and its limit. */
export type WalletEvent = RewardRedeemed | RewardFulfilled | RewardClawedBack | ClawbackRecovered;

/**
 * One customer's wallet in one unit. `released` is what the rewards released to them so far (read by the caller
 * from the ledger, where it can only lag behind: never more than is there); what left available is this stream's own.
 */
interface Balance {
  customerId: string;
  unit: string;
  released: number;
}
export type Redeem = Command<'Redeem', Balance & { redemptionId: string; amount: number; reference: string }>;
/** The integrator applied a released non-money reward: all of it leaves available, once. */
export type Fulfil = Command<'Fulfil', Balance & { rewardId: string; amount: number; reference: string }>;
/** A released reward is taken back: from available as far as it goes, the rest is owed. */
export type ClawBack = Command<'ClawBack', Balance & { rewardId: string; referralId: string; programId: string; amount: number; reason: ReversalReason }>;
/** Rewards released since a claw-back settle what is owed. */
export type SettleDebt = Command<'SettleDebt', Balance>;
export type WalletCommand = Redeem | Fulfil | ClawBack | SettleDebt;

export interface Wallet {
  /** Everything that left available through this stream: redeemed, fulfilled, clawed back, recovered. */
  taken: number;
  /** The claw-back debt not settled yet (the balance of `customer:{c}:clawback:{unit}`). */
  owed: number;
  recoveries: number;
  /** Redemptions by the integrator's reference: the same reference again is the same redemption. */
  byReference: Record<string, RewardRedeemedData>;
  /** Fulfilments by reward: a reward is fulfilled once. */
  byReward: Record<string, RewardFulfilledData>;
  /** Claw-backs by reward: a reward is taken back once. */
  clawedBack: Record<string, RewardClawedBackData>;
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

export const initialWallet = (): Wallet => ({ taken: 0, owed: 0, recoveries: 0, byReference: {}, byReward: {}, clawedBack: {} });

export function evolve(wallet: Wallet, event: WalletEvent): Wallet {
  switch (event.type) {
    case 'reward.redeemed':
      return { ...wallet, taken: wallet.taken + event.data.amount, byReference: { ...wallet.byReference, [event.data.reference]: event.data } };
    case 'reward.fulfilled':
      return { ...wallet, taken: wallet.taken + event.data.amount, byReward: { ...wallet.byReward, [event.data.rewardId]: event.data } };
    case 'reward.clawed_back': {
      const { fromAvailable, owed, rewardId } = event.data;
      return { ...wallet, taken: wallet.taken + fromAvailable, owed: wallet.owed + owed, clawedBack: { ...wallet.clawedBack, [rewardId]: event.data } };
    }
    case 'clawback.recovered':
      return { ...wallet, taken: wallet.taken + event.data.amount, owed: wallet.owed - event.data.amount, recoveries: wallet.recoveries + 1 };
  }
}

const availableIn = (wallet: Wallet, released: number) => Math.max(0, released - wallet.taken);

/** Dr available / Cr clawback: what is owed is settled first from whatever became available. */
function recover(wallet: Wallet, { customerId, unit, released }: Balance, now: Date): ClawbackRecovered[] {
  const amount = Math.min(wallet.owed, availableIn(wallet, released));
  if (amount <= 0) return [];
  const entryId = `${walletStream(customerId, unit)}:recovery:${wallet.recoveries + 1}`;
  const entry = transfer(
    { entryId, kind: 'recovery', reference: entryId, bookedAt: now.toISOString() },
    Accounts.available(customerId, unit),
    Accounts.clawback(customerId, unit),
    unit,
    amount,
  );
  return [{ type: 'clawback.recovered', data: { customerId, unit, amount, entry, recoveredAt: now.toISOString() } }];
}

/** Dr available / Cr redeemed, never below zero, after any debt is settled. */
function take(wallet: Wallet, balance: Balance, amount: number, id: string, now: Date): { recovered: ClawbackRecovered[]; entry: JournalEntry } {
  if (!Number.isSafeInteger(amount) || amount < 1) throw new InvalidInputError([{ field: 'amount', message: 'must be a whole number of at least 1' }]);
  const recovered = recover(wallet, balance, now);
  const available = availableIn(recovered.reduce(evolve, wallet), balance.released);
  if (amount > available) throw new InsufficientBalanceError(available, balance.unit);
  const { customerId, unit } = balance;
  const entry = transfer(
    { entryId: `${id}:redeem`, kind: 'redeem', reference: id, bookedAt: now.toISOString() },
    Accounts.available(customerId, unit),
    Accounts.redeemed(customerId, unit),
    unit,
    amount,
  );
  return { recovered, entry };
}

/** A reference already redeemed changes nothing. */
export function redeem(command: Redeem, wallet: Wallet): WalletEvent[] {
  const { redemptionId, customerId, unit, amount, reference } = command.data;
  if (wallet.byReference[reference]) return [];
  const { recovered, entry } = take(wallet, command.data, amount, redemptionId, command.metadata.now);
  return [...recovered, { type: 'reward.redeemed', data: { redemptionId, customerId, unit, amount, reference, entry, redeemedAt: command.metadata.now.toISOString() } }];
}

/** A reward already fulfilled changes nothing, whatever reference comes with it; one taken back cannot be. */
export function fulfil(command: Fulfil, wallet: Wallet): WalletEvent[] {
  const { rewardId, customerId, unit, amount, reference } = command.data;
  if (wallet.byReward[rewardId]) return [];
  if (wallet.clawedBack[rewardId]) throw new IllegalStateError(`Reward ${rewardId} was clawed back`);
  const { recovered, entry } = take(wallet, command.data, amount, rewardId, command.metadata.now);
  return [...recovered, { type: 'reward.fulfilled', data: { rewardId, customerId, unit, amount, reference, entry, fulfilledAt: command.metadata.now.toISOString() } }];
}

/**
 * Cr expense for the whole reward; Dr available for what is still there, Dr clawback for what was already spent.
 * The books stay balanced and available never goes below zero. Once per reward.
 */
export function clawBack(command: ClawBack, wallet: Wallet): WalletEvent[] {
  const { rewardId, referralId, programId, customerId, unit, amount, reason, released } = command.data;
  if (wallet.clawedBack[rewardId]) return [];
  const fromAvailable = Math.min(amount, availableIn(wallet, released));
  const owed = amount - fromAvailable;
  const now = command.metadata.now.toISOString();
  const entry: JournalEntry = {
    entryId: `${rewardId}:clawback`,
    kind: 'clawback',
    reference: rewardId,
    bookedAt: now,
    reverses: null,
    postings: [
      { account: Accounts.programExpense(programId, unit), unit, amount: -amount },
      ...(fromAvailable > 0 ? [{ account: Accounts.available(customerId, unit), unit, amount: fromAvailable }] : []),
      ...(owed > 0 ? [{ account: Accounts.clawback(customerId, unit), unit, amount: owed }] : []),
    ],
  };
  assertBalanced(entry);
  return [{ type: 'reward.clawed_back', data: { rewardId, referralId, programId, customerId, unit, amount, fromAvailable, owed, reason, entry, clawedBackAt: now } }];
}

export function decide(command: WalletCommand, wallet: Wallet): WalletEvent[] {
  const { type } = command;
  switch (type) {
    case 'Redeem':
      return redeem(command, wallet);
    case 'Fulfil':
      return fulfil(command, wallet);
    case 'ClawBack':
      return clawBack(command, wallet);
    case 'SettleDebt':
      return recover(wallet, command.data, command.metadata.now);
    default: {
      const unknown: never = type;
      throw new IllegalStateError(`Unknown command ${String(unknown)}`);
    }
  }
}

export const walletDecider = {
  decide,
  evolve,
  initialState: initialWallet,
  canHandle: canHandle<WalletEvent>({ 'reward.redeemed': true, 'reward.fulfilled': true, 'reward.clawed_back': true, 'clawback.recovered': true }),
};
