import type { EventStore, RecordedEvent } from '@referral-ledger/event-store';
import type { Checkpoints } from '@referral-ledger/projections';
import { toEnvelope } from '../envelope/to-envelope';
import { StoreFollower } from '../following/store-follower';
import type { MessageProcessor } from '../processing/message-processor';
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
  /** Runs a batch's handlers as one unit of work (the store's AmbientEventStore); without it, one append at a time. */
  unitOfWork?: <T>(work: () => Promise<T>) => Promise<T>;
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
    private readonly processor: MessageProcessor,
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
    // Messages of one key (one customer, one referral) keep their order; different keys run side by side, so
    // inside a unit of work their reads go to the store together.
    const byKey = new Map<string | null, typeof messages>();
    for (const message of messages) {
      const ordered = byKey.get(message.received.key) ?? [];
      ordered.push(message);
      byKey.set(message.received.key, ordered);
    }
    const processAll = async () => {
      // Settled, not raced: a failing key must not leave the others running while the batch is redone.
      const outcomes = await Promise.allSettled(
        [...byKey.values()].map(async (ordered) => {
          for (const { envelope, received } of ordered) await this.processor.processEnvelope(envelope, received);
        }),
      );
      const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      if (failure) throw failure.reason;
    };
    await (this.options.unitOfWork ? this.options.unitOfWork(processAll) : processAll());
    return true;
  }
}
