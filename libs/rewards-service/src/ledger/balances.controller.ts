import { BadRequestException, Controller, Get, Inject, Param, Query } from '@nestjs/common';
import type { Pool } from 'pg';
import { CLOCK, POSTGRES_POOL, Roles, errorBody, type Clock } from '@referral-ledger/service-kit';

export interface CustomerBalance {
  unit: string;
  pending: number;
  available: number;
  redeemed: number;
}

/** Balances and the trial balance, read from the ledger projection. */
@Controller('v1')
export class BalancesController {
  constructor(
    @Inject(POSTGRES_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Customer accounts are credited when rewards come in: shown as positive amounts per unit. */
  @Roles('admin', 'integration')
  @Get('customers/:customerId/balance')
  async balance(@Param('customerId') customerId: string): Promise<{ customerId: string; balances: CustomerBalance[] }> {
    const { rows } = await this.pool.query<{ unit: string; bucket: string; total: bigint }>(
      `SELECT unit, split_part(account, ':', 3) AS bucket, -sum(amount)::bigint AS total
       FROM ledger.postings WHERE account LIKE $1 GROUP BY unit, bucket ORDER BY unit`,
      [`customer:${customerId.replaceAll('%', '\\%').replaceAll('_', '\\_')}:%`],
    );
    const byUnit = new Map<string, CustomerBalance>();
    for (const { unit, bucket, total } of rows) {
      const line = byUnit.get(unit) ?? { unit, pending: 0, available: 0, redeemed: 0 };
      if (bucket === 'pending' || bucket === 'available' || bucket === 'redeemed') line[bucket] = Number(total);
      byUnit.set(unit, line);
    }
    return { customerId, balances: [...byUnit.values()] };
  }

  /** Per unit, the debit balances and the credit balances of all accounts: equal when the books balance. */
  @Roles('finance', 'admin')
  @Get('ledger/trial-balance')
  async trialBalance(@Query('asOf') asOf?: string): Promise<{ asOf: string; units: Array<{ unit: string; debits: number; credits: number; balanced: boolean }> }> {
    const at = asOf ? new Date(asOf) : this.clock();
    if (Number.isNaN(at.getTime())) throw new BadRequestException(errorBody(400, 'Invalid request', [{ field: 'asOf', message: 'asOf must be an ISO 8601 date-time' }]));
    const { rows } = await this.pool.query<{ unit: string; debits: bigint; credits: bigint }>(
      `SELECT unit, coalesce(sum(balance) FILTER (WHERE balance > 0), 0)::bigint AS debits, coalesce(-sum(balance) FILTER (WHERE balance < 0), 0)::bigint AS credits
       FROM (SELECT unit, account, sum(amount) AS balance FROM ledger.postings WHERE booked_at <= $1 GROUP BY unit, account) accounts
       GROUP BY unit ORDER BY unit`,
      [at],
    );
    return { asOf: at.toISOString(), units: rows.map(({ unit, debits, credits }) => ({ unit, debits: Number(debits), credits: Number(credits), balanced: debits === credits })) };
  }
}
