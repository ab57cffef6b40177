import { IllegalStateError, canHandle, type Command } from '@referral-ledger/decider';
import { Accounts } from '../ledger/accounts';
import { reversalOf, transfer } from '../ledger/journal-entry';
import { evolve, initialState, type Reward, type RewardEvent, type RewardKind, type RewardRole, type ReversalReason, type WithholdingReason } from './reward';

const DAY_MS = 24 * 60 * 60 * 1000;

export type GrantReward = Command<
  'GrantReward',
  {
    rewardId: string;
    referralId: string;
    programId: string;
    beneficiaryId: string;
    role: RewardRole;
    kind: RewardKind;
    unit: string;
    amount: number;
    holdDays: number;
    /** The A/B variant the reward comes from, if any. */
    variantId: string | null;
    /** The voucher of a `discount_percent` reward, drawn by the caller. */
    voucherCode: string | null;
  }
>;
export type ReleaseReward = Command<'ReleaseReward', { fraudDecision: 'clear' | 'review' | 'block' | null }>;
export type ReverseReward = Command<'ReverseReward', { reason: ReversalReason }>;

export type WithholdReward = Command<
  'WithholdReward',
  { rewardId: string; referralId: string; programId: string; beneficiaryId: string; role: RewardRole; kind: RewardKind; reason: WithholdingReason; detail: string }
>;

export type RewardCommand = GrantReward | ReleaseReward | ReverseReward | WithholdReward;

/** Records why a conversion earns nothing, once; a reward already granted is not touched. */
export function withhold(command: WithholdReward, state: Reward): RewardEvent[] {
  if (state.status !== 'none') return [];
  return [{ type: 'reward.withheld', data: { ...command.data, withheldAt: command.metadata.now.toISOString() } }];
}

/** Books Dr program expense / Cr beneficiary pending. A redelivered grant finds the reward and does nothing. */
export function grant(command: GrantReward, state: Reward): RewardEvent[] {
  if (state.status !== 'none') return [];
  const { rewardId, referralId, programId, beneficiaryId, role, kind, unit, amount, holdDays, variantId, voucherCode } = command.data;
  if (!Number.isSafeInteger(holdDays) || holdDays < 0) throw new IllegalStateError(`holdDays must be a whole number of days, got ${holdDays}`);
  const now = command.metadata.now;
  const entry = transfer(
    { entryId: `${rewardId}:grant`, kind: 'grant', reference: rewardId, bookedAt: now.toISOString() },
    Accounts.programExpense(programId, unit),
    Accounts.pending(beneficiaryId, unit),
    unit,
    amount,
  );
  return [
    {
      type: 'reward.granted',
      data: {
        rewardId,
        referralId,
        programId,
        beneficiaryId,
        role,
        kind,
        variantId,
        voucherCode,
        unit,
        amount,
        releasableAt: new Date(now.getTime() + holdDays * DAY_MS).toISOString(),
        entry,
        grantedAt: now.toISOString(),
      },
    },
  ];
}

/** Pending → available, once the hold is over and fraud screening said clear; otherwise not yet. */
export function release(command: ReleaseReward, state: Reward): RewardEvent[] {
  const reward = granted(state);
  const { now } = command.metadata;
  if (reward.status !== 'pending' || command.data.fraudDecision !== 'clear' || now < new Date(reward.grant.releasableAt)) return [];
  const { rewardId, referralId, programId, beneficiaryId, unit, amount } = reward.grant;
  const entry = transfer(
    { entryId: `${rewardId}:release`, kind: 'release', reference: rewardId, bookedAt: now.toISOString() },
    Accounts.pending(beneficiaryId, unit),
    Accounts.available(beneficiaryId, unit),
    unit,
    amount,
  );
  return [{ type: 'reward.released', data: { rewardId, referralId, programId, beneficiaryId, unit, amount, entry, releasedAt: now.toISOString() } }];
}

/** Voids a pending reward with the exact opposite of its grant. A released reward is final here. */
export function reverse(command: ReverseReward, state: Reward): RewardEvent[] {
  const reward = granted(state);
  if (reward.status !== 'pending') return [];
  const { rewardId, referralId, programId, beneficiaryId, unit, amount, entry: grantEntry } = reward.grant;
  const now = command.metadata.now.toISOString();
  const entry = reversalOf(grantEntry, `${rewardId}:reversal`, now);
  return [{ type: 'reward.reversed', data: { rewardId, referralId, programId, beneficiaryId, unit, amount, reason: command.data.reason, entry, reversedAt: now } }];
}

export function decide(command: RewardCommand, state: Reward): RewardEvent[] {
  const { type } = command;
  switch (type) {
    case 'GrantReward':
      return grant(command, state);
    case 'ReleaseReward':
      return release(command, state);
    case 'ReverseReward':
      return reverse(command, state);
    case 'WithholdReward':
      return withhold(command, state);
    default: {
      const unknown: never = type;
      throw new IllegalStateError(`Unknown command ${String(unknown)}`);
    }
  }
}

export const rewardDecider = {
  decide,
  evolve,
  initialState,
  canHandle: canHandle<RewardEvent>({ 'reward.granted': true, 'reward.released': true, 'reward.reversed': true, 'reward.withheld': true }),
};

function granted(state: Reward): Exclude<Reward, { status: 'none' }> {
  if (state.status === 'none') throw new IllegalStateError('There is no such reward');
  return state;
}
