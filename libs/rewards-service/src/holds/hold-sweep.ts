import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Pool } from 'pg';
import { CLOCK, POSTGRES_POOL, type Clock } from '@referral-ledger/service-kit';
import { RewardGranting } from '../granting/reward-granting';

/**
 * The scheduler of two-phase releases: every interval, rewards whose hold is over are offered for
 * release (which still waits for fraud's clear). Time comes from CLOCK, so tests and demos move it.
 */
@Injectable()
export class HoldSweep implements OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    @Inject(POSTGRES_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly granting: RewardGranting,
  ) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => {
      this.running = this.running
        .then(() => this.sweep())
        .then(
          () => undefined,
          () => undefined,
        );
    }, intervalMs);
  }

  /** Offers every due reward for release; returns how many referrals were looked at. */
  async sweep(): Promise<number> {
    const { rows } = await this.pool.query<{ referral_id: string; reward_ids: string[] }>(
      'SELECT referral_id, array_agg(reward_id) AS reward_ids FROM rewards.pending_releases WHERE releasable_at <= $1 GROUP BY referral_id ORDER BY referral_id LIMIT 500',
      [this.clock()],
    );
    for (const { referral_id, reward_ids } of rows) {
      const cause = { id: `hold-sweep:${referral_id}:${this.clock().toISOString()}`, correlationid: `hold-sweep:${referral_id}` };
      await this.granting.release(referral_id, cause, reward_ids);
    }
    return rows.length;
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
