import type { EventStore, RecordedEvent, Subscription } from '@referral-ledger/event-store';
import { CLOUDEVENTS_CONTENT_TYPE, encodeEnvelope } from '../envelope/event-envelope';
import { toEnvelope } from '../envelope/to-envelope';
import type { MessagePublisher, OutgoingMessage } from '../message';
import type { RelayCheckpointStore } from './relay-checkpoints';
import type { RelayRouter } from './relay-route';

export interface EventRelayOptions {
  /** Names the checkpoint: one per relay, e.g. `attribution`. */
  name: string;
  store: EventStore;
  publisher: MessagePublisher;
  checkpoints: RelayCheckpointStore;
  route: RelayRouter;
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

  private constructor(
    private readonly options: EventRelayOptions,
    private subscription?: Subscription,
  ) {}

  static async start(options: EventRelayOptions): Promise<EventRelay> {
    const relay = new EventRelay(options);
    const fromPosition = await options.checkpoints.load(options.name);
    relay.subscription = options.store.subscribeToAll({ fromPosition, maxBatchSize: options.batchSize ?? 500 }, (events) => relay.relay(events));
    return relay;
  }

  /** Settles when the relay stops; rejects if it failed for a reason other than the broker being away. */
  get finished(): Promise<void> {
    return this.subscription?.finished ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.subscription?.stop();
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
