import { BadRequestException, Controller, Get, Headers, Inject, NotFoundException, Param, Query, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Pool } from 'pg';
import { parseAccount } from '@referral-ledger/rewards-domain';
import type { EventStore } from '@referral-ledger/event-store';
import { CLOCK, EVENT_STORE, ErrorResponse, POSTGRES_POOL, Roles, errorBody, parseInstant, type Clock } from '@referral-ledger/service-kit';
import { accountStatement, statementCsv, type AccountStatement } from './account-statement';
import { verifyLedger, type LedgerVerification } from './ledger-verification';

class UnitBalance {
  @ApiProperty({ example: 'EUR' }) unit!: string;
  @ApiProperty({ description: 'sum of the debit balances, minor units' }) debits!: number;
  @ApiProperty({ description: 'sum of the credit balances, minor units' }) credits!: number;
  @ApiProperty() balanced!: boolean;
}

class TrialBalance {
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty({ type: [UnitBalance] }) units!: UnitBalance[];
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
    return { asOf: at.toISOString(), units: rows.map(({ unit, debits, credits }) => ({ unit, debits: Number(debits), credits: Number(credits), balanced: debits === credits })) };
  }

  /** The tamper check: every ledger stream's hash chain recomputed from the events as stored now. */
  @Get('verify')
  @ApiOperation({ summary: "Recompute every ledger stream's hash chain from the stored events: {ok, streams, entries, firstBrokenAt?}" })
  verify(): Promise<LedgerVerification> {
    return verifyLedger(this.store, this.pool);
  }

  /** An account's postings in a period with opening, running and closing balances; CSV with `Accept: text/csv`. */
  @Get('accounts/:account/statement')
  @ApiOperation({ summary: 'Account statement, from (inclusive) to (exclusive); amounts signed, debit positive; JSON, or CSV (RFC 4180) with Accept: text/csv' })
  @ApiQuery({ name: 'from', required: false, description: 'ISO 8601; default: the first posting' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO 8601, exclusive; default: now, included' })
  @ApiProduces('application/json', 'text/csv')
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'no posting was ever made to this account' })
  async statement(
    @Param('account') account: string,
    @Query('from') from: string | undefined,
    @Query('to') to: string | undefined,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AccountStatement | string> {
    const name = parseAccount(account);
    if (!name)
      throw new BadRequestException(
        errorBody(400, 'Invalid request', [
          { field: 'account', message: 'must be a ledger account: program:{p}:expense:{unit} or customer:{c}:pending|available|redeemed|clawback:{unit}, URL-encoded' },
        ]),
      );
    const start = from ? parseInstant('from', from) : new Date(0);
    // `to` is exclusive, so that months follow each other; the default takes in what was booked at this very instant.
    const end = to ? parseInstant('to', to) : new Date(this.clock().getTime() + 1);
    if (end < start) throw new BadRequestException(errorBody(400, 'Invalid request', [{ field: 'to', message: 'to must not be before from' }]));
    const statement = await accountStatement(this.pool, account, name.unit, start, end);
    if (!statement) throw new NotFoundException(`No posting was ever made to account ${account}`);
    if (!accept?.includes('text/csv')) return statement;
    response.attachment(`statement-${account.replace(/[^\w.-]/g, '_')}.csv`).type('text/csv; charset=utf-8');
    return statementCsv(statement);
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
