import { comparePositions, type Position } from '@referral-ledger/event-store';
import type { DeferredMessages, PostgresDeadLetters } from '@referral-ledger/messaging';
import { lagSeconds, type LaggingSubscriber, type ParkedEvents } from '@referral-ledger/projections';
import type { ReadinessCheck } from '@referral-ledger/service-kit';

const total = (counts: Map<string, number>) => [...counts.values()].reduce((sum, n) => sum + n, 0);

/**
 * Readiness fails until every projection has caught up with what was stored before the process started, and
 * whenever a projection, the relay or a consumer group is behind by more than `maxLagSeconds` (stuck): a replica
 * that answers from stale read models is not ready.
 * What was set aside (parked events, dead letters, waiting messages) is reported, without failing it.
 */
export function pipelineReadiness(
  subscribers: () => LaggingSubscriber[],
  maxLagSeconds: number,
  setAside: { parked: ParkedEvents; deadLetters: PostgresDeadLetters; deferred: DeferredMessages },
  /** The projections this process serves reads from, and the store's head when it started: until they reach it, it is not ready. */
  start: { projections: () => LaggingSubscriber[]; head: Position | undefined },
): ReadinessCheck {
  const caughtUp = new Set<string>();
  return {
    name: 'pipeline',
    check: async () => {
      for (const { name, position } of start.projections()) {
        if (!start.head || (position !== 'start' && comparePositions(position, start.head) >= 0)) caughtUp.add(name);
      }
      const catchingUp = start.projections().filter((projection) => !caughtUp.has(projection.name));
      if (catchingUp.length > 0) throw new Error(`catching up with what was stored before the start: ${catchingUp.map((p) => p.name).join(', ')}`);
      const lags = await Promise.all(subscribers().map(async (s) => ({ name: s.name, lag: await lagSeconds(s) })));
      const behind = lags.filter((l) => l.lag > maxLagSeconds);
      if (behind.length > 0) throw new Error(`behind by more than ${maxLagSeconds} s: ${behind.map((l) => `${l.name} (${Math.round(l.lag)} s)`).join(', ')}`);
      const [parked, deadLetters, waiting] = await Promise.all([setAside.parked.openCounts(), setAside.deadLetters.openCounts(), setAside.deferred.count()]);
      return { maxLagSeconds: Math.max(0, ...lags.map((l) => Math.round(l.lag))), parkedEvents: total(parked), deadLetters: total(deadLetters), waitingMessages: waiting };
    },
  };
}
