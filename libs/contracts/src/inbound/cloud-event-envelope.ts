import { CUSTOMER_EVENT_SCHEMAS } from './customer-events';

/**
 * How the inbound CloudEvent envelope is documented (OpenAPI, AsyncAPI): only the four attributes CloudEvents
 * requires are required, `data` is the schema of the `type`, and other extension attributes are kept as sent.
 * `dataRef` names where each type's data schema sits in the document.
 */
export function cloudEventEnvelopeSchema(dataRef: (type: string) => string): {
  type: 'object';
  required: string[];
  properties: Record<string, object>;
  additionalProperties: true;
} {
  return {
    type: 'object',
    required: ['specversion', 'id', 'source', 'type', 'data'],
    properties: {
      specversion: { const: '1.0' },
      id: { type: 'string', minLength: 1, maxLength: 200, description: 'with `source`, the identity of the event: the same pair sent again is the same event' },
      source: { type: 'string', minLength: 1, maxLength: 1_000, examples: ['/billing'] },
      type: { type: 'string', enum: Object.keys(CUSTOMER_EVENT_SCHEMAS) },
      subject: { type: 'string', maxLength: 200, description: 'default: data.customerId' },
      time: { type: 'string', format: 'date-time', description: 'default: the arrival time' },
      datacontenttype: { const: 'application/json' },
      correlationid: { type: 'string', maxLength: 200, description: 'default: id' },
      schemaversion: { type: 'integer', minimum: 1, description: 'default: 1' },
      data: { description: "the schema of the event's type", oneOf: Object.keys(CUSTOMER_EVENT_SCHEMAS).map((type) => ({ $ref: dataRef(type) })) },
    },
    additionalProperties: true,
  };
}
