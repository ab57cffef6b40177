import { BadRequestException, Controller, Get, Headers, Inject, NotFoundException, Param, Query, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import type { Repository } from 'typeorm';
import { parseAccount } from '@referral-ledger/rewards-domain';
import { CLOCK, ErrorResponse, Roles, errorBody, parseInstant, type Clock } from '@referral-ledger/service-kit';
import { accountStatement, statementCsv, statementJson } from './account-statement';
import { LedgerReports } from './ledger-reports';
import { LedgerPosting } from './ledger-tables';

/** Finance's reports on the ledger projection: statements, the liability at an instant, the expense of a period. */
@ApiTags('ledger')
@Roles('finance', 'admin')
@Controller('v1/ledger')
export class FinanceReportsController {
  constructor(
    @InjectRepository(LedgerPosting) private readonly postings: Repository<LedgerPosting>,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly reports: LedgerReports,
  ) {}

  /** An account's postings in a period with opening, running and closing balances; CSV with `Accept: text/csv`. Streamed. */
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
    @Res() response: Response,
  ): Promise<void> {
    const name = parseAccount(account);
    if (!name)
      throw new BadRequestException(
        errorBody(400, 'Invalid request', [
          { field: 'account', message: 'must be a ledger account: program:{p}:expense:{unit} or customer:{c}:pending|available|redeemed|clawback:{unit}, URL-encoded' },
        ]),
      );
    const { start, end } = this.period(from, to);
    const statement = await accountStatement(this.postings, account, name.unit, start, end);
    if (!statement) throw new NotFoundException(`No posting was ever made to account ${account}`);
    const csv = accept?.includes('text/csv');
    if (csv) response.attachment(`statement-${account.replace(/[^\w.-]/g, '_')}.csv`).type('text/csv; charset=utf-8');
    else response.type('application/json; charset=utf-8');
    // pipeline keeps to the client's pace; a failure mid-way destroys the response: its status line is gone, so a
    // body cut short is how the client learns the statement is incomplete. A client that leaves stops the reading.
    await pipeline(Readable.from(csv ? statementCsv(statement) : statementJson(statement)), response).catch(() => undefined);
  }

  /** Outstanding rewards (pending plus available) per program and unit at an instant: what finance books as a liability. */
  @Get('reports/liability')
  @ApiOperation({ summary: 'Outstanding rewards (pending + available) by program and unit as of an instant, and what customers owe from claw-backs' })
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO 8601 instant; default now' })
  async liability(@Query('asOf') asOf?: string) {
    const at = asOf ? parseInstant('asOf', asOf) : this.clock();
    return { asOf: at.toISOString(), ...(await this.reports.liability(at)) };
  }

  /** What rewards cost each program in a period, by unit and reward kind. */
  @Get('reports/expense')
  @ApiOperation({ summary: 'Reward expense by program, unit and reward kind in a period: granted, taken back (reversed or clawed back), net' })
  @ApiQuery({ name: 'from', required: false, description: 'ISO 8601, inclusive; default: the first posting' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO 8601, exclusive; default: now, included' })
  async expense(@Query('from') from?: string, @Query('to') to?: string) {
    const { start, end } = this.period(from, to);
    return { from: start.toISOString(), to: end.toISOString(), lines: await this.reports.expense(start, end) };
  }

  /** `[from, to)`: `to` exclusive so that months follow each other; by default it takes in what was booked at this very instant. */
  private period(from: string | undefined, to: string | undefined): { start: Date; end: Date } {
    const start = from ? parseInstant('from', from) : new Date(0);
    const end = to ? parseInstant('to', to) : new Date(this.clock().getTime() + 1);
    if (end < start) throw new BadRequestException(errorBody(400, 'Invalid request', [{ field: 'to', message: 'to must not be before from' }]));
    return { start, end };
  }
}
