import type { EventStore, RecordedEvent } from '@referral-ledger/event-store';
import type { Checkpoints } from '@referral-ledger/projections';
import { withRetries } from '@referral-ledger/resilience';
import { CLOUDEVENTS_CONTENT_TYPE, encodeEnvelope } from '../envelope/event-envelope';
import { toEnvelope } from '../envelope/to-envelope';
import { StoreFollower } from '../following/store-follower';
import type { MessagePublisher, OutgoingMessage } from '../message';
import type { RelayLeadership } from './relay-leadership';
import type { RelayRouter } from './relay-route';

export interface EventRelayOptions {
  /** Names the checkpoint and the lease: one per relay, e.g. `public-topics`. */
  name: string;
  store: EventStore;
  publisher: MessagePublisher;
  checkpoints: Checkpoints;
  route: RelayRouter;
  /** With several replicas: only the lease holder relays. Without: this process always relays. */
  leadership?: RelayLeadership;
  batchSize?: number;
  /** Longest wait between two attempts to publish while the broker is unreachable. */
  maxBackoffMs?: number;
  /** Every failure: a broker that refuses, a database that went away. The relay retries and restarts on its own. */
  onError?: (error: unknown) => void;
}

/**
 * Tails the event store in global order and publishes each routed event, keyed by aggregate id; the
 * checkpoint moves only past what the broker acknowledged. A crash in between republishes the batch
 * (at-least-once), which idempotent consumers absorb. While the broker or the database is away it
 * retries and restarts itself; it never skips and never stops in silence.
 */
export class EventRelay {
  readonly follower: StoreFollower;

  private constructor(private readonly options: EventRelayOptions) {
    this.follower = new StoreFollower({
      name: options.name,
      store: options.store,
      checkpoints: options.checkpoints,
      leadership: options.leadership,
      batchSize: options.batchSize,
      handle: (events, stopping) => this.relay(events, stopping),
      onError: (error) => options.onError?.(error),
    });
  }

  static start(options: EventRelayOptions): EventRelay {
    const relay = new EventRelay(options);
    relay.follower.start();
    return relay;
  }

  caughtUp(): Promise<void> {
    return this.follower.caughtUp();
  }

  stop(): Promise<void> {
    return this.follower.stop();
  }

  private async relay(events: RecordedEvent[], stopping: () => boolean): Promise<boolean> {
    const messages = events.flatMap((event) => this.toMessage(event));
    if (messages.length === 0) return false;
    await withRetries({ attempts: Infinity, initialDelayMs: 100, maxDelayMs: this.options.maxBackoffMs ?? 5_000 }, () => this.options.publisher.publish(messages), {
      onRetry: (error) => this.options.onError?.(error),
      cancelled: stopping,
    });
    return true;
  }

  private toMessage(event: RecordedEvent): OutgoingMessage[] {
    const route = this.options.route(event);
    if (!route) return [];
    return [{ topic: route.topic, key: route.key, value: encodeEnvelope(toEnvelope(event, route.source, route.key)), headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE } }];
  }
}
