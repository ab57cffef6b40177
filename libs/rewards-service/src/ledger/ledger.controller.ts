import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { EventStore } from '@referral-ledger/event-store';
import { CLOCK, EVENT_STORE, Roles, parseInstant, type Clock } from '@referral-ledger/service-kit';
import { LedgerReports } from './ledger-reports';
import { LedgerChainLink, LedgerEntry, LedgerPosting } from './ledger-tables';
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
    @InjectRepository(LedgerEntry) private readonly entriesTable: Repository<LedgerEntry>,
    @InjectRepository(LedgerChainLink) private readonly chainLinks: Repository<LedgerChainLink>,
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
    return {
      asOf: at.toISOString(),
      units: await this.reports.trialBalance(at),
      programs: await this.reports.trialBalanceByProgram(at),
    };
  }

  /** The tamper check: every ledger stream's hash chain recomputed from the events as stored now. */
  @Get('verify')
  @ApiOperation({ summary: "Recompute every ledger stream's hash chain from the stored events: {ok, streams, entries, firstBrokenAt?}" })
  verify(): Promise<LedgerVerification> {
    return verifyLedger(this.store, this.chainLinks);
  }

  /** Journal entries with their postings, newest first, filtered by account or reference, paged by `before`. */
  @Get('entries')
  @ApiQuery({ name: 'account', required: false })
  @ApiQuery({ name: 'reference', required: false })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } })
  async entries(@Query('account') account?: string, @Query('reference') reference?: string, @Query('limit') limit = '100') {
    const size = Math.min(Math.max(Number.parseInt(limit, 10) || 100, 1), 1_000);
    const page = this.entriesTable
      .createQueryBuilder('e')
      .innerJoin(LedgerPosting, 'p', 'p.entryId = e.entryId')
      .select(['e.entryId AS entry_id', 'e.kind AS kind', 'e.reference AS reference', 'e.reverses AS reverses', 'e.bookedAt AS booked_at'])
      .addSelect("json_agg(json_build_object('account', p.account, 'unit', p.unit, 'amount', p.amount) ORDER BY p.line)", 'postings')
      .groupBy('e.entryId')
      .orderBy('e.bookedAt', 'DESC')
      .addOrderBy('e.entryId')
      .limit(size);
    if (account !== undefined)
      page.andWhere((entries) => `e.entryId IN ${entries.subQuery().select('a.entryId').from(LedgerPosting, 'a').where('a.account = :account', { account }).getQuery()}`);
    if (reference !== undefined) page.andWhere('e.reference = :reference', { reference });
    const rows = await page.getRawMany<{
      entry_id: string;
      kind: string;
      reference: string;
      reverses: string | null;
      booked_at: Date;
      postings: Array<{ account: string; unit: string; amount: number }>;
    }>();
    return {
      entries: rows.map((row) => ({
        entryId: row.entry_id,
        kind: row.kind,
        reference: row.reference,
        reverses: row.reverses,
        bookedAt: row.booked_at.toISOString(),
        postings: row.postings,
      })),
    };
  }
}
