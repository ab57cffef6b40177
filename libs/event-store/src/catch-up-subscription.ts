import type { Position, RecordedEvent } from './event';
import type { ReadAllOptions, SubscribeOptions, Subscription, SubscriptionHandler } from './event-store';
import type { Wakeup } from './wakeup';

export interface CatchUpSource {
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Notified when new events may be readable; the poll interval covers notifications that never come. */
  wakeup: Wakeup;
  pollIntervalMs: number;
}

/**
 * Catch-up then live subscription built on `readAll`: reads pages after the last handled position and,
 * at the head, sleeps until woken or the poll interval passes. One mechanism for every adapter.
 */
export function subscribeByPolling(source: CatchUpSource, options: SubscribeOptions, handler: SubscriptionHandler): Subscription {
  let stopped = false;
  let checkpoint: Position | undefined = options.fromPosition === 'start' ? undefined : options.fromPosition;
  const maxCount = options.maxBatchSize ?? 500;

  const finished = (async () => {
    while (!stopped) {
      const batch = await source.readAll({ fromPosition: checkpoint, maxCount });
      if (stopped) break;
      if (batch.length === 0) {
        await source.wakeup.wait(source.pollIntervalMs);
        continue;
      }
      await handler(batch);
      checkpoint = batch[batch.length - 1].position;
    }
  })();
  finished.catch(() => undefined);

  return {
    finished,
    async stop() {
      stopped = true;
      source.wakeup.notify();
      await finished.catch(() => undefined);
    },
  };
}
