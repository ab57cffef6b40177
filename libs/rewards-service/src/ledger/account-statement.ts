import { stringify } from 'csv-stringify/sync';
import type { Repository } from 'typeorm';
import { decimalAmount, decimalsOf } from '@referral-ledger/rewards-domain';
import { LedgerEntry, type LedgerPosting } from './ledger-tables';

/** Postings read per query: a statement of any length is written page by page, in bounded memory. */
const PAGE = 2_000;

export interface StatementLine {
  bookedAt: string;
  entryId: string;
  kind: string;
  reference: string;
  /** Signed minor units: a debit is positive, a credit negative (DESIGN.md §5). */
  amount: number;
  /** The account's balance after this line. */
  balance: number;
}

/** An account's statement for `[from, to)`: its head, then its lines as they are read, then the closing balance. */
export interface AccountStatement {
  account: string;
  unit: string;
  /** Decimals of the unit's minor amounts (2 for EUR, 0 for months or points). */
  decimals: number;
  from: string;
  to: string;
  openingBalance: number;
  lines: AsyncIterable<StatementLine>;
  /** Known once every line was read. */
  closingBalance(): number;
}

interface PostingRow {
  booked_at: Date;
  entry_id: string;
  line: number;
  kind: string;
  reference: string;
  amount: bigint;
}

/** From the ledger projection; null for an account never posted to. Lines are read by keyset pages, never all at once. */
export async function accountStatement(postings: Repository<LedgerPosting>, account: string, unit: string, from: Date, to: Date): Promise<AccountStatement | null> {
  const opening = await postings
    .createQueryBuilder('p')
    .select('count(*) > 0', 'posted')
    .addSelect('coalesce(sum(p.amount) FILTER (WHERE p.bookedAt < :from), 0)::bigint', 'balance')
    .where('p.account = :account', { account, from })
    .getRawOne<{ posted: boolean; balance: bigint }>();
  if (!opening?.posted) return null;
  let balance = opening.balance;
  async function* lines(): AsyncGenerator<StatementLine> {
    let after: PostingRow | undefined;
    do {
      const page = postings
        .createQueryBuilder('p')
        .innerJoin(LedgerEntry, 'e', 'e.entryId = p.entryId')
        .select(['p.bookedAt AS booked_at', 'p.entryId AS entry_id', 'p.line AS line', 'e.kind AS kind', 'e.reference AS reference', 'p.amount AS amount'])
        .where('p.account = :account AND p.bookedAt >= :from AND p.bookedAt < :to', { account, from, to })
        .orderBy('p.bookedAt')
        .addOrderBy('p.entryId')
        .addOrderBy('p.line')
        .limit(PAGE);
      if (after) page.andWhere('(p.bookedAt, p.entryId, p.line) > (:bookedAt, :entryId, :line)', { bookedAt: after.booked_at, entryId: after.entry_id, line: after.line });
      const rows = await page.getRawMany<PostingRow>();
      for (const row of rows) {
        balance += row.amount;
        yield { bookedAt: row.booked_at.toISOString(), entryId: row.entry_id, kind: row.kind, reference: row.reference, amount: Number(row.amount), balance: Number(balance) };
      }
      after = rows.length === PAGE ? rows[PAGE - 1] : undefined;
    } while (after);
  }
  return {
    account,
    unit,
    decimals: decimalsOf(unit),
    from: from.toISOString(),
    to: to.toISOString(),
    openingBalance: Number(opening.balance),
    lines: lines(),
    closingBalance: () => Number(balance),
  };
}

/** The statement as one JSON document, written as its lines are read. */
export async function* statementJson(statement: AccountStatement): AsyncGenerator<string> {
  const { lines, closingBalance, ...head } = statement;
  yield `${JSON.stringify(head).slice(0, -1)},"lines":[`;
  let first = true;
  for await (const line of lines) {
    yield `${first ? '' : ','}${JSON.stringify(line)}`;
    first = false;
  }
  yield `],"closingBalance":${closingBalance()}}`;
}

/** RFC 4180 (CRLF, quoted where needed): a header, the opening balance, one row per posting, the closing balance. */
export async function* statementCsv(statement: AccountStatement): AsyncGenerator<string> {
  const decimal = (minor: number) => decimalAmount(minor, statement.decimals);
  const row = (cells: string[]) => stringify([cells], { record_delimiter: 'windows' });
  const balanceRow = (kind: string, at: string, balance: number) => row([at, '', kind, '', statement.unit, '', '', String(balance), decimal(balance)]);
  yield row(['booked_at', 'entry_id', 'kind', 'reference', 'unit', 'amount_minor', 'amount', 'balance_minor', 'balance']);
  yield balanceRow('opening_balance', statement.from, statement.openingBalance);
  for await (const line of statement.lines) {
    yield row([line.bookedAt, line.entryId, line.kind, line.reference, statement.unit, String(line.amount), decimal(line.amount), String(line.balance), decimal(line.balance)]);
  }
  yield balanceRow('closing_balance', statement.to, statement.closingBalance());
}
