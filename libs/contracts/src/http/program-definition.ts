import { Type, type Static, type TObject } from '@sinclair/typebox';
import { CURRENCIES } from '../inbound/customer-events';
import { Nullable, OneOf } from '../outbound/schema-parts';

const whole = (minimum: number, maximum: number) => Type.Integer({ minimum, maximum });
const reward = <const Kind extends string, Fields extends Parameters<typeof Type.Object>[0]>(kind: Kind, fields: Fields) =>
  Type.Object({ kind: Type.Literal(kind), ...fields }, { additionalProperties: false });

/** An amount in integer minor units (or whole units) of at least one. */
const MAX_AMOUNT = whole(1, Number.MAX_SAFE_INTEGER);

/** Each reward kind with its own fields (DESIGN.md §5). Money: integer minor units of the program currency. */
const REWARD_KINDS = [
  reward('credit', { amount: MAX_AMOUNT }),
  reward('cash', { amount: MAX_AMOUNT }),
  /** With `recurringMonths` (referrer reward only), a share of every payment of the referee for that long, `maxAmount` for all of them together. */
  reward('percent_of_payment', { basisPoints: whole(1, 10_000), maxAmount: Type.Optional(MAX_AMOUNT), recurringMonths: Type.Optional(whole(1, 36)) }),
  reward('free_months', { months: whole(1, 36) }),
  reward('service_hours', { hours: whole(1, 1_000) }),
  reward('discount_percent', { percent: whole(1, 100) }),
  reward('feature_unlock', { feature: Type.String({ minLength: 1, maxLength: 100 }), days: whole(1, 3_650) }),
  reward('points', { points: MAX_AMOUNT }),
] as const;

export type RewardDefinition = Static<(typeof REWARD_KINDS)[number]>;

/** One of the kinds, chosen by `kind`: a discriminator, so a refusal names the fields of that kind only. */
const rewardSchema = Type.Unsafe<RewardDefinition>({
  type: 'object',
  required: ['kind'],
  properties: { kind: { type: 'string' } },
  discriminator: { propertyName: 'kind' },
  oneOf: REWARD_KINDS satisfies readonly TObject[],
});

/**
 * Limits on what a program pays. `perReferrer` counts one referrer's own referral rewards (`maxAmount` in the unit
 * of the referrer reward); `budget` is every reward of the program in one of its reward units, and is never exceeded.
 */
const capsSchema = Type.Object(
  {
    perReferrer: Type.Optional(Type.Object({ maxRewards: Type.Optional(whole(1, 1_000_000)), maxAmount: Type.Optional(MAX_AMOUNT) }, { additionalProperties: false })),
    budget: Type.Optional(Type.Object({ amount: MAX_AMOUNT, unit: Type.String({ minLength: 1, maxLength: 120 }) }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type CapsDefinition = Static<typeof capsSchema>;

/** A bonus for a referrer's `conversions`-th released conversion in the program, reached once. */
const milestoneSchema = Type.Object({ conversions: whole(1, 100_000), reward: rewardSchema }, { additionalProperties: false });

/**
 * An A/B test of incentives: each referrer is in one variant, chosen by weight, deterministically and for good
 * (a hash of program and referrer); its rewards replace `referrerReward` and `refereeReward` for their referrals.
 */
const variantSchema = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' }), weight: whole(1, 1_000), referrerReward: rewardSchema, refereeReward: Nullable(rewardSchema) },
  { additionalProperties: false },
);

/** Where the program's fraud rules draw their lines (DESIGN.md §5); each absent field keeps the platform's default. */
const fraudThresholdsSchema = Type.Object(
  {
    reviewScore: Type.Optional(whole(1, 100)),
    blockScore: Type.Optional(whole(1, 100)),
    networkSignupsPerHour: Type.Optional(whole(2, 100_000)),
    networkSignupsPerDay: Type.Optional(whole(2, 100_000)),
    referrerReferralsPerDay: Type.Optional(whole(1, 100_000)),
    similarEmailsPerDay: Type.Optional(whole(2, 100_000)),
    minClickToSignupSeconds: Type.Optional(whole(0, 86_400)),
    minSignupToPaymentSeconds: Type.Optional(whole(0, 86_400)),
  },
  { additionalProperties: false },
);
export type FraudThresholdsDefinition = Static<typeof fraudThresholdsSchema>;

const rulesFields = {
  attribution: Type.Object({ windowDays: whole(1, 365), model: OneOf(['last_touch', 'first_touch']) }, { additionalProperties: false }),
  trigger: OneOf(['signed_up', 'qualified', 'first_payment']),
  holdDays: whole(0, 365),
  referrerReward: rewardSchema,
  refereeReward: Type.Optional(Nullable(rewardSchema)),
  /** To the referrer's own referrer, on the same conversion and reversed with it (two levels at most). */
  secondLevelReward: Type.Optional(Nullable(rewardSchema)),
  milestones: Type.Optional(Type.Array(milestoneSchema, { maxItems: 20 })),
  caps: Type.Optional(capsSchema),
  variants: Type.Optional(Type.Array(variantSchema, { minItems: 1, maxItems: 10 })),
  /** Who may earn: with `referrerMustBePaying`, a referral of a referrer who has not paid yet is rejected (`referrer_not_paying`). */
  eligibility: Type.Optional(Type.Object({ referrerMustBePaying: Type.Optional(Type.Boolean()) }, { additionalProperties: false })),
  /** Whether a colleague invited into a team (`teamId` on signup, channel `team_invite`) earns rewards; `reward` when absent. */
  teamInvites: Type.Optional(OneOf(['reward', 'no_reward'])),
  fraud: Type.Optional(fraudThresholdsSchema),
};

/** `PUT /v1/programs/:id/rules`, and the rules every program event carries. */
export const PROGRAM_RULES_SCHEMA = Type.Object(rulesFields, { additionalProperties: false });
export type ProgramRulesDefinition = Static<typeof PROGRAM_RULES_SCHEMA>;

/** `POST /v1/programs`. */
export const PROGRAM_DEFINITION_SCHEMA = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    landingUrl: Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2_000 }),
    currency: Type.String({ enum: [...CURRENCIES] }),
    ...rulesFields,
  },
  { additionalProperties: false },
);
export type ProgramDefinition = Static<typeof PROGRAM_DEFINITION_SCHEMA>;

/**
 * `PUT /v1/programs/:id/channel-costs`: what other acquisition channels cost, per channel (`paid_search`,
 * `events` …), so analysts see a CAC per channel beside the CAC per referral. Spend in the program currency's minor units.
 */
export const CHANNEL_COSTS_SCHEMA = Type.Record(
  Type.String({ pattern: '^[a-z0-9][a-z0-9_.-]{0,39}$' }),
  Type.Object(
    {
      period: Type.String({ minLength: 1, maxLength: 40, description: 'what the spend covers, e.g. 2026-Q3 or 2026-11' }),
      spendMinor: whole(0, Number.MAX_SAFE_INTEGER),
      customers: whole(0, 1_000_000_000),
    },
    { additionalProperties: false },
  ),
  { maxProperties: 50, additionalProperties: false },
);
export type ChannelCosts = Static<typeof CHANNEL_COSTS_SCHEMA>;
