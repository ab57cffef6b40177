export { ALL_TOPICS, Topics, deadLetterTopic, type Topic } from './topics';
export { EventSchemaValidator, describeFieldErrors, type FieldError, type SchemaVerdict } from './schema-validator';
