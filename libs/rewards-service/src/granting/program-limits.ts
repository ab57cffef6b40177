import type { CapsDefinition } from '@referral-ledger/contracts';
import { handleCommand, type CommandContext, type EventStore } from '@referral-ledger/event-store';
import {
  allowanceDecider,
  budgetStream,
  isDrawn,
  referrerCapStream,
  type AllowanceCommand,
  type Limits,
  type RewardRole,
  type WithholdingReason,
} from '@referral-ledger/rewards-domain';

/** A reward about to be granted, and the caps that may stop it. */
export interface LimitedReward {
  rewardId: string;
  programId: string;
  beneficiaryId: string;
  role: RewardRole;
  unit: string;
  amount: number;
  /** From the version the referral is judged by. */
  perReferrer: CapsDefinition['perReferrer'];
  /** From the program's current version: a budget is what the firm allots now, whatever version a referral has. */
  budget: CapsDefinition['budget'];
}

interface Limit {
  stream: string;
  limits: Limits;
  reason: WithholdingReason;
  exhaustion?: { programId: string; unit: string };
}

/**
 * The per-referrer caps and the program budget (DESIGN.md §5). Each limit is a stream of draws, so concurrent
 * conversions are checked against each other (in turns within a process, by expected versions across processes):
 * a budget is never exceeded.
 */
export class ProgramLimits {
  constructor(private readonly store: EventStore) {}

  /** Takes the reward's share of every limit that applies, all or none; returns why not, when one refuses. */
  async take(reward: LimitedReward, context: CommandContext): Promise<WithholdingReason | null> {
    const taken: Limit[] = [];
    for (const limit of this.limitsOn(reward)) {
      const drawn = await this.apply(
        limit.stream,
        { type: 'Draw', data: { drawId: reward.rewardId, amount: reward.amount, limits: limit.limits, exhaustion: limit.exhaustion }, metadata: context },
        context,
      );
      if (!drawn) {
        for (const earlier of taken) await this.apply(earlier.stream, { type: 'GiveBack', data: { drawId: reward.rewardId }, metadata: context }, context);
        return limit.reason;
      }
      taken.push(limit);
    }
    return null;
  }

  /** A pending reward was reversed: whatever it drew counts again. Drawing nothing, it gives back nothing. */
  async giveBack(reward: Pick<LimitedReward, 'rewardId' | 'programId' | 'beneficiaryId' | 'role' | 'unit'>, context: CommandContext): Promise<void> {
    const streams = [budgetStream(reward.programId, reward.unit), ...(reward.role === 'referrer' ? [referrerCapStream(reward.programId, reward.beneficiaryId)] : [])];
    for (const stream of streams) await this.apply(stream, { type: 'GiveBack', data: { drawId: reward.rewardId }, metadata: context }, context);
  }

  /** The referrer's own cap first: it is contended by one referrer's conversions only, the budget by all. */
  private limitsOn({ programId, beneficiaryId, role, unit, perReferrer, budget }: LimitedReward): Limit[] {
    const limits: Limit[] = [];
    if (role === 'referrer' && perReferrer && (perReferrer.maxRewards !== undefined || perReferrer.maxAmount !== undefined)) {
      limits.push({ stream: referrerCapStream(programId, beneficiaryId), limits: { maxCount: perReferrer.maxRewards, maxAmount: perReferrer.maxAmount }, reason: 'cap_reached' });
    }
    if (budget && budget.unit === unit) {
      limits.push({ stream: budgetStream(programId, unit), limits: { maxAmount: budget.amount }, reason: 'budget_exhausted', exhaustion: { programId, unit } });
    }
    return limits;
  }

  /** Whether the draw stands afterwards. One cause may draw for both sides' rewards on one budget stream: the reward id in the causation keeps their event ids apart. */
  private async apply(stream: string, command: AllowanceCommand, context: CommandContext): Promise<boolean> {
    const drawId = command.data.drawId;
    const { state } = await handleCommand(this.store, stream, allowanceDecider, command, { ...context, causationId: `${context.causationId}:${command.type}:${drawId}` });
    return isDrawn(state, drawId);
  }
}
