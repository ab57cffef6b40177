import { Type } from '@sinclair/typebox';
import { CHANNEL_COSTS_SCHEMA, PROGRAM_RULES_SCHEMA } from '../http/program-definition';
import { Id, Instant, MinorUnits, Nullable, OneOf, type DataOf, type EventsOf } from './schema-parts';

/** Who a reward is for: the two sides of a referral, the referrer's referrer, a referrer reaching a milestone, or the referrer's share of a later payment. */
export const REWARD_ROLES = ['referrer', 'referee', 'second_level', 'milestone', 'recurring_share'] as const;
export const REWARD_KINDS = ['credit', 'percent_of_payment', 'free_months', 'service_hours', 'discount_percent', 'feature_unlock', 'points', 'cash'] as const;
export const REVERSAL_REASONS = ['referral_cancelled', 'referral_rejected', 'customer_banned'] as const;
export const PROGRAM_STATUSES = ['active', 'paused', 'ended'] as const;

const journalEntry = Type.Object(
  {
    entryId: Id,
    kind: OneOf(['grant', 'release', 'redeem', 'reversal', 'clawback', 'recovery']),
    reference: Type.String({ description: 'what the entry books: a reward id or a redemption id' }),
    postings: Type.Array(Type.Object({ account: Type.String(), unit: Type.String(), amount: Type.Integer({ description: 'minor units; positive debits, negative credits' }) }), {
      minItems: 2,
    }),
    bookedAt: Instant,
    reverses: Nullable(Id),
  },
  { description: 'A balanced double-entry journal entry: the postings of each unit sum to zero.' },
);

const rewardFacts = { rewardId: Id, referralId: Id, programId: Id, beneficiaryId: Id, unit: Type.String(), amount: MinorUnits };

const rewardGranted = Type.Object(
  {
    ...rewardFacts,
    role: OneOf(REWARD_ROLES),
    kind: OneOf(REWARD_KINDS),
    variantId: Type.Optional(Nullable(Type.String({ description: "the program variant (A/B test) the referral's reward came from" }))),
    voucherCode: Type.Optional(Nullable(Type.String({ description: 'for `discount_percent`: the voucher to apply in billing, then confirm with the fulfilment route' }))),
    releasableAt: Instant,
    entry: journalEntry,
    grantedAt: Instant,
  },
  { description: 'A reward was booked as pending (Dr expense, Cr pending): released after the hold once fraud screening cleared it.' },
);

const rewardReleased = Type.Object({ ...rewardFacts, entry: journalEntry, releasedAt: Instant }, { description: 'A pending reward became available (Dr pending, Cr available).' });

const rewardReversed = Type.Object(
  { ...rewardFacts, reason: OneOf(REVERSAL_REASONS), entry: journalEntry, reversedAt: Instant },
  { description: 'A reward was taken back by the exact opposite entry of what it had booked.' },
);

const rewardRedeemed = Type.Object(
  {
    redemptionId: Id,
    customerId: Id,
    unit: Type.String(),
    amount: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    reference: Id,
    entry: journalEntry,
    redeemedAt: Instant,
  },
  { description: "A customer used part of their available balance (Dr available, Cr redeemed): the integrator's `reference` says for what." },
);

const milestoneReached = Type.Object(
  { programId: Id, referrerId: Id, conversions: Type.Integer({ minimum: 1 }), referralId: Id, rewardId: Id, reachedAt: Instant },
  {
    description:
      "A referrer's released conversions in a program reached a milestone's count (`referralId` is the conversion that did): its reward `rewardId` is granted once, role `milestone`.",
  },
);

const budgetExhausted = Type.Object(
  { programId: Id, unit: Type.String(), budget: MinorUnits, spent: MinorUnits, exhaustedAt: Instant },
  { description: "A program's budget in one unit cannot pay another reward: conversions past it are withheld (`budget_exhausted`). Emitted once." },
);

const rewardFulfilled = Type.Object(
  {
    rewardId: Id,
    customerId: Id,
    unit: Type.String(),
    amount: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    reference: Type.String({ description: "the integrator's reference of the fulfilment, or the reward id" }),
    entry: journalEntry,
    fulfilledAt: Instant,
  },
  { description: 'The integrator applied a non-money reward (free months, hours, a voucher, a feature, points): it moved from available to redeemed (Dr available, Cr redeemed).' },
);

