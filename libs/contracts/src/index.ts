export { ALL_TOPICS, EVENT_TYPES_BY_TOPIC, Topics, deadLetterTopic, topicOf, type Topic } from './topics';
export { SchemaValidator, describeFieldErrors, type FieldError, type SchemaVerdict } from './schema-validator';
export { aggregateIdOf, streamName } from './streams';
export {
  CURRENCIES,
  CUSTOMER_EVENT_SCHEMAS,
  type CustomerEventData,
  type CustomerEventType,
  type CustomerSignedUp,
  type LeadQualified,
  type NpsSubmitted,
  type PaymentRefunded,
  type PaymentSucceeded,
  type SubscriptionCancelled,
} from './inbound/customer-events';
export {
  CHANNEL_COSTS_SCHEMA,
  PROGRAM_DEFINITION_SCHEMA,
  PROGRAM_RULES_SCHEMA,
  type CapsDefinition,
  type ChannelCosts,
  type FraudThresholdsDefinition,
  type ProgramDefinition,
  type ProgramRulesDefinition,
  type RewardDefinition,
} from './http/program-definition';
export * from './outbound/attribution-events';
export * from './outbound/fraud-events';
export * from './outbound/rewards-events';
export * from './outbound/notification-events';
export type { DataOf, EventsOf } from './outbound/schema-parts';
export { OUTBOUND_EVENT_SCHEMAS, OUTBOUND_EVENT_SCHEMAS_BY_TOPIC, PUBLIC_EVENT_SCHEMAS } from './outbound/outbound-events';
export { cloudEventEnvelopeSchema } from './inbound/cloud-event-envelope';
export { asyncApiDocument } from './asyncapi/asyncapi-document';
