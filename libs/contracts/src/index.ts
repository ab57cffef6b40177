export { ALL_TOPICS, EVENT_TYPES_BY_TOPIC, Topics, deadLetterTopic, topicOf, type Topic } from './topics';
export { EventSchemaValidator, describeFieldErrors, type FieldError, type SchemaVerdict } from './schema-validator';
export { aggregateIdOf, streamName } from './streams';
