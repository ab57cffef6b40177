import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import type { EventStore } from '@referral-ledger/event-store';
import { CLOCK, EVENT_STORE, POSTGRES_POOL, Roles, parseInstant, type Clock } from '@referral-ledger/service-kit';
import { LedgerReports } from './ledger-reports';
import { verifyLedger, type LedgerVerification } from './ledger-verification';

class UnitBalance {
  @ApiProperty({ example: 'EUR' }) unit!: string;
  @ApiProperty({ description: 'sum of the debit balances, minor units' }) debits!: number;
  @ApiProperty({ description: 'sum of the credit balances, minor units' }) credits!: number;
  @ApiProperty() balanced!: boolean;
}

class ProgramUnitBalance extends UnitBalance {
  @ApiProperty({ nullable: true, type: String, description: 'null: entries no program owns (redemptions of pooled balances)' }) programId!: string | null;
}

class TrialBalance {
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty({ type: [UnitBalance] }) units!: UnitBalance[];
  @ApiProperty({ type: [ProgramUnitBalance], description: "each program's part, which balances on its own" }) programs!: ProgramUnitBalance[];
}

/** Finance's view of the ledger projection. */
@ApiTags('ledger')
@Roles('finance', 'admin')
@Controller('v1/ledger')
export class LedgerController {
  constructor(
    @Inject(POSTGRES_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly reports: LedgerReports,
  ) {}

  /** Per unit, the debit balances and the credit balances of all accounts: equal when the books balance. */
  @Get('trial-balance')
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO 8601 instant; default now' })
  @ApiOkResponse({ type: TrialBalance })
  async trialBalance(@Query('asOf') asOf?: string): Promise<TrialBalance> {
    const at = asOf ? parseInstant('asOf', asOf) : this.clock();
    const { rows } = await this.pool.query<{ unit: string; debits: bigint; credits: bigint }>(
      `SELECT unit, coalesce(sum(balance) FILTER (WHERE balance > 0), 0)::bigint AS debits, coalesce(-sum(balance) FILTER (WHERE balance < 0), 0)::bigint AS credits
       FROM (SELECT unit, account, sum(amount) AS balance FROM ledger.postings WHERE booked_at <= $1 GROUP BY unit, account) accounts
       GROUP BY unit ORDER BY unit`,
      [at],
    );
    return {
      asOf: at.toISOString(),
      units: rows.map(({ unit, debits, credits }) => ({ unit, debits: Number(debits), credits: Number(credits), balanced: debits === credits })),
      programs: await this.reports.trialBalanceByProgram(at),
    };
  }

  /** The tamper check: every ledger stream's hash chain recomputed from the events as stored now. */
  @Get('verify')
  @ApiOperation({ summary: "Recompute every ledger stream's hash chain from the stored events: {ok, streams, entries, firstBrokenAt?}" })
  verify(): Promise<LedgerVerification> {
    return verifyLedger(this.store, this.pool);
  }

  /** Journal entries with their postings, newest first, filtered by account or reference, paged by `before`. */
  @Get('entries')
  @ApiQuery({ name: 'account', required: false })
  @ApiQuery({ name: 'reference', required: false })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } })
  async entries(@Query('account') account?: string, @Query('reference') reference?: string, @Query('limit') limit = '100') {
    const size = Math.min(Math.max(Number.parseInt(limit, 10) || 100, 1), 1_000);
    const { rows } = await this.pool.query(
      `SELECT e.entry_id, e.kind, e.reference, e.reverses, e.booked_at,
              json_agg(json_build_object('account', p.account, 'unit', p.unit, 'amount', p.amount) ORDER BY p.line) AS postings
       FROM ledger.entries e JOIN ledger.postings p USING (entry_id)
       WHERE ($1::text IS NULL OR e.entry_id IN (SELECT entry_id FROM ledger.postings WHERE account = $1))
         AND ($2::text IS NULL OR e.reference = $2)
       GROUP BY e.entry_id ORDER BY e.booked_at DESC, e.entry_id LIMIT $3`,
      [account ?? null, reference ?? null, size],
    );
    return {
      entries: rows.map((row) => ({
        entryId: row.entry_id,
        kind: row.kind,
        reference: row.reference,
        reverses: row.reverses,
        bookedAt: row.booked_at.toISOString(),
        postings: row.postings.map((p: { account: string; unit: string; amount: string | number }) => ({ ...p, amount: Number(p.amount) })),
      })),
    };
  }
}
