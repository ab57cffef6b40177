import { stringify } from 'csv-stringify/sync';
import type { Pool } from 'pg';
import { decimalAmount, decimalsOf } from '@referral-ledger/rewards-domain';

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

export interface AccountStatement {
  account: string;
  unit: string;
  /** Decimals of the unit's minor amounts (2 for EUR, 0 for months or points). */
  decimals: number;
  /** The period: from (inclusive) to (exclusive). */
  from: string;
  to: string;
  openingBalance: number;
  closingBalance: number;
  lines: StatementLine[];
}

/** An account's postings in a period with the running balance, from the ledger projection; null for an account never posted to. */
export async function accountStatement(pool: Pool, account: string, unit: string, from: Date, to: Date): Promise<AccountStatement | null> {
  const { rows: opening } = await pool.query<{ posted: boolean; balance: string }>(
    `SELECT EXISTS (SELECT 1 FROM ledger.postings WHERE account = $1) AS posted,
            coalesce((SELECT sum(amount) FROM ledger.postings WHERE account = $1 AND booked_at < $2), 0)::text AS balance`,
    [account, from],
  );
  if (!opening[0].posted) return null;
  const openingBalance = Number(opening[0].balance);
  const { rows } = await pool.query<{ booked_at: Date; entry_id: string; kind: string; reference: string; amount: string; balance: string }>(
    `SELECT p.booked_at, p.entry_id, e.kind, e.reference, p.amount::text,
            ($4::bigint + sum(p.amount) OVER (ORDER BY p.booked_at, p.entry_id, p.line))::text AS balance
     FROM ledger.postings p JOIN ledger.entries e USING (entry_id)
     WHERE p.account = $1 AND p.booked_at >= $2 AND p.booked_at < $3
     ORDER BY p.booked_at, p.entry_id, p.line`,
    [account, from, to, openingBalance],
  );
  const lines = rows.map((row) => ({
    bookedAt: row.booked_at.toISOString(),
    entryId: row.entry_id,
    kind: row.kind,
    reference: row.reference,
    amount: Number(row.amount),
    balance: Number(row.balance),
  }));
  return {
    account,
    unit,
    decimals: decimalsOf(unit),
    from: from.toISOString(),
    to: to.toISOString(),
    openingBalance,
    closingBalance: lines.at(-1)?.balance ?? openingBalance,
    lines,
  };
}

/** RFC 4180 (CRLF, quoted where needed): a header, the opening balance, one row per posting, the closing balance. */
export function statementCsv(statement: AccountStatement): string {
  const decimal = (minor: number) => decimalAmount(minor, statement.decimals);
  const balanceRow = (kind: string, at: string, balance: number) => [at, '', kind, '', statement.unit, '', '', String(balance), decimal(balance)];
  return stringify(
    [
      balanceRow('opening_balance', statement.from, statement.openingBalance),
      ...statement.lines.map((line) => [
        line.bookedAt,
        line.entryId,
        line.kind,
        line.reference,
        statement.unit,
        String(line.amount),
        decimal(line.amount),
        String(line.balance),
        decimal(line.balance),
      ]),
      balanceRow('closing_balance', statement.to, statement.closingBalance),
    ],
    { header: true, columns: ['booked_at', 'entry_id', 'kind', 'reference', 'unit', 'amount_minor', 'amount', 'balance_minor', 'balance'], record_delimiter: 'windows' },
  );
}
