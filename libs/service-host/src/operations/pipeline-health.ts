import type { DeferredMessages, PostgresDeadLetters } from '@referral-ledger/messaging';
import { lagSeconds, type LaggingSubscriber, type ParkedEvents } from '@referral-ledger/projections';
import type { ReadinessCheck } from '@referral-ledger/service-kit';

const total = (counts: Map<string, number>) => [...counts.values()].reduce((sum, n) => sum + n, 0);

/**
 * Readiness fails when a projection, the relay or a consumer group is behind by more than `maxLagSeconds`
 * (stuck, or not caught up since start): a replica that answers from stale read models is not ready.
 * What was set aside (parked events, dead letters, waiting messages) is reported, without failing it.
 */
export function pipelineReadiness(
  subscribers: () => LaggingSubscriber[],
  maxLagSeconds: number,
  setAside: { parked: ParkedEvents; deadLetters: PostgresDeadLetters; deferred: DeferredMessages },
): ReadinessCheck {
  return {
    name: 'pipeline',
    check: async () => {
      const lags = await Promise.all(subscribers().map(async (s) => ({ name: s.name, lag: await lagSeconds(s) })));
      const behind = lags.filter((l) => l.lag > maxLagSeconds);
      if (behind.length > 0) throw new Error(`behind by more than ${maxLagSeconds} s: ${behind.map((l) => `${l.name} (${Math.round(l.lag)} s)`).join(', ')}`);
      const [parked, deadLetters, waiting] = await Promise.all([setAside.parked.openCounts(), setAside.deadLetters.openCounts(), setAside.deferred.count()]);
      return { maxLagSeconds: Math.max(0, ...lags.map((l) => Math.round(l.lag))), parkedEvents: total(parked), deadLetters: total(deadLetters), waitingMessages: waiting };
    },
  };
}
