import type { JSONSchemaType } from 'ajv';
import { CURRENCIES } from '../inbound/customer-events';

/** A reward as programs define it (DESIGN.md §5). Money: integer minor units of the program currency. */
export type RewardDefinition =
  | { kind: 'credit'; amount: number }
  | { kind: 'cash'; amount: number }
  | { kind: 'percent_of_payment'; basisPoints: number }
  | { kind: 'free_months'; months: number }
  | { kind: 'service_hours'; hours: number }
  | { kind: 'discount_percent'; percent: number }
  | { kind: 'feature_unlock'; feature: string; days: number }
  | { kind: 'points'; points: number };

export interface ProgramRulesDefinition {
  attribution: { windowDays: number; model: 'last_touch' | 'first_touch' };
  trigger: 'signed_up' | 'qualified' | 'first_payment';
  holdDays: number;
  referrerReward: RewardDefinition;
  refereeReward?: RewardDefinition | null;
}

export interface ProgramDefinition extends ProgramRulesDefinition {
  name: string;
  landingUrl: string;
  currency: string;
}

const whole = (minimum: number, maximum: number) => ({ type: 'integer', minimum, maximum }) as const;
const reward = (kind: string, properties: Record<string, object>) => ({
  type: 'object',
  required: ['kind', ...Object.keys(properties)],
  additionalProperties: false,
  properties: { kind: { const: kind }, ...properties },
});

const rewardSchema = {
  type: 'object',
  required: ['kind'],
  properties: { kind: { type: 'string' } },
  discriminator: { propertyName: 'kind' },
  oneOf: [
    reward('credit', { amount: whole(1, Number.MAX_SAFE_INTEGER) }),
    reward('cash', { amount: whole(1, Number.MAX_SAFE_INTEGER) }),
    reward('percent_of_payment', { basisPoints: whole(1, 10_000) }),
    reward('free_months', { months: whole(1, 36) }),
    reward('service_hours', { hours: whole(1, 1_000) }),
    reward('discount_percent', { percent: whole(1, 100) }),
    reward('feature_unlock', { feature: { type: 'string', minLength: 1, maxLength: 100 }, days: whole(1, 3_650) }),
    reward('points', { points: whole(1, Number.MAX_SAFE_INTEGER) }),
  ],
} as unknown as JSONSchemaType<RewardDefinition>;

const rulesProperties = {
  attribution: {
    type: 'object',
    required: ['windowDays', 'model'],
    additionalProperties: false,
    properties: { windowDays: whole(1, 365), model: { type: 'string', enum: ['last_touch', 'first_touch'] } },
  },
  trigger: { type: 'string', enum: ['signed_up', 'qualified', 'first_payment'] },
  holdDays: whole(0, 365),
  referrerReward: rewardSchema,
  refereeReward: { ...rewardSchema, nullable: true },
} as const;

/** `PUT /v1/programs/:id/rules`. */
export const PROGRAM_RULES_SCHEMA = {
  type: 'object',
  required: ['attribution', 'trigger', 'holdDays', 'referrerReward'],
  additionalProperties: false,
  properties: rulesProperties,
} as unknown as JSONSchemaType<ProgramRulesDefinition>;

/** `POST /v1/programs`. */
export const PROGRAM_DEFINITION_SCHEMA = {
  type: 'object',
  required: ['name', 'landingUrl', 'currency', 'attribution', 'trigger', 'holdDays', 'referrerReward'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    landingUrl: { type: 'string', format: 'uri', pattern: '^https?://', maxLength: 2_000 },
    currency: { type: 'string', enum: [...CURRENCIES] },
    ...rulesProperties,
  },
} as unknown as JSONSchemaType<ProgramDefinition>;