const rewardClawedBack = Type.Object(
  {
    rewardId: Id,
    referralId: Id,
    programId: Id,
    customerId: Id,
    unit: Type.String(),
    amount: MinorUnits,
    fromAvailable: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'what was taken back from the available balance' }),
    owed: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'what was already redeemed: kept as a debt in `customer:{c}:clawback:{unit}`' }),
    reason: OneOf(REVERSAL_REASONS),
    entry: journalEntry,
    clawedBackAt: Instant,
  },
  {
    description:
      'A released reward was taken back (refund of the converting payment, fraud found later): Cr expense, Dr available for what is still there, Dr clawback for the rest, which nets against future rewards.',
  },
);

const clawbackRecovered = Type.Object(
  { customerId: Id, unit: Type.String(), amount: MinorUnits, entry: journalEntry, recoveredAt: Instant },
  { description: 'Part of a claw-back debt was settled from rewards that became available since (Dr available, Cr clawback).' },
);

/** Who changed a program: the role and a fingerprint of the API key, never the key. */
const changedBy = Type.String({ description: 'the role and a fingerprint of the API key, e.g. `admin:3fa2c1d9`' });

const programCreated = Type.Object(
  {
    programId: Id,
    name: Type.String(),
    landingUrl: Type.String({ format: 'uri' }),
    currency: Type.String(),
    version: Type.Literal(1),
    rules: PROGRAM_RULES_SCHEMA,
    createdAt: Instant,
    createdBy: changedBy,
  },
  { description: 'A referral program exists, with its first version of rules.' },
);

const programRulesChanged = Type.Object(
  { programId: Id, version: Type.Integer({ minimum: 2 }), rules: PROGRAM_RULES_SCHEMA, changedAt: Instant, changedBy },
  { description: 'A new version of the rules applies to referrals attributed from now on; earlier ones keep theirs.' },
);

const programStatusChanged = Type.Object(
  { programId: Id, status: OneOf(PROGRAM_STATUSES), changedAt: Instant, changedBy },
  { description: 'A program was paused, resumed or ended.' },
);

const programChannelCostsSet = Type.Object(
  { programId: Id, channelCosts: CHANNEL_COSTS_SCHEMA, setAt: Instant, setBy: changedBy },
  { description: "An admin entered what the program's other acquisition channels cost (the whole set, replacing the last): analysts compare it with the CAC per referral." },
);

/** `referrals.rewards.v1`, by event type. Program events travel here too: attribution keeps its copy of the rules from them. */
export const REWARDS_EVENT_SCHEMAS = {
  'reward.granted': rewardGranted,
  'reward.released': rewardReleased,
  'reward.reversed': rewardReversed,
  'reward.redeemed': rewardRedeemed,
  'reward.fulfilled': rewardFulfilled,
  'reward.clawed_back': rewardClawedBack,
  'clawback.recovered': clawbackRecovered,
  'milestone.reached': milestoneReached,
  'budget.exhausted': budgetExhausted,
  'program.created': programCreated,
  'program.rules_changed': programRulesChanged,
  'program.status_changed': programStatusChanged,
  'program.channel_costs_set': programChannelCostsSet,
};

type Schemas = typeof REWARDS_EVENT_SCHEMAS;
export type RewardsEvent = EventsOf<Schemas>;
export type JournalEntryData = RewardGrantedData['entry'];
export type RewardGrantedData = DataOf<Schemas, 'reward.granted'>;
export type RewardReleasedData = DataOf<Schemas, 'reward.released'>;
export type RewardReversedData = DataOf<Schemas, 'reward.reversed'>;
export type RewardRedeemedData = DataOf<Schemas, 'reward.redeemed'>;
export type RewardFulfilledData = DataOf<Schemas, 'reward.fulfilled'>;
export type RewardClawedBackData = DataOf<Schemas, 'reward.clawed_back'>;
export type ClawbackRecoveredData = DataOf<Schemas, 'clawback.recovered'>;
export type MilestoneReachedData = DataOf<Schemas, 'milestone.reached'>;
export type BudgetExhaustedData = DataOf<Schemas, 'budget.exhausted'>;
export type ProgramCreatedData = DataOf<Schemas, 'program.created'>;
export type ProgramRulesChangedData = DataOf<Schemas, 'program.rules_changed'>;
export type ProgramStatusChangedData = DataOf<Schemas, 'program.status_changed'>;
export type ProgramChannelCostsSetData = DataOf<Schemas, 'program.channel_costs_set'>;
