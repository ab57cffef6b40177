import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { Pool } from 'pg';
import type { CustomerBannedData } from '@referral-ledger/contracts';
import type { EventEnvelope } from '@referral-ledger/messaging';
import { POSTGRES_POOL } from '@referral-ledger/service-kit';
import { RewardGranting } from '../granting/reward-granting';
import { REWARDS_CONSUMER } from '../rewards-consumer';

/** A ban voids the customer's pending rewards (DESIGN.md §5); what was released already stays theirs unless fraud blocks its referral. */
@Controller()
export class BannedCustomersHandler {
  constructor(
    @Inject(POSTGRES_POOL) private readonly pool: Pool,
    private readonly granting: RewardGranting,
  ) {}

  @EventPattern('customer.banned', REWARDS_CONSUMER)
  async banned(@Payload() event: EventEnvelope<CustomerBannedData>): Promise<void> {
    const { rows } = await this.pool.query<{ reward_id: string }>(`SELECT reward_id FROM rewards.reward_status WHERE beneficiary_id = $1 AND status = 'pending'`, [
      event.data.customerId,
    ]);
    await this.granting.reverseRewards(
      rows.map((row) => row.reward_id),
      'customer_banned',
      event,
    );
  }
}
