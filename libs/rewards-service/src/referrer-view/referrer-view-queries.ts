import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { LedgerEntry, LedgerPosting } from '../ledger/ledger-tables';
import { ReferralStatusRow, RewardStatusRow } from './referrer-view-tables';

/**
 * The part of a customer's balance one program's rewards made; `programId` null for what no program owns: a
 * redemption spends the pooled available balance, so it shows there (available down, redeemed up).
 */
export interface ProgramBalance extends CustomerBalance {
  programId: string | null;
}

export interface CustomerBalance {
  unit: string;
  pending: number;
  available: number;
  redeemed: number;
  /** Claw-backs of rewards already spent, not yet settled from later rewards: present only while something is owed. */
  owed?: number;
}

export interface ReferralView {
  referralId: string;
  programId: string | null;
  refereeId: string;
  status: string;
  reason: string | null;
  channel: string | null;
  /** The program variant (A/B test) the referrer was in, if the program tests any. */
  variantId: string | null;
  attributedAt: string | null;
  updatedAt: string;
  rewards: Array<{
    rewardId: string;
    beneficiaryId: string;
    role: string;
    kind: string;
    unit: string;
    amount: number;
    status: string;
    releasableAt: string;
    reason: string | null;
  }>;
}

export interface RewardView {
  rewardId: string;
  kind: string;
  unit: string;
  amount: number;
  status: string;
  reason: string | null;
  releasableAt: string;
  /** For `discount_percent`: the voucher to apply in billing. Absent for every other kind. */
  voucherCode?: string;
  /** What earned it: a referral (as referrer or referee), a referral of one's referee (second level), or a milestone reached by a referral. */
  origin: { type: 'referral' | 'second_level' | 'milestone'; referralId: string; role: string };
}

/** Reads for referrers and integrators, from the referral-status, reward-status and ledger projections. */
@Injectable()
export class ReferrerViewQueries {
  constructor(
    @InjectRepository(ReferralStatusRow) private readonly referrals: Repository<ReferralStatusRow>,
    @InjectRepository(RewardStatusRow) private readonly rewards: Repository<RewardStatusRow>,
    @InjectRepository(LedgerPosting) private readonly postings: Repository<LedgerPosting>,
  ) {}

  async referralsOf(referrerId: string, programId?: string): Promise<ReferralView[]> {
    const referrals = this.referrals
      .createQueryBuilder('r')
      .leftJoin(RewardStatusRow, 'w', 'w.referralId = r.referralId')
      .select(['r.referralId AS referral_id', 'r.programId AS program_id', 'r.refereeId AS referee_id', 'r.status AS status', 'r.reason AS reason'])
      .addSelect(['r.channel AS channel', 'r.variantId AS variant_id', 'r.attributedAt AS attributed_at', 'r.updatedAt AS updated_at'])
      .addSelect(
        `coalesce(json_agg(json_build_object('rewardId', w.rewardId, 'beneficiaryId', w.beneficiaryId, 'role', w.role, 'kind', w.kind, 'unit', w.unit,
           'amount', w.amount, 'status', w.status, 'releasableAt', w.releasableAt, 'reason', w.reason) ORDER BY w.role) FILTER (WHERE w.rewardId IS NOT NULL), '[]')`,
        'rewards',
      )
      .where('r.referrerId = :referrerId', { referrerId })
      .groupBy('r.referralId')
      .orderBy('r.attributedAt', 'DESC', 'NULLS LAST')
      .addOrderBy('r.referralId');
    if (programId !== undefined) referrals.andWhere('r.programId = :programId', { programId });
    const rows = await referrals.getRawMany();
    return rows.map((row) => ({
      referralId: row.referral_id,
      programId: row.program_id,
      refereeId: row.referee_id,
      status: row.status,
      reason: row.reason,
      channel: row.channel,
      variantId: row.variant_id,
      attributedAt: row.attributed_at?.toISOString() ?? null,
      updatedAt: row.updated_at.toISOString(),
      rewards: row.rewards,
    }));
  }

