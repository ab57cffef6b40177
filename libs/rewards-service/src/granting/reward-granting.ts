import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  streamName,
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
import { ProgramLimits, type LimitedReward } from './program-limits';
import { voucherCodeFor } from './voucher-codes';

/** The rewards one referral's conversion can earn; milestone rewards have ids of their own. */
type ReferralRole = Exclude<RewardRole, 'milestone'>;
const ROLES: readonly ReferralRole[] = ['referrer', 'referee', 'second_level'];

/** One reward per (referral, role): its id follows from them, so every redelivery finds the same reward. */
export function rewardIdOf(referralId: string, role: ReferralRole): string {
  return deterministicEventId('reward', referralId, role);
}

/**
 * Grants both sides' rewards, and the second level's, when a referral converts; releases them once the hold is
 * over and fraud said clear, and reverses pending ones when the referral is cancelled, rejected or blocked.
 */
@Controller()
export class RewardGranting {
  private readonly limits: ProgramLimits;
  private readonly milestones: MilestoneRewards;
  private readonly clawBacks: ClawBacks;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(POSTGRES_POOL) pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.limits = new ProgramLimits(store);
    this.clawBacks = new ClawBacks(store, pool);
    this.milestones = new MilestoneRewards(store, this.limits, this.clawBacks);
  }

  @EventPattern('referral.converted', REWARDS_CONSUMER)
  async converted(@Payload() event: EventEnvelope<ReferralConvertedData>): Promise<void> {
    const { programId, programVersion, referralId, referrerId, refereeId, variantId = null, channel } = event.data;
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
    const sides: Record<ReferralRole, { spec: RewardSpec | null; beneficiaryId: string; variantId: string | null }> = {
      referrer: { spec: referrerReward, beneficiaryId: referrerId, variantId },
      referee: { spec: refereeReward, beneficiaryId: refereeId, variantId },
      second_level: { spec: secondLevelId ? rules.secondLevelReward : null, beneficiaryId: secondLevelId ?? '', variantId: null },
    };
    const terms = {
      currency: program.currency,
      holdDays: rules.holdDays,
      perReferrer: rules.caps?.perReferrer,
      budget: program.versions[program.version].caps?.budget,
      teamInviteUnrewarded: channel === 'team_invite' && rules.teamInvites === 'no_reward',
    };
    await Promise.all(ROLES.map((role) => this.grant(role, sides[role], terms, event)));
    await this.release(referralId, event);
  }

  /**
   * One side's reward of a conversion: withheld when paid in another currency or past a limit, otherwise granted.
   * `budget` is the program's current one; the rest is from the version the referral is judged by.
   */
  private async grant(
    role: ReferralRole,
    { spec, beneficiaryId, variantId }: { spec: RewardSpec | null; beneficiaryId: string; variantId: string | null },
    terms: { currency: string; holdDays: number; teamInviteUnrewarded: boolean } & Pick<LimitedReward, 'perReferrer' | 'budget'>,
    event: EventEnvelope<ReferralConvertedData>,
  ): Promise<void> {
    if (!spec) return;
    const { referralId, programId, payment, convertedAt } = event.data;
    const metadata = { now: new Date(convertedAt) };
    const reward = { rewardId: rewardIdOf(referralId, role), referralId, programId, beneficiaryId, role, kind: spec.kind };
    const withhold = (reason: WithholdingReason, detail: string) =>
      this.onReward(referralId, role, event, { type: 'WithholdReward', data: { ...reward, reason, detail }, metadata });
    if (terms.teamInviteUnrewarded) {
      await withhold('team_invite', 'this program does not reward team invites');
      return;
    }
    if (isMoneyKind(spec.kind) && payment && payment.currency !== terms.currency) {
      // Never a money reward in the wrong unit: the conversion is recorded as withheld, with the reason.
      await withhold('currency_mismatch', `paid in ${payment.currency}, the program pays in ${terms.currency}`);
      return;
    }
    const value = valueOf(spec, terms.currency, payment);
    if (!value) return;
    // A reward already decided drew (or was refused) before: drawing again could take what a reversal gave back.
    if ((terms.perReferrer || terms.budget) && !(await this.rewardExists(referralId, role))) {
      const refused = await this.limits.take({ ...reward, ...value, perReferrer: terms.perReferrer, budget: terms.budget }, this.context(event, 'limits', metadata.now));
      if (refused) {
        await withhold(refused, refused === 'cap_reached' ? "the referrer's cap in this program is reached" : `the program's ${value.unit} budget is spent`);
        return;
      }
    }
    await this.onReward(referralId, role, event, {
      type: 'GrantReward',
      data: { ...reward, ...value, holdDays: terms.holdDays, variantId, voucherCode: voucherCodeFor(spec) },
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
    return this.reverse(event.data.referralId, 'referral_cancelled', event);
  }

  @EventPattern('referral.rejected', REWARDS_CONSUMER)
  rejected(@Payload() event: EventEnvelope<ReferralRejectedData>): Promise<void> {
    return this.reverse(event.data.referralId, 'referral_rejected', event);
  }

  /** Keeps fraud's verdict (rewards learns it only from `referrals.fraud.v1`), then acts on it: block reverses, anything else may release. */
  private async judged(verdict: PublishedVerdict, event: EventEnvelope): Promise<void> {
    const learned: FraudVerdictLearned = { type: 'fraud_verdict.learned', data: verdict };
    await recordLearned(this.store, fraudVerdictStream(verdict.data.referralId), learned, event, 'rewards');
    const outcome = learnVerdict(null, learned);
    return outcome === 'block' ? this.reverse(verdict.data.referralId, 'referral_rejected', event) : this.release(verdict.data.referralId, event);
  }

  /**
   * Releases whatever of the referral's rewards is due now; the hold sweep calls it again later. A release settles
   * what its beneficiary owes from claw-backs first; a released referrer reward counts towards the milestones.
   */
  async release(referralId: string, cause: Pick<EventEnvelope, 'id' | 'correlationid'>): Promise<void> {
    const fraudDecision = await this.fraudOutcome(referralId);
    const now = this.clock();
    await Promise.all(
      ROLES.map(async (role) => {
        const handled = await this.onReward(referralId, role, cause, { type: 'ReleaseReward', data: { fraudDecision }, metadata: { now } });
        for (const event of handled?.newEvents ?? []) {
          if (event.type !== 'reward.released') continue;
          await this.clawBacks.settleFrom(event.data, this.context(cause, 'settle', now));
          if (role === 'referrer') await this.milestones.counted(event.data, this.context(cause, 'milestones', now));
        }
      }),
    );
  }

  /** Reverses pending rewards (what they drew from the program's limits counts again) and claws back released ones. */
  private async reverse(referralId: string, reason: ReversalReason, cause: EventEnvelope): Promise<void> {
    const now = this.clock();
    await Promise.all(
      ROLES.map(async (role) => {
        const handled = await this.onReward(referralId, role, cause, { type: 'ReverseReward', data: { reason }, metadata: { now } });
        if (handled?.state.status === 'released') await this.clawBacks.takeBack(handled.state.grant, reason, this.context(cause, 'clawback', now));
        for (const event of handled?.newEvents ?? []) {
          if (event.type === 'reward.reversed') await this.limits.giveBack({ ...event.data, role }, this.context(cause, 'limits', now));
        }
      }),
    );
  }

  /** Applies a command to an existing reward; a reward never granted (one-sided program) is left alone. */
  private async onReward(
    referralId: string,
    role: ReferralRole,
    cause: Pick<EventEnvelope, 'id' | 'correlationid'>,
    command: RewardCommand,
  ): Promise<HandledCommand<Reward, RewardEvent> | undefined> {
    if (command.type !== 'GrantReward' && command.type !== 'WithholdReward' && !(await this.rewardExists(referralId, role))) return undefined;
    return handleCommand(this.store, streamName('reward', rewardIdOf(referralId, role)), rewardDecider, command, this.context(cause, command.type, command.metadata.now));
  }

  private async sponsorOf(programId: string, referrerId: string, refereeId: string): Promise<string | null> {
    return secondLevelBeneficiary((await this.store.readStream(sponsorStream(programId, referrerId))).filter(isSponsorLearned), refereeId);
  }

  private async rewardExists(referralId: string, role: ReferralRole): Promise<boolean> {
    return (await this.store.readStream(streamName('reward', rewardIdOf(referralId, role)), { maxCount: 1 })).length > 0;
  }

  private context(cause: Pick<EventEnvelope, 'id' | 'correlationid'>, step: string, now: Date): CommandContext {
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
