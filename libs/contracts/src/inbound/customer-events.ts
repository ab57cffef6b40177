import type { JSONSchemaType } from 'ajv';

/** ISO 4217 codes the runtime knows; money always travels as integer minor units with its currency. */
export const CURRENCIES: readonly string[] = Intl.supportedValuesOf('currency');

const id = { type: 'string', minLength: 1, maxLength: 200 } as const;
const optionalText = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength, nullable: true }) as const;
const currency = { type: 'string', enum: [...CURRENCIES] } as const;
const minorUnits = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;

export interface CustomerSignedUp {
  customerId: string;
  email: string;
  referralCode?: string;
  clickId?: string;
  ip?: string;
  userAgent?: string;
  deviceId?: string;
  teamId?: string;
  country?: string;
}

export interface LeadQualified {
  customerId: string;
}

export interface PaymentSucceeded {
  customerId: string;
  paymentId: string;
  /** Minor units (cents), integer. */
  amount: number;
  currency: string;
  plan?: string;
  interval?: 'month' | 'year' | 'one_off';
}

export interface PaymentRefunded {
  customerId: string;
  paymentId: string;
  amount: number;
  currency: string;
}

export interface SubscriptionCancelled {
  customerId: string;
}

export interface NpsSubmitted {
  customerId: string;
  score: number;
}

const customerSignedUp: JSONSchemaType<CustomerSignedUp> = {
  type: 'object',
  required: ['customerId', 'email'],
  additionalProperties: false,
  properties: {
    customerId: id,
    email: { type: 'string', format: 'email', maxLength: 320 },
    referralCode: optionalText(64),
    clickId: optionalText(64),
    ip: { type: 'string', anyOf: [{ format: 'ipv4' }, { format: 'ipv6' }], nullable: true },
    userAgent: optionalText(1_000),
    deviceId: optionalText(200),
    teamId: optionalText(200),
    country: { type: 'string', pattern: '^[A-Z]{2}$', nullable: true },
  },
};

const leadQualified: JSONSchemaType<LeadQualified> = {
  type: 'object',
  required: ['customerId'],
  additionalProperties: false,
  properties: { customerId: id },
};

const paymentSucceeded: JSONSchemaType<PaymentSucceeded> = {
  type: 'object',
  required: ['customerId', 'paymentId', 'amount', 'currency'],
  additionalProperties: false,
  properties: {
    customerId: id,
    paymentId: id,
    amount: { ...minorUnits, minimum: 1 },
    currency,
    plan: optionalText(100),
    interval: { type: 'string', enum: ['month', 'year', 'one_off'], nullable: true },
  },
};

const paymentRefunded: JSONSchemaType<PaymentRefunded> = {
  type: 'object',
  required: ['customerId', 'paymentId', 'amount', 'currency'],
  additionalProperties: false,
  properties: { customerId: id, paymentId: id, amount: { ...minorUnits, minimum: 1 }, currency },
};

const subscriptionCancelled: JSONSchemaType<SubscriptionCancelled> = {
  type: 'object',
  required: ['customerId'],
  additionalProperties: false,
  properties: { customerId: id },
};

const npsSubmitted: JSONSchemaType<NpsSubmitted> = {
  type: 'object',
  required: ['customerId', 'score'],
  additionalProperties: false,
  properties: { customerId: id, score: { type: 'integer', minimum: 0, maximum: 10 } },
};

/** JSON Schemas of `platform.customer-events.v1` (DESIGN.md §4), by event type. */
export const CUSTOMER_EVENT_SCHEMAS = {
  'customer.signed_up': customerSignedUp,
  'lead.qualified': leadQualified,
  'payment.succeeded': paymentSucceeded,
  'payment.refunded': paymentRefunded,
  'subscription.cancelled': subscriptionCancelled,
  'nps.submitted': npsSubmitted,
} as const;

export type CustomerEventType = keyof typeof CUSTOMER_EVENT_SCHEMAS;

export interface CustomerEventData {
  'customer.signed_up': CustomerSignedUp;
  'lead.qualified': LeadQualified;
  'payment.succeeded': PaymentSucceeded;
  'payment.refunded': PaymentRefunded;
  'subscription.cancelled': SubscriptionCancelled;
  'nps.submitted': NpsSubmitted;
}
