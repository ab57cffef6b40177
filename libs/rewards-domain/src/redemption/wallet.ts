import { streamName, type RewardRedeemedData } from '@referral-ledger/contracts';
import { IllegalStateError, InvalidInputError, canHandle, type Command, type DomainEvent } from '@referral-ledger/decider';
import { Accounts } from '../ledger/accounts';
import { transfer } from '../ledger/journal-entry';

export type RewardRedeemed = DomainEvent<'reward.redeemed', RewardRedeemedData>;
export type WalletEvent = RewardRedeemed;

/**
 * One customer's redemptions in one unit. `released` is what the rewards released to them so far (read by the
 * caller from the ledger, where it can only lag behind: never more than is there); `redeemed` is this stream's own.
 */
export type Redeem = Command<'Redeem', { redemptionId: string; customerId: string; unit: string; amount: number; reference: string; released: number }>;

export interface Wallet {
  redeemed: number;
  /** Redemptions by the integrator's reference: the same reference again is the same redemption. */
  byReference: Record<string, RewardRedeemedData>;
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

export const initialWallet = (): Wallet => ({ redeemed: 0, byReference: {} });

export function evolve(wallet: Wallet, event: WalletEvent): Wallet {
  return { redeemed: wallet.redeemed + event.data.amount, byReference: { ...wallet.byReference, [event.data.reference]: event.data } };
}

/** Dr available / Cr redeemed, never below zero; a reference already redeemed changes nothing. */
export function redeem(command: Redeem, wallet: Wallet): WalletEvent[] {
  const { redemptionId, customerId, unit, amount, reference, released } = command.data;
  if (wallet.byReference[reference]) return [];
  if (!Number.isSafeInteger(amount) || amount < 1) throw new InvalidInputError([{ field: 'amount', message: 'must be a whole number of at least 1' }]);
  const available = released - wallet.redeemed;
  if (amount > available) throw new InsufficientBalanceError(available, unit);
  const redeemedAt = command.metadata.now.toISOString();
  const entry = transfer(
    { entryId: `${redemptionId}:redeem`, kind: 'redeem', reference: redemptionId, bookedAt: redeemedAt },
    Accounts.available(customerId, unit),
    Accounts.redeemed(customerId, unit),
    unit,
    amount,
  );
  return [{ type: 'reward.redeemed', data: { redemptionId, customerId, unit, amount, reference, entry, redeemedAt } }];
}

export const walletDecider = { decide: redeem, evolve, initialState: initialWallet, canHandle: canHandle<WalletEvent>({ 'reward.redeemed': true }) };