  /** Every reward of a customer, whatever its status, newest first. */
  async rewardsOf(customerId: string): Promise<RewardView[]> {
    const rows = await this.rewards.find({ where: { beneficiaryId: customerId }, order: { releasableAt: 'DESC', rewardId: 'ASC' } });
    return rows.map((row) => ({
      rewardId: row.rewardId,
      kind: row.kind,
      unit: row.unit,
      amount: Number(row.amount),
      status: row.status,
      reason: row.reason,
      releasableAt: row.releasableAt.toISOString(),
      origin: { type: row.role === 'milestone' || row.role === 'second_level' ? row.role : 'referral', referralId: row.referralId, role: row.role },
      ...(row.voucherCode ? { voucherCode: row.voucherCode } : {}),
    }));
  }

  /**
   * What a referrer token may see: the rewards earned in its own program, per unit (redemptions are not
   * per program, so `redeemed` is the customer-wide figure only in `balanceOf`).
   */
  async programBalanceOf(customerId: string, programId: string): Promise<CustomerBalance[]> {
    const rows = await this.rewards
      .createQueryBuilder('w')
      .innerJoin(ReferralStatusRow, 'r', 'r.referralId = w.referralId')
      .select('w.unit', 'unit')
      .addSelect("coalesce(sum(w.amount) FILTER (WHERE w.status = 'pending'), 0)::bigint", 'pending')
      .addSelect("coalesce(sum(w.amount) FILTER (WHERE w.status = 'available'), 0)::bigint", 'available')
      .where("w.beneficiaryId = :customerId AND r.programId = :programId AND w.status IN ('pending', 'available')", { customerId, programId })
      .groupBy('w.unit')
      .orderBy('w.unit')
      .getRawMany<{ unit: string; pending: bigint; available: bigint }>();
    return rows.map(({ unit, pending, available }) => ({ unit, pending: Number(pending), available: Number(available), redeemed: 0 }));
  }

  /** Customer accounts are credited when rewards come in: shown as positive amounts per unit. */
  async balanceOf(customerId: string, asOf?: Date): Promise<{ balances: CustomerBalance[]; byProgram: ProgramBalance[] }> {
    const buckets = this.postings
      .createQueryBuilder('p')
      .innerJoin(LedgerEntry, 'e', 'e.entryId = p.entryId')
      .select('p.unit', 'unit')
      .addSelect('e.programId', 'program_id')
      .addSelect('p.accountKind', 'bucket')
      .addSelect('(-sum(p.amount))::bigint', 'total')
      .where("p.ownerId = :customerId AND p.accountKind IN ('pending', 'available', 'redeemed', 'clawback')", { customerId })
      .groupBy('p.unit')
      .addGroupBy('e.programId')
      .addGroupBy('p.accountKind')
      .orderBy('p.unit')
      .addOrderBy('e.programId', 'ASC', 'NULLS LAST');
    if (asOf !== undefined) buckets.andWhere('p.bookedAt <= :asOf', { asOf });
    const rows = await buckets.getRawMany<{ unit: string; program_id: string | null; bucket: string; total: bigint }>();
    const byUnit = new Map<string, CustomerBalance>();
    const byProgram = new Map<string, ProgramBalance>();
    const add = (line: CustomerBalance, bucket: string, total: number) => {
      if (bucket === 'pending' || bucket === 'available' || bucket === 'redeemed') line[bucket] += total;
      // The claw-back account has a debit balance: what the customer owes, shown only while something is.
      if (bucket === 'clawback') line.owed = (line.owed ?? 0) - total;
      if (line.owed === 0) delete line.owed;
    };
    for (const { unit, program_id: programId, bucket, total } of rows) {
      const unitLine = byUnit.get(unit) ?? { unit, pending: 0, available: 0, redeemed: 0 };
      add(unitLine, bucket, Number(total));
      byUnit.set(unit, unitLine);
      const key = `${programId}:${unit}`;
      const programLine = byProgram.get(key) ?? { programId, unit, pending: 0, available: 0, redeemed: 0 };
      add(programLine, bucket, Number(total));
      byProgram.set(key, programLine);
    }
    return { balances: [...byUnit.values()], byProgram: [...byProgram.values()] };
  }
}
