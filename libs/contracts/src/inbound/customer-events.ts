import { Type } from '@sinclair/typebox';
import { Nullable, type DataOf, type EventsOf } from '../outbound/schema-parts';

/** ISO 4217 codes the runtime knows; money always travels as integer minor units with its currency. */
export const CURRENCIES: readonly string[] = Intl.supportedValuesOf('currency');

const id = Type.String({ minLength: 1, maxLength: 200 });
/** Optional, and `null` is read as absent: senders often spell "unknown" that way. */
const optional = <T extends Parameters<typeof Nullable>[0]>(schema: T) => Type.Optional(Nullable(schema));
const text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const currency = Type.String({ enum: [...CURRENCIES], description: 'ISO 4217 code' });
const minorUnits = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'integer minor units (cents)' });
const closed = { additionalProperties: false } as const;

const customerSignedUp = Type.Object(
  {
    customerId: id,
    email: Type.String({ format: 'email', maxLength: 320 }),
    referralCode: optional(text(64)),
    clickId: optional(text(64)),
    ip: optional(Type.String({ anyOf: [{ format: 'ipv4' }, { format: 'ipv6' }] })),
    userAgent: optional(text(1_000)),
    deviceId: optional(text(200)),
    teamId: optional(text(200)),
    country: optional(Type.String({ pattern: '^[A-Z]{2}$' })),
  },
  { ...closed, description: 'A customer signed up, with the referral code or click id that brought them, if any.' },
);

const leadQualified = Type.Object({ customerId: id }, { ...closed, description: 'The customer became a qualified lead (trigger `qualified`).' });

const paymentSucceeded = Type.Object(
  {
    customerId: id,
    paymentId: id,
    amount: minorUnits,
    currency,
    plan: optional(text(100)),
    interval: optional(Type.Union([Type.Literal('month'), Type.Literal('year'), Type.Literal('one_off')])),
    /** The payment provider's fingerprint of the card or account (Stripe's `card.fingerprint`): one instrument behind many accounts is a farm. */
    paymentMethodFingerprint: optional(text(200)),
  },
  { ...closed, description: 'The customer paid (the first payment converts a `first_payment` referral).' },
);

const paymentRefunded = Type.Object(
  { customerId: id, paymentId: id, amount: minorUnits, currency },
  { ...closed, description: 'A payment was refunded: rewards still on hold are cancelled.' },
);

const subscriptionCancelled = Type.Object({ customerId: id }, { ...closed, description: 'The customer churned: rewards still on hold are cancelled.' });

const npsSubmitted = Type.Object({ customerId: id, score: Type.Integer({ minimum: 0, maximum: 10 }) }, { ...closed, description: 'The customer answered the NPS survey.' });

/** JSON Schemas of `platform.customer-events.v1` (DESIGN.md §4), by event type. */
export const CUSTOMER_EVENT_SCHEMAS = {
  'customer.signed_up': customerSignedUp,
  'lead.qualified': leadQualified,
  'payment.succeeded': paymentSucceeded,
  'payment.refunded': paymentRefunded,
  'subscription.cancelled': subscriptionCancelled,
  'nps.submitted': npsSubmitted,
};

type Schemas = typeof CUSTOMER_EVENT_SCHEMAS;
export type CustomerEventType = keyof Schemas;
export type CustomerEvent = EventsOf<Schemas>;
export type CustomerEventData = { [Type in CustomerEventType]: DataOf<Schemas, Type> };
export type CustomerSignedUp = DataOf<Schemas, 'customer.signed_up'>;
export type LeadQualified = DataOf<Schemas, 'lead.qualified'>;
export type PaymentSucceeded = DataOf<Schemas, 'payment.succeeded'>;
export type PaymentRefunded = DataOf<Schemas, 'payment.refunded'>;
export type SubscriptionCancelled = DataOf<Schemas, 'subscription.cancelled'>;
export type NpsSubmitted = DataOf<Schemas, 'nps.submitted'>;
