import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  streamName,
  type PaymentSucceeded,
  type ReferralCancelledData,
  type ReferralConvertedData,
  type ReferralRejectedData,
  type ReviewDecidedData,
  type RiskAssessedData,
} from '@referral-ledger/contracts';
import type { Pool } from 'pg';
import { deterministicEventId, handleCommand, readState, type CommandContext, type EventStore, type HandledCommand } from '@referral-ledger/event-store';
import { recordLearned, type EventEnvelope } from '@referral-ledger/messaging';
import {
  fraudVerdictStream,
  isFraudVerdictLearned,
  isMoneyKind,
  isSponsorLearned,
  learnVerdict,
  programDecider,
  rewardDecider,
  rewardsFor,
  secondLevelBeneficiary,
  sponsorStream,
  valueOf,
  type FraudVerdict,
  type FraudVerdictLearned,
  type PublishedVerdict,
  type ReversalReason,
  type Reward,
  type RewardCommand,
  type RewardEvent,
  type RewardRole,
  type RewardSpec,
  type SponsorLearned,
  type WithholdingReason,
} from '@referral-ledger/rewards-domain';
import { CLOCK, EVENT_STORE, POSTGRES_POOL, type Clock } from '@referral-ledger/service-kit';
import { ClawBacks } from '../clawback/claw-backs';
import { REWARDS_CONSUMER } from '../rewards-consumer';
import { MilestoneRewards } from './milestone-rewards';
import { RecurringShares } from './recurring-shares';
import { ProgramLimits, type LimitedReward } from './program-limits';
import { voucherCodeFor } from './voucher-codes';

/** The rewards one referral's conversion earns; milestone and recurring-share rewards have ids of their own. */
type ReferralRole = 'referrer' | 'referee' | 'second_level';
const ROLES: readonly ReferralRole[] = ['referrer', 'referee', 'second_level'];

/** One reward per (referral, role): its id follows from them, so every redelivery finds the same reward. */
export function rewardIdOf(referralId: string, role: ReferralRole): string {
  return deterministicEventId('reward', referralId, role);
}

/** What a reward to be granted needs to know of its program. */
export type GrantTerms = { currency: string; holdDays: number; teamInviteUnrewarded: boolean } & Pick<LimitedReward, 'perReferrer' | 'budget'>;

export interface RewardToGrant {
  rewardId: string;
  referralId: string;
  programId: string;
  beneficiaryId: string;
  role: RewardRole;
  spec: RewardSpec | null;
  variantId: string | null;
}

type Cause = Pick<EventEnvelope, 'id' | 'correlationid'>;

/**
 * Grants both sides' rewards, and the second level's, when a referral converts; releases them once the hold is
 * over and fraud said clear, and reverses pending ones (claws back released ones) when the referral is cancelled,
 * rejected or blocked.
 */
