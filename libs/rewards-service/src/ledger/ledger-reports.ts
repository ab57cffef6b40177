import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { LedgerEntry, LedgerPosting } from './ledger-tables';

export interface UnitTrialBalance {
  unit: string;
  debits: number;
  credits: number;
  balanced: boolean;
}

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

/** Balances summed per account: positive ones are debits, negative ones credits. */
const DEBITS = 'coalesce(sum(balance) FILTER (WHERE balance > 0), 0)::bigint';
const CREDITS = 'coalesce(-sum(balance) FILTER (WHERE balance < 0), 0)::bigint';

/** Ledger figures for finance, from the ledger projection; every amount in minor units, exact at the instants given. */
@Injectable()
export class LedgerReports {
  constructor(@InjectRepository(LedgerPosting) private readonly postings: Repository<LedgerPosting>) {}

  /** Per unit, the debit and credit balances of all accounts as of `asOf`: equal when the books balance. */
  async trialBalance(asOf: Date): Promise<UnitTrialBalance[]> {
    const rows = await this.overAccountBalances(asOf, false)
      .select('unit')
      .addSelect(DEBITS, 'debits')
      .addSelect(CREDITS, 'credits')
      .groupBy('unit')
      .orderBy('unit')
      .getRawMany<{ unit: string; debits: bigint; credits: bigint }>();
    return rows.map(({ unit, debits, credits }) => ({ unit, debits: Number(debits), credits: Number(credits), balanced: debits === credits }));
  }

  /** Per program and unit, the debit and credit balances of the accounts as of `asOf`: each program's books balance. */
  async trialBalanceByProgram(asOf: Date): Promise<ProgramTrialBalance[]> {
    const rows = await this.overAccountBalances(asOf, true)
      .select('program_id')
      .addSelect('unit')
      .addSelect(DEBITS, 'debits')
      .addSelect(CREDITS, 'credits')
      .groupBy('program_id')
      .addGroupBy('unit')
      .orderBy('program_id', 'ASC', 'NULLS LAST')
      .addOrderBy('unit')
      .getRawMany<{ program_id: string | null; unit: string; debits: bigint; credits: bigint }>();
    return rows.map((row) => ({ programId: row.program_id, unit: row.unit, debits: Number(row.debits), credits: Number(row.credits), balanced: row.debits === row.credits }));
  }

  /** Pending plus available per program and unit as of `asOf`, and what customers owe from claw-backs per unit. */
  async liability(asOf: Date): Promise<{ lines: LiabilityLine[]; owedByCustomers: Array<{ unit: string; owed: number }> }> {
    const rows = await this.withEntries()
      .select('e.programId', 'program_id')
      .addSelect('p.unit', 'unit')
      .addSelect("(-coalesce(sum(p.amount) FILTER (WHERE p.accountKind = 'pending'), 0))::bigint", 'pending')
      .addSelect("(-coalesce(sum(p.amount) FILTER (WHERE p.accountKind = 'available'), 0))::bigint", 'available')
      .where("p.accountKind IN ('pending', 'available') AND p.bookedAt <= :asOf", { asOf })
      .groupBy('e.programId')
      .addGroupBy('p.unit')
      .orderBy('e.programId', 'ASC', 'NULLS LAST')
      .addOrderBy('p.unit')
      .getRawMany<{ program_id: string | null; unit: string; pending: bigint; available: bigint }>();
    const owed = await this.postings
      .createQueryBuilder('p')
      .select('p.unit', 'unit')
      .addSelect('sum(p.amount)::bigint', 'owed')
      .where("p.accountKind = 'clawback' AND p.bookedAt <= :asOf", { asOf })
      .groupBy('p.unit')
      .having('sum(p.amount) <> 0')
      .orderBy('p.unit')
      .getRawMany<{ unit: string; owed: bigint }>();
    return {
      lines: rows.map((row) => ({
        programId: row.program_id,
        unit: row.unit,
        pending: Number(row.pending),
        available: Number(row.available),
        outstanding: Number(row.pending + row.available),
      })),
      owedByCustomers: owed.map((row) => ({ unit: row.unit, owed: Number(row.owed) })),
    };
  }

  /** What rewards cost each program in `[from, to)`, by unit and reward kind: granted, taken back, net. */
  async expense(from: Date, to: Date): Promise<ExpenseLine[]> {
    const rows = await this.withEntries()
      .select('p.ownerId', 'program_id')
      .addSelect('p.unit', 'unit')
      .addSelect('e.rewardKind', 'reward_kind')
      .addSelect('coalesce(sum(p.amount) FILTER (WHERE p.amount > 0), 0)::bigint', 'granted')
      .addSelect('(-coalesce(sum(p.amount) FILTER (WHERE p.amount < 0), 0))::bigint', 'taken_back')
      .where("p.accountKind = 'expense' AND p.bookedAt >= :from AND p.bookedAt < :to", { from, to })
      .groupBy('p.ownerId')
      .addGroupBy('p.unit')
      .addGroupBy('e.rewardKind')
      .orderBy('p.ownerId')
      .addOrderBy('p.unit')
      .addOrderBy('e.rewardKind')
      .getRawMany<{ program_id: string; unit: string; reward_kind: string | null; granted: bigint; taken_back: bigint }>();
    return rows.map((row) => ({
      programId: row.program_id,
      unit: row.unit,
      rewardKind: row.reward_kind,
      granted: Number(row.granted),
      takenBack: Number(row.taken_back),
      net: Number(row.granted - row.taken_back),
    }));
  }

  private withEntries() {
    return this.postings.createQueryBuilder('p').innerJoin(LedgerEntry, 'e', 'e.entryId = p.entryId');
  }

  /** A query over each account's balance at `asOf` (`unit`, `account`, `balance`, and `program_id` when by program). */
  private overAccountBalances(asOf: Date, byProgram: boolean) {
    const accounts = (byProgram ? this.withEntries().select('e.programId', 'program_id').groupBy('e.programId') : this.postings.createQueryBuilder('p').select([]))
      .addSelect('p.unit', 'unit')
      .addSelect('p.account', 'account')
      .addSelect('sum(p.amount)', 'balance')
      .where('p.bookedAt <= :asOf', { asOf })
      .addGroupBy('p.unit')
      .addGroupBy('p.account');
    return this.postings.manager.createQueryBuilder().from(`(${accounts.getQuery()})`, 'accounts').setParameters(accounts.getParameters());
  }
}
