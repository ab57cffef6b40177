import { Gauge, type Registry } from 'prom-client';
import { comparePositions, type EventStore, type Position } from '@referral-ledger/event-store';

/** Anything that follows the store from a checkpoint: a projection, the relay, a consumer group. */
export interface LaggingSubscriber {
  readonly name: string;
  readonly position: Position | 'start';
  readonly store: EventStore;
}

/** Age of the oldest event the subscriber has not handled yet; 0 when it is caught up. */
export async function lagSeconds(subscriber: LaggingSubscriber, now: Date = new Date()): Promise<number> {
  const position = subscriber.position;
  const [next] = await subscriber.store.readAll({ fromPosition: position === 'start' ? undefined : position, maxCount: 1 });
  return next ? Math.max(0, (now.getTime() - next.recordedAt.getTime()) / 1000) : 0;
}

/** The largest lag among subscribers of one store: that of the one furthest behind, found in memory, read with one query. */
export async function largestLagSeconds(subscribers: readonly LaggingSubscriber[], now: Date = new Date()): Promise<number> {
  const slowest = subscribers.reduce<LaggingSubscriber | undefined>((behind, s) => (!behind || isBefore(s.position, behind.position) ? s : behind), undefined);
  return slowest ? lagSeconds(slowest, now) : 0;
}

function isBefore(a: Position | 'start', b: Position | 'start'): boolean {
  if (a === 'start') return b !== 'start';
  return b !== 'start' && comparePositions(a, b) < 0;
}

const subscribersByRegistry = new WeakMap<Registry, Set<LaggingSubscriber>>();

/** One gauge per registry, reading every subscriber registered there at scrape time. */
export function reportSubscriberLag(registry: Registry, subscriber: LaggingSubscriber): void {
  let subscribers = subscribersByRegistry.get(registry);
  if (!subscribers) {
    const tracked = new Set<LaggingSubscriber>();
    subscribers = tracked;
    subscribersByRegistry.set(registry, tracked);
    new Gauge({
      name: 'subscriber_lag_seconds',
      help: 'Age of the oldest stored event a subscriber (projection, relay, consumer group) has not handled yet; 0 when caught up',
      labelNames: ['subscriber'],
      registers: [registry],
      async collect() {
        await Promise.all([...tracked].map(async (s) => this.set({ subscriber: s.name }, await lagSeconds(s).catch(() => -1))));
      },
    });
  }
  subscribers.add(subscriber);
}
