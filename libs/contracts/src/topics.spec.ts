import { Topics, deadLetterTopic, topicOf } from './topics';
import { aggregateIdOf, streamName } from './streams';

describe('public topics and stream names', () => {
  it('routes each outbound event type to its topic, and keeps internal types off Kafka', () => {
    expect(topicOf('referral.attributed')).toBe(Topics.attribution);
    expect(topicOf('reward.granted')).toBe('referrals.rewards.v1');
    expect(topicOf('ledger.entry_posted')).toBeUndefined();
    expect(deadLetterTopic(Topics.customerEvents)).toBe('platform.customer-events.v1.dlq');
  });

  it('takes the aggregate id from a stream name, dashes and all', () => {
    const id = '7f3c2a9e-0000-4000-8000-000000000001';
    expect(aggregateIdOf(streamName('referral', id))).toBe(id);
    expect(() => streamName('bad-category', id)).toThrow();
  });
});
