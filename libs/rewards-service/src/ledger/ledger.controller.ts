import { BadRequestException, Controller, Get, Inject, Query } from '@nestjs/common';
import type { Pool } from 'pg';
import { CLOCK, POSTGRES_POOL, Roles, errorBody, type Clock } from '@referral-ledger/service-kit';

/** Finance's view of the ledger projection. */
@Roles('finance', 'admin')
@Controller('v1/ledger')
export class LedgerController {
  constructor(
    @Inject(POSTGRES_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Per unit, the debit balances and the credit balances of all accounts: equal when the books balance. */
  @Get('trial-balance')
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