@Controller()
export class RewardGranting {
  private readonly limits: ProgramLimits;
  private readonly milestones: MilestoneRewards;
  private readonly clawBacks: ClawBacks;
  private readonly recurringShares: RecurringShares;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(POSTGRES_POOL) pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.limits = new ProgramLimits(store);
    this.clawBacks = new ClawBacks(store, pool);
    this.milestones = new MilestoneRewards(store, this.limits, this.clawBacks);
    this.recurringShares = new RecurringShares(store);
  }

  @EventPattern('referral.converted', REWARDS_CONSUMER)
  async converted(@Payload() event: EventEnvelope<ReferralConvertedData>): Promise<void> {
    const { programId, programVersion, referralId, referrerId, refereeId, variantId = null, channel, payment } = event.data;
    const program = await this.program(programId);
    const rules = program.status === 'none' ? undefined : program.versions[programVersion];
    if (program.status === 'none' || !rules) throw new Error(`Program ${programId} version ${programVersion} is unknown`);
    // Sponsors are learned from the first version with a second level on: the referee converted, so whoever they
    // bring in later earns this referrer the second-level reward. Other programs append nothing for it.
    const secondLevelOn = Object.values(program.versions).some((version) => version.secondLevelReward);
    const sponsor: SponsorLearned = { type: 'sponsor.learned', data: { programId, customerId: refereeId, sponsorId: referrerId, referralId } };
    const [secondLevelId] = secondLevelOn
      ? await Promise.all([this.sponsorOf(programId, referrerId, refereeId), recordLearned(this.store, sponsorStream(programId, refereeId), sponsor, event, 'rewards')])
      : [null];
    const { referrerReward, refereeReward } = rewardsFor(rules, variantId);
    const sides: Record<ReferralRole, Pick<RewardToGrant, 'spec' | 'beneficiaryId' | 'variantId'>> = {
      referrer: { spec: referrerReward, beneficiaryId: referrerId, variantId },
      referee: { spec: refereeReward, beneficiaryId: refereeId, variantId },
      second_level: { spec: secondLevelId ? rules.secondLevelReward : null, beneficiaryId: secondLevelId ?? '', variantId: null },
    };
    const terms: GrantTerms = {
      currency: program.currency,
      holdDays: rules.holdDays,
      perReferrer: rules.caps?.perReferrer,
      budget: program.versions[program.version].caps?.budget,
      teamInviteUnrewarded: channel === 'team_invite' && rules.teamInvites === 'no_reward',
    };
    const at = new Date(event.data.convertedAt);
    await Promise.all(
      ROLES.map((role) => this.grant({ rewardId: rewardIdOf(referralId, role), referralId, programId, role, ...sides[role] }, terms, { payment, at, cause: event })),
    );
    if (referrerReward.kind === 'percent_of_payment' && !terms.teamInviteUnrewarded) {
      await this.recurringShares.start(event.data, referrerReward, terms, this.context(event, 'recurring', at));
    }
    await this.release(referralId, event);
  }

  /** A later payment of a referee whose referrer earns a share of it: each share is a reward of its own, held and released like the rest. */
  @EventPattern('payment.succeeded', REWARDS_CONSUMER)
  async paid(@Payload() event: EventEnvelope<PaymentSucceeded>): Promise<void> {
    const shares = await this.recurringShares.earn(event.data, this.context(event, 'recurring', new Date(event.time)));
    for (const { terms, earned } of shares) {
      const program = await this.program(terms.programId);
      const budget = program.status === 'none' ? undefined : program.versions[program.version].caps?.budget;
      const spec: RewardSpec = { kind: 'percent_of_payment', basisPoints: terms.basisPoints };
      const reward = { rewardId: earned.rewardId, referralId: terms.referralId, programId: terms.programId, beneficiaryId: terms.referrerId, role: 'recurring_share' as const };
      await this.grant(
        { ...reward, spec, variantId: terms.variantId },
        { currency: terms.currency, holdDays: terms.holdDays, perReferrer: undefined, budget, teamInviteUnrewarded: false },
        { payment: event.data, at: new Date(event.time), cause: event, amount: earned.amount },
      );
      await this.release(terms.referralId, event, [earned.rewardId]);
    }
  }

  /**
   * One reward: withheld when paid in another currency, past a limit or not rewarded at all, otherwise granted.
   * `budget` is the program's current one; the rest is from the version the referral is judged by.
   */
  private async grant(
    { spec, variantId, ...reward }: RewardToGrant,
    terms: GrantTerms,
    { payment, at, cause, amount }: { payment: { amount: number; currency: string } | null; at: Date; cause: Cause; /** decided already (a recurring share) */ amount?: number },
  ): Promise<void> {
    if (!spec) return;
    const { rewardId } = reward;
    const metadata = { now: at };
    const withhold = (reason: WithholdingReason, detail: string) =>
      this.onReward(rewardId, cause, { type: 'WithholdReward', data: { ...reward, kind: spec.kind, reason, detail }, metadata });
    if (terms.teamInviteUnrewarded) {
      await withhold('team_invite', 'this program does not reward team invites');
      return;
    }
    if (isMoneyKind(spec.kind) && payment && payment.currency !== terms.currency) {
      // Never a money reward in the wrong unit: the conversion is recorded as withheld, with the reason.
      await withhold('currency_mismatch', `paid in ${payment.currency}, the program pays in ${terms.currency}`);
      return;
    }
    const computed = valueOf(spec, terms.currency, payment);
    const value = computed && amount !== undefined ? { ...computed, amount } : computed;
    if (!value) return;
    // A reward already decided drew (or was refused) before: drawing again could take what a reversal gave back.
    if ((terms.perReferrer || terms.budget) && !(await this.rewardExists(rewardId))) {
      const refused = await this.limits.take({ ...reward, ...value, perReferrer: terms.perReferrer, budget: terms.budget }, this.context(cause, 'limits', at));
      if (refused) {
        await withhold(refused, refused === 'cap_reached' ? "the referrer's cap in this program is reached" : `the program's ${value.unit} budget is spent`);
        return;
      }
    }
    await this.onReward(rewardId, cause, {
      type: 'GrantReward',
      data: { ...reward, kind: spec.kind, ...value, holdDays: terms.holdDays, variantId, voucherCode: voucherCodeFor(spec) },
      metadata,
    });
  }

  @EventPattern('risk.assessed', REWARDS_CONSUMER)
  assessed(@Payload() event: EventEnvelope<RiskAssessedData>): Promise<void> {
    return this.judged({ type: 'risk.assessed', data: event.data }, event);
  }

  @EventPattern('review.decided', REWARDS_CONSUMER)
  reviewed(@Payload() event: EventEnvelope<ReviewDecidedData>): Promise<void> {
    return this.judged({ type: 'review.decided', data: event.data }, event);
  }

  @EventPattern('referral.cancelled', REWARDS_CONSUMER)
  cancelled(@Payload() event: EventEnvelope<ReferralCancelledData>): Promise<void> {
    return this.reverse(event.data.referralId, 'referral_cancelled', event, event.data.refereeId);
  }

  @EventPattern('referral.rejected', REWARDS_CONSUMER)
  rejected(@Payload() event: EventEnvelope<ReferralRejectedData>): Promise<void> {
    return this.reverse(event.data.referralId, 'referral_rejected', event, event.data.refereeId);
  }

  /** Keeps fraud's verdict (rewards learns it only from `referrals.fraud.v1`), then acts on it: block reverses, anything else may release. */
  private async judged(verdict: PublishedVerdict, event: EventEnvelope): Promise<void> {
    const learned: FraudVerdictLearned = { type: 'fraud_verdict.learned', data: verdict };
    await recordLearned(this.store, fraudVerdictStream(verdict.data.referralId), learned, event, 'rewards');
    const outcome = learnVerdict(null, learned);
    return outcome === 'block' ? this.reverse(verdict.data.referralId, 'referral_rejected', event, null) : this.release(verdict.data.referralId, event);
  }

  /**
   * Releases whatever of the referral's rewards is due now (its conversion's, or the ones named); the hold sweep calls
   * it again later. A release settles what its beneficiary owes from claw-backs first; a released referrer reward
   * counts towards the milestones.
   */
  async release(referralId: string, cause: Cause, rewardIds = ROLES.map((role) => rewardIdOf(referralId, role))): Promise<void> {
    const fraudDecision = await this.fraudOutcome(referralId);
    const now = this.clock();
    await Promise.all(
      rewardIds.map(async (rewardId) => {
        const handled = await this.onReward(rewardId, cause, { type: 'ReleaseReward', data: { fraudDecision }, metadata: { now } });
        for (const event of handled?.newEvents ?? []) {
          if (event.type !== 'reward.released') continue;
          await this.clawBacks.settleFrom(event.data, this.context(cause, `settle:${rewardId}`, now));
          if (handled?.state.status === 'released' && handled.state.grant.role === 'referrer') await this.milestones.counted(event.data, this.context(cause, 'milestones', now));
        }
      }),
    );
  }

  /**
   * Reverses pending rewards (what they drew from the program's limits counts again) and claws back released ones:
   * the conversion's, and the referrer's shares of the referee's later payments (`refereeId` when known).
   */
  private async reverse(referralId: string, reason: ReversalReason, cause: EventEnvelope, refereeId: string | null): Promise<void> {
    const shares = refereeId ? await this.recurringShares.rewardIdsOf(refereeId, referralId) : [];
    await this.reverseRewards([...ROLES.map((role) => rewardIdOf(referralId, role)), ...shares], reason, cause);
  }

  /** Reverses these rewards if pending (their limits drawn count again), claws them back if released. */
  async reverseRewards(rewardIds: readonly string[], reason: ReversalReason, cause: Cause): Promise<void> {
    const now = this.clock();
    await Promise.all(
      rewardIds.map(async (rewardId) => {
        const handled = await this.onReward(rewardId, cause, { type: 'ReverseReward', data: { reason }, metadata: { now } });
        if (!handled) return;
        const { state, newEvents } = handled;
        if (state.status === 'released') await this.clawBacks.takeBack(state.grant, reason, this.context(cause, 'clawback', now));
        if (state.status !== 'reversed') return;
        for (const event of newEvents) {
          if (event.type === 'reward.reversed') await this.limits.giveBack({ ...event.data, role: state.grant.role }, this.context(cause, 'limits', now));
        }
      }),
    );
  }

  /** Applies a command to an existing reward; a reward never granted (one-sided program) is left alone. */
  private async onReward(rewardId: string, cause: Cause, command: RewardCommand): Promise<HandledCommand<Reward, RewardEvent> | undefined> {
    if (command.type !== 'GrantReward' && command.type !== 'WithholdReward' && !(await this.rewardExists(rewardId))) return undefined;
    return handleCommand(this.store, streamName('reward', rewardId), rewardDecider, command, this.context(cause, command.type, command.metadata.now));
  }

  private async sponsorOf(programId: string, referrerId: string, refereeId: string): Promise<string | null> {
    return secondLevelBeneficiary((await this.store.readStream(sponsorStream(programId, referrerId))).filter(isSponsorLearned), refereeId);
  }

  private async rewardExists(rewardId: string): Promise<boolean> {
    return (await this.store.readStream(streamName('reward', rewardId), { maxCount: 1 })).length > 0;
  }

  private context(cause: Cause, step: string, now: Date): CommandContext {
    return { correlationId: cause.correlationid, causationId: `${cause.id}:${step}`, actor: 'rewards', now };
  }

  private async fraudOutcome(referralId: string): Promise<FraudVerdict> {
    const verdicts = (await this.store.readStream(fraudVerdictStream(referralId))).filter(isFraudVerdictLearned);
    return verdicts.reduce<FraudVerdict>(learnVerdict, null);
  }

  private program(programId: string) {
    return readState(this.store, streamName('program', programId), programDecider);
  }
}
