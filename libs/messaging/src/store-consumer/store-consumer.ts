import type { EventStore, RecordedEvent } from '@referral-ledger/event-store';
import type { Checkpoints } from '@referral-ledger/projections';
import { toEnvelope } from '../envelope/to-envelope';
import { StoreFollower } from '../following/store-follower';
import type { MessageReceiver } from '../message';
import type { RelayLeadership } from '../relay/relay-leadership';
import type { RelayRouter } from '../relay/relay-route';

export interface StoreConsumerOptions {
  /** The consumer group. */
  group: string;
  topics: readonly string[];
  store: EventStore;
  checkpoints: Checkpoints;
  /** Which topic, key and source each stored event would have on the broker. */
  route: RelayRouter;
  leadership?: RelayLeadership;
  batchSize?: number;
  onError: (error: unknown) => void;
}

/**
 * A consumer group fed straight from the event store, for deployments without Kafka (the embedded mode):
 * it reads the events of its topics after its checkpoint and hands each, as the same CloudEvent Kafka
 * would carry, to the same MessageProcessor. Nothing lives only in memory: after a crash it resumes from
 * its checkpoint, and the idempotent handlers absorb the redelivered batch.
 */
export class StoreConsumer {
  readonly follower: StoreFollower;
  private readonly topics: ReadonlySet<string>;

  constructor(
    private readonly options: StoreConsumerOptions,
    private readonly processor: MessageReceiver,
  ) {
    this.topics = new Set(options.topics);
    this.follower = new StoreFollower({
      name: `consumer:${options.group}`,
      store: options.store,
      checkpoints: options.checkpoints,
      leadership: options.leadership,
      batchSize: options.batchSize,
      handle: (events) => this.consume(events),
      onError: options.onError,
    });
  }

  start(): this {
    this.follower.start();
    return this;
  }

  stop(): Promise<void> {
    return this.follower.stop();
  }

  private async consume(events: RecordedEvent[]): Promise<boolean> {
    const messages = events.flatMap((event) => {
      const route = this.options.route(event);
      return route && this.topics.has(route.topic) ? [{ envelope: toEnvelope(event, route.source, route.key), received: { topic: route.topic, key: route.key, headers: {} } }] : [];
    });
    if (messages.length === 0) return false;
    await this.processor.receive(messages);
    return true;
  }
}
