import { Type, type Static, type TObject } from '@sinclair/typebox';
import { CURRENCIES } from '../inbound/customer-events';
import { Nullable, OneOf } from '../outbound/schema-parts';

const whole = (minimum: number, maximum: number) => Type.Integer({ minimum, maximum });
const reward = <const Kind extends string, Fields extends Parameters<typeof Type.Object>[0]>(kind: Kind, fields: Fields) =>
  Type.Object({ kind: Type.Literal(kind), ...fields }, { additionalProperties: false });

/** Each reward kind with its own fields (DESIGN.md §5). Money: integer minor units of the program currency. */
const REWARD_KINDS = [
  reward('credit', { amount: whole(1, Number.MAX_SAFE_INTEGER) }),
  reward('cash', { amount: whole(1, Number.MAX_SAFE_INTEGER) }),
  reward('percent_of_payment', { basisPoints: whole(1, 10_000) }),
  reward('free_months', { months: whole(1, 36) }),
  reward('service_hours', { hours: whole(1, 1_000) }),
  reward('discount_percent', { percent: whole(1, 100) }),
  reward('feature_unlock', { feature: Type.String({ minLength: 1, maxLength: 100 }), days: whole(1, 3_650) }),
  reward('points', { points: whole(1, Number.MAX_SAFE_INTEGER) }),
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

const rulesFields = {
  attribution: Type.Object({ windowDays: whole(1, 365), model: OneOf(['last_touch', 'first_touch']) }, { additionalProperties: false }),
  trigger: OneOf(['signed_up', 'qualified', 'first_payment']),
  holdDays: whole(0, 365),
  referrerReward: rewardSchema,
  refereeReward: Type.Optional(Nullable(rewardSchema)),
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
