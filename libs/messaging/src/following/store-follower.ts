import { comparePositions, type EventStore, type Position, type RecordedEvent, type Subscription } from '@referral-ledger/event-store';
import type { Checkpoints, LaggingSubscriber } from '@referral-ledger/projections';
import { supervise, type SupervisedLoop } from '@referral-ledger/resilience';
import type { RelayLeadership } from '../relay/relay-leadership';

export interface StoreFollowerOptions {
  /** Names the checkpoint and the lease. */
  name: string;
  store: EventStore;
  checkpoints: Checkpoints;
  /** Handles a batch; the checkpoint moves past it only once this resolves (at-least-once). Returns whether it did anything. */
  handle: (events: RecordedEvent[], stopping: () => boolean) => Promise<boolean>;
  /** With several replicas: only the lease holder follows. Without: this process always does. */
  leadership?: RelayLeadership;
  batchSize?: number;
  /** Batches that did nothing move the stored checkpoint at most this often. */
  checkpointIntervalMs?: number;
  /** Every failure (database or broker away); the follower restarts with backoff and never stops in silence. */
  onError: (error: unknown) => void;
}

/**
 * Follows the store from a checkpoint, handing batches on and saving the checkpoint after each: the
 * shared loop of the relay and of the store-fed consumer groups. Survives outages by restarting itself.
 */
export class StoreFollower implements LaggingSubscriber {
  private loop: SupervisedLoop | undefined;
  private subscription: Subscription | undefined;
  private checkpoint: Position | 'start' = 'start';
  private saved: Position | 'start' = 'start';
  private savedAt = 0;

  constructor(private readonly options: StoreFollowerOptions) {}

  get name(): string {
    return this.options.name;
  }

  get store(): EventStore {
    return this.options.store;
  }

  get position(): Position | 'start' {
    return this.checkpoint;
  }

  start(): this {
    const { leadership, name, store, checkpoints, batchSize, onError } = this.options;
    this.loop = supervise({
      run: async (stopping) => {
        const lease = leadership ? await leadership.acquire(name, stopping) : undefined;
        if (stopping()) return lease?.release();
        try {
          this.checkpoint = this.saved = await checkpoints.load(name);
          // Stopped while the checkpoint loaded: there is no subscription yet for `interrupt` to end.
          if (stopping()) return;
          const subscription = store.subscribeToAll({ fromPosition: this.checkpoint, maxBatchSize: batchSize ?? 500 }, (events) => this.handle(events, stopping));
          this.subscription = subscription;
          void lease?.lost.then(() => subscription.stop());
          await subscription.finished;
          if (lease && !stopping()) throw new Error(`lost the lease of ${name}`);
        } finally {
          await lease?.release().catch(() => undefined);
        }
      },
      interrupt: () => this.subscription?.stop(),
      onError,
    });
    return this;
  }

  /** Resolves once every event committed before the call has been handed on. */
  async caughtUp(pollMs = 20): Promise<void> {
    const head = await this.options.store.headPosition();
    while (head && (this.checkpoint === 'start' || comparePositions(this.checkpoint, head) < 0)) {
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  async stop(): Promise<void> {
    await this.loop?.stop();
    this.loop = undefined;
    if (this.checkpoint !== this.saved) await this.options.checkpoints.save(this.name, this.checkpoint).catch(() => undefined);
  }

  private async handle(events: RecordedEvent[], stopping: () => boolean): Promise<void> {
    const didSomething = await this.options.handle(events, stopping);
    if (stopping()) return;
    this.checkpoint = events[events.length - 1].position;
    if (didSomething || Date.now() - this.savedAt >= (this.options.checkpointIntervalMs ?? 5_000)) {
      await this.options.checkpoints.save(this.name, this.checkpoint);
      this.saved = this.checkpoint;
      this.savedAt = Date.now();
    }
  }
}
