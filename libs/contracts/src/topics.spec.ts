import { OUTBOUND_EVENT_SCHEMAS_BY_TOPIC } from './outbound/outbound-events';
import { SchemaValidator } from './schema-validator';
import { Topics, deadLetterTopic, topicOf } from './topics';
import { aggregateIdOf, streamName } from './streams';

describe('public topics and stream names', () => {
  it('routes each outbound event type to its topic, and keeps internal types off Kafka', () => {
    expect(topicOf('referral.attributed')).toBe(Topics.attribution);
    expect(topicOf('reward.granted')).toBe('referrals.rewards.v1');
    expect(topicOf('ledger.entry_posted')).toBeUndefined();
    expect(deadLetterTopic(Topics.customerEvents)).toBe('platform.customer-events.v1.dlq');
  });

  it('has a schema for outbound types only on the topic they travel on, each one a schema Ajv compiles', () => {
    for (const [topic, schemas] of Object.entries(OUTBOUND_EVENT_SCHEMAS_BY_TOPIC)) {
      for (const type of Object.keys(schemas ?? {})) expect([type, topicOf(type)]).toEqual([type, topic]);
      expect(() => new SchemaValidator(schemas ?? {})).not.toThrow();
    }
  });

  it('takes the aggregate id from a stream name, dashes and all', () => {
    const id = '7f3c2a9e-0000-4000-8000-000000000001';
    expect(aggregateIdOf(streamName('referral', id))).toBe(id);
    expect(() => streamName('bad-category', id)).toThrow();
  });
});
