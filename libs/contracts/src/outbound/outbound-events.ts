import type { TSchema } from '@sinclair/typebox';
import { CUSTOMER_EVENT_SCHEMAS } from '../inbound/customer-events';
import { Topics, type Topic } from '../topics';
import { ATTRIBUTION_EVENT_SCHEMAS } from './attribution-events';
import { FRAUD_EVENT_SCHEMAS } from './fraud-events';
import { NOTIFICATION_EVENT_SCHEMAS } from './notification-events';
import { REWARDS_EVENT_SCHEMAS } from './rewards-events';

/** The JSON Schema of every outbound event's `data`, by topic and event type. */
export const OUTBOUND_EVENT_SCHEMAS_BY_TOPIC: Readonly<Partial<Record<Topic, Readonly<Record<string, TSchema>>>>> = {
  [Topics.attribution]: ATTRIBUTION_EVENT_SCHEMAS,
  [Topics.fraud]: FRAUD_EVENT_SCHEMAS,
  [Topics.rewards]: REWARDS_EVENT_SCHEMAS,
  [Topics.notifications]: NOTIFICATION_EVENT_SCHEMAS,
};

/** The same schemas by event type alone (a type travels on one topic only). */
export const OUTBOUND_EVENT_SCHEMAS: Readonly<Record<string, TSchema>> = Object.assign({}, ...Object.values(OUTBOUND_EVENT_SCHEMAS_BY_TOPIC));

/** Every public event type's schema, inbound and outbound: what a consumer of any public topic checks `data` against. */
export const PUBLIC_EVENT_SCHEMAS: Readonly<Record<string, object>> = { ...CUSTOMER_EVENT_SCHEMAS, ...OUTBOUND_EVENT_SCHEMAS };
