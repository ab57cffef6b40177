import { cloudEventEnvelopeSchema } from '../inbound/cloud-event-envelope';
import { CUSTOMER_EVENT_SCHEMAS } from '../inbound/customer-events';
import { OUTBOUND_EVENT_SCHEMAS_BY_TOPIC } from '../outbound/outbound-events';
import { ALL_TOPICS, Topics, deadLetterTopic, type Topic } from '../topics';

type PublicType = keyof typeof CUSTOMER_EVENT_SCHEMAS | keyof NonNullable<(typeof OUTBOUND_EVENT_SCHEMAS_BY_TOPIC)[Topic]>;

/** The Kafka message key of each event type: messages of one key keep their order. */
const MESSAGE_KEYS: Record<string, string> = {
  ...Object.fromEntries(Object.keys(CUSTOMER_EVENT_SCHEMAS).map((type) => [type, 'customerId'])),
  'referrer.enrolled': '<programId>:<customerId> of the referrer',
  'code.issued': '<programId>:<customerId> of the referrer',
  'link.clicked': 'clickId',
  'referral.attributed': 'referralId',
  'referral.rejected': 'referralId',
  'referral.qualified': 'referralId',
  'referral.converted': 'referralId',
  'referral.cancelled': 'referralId',
  'risk.assessed': 'referralId',
  'review.opened': 'referralId',
  'review.decided': 'referralId',
  'customer.banned': 'customerId (the banned customer)',
  'reward.granted': 'rewardId',
  'reward.released': 'rewardId',
  'reward.reversed': 'rewardId',
  'reward.redeemed': '<customerId>:<unit> (a redemption is not one reward)',
  'notify.friend_signed_up': 'customerId (the recipient)',
  'notify.reward_available': 'customerId (the recipient)',
  'notify.reward_reversed': 'customerId (the recipient)',
  'program.created': 'programId',
  'program.rules_changed': 'programId',
  'program.status_changed': 'programId',
} satisfies Record<PublicType, string>;

const CHANNEL_IDS: Record<Topic, string> = {
  [Topics.customerEvents]: 'customerEvents',
  [Topics.attribution]: 'attribution',
  [Topics.fraud]: 'fraud',
  [Topics.rewards]: 'rewards',
  [Topics.notifications]: 'notifications',
};

const CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';

/** The envelope of one type: outbound ones carry every attribute, inbound ones need only what CloudEvents requires. */
function envelopeOf(type: string, direction: 'inbound' | 'outbound'): object {
  const envelope = cloudEventEnvelopeSchema(() => `#/components/schemas/${type}`);
  return {
    ...envelope,
    ...(direction === 'outbound' ? { required: ['specversion', 'id', 'source', 'type', 'subject', 'time', 'datacontenttype', 'data', 'correlationid', 'schemaversion'] } : {}),
    properties: { ...envelope.properties, type: { const: type }, data: { $ref: `#/components/schemas/${type}` } },
  };
}

function message(type: string, payload: object, description: string) {
  return {
    name: type,
    title: type,
    summary: description,
    contentType: CONTENT_TYPE,
    headers: { type: 'object', properties: { 'content-type': { type: 'string', const: CONTENT_TYPE } } },
    payload,
    bindings: { kafka: { key: { type: 'string', description: MESSAGE_KEYS[type] } } },
  };
}

const deadLetter = {
  name: 'deadLetter',
  title: 'A message no consumer could handle',
  summary: 'The original bytes and key, with the reason in headers.',
  headers: {
    type: 'object',
    required: ['x-error', 'x-error-at', 'x-source-topic', 'x-consumer'],
    properties: {
      'x-error': { type: 'string', description: 'why: decoding, schema (with the fields) or the handler' },
      'x-error-at': { type: 'string', format: 'date-time' },
      'x-source-topic': { type: 'string' },
      'x-consumer': { type: 'string', description: 'the consumer group that gave up' },
    },
  },
  payload: { description: 'the original message, as it was received' },
};

/**
 * The AsyncAPI 3 document of the public topics (DESIGN.md §4), generated from the same schemas that type the
 * events and validate them on every consumer; `npm run docs:asyncapi` writes it to docs/asyncapi.yaml.
 */
export function asyncApiDocument(version: string): object {
  const inbound = Object.entries(CUSTOMER_EVENT_SCHEMAS).map(([type, schema]) => ({ topic: Topics.customerEvents, type, schema, payload: envelopeOf(type, 'inbound') }));
  const outbound = Object.entries(OUTBOUND_EVENT_SCHEMAS_BY_TOPIC).flatMap(([topic, schemas]) =>
    Object.entries(schemas ?? {}).map(([type, schema]) => ({ topic: topic as Topic, type, schema, payload: envelopeOf(type, 'outbound') })),
  );
  const all = [...inbound, ...outbound];
  const topics = ALL_TOPICS;
  const ref = (type: string) => ({ $ref: `#/components/messages/${type}` });
  const channels = Object.fromEntries(
    topics.flatMap((topic) => [
      [CHANNEL_IDS[topic], { address: topic, messages: Object.fromEntries(all.filter((entry) => entry.topic === topic).map((entry) => [entry.type, ref(entry.type)])) }],
      [`${CHANNEL_IDS[topic]}DeadLetters`, { address: deadLetterTopic(topic), messages: { deadLetter: { $ref: '#/components/messages/deadLetter' } } }],
    ]),
  );
  const operations = Object.fromEntries(
    topics.flatMap((topic) => {
      const id = CHANNEL_IDS[topic];
      const messages = all.filter((entry) => entry.topic === topic).map((entry) => ({ $ref: `#/channels/${id}/messages/${entry.type}` }));
      const own =
        topic === Topics.customerEvents
          ? { action: 'receive', summary: 'The platform reports its customers’ lifecycle; Referral Ledger consumes it.' }
          : { action: 'send', summary: `Referral Ledger publishes on ${topic}.` };
      return [
        [`${id}`, { ...own, channel: { $ref: `#/channels/${id}` }, messages }],
        [`${id}DeadLetters`, { action: 'send', summary: `What a consumer of ${topic} could not handle.`, channel: { $ref: `#/channels/${id}DeadLetters` } }],
      ];
    }),
  );
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Referral Ledger public topics',
      version,
      description:
        'CloudEvents 1.0 (structured JSON) on Kafka. Identity is `source` + `id`: consumers must be idempotent by it. ' +
        'Outbound events may gain fields: ignore the ones you do not know.',
    },
    defaultContentType: CONTENT_TYPE,
    servers: { kafka: { host: 'localhost:9092', protocol: 'kafka', description: 'KAFKA_BROKERS of your deployment' } },
    channels,
    operations,
    components: {
      messages: { ...Object.fromEntries(all.map((entry) => [entry.type, message(entry.type, entry.payload, description(entry.schema))])), deadLetter },
      schemas: Object.fromEntries(all.map((entry) => [entry.type, asyncApiSchema(entry.schema)])),
    },
  };
}

function description(schema: object): string {
  return 'description' in schema && typeof schema.description === 'string' ? schema.description : '';
}

/**
 * A contract schema in AsyncAPI's schema dialect: plain JSON, and without Ajv's `discriminator` object (AsyncAPI
 * wants a property name there); `oneOf` over the constant `kind`s says the same.
 */
function asyncApiSchema(schema: object): object {
  return JSON.parse(JSON.stringify(schema), (key, value) => (key === 'discriminator' && typeof value === 'object' ? undefined : value));
}
