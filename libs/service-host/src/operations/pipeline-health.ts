import { lagSeconds, type LaggingSubscriber } from '@referral-ledger/projections';
import type { ReadinessCheck } from '@referral-ledger/service-kit';

/**
 * Readiness fails when a projection, the relay or a consumer group is behind by more than `maxLagSeconds`
 * (stuck, or not caught up since start): a replica that answers from stale read models is not ready.
 */
export function pipelineReadiness(subscribers: () => LaggingSubscriber[], maxLagSeconds: number): ReadinessCheck {
  return {
    name: 'pipeline',
    check: async () => {
      const lags = await Promise.all(subscribers().map(async (s) => ({ name: s.name, lag: await lagSeconds(s) })));
      const behind = lags.filter((l) => l.lag > maxLagSeconds);
      if (behind.length > 0) throw new Error(`behind by more than ${maxLagSeconds} s: ${behind.map((l) => `${l.name} (${Math.round(l.lag)} s)`).join(', ')}`);
    },
  };
}
