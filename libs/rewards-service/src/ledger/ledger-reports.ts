import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { POSTGRES_POOL } from '@referral-ledger/service-kit';

/** A program's part of the trial balance in one unit; programId null for entries no program owns (redemptions). */
export interface ProgramTrialBalance {
  programId: string | null;
  unit: string;
  debits: number;
  credits: number;
  balanced: boolean;
}

/** What the platform owes customers in rewards at an instant: booked as a liability at month end. */
export interface LiabilityLine {
  /** Null: redemptions, which spend the pooled available balance of no program. */
  programId: string | null;
  unit: string;
  pending: number;
  available: number;
  outstanding: number;
}

export interface ExpenseLine {
  programId: string;
  unit: string;
  rewardKind: string | null;
  /** Granted in the period (debits of the program's expense account). */
  granted: number;
  /** Reversed or clawed back in the period (its credits). */
  takenBack: number;
  net: number;
}

/** Ledger figures for finance, from the ledger projection; every amount in minor units, exact at the instants given. */
@Injectable()
export class LedgerReports {
  constructor(@Inject(POSTGRES_POOL) private readonly pool: Pool) {}

  /** Per program and unit, the debit and credit balances of the accounts as of `asOf`: each program's books balance. */
  async trialBalanceByProgram(asOf: Date): Promise<ProgramTrialBalance[]> {
    const { rows } = await this.pool.query<{ program_id: string | null; unit: string; debits: string; credits: string }>(
      `SELECT program_id, unit, coalesce(sum(balance) FILTER (WHERE balance > 0), 0)::text AS debits, coalesce(-sum(balance) FILTER (WHERE balance < 0), 0)::text AS credits
       FROM (SELECT e.program_id, p.unit, p.account, sum(p.amount) AS balance
             FROM ledger.postings p JOIN ledger.entries e USING (entry_id) WHERE p.booked_at <= $1 GROUP BY e.program_id, p.unit, p.account) accounts
       GROUP BY program_id, unit ORDER BY program_id NULLS LAST, unit`,
      [asOf],
    );
    return rows.map((row) => ({ programId: row.program_id, unit: row.unit, debits: Number(row.debits), credits: Number(row.credits), balanced: row.debits === row.credits }));
  }

  /** Pending plus available per program and unit as of `asOf`, and what customers owe from claw-backs per unit. */
  async liability(asOf: Date): Promise<{ lines: LiabilityLine[]; owedByCustomers: Array<{ unit: string; owed: number }> }> {
    const { rows } = await this.pool.query<{ program_id: string | null; unit: string; pending: string; available: string }>(
      `SELECT e.program_id, p.unit, (-coalesce(sum(p.amount) FILTER (WHERE p.account_kind = 'pending'), 0))::text AS pending,
              (-coalesce(sum(p.amount) FILTER (WHERE p.account_kind = 'available'), 0))::text AS available
       FROM ledger.postings p JOIN ledger.entries e USING (entry_id)
       WHERE p.account_kind IN ('pending', 'available') AND p.booked_at <= $1
       GROUP BY e.program_id, p.unit ORDER BY e.program_id NULLS LAST, p.unit`,
      [asOf],
    );
    const { rows: owed } = await this.pool.query<{ unit: string; owed: string }>(
      `SELECT unit, sum(amount)::text AS owed FROM ledger.postings WHERE account_kind = 'clawback' AND booked_at <= $1 GROUP BY unit HAVING sum(amount) <> 0 ORDER BY unit`,
      [asOf],
    );
    return {
      lines: rows.map((row) => ({
        programId: row.program_id,
        unit: row.unit,
        pending: Number(row.pending),
        available: Number(row.available),
        outstanding: Number(row.pending) + Number(row.available),
      })),
      owedByCustomers: owed.map((row) => ({ unit: row.unit, owed: Number(row.owed) })),
    };
  }

  /** What rewards cost each program in `[from, to)`, by unit and reward kind: granted, taken back, net. */
  async expense(from: Date, to: Date): Promise<ExpenseLine[]> {
    const { rows } = await this.pool.query<{ program_id: string; unit: string; reward_kind: string | null; granted: string; taken_back: string }>(
      `SELECT p.owner_id AS program_id, p.unit, e.reward_kind,
              coalesce(sum(p.amount) FILTER (WHERE p.amount > 0), 0)::text AS granted, (-coalesce(sum(p.amount) FILTER (WHERE p.amount < 0), 0))::text AS taken_back
       FROM ledger.postings p JOIN ledger.entries e USING (entry_id)
       WHERE p.account_kind = 'expense' AND p.booked_at >= $1 AND p.booked_at < $2
       GROUP BY p.owner_id, p.unit, e.reward_kind ORDER BY p.owner_id, p.unit, e.reward_kind`,
      [from, to],
    );
    return rows.map((row) => ({
      programId: row.program_id,
      unit: row.unit,
      rewardKind: row.reward_kind,
      granted: Number(row.granted),
      takenBack: Number(row.taken_back),
      net: Number(row.granted) - Number(row.taken_back),
    }));
  }
}
