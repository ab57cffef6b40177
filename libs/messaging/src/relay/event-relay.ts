import type { EventStore, RecordedEvent, Subscription } from '@referral-ledger/event-store';
import { CLOUDEVENTS_CONTENT_TYPE, encodeEnvelope } from '../envelope/event-envelope';
import { toEnvelope } from '../envelope/to-envelope';
import type { MessagePublisher, OutgoingMessage } from '../message';
import type { RelayCheckpointStore } from './relay-checkpoints';
import type { RelayLeadership } from './relay-leadership';
import type { RelayRouter } from './relay-route';

export interface EventRelayOptions {
  /** Names the checkpoint and the lease: one per relay, e.g. `attribution`. */
  name: string;
  store: EventStore;
  publisher: MessagePublisher;
  checkpoints: RelayCheckpointStore;
  route: RelayRouter;
  /** With several replicas: only the lease holder relays. Without: this process always relays. */
  leadership?: RelayLeadership;
  batchSize?: number;
  /** Longest wait between two attempts to publish while the broker is unreachable. */
  maxBackoffMs?: number;
  onPublishError?: (error: unknown) => void;
}

/**
 * Tails the event store in global order and publishes each routed event, keyed by aggregate id; the
 * checkpoint is saved only after the broker acknowledged. A crash in between republishes the batch
 * (at-least-once), which idempotent consumers absorb. While the broker is down it retries, never skips.
 */
export class EventRelay {
  private stopping = false;
  private subscription: Subscription | undefined;
  private running: Promise<void> = Promise.resolve();

  private constructor(private readonly options: EventRelayOptions) {}

  /** Returns at once; a standby replica relays from the moment it gets the lease. */
  static async start(options: EventRelayOptions): Promise<EventRelay> {
    const relay = new EventRelay(options);
    relay.running = relay.run();
    relay.running.catch(() => undefined);
    return relay;
  }

  /** Settles when the relay stops; rejects if it failed for a reason other than the broker being away. */
  get finished(): Promise<void> {
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.subscription?.stop();
    await this.running.catch(() => undefined);
  }

  private async run(): Promise<void> {
    const { leadership, name, store, checkpoints, batchSize } = this.options;
    while (!this.stopping) {
      const lease = leadership ? await leadership.acquire(name, () => this.stopping) : undefined;
      if (this.stopping) return lease?.release();
      const fromPosition = await checkpoints.load(name);
      const subscription = store.subscribeToAll({ fromPosition, maxBatchSize: batchSize ?? 500 }, (events) => this.relay(events));
      this.subscription = subscription;
      void lease?.lost.then(() => subscription.stop());
      try {
        await subscription.finished;
      } finally {
        await lease?.release().catch(() => undefined);
      }
      if (!lease) return;
    }
  }

  private async relay(events: RecordedEvent[]): Promise<void> {
    const messages = events.flatMap((event) => this.toMessage(event));
    const acknowledged = await this.publishUntilAcknowledged(messages);
    if (acknowledged) await this.options.checkpoints.save(this.options.name, events[events.length - 1].position);
  }

  /** false only when the relay was stopped before the broker acknowledged: the checkpoint then stays put. */
  private async publishUntilAcknowledged(messages: OutgoingMessage[]): Promise<boolean> {
    for (let attempt = 0; !this.stopping || attempt === 0; attempt++) {
      try {
        await this.options.publisher.publish(messages);
        return true;
      } catch (error) {
        this.options.onPublishError?.(error);
        const backoff = Math.min(this.options.maxBackoffMs ?? 5_000, 100 * 2 ** attempt);
        await new Promise((resolve) => setTimeout(resolve, backoff));
      }
    }
    return false;
  }

  private toMessage(event: RecordedEvent): OutgoingMessage[] {
    const route = this.options.route(event);
    if (!route) return [];
    return [
      {
        topic: route.topic,
        key: route.key,
        value: encodeEnvelope(toEnvelope(event, route.source, route.key)),
        headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE },
      },
    ];
  }
}
