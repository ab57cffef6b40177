import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { POSTGRES_POOL } from '@referral-ledger/service-kit';

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
  constructor(@Inject(POSTGRES_POOL) private readonly pool: Pool) {}

  async referralsOf(referrerId: string, programId?: string): Promise<ReferralView[]> {
    const { rows } = await this.pool.query(
      `SELECT r.referral_id, r.program_id, r.referee_id, r.status, r.reason, r.channel, r.variant_id, r.attributed_at, r.updated_at,
              coalesce(json_agg(json_build_object('rewardId', w.reward_id, 'beneficiaryId', w.beneficiary_id, 'role', w.role, 'kind', w.kind,
                'unit', w.unit, 'amount', w.amount, 'status', w.status, 'releasableAt', w.releasable_at, 'reason', w.reason) ORDER BY w.role) FILTER (WHERE w.reward_id IS NOT NULL), '[]') AS rewards
       FROM rewards.referral_status r LEFT JOIN rewards.reward_status w ON w.referral_id = r.referral_id
       WHERE r.referrer_id = $1 AND ($2::text IS NULL OR r.program_id = $2)
       GROUP BY r.referral_id ORDER BY r.attributed_at DESC NULLS LAST, r.referral_id`,
      [referrerId, programId ?? null],
    );
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
    const { rows } = await this.pool.query(
      `SELECT reward_id, referral_id, role, kind, unit, amount, status, reason, releasable_at, voucher_code FROM rewards.reward_status
       WHERE beneficiary_id = $1 ORDER BY releasable_at DESC, reward_id`,
      [customerId],
    );
    return rows.map((row) => ({
      rewardId: row.reward_id,
      kind: row.kind,
      unit: row.unit,
      amount: Number(row.amount),
      status: row.status,
      reason: row.reason,
      releasableAt: row.releasable_at.toISOString(),
      origin: { type: row.role === 'milestone' || row.role === 'second_level' ? row.role : 'referral', referralId: row.referral_id, role: row.role },
      ...(row.voucher_code ? { voucherCode: row.voucher_code } : {}),
    }));
  }

  /**
   * What a referrer token may see: the rewards earned in its own program, per unit (redemptions are not
   * per program, so `redeemed` is the customer-wide figure only in `balanceOf`).
   */
  async programBalanceOf(customerId: string, programId: string): Promise<CustomerBalance[]> {
    const { rows } = await this.pool.query<{ unit: string; pending: bigint; available: bigint }>(
      `SELECT w.unit, coalesce(sum(w.amount) FILTER (WHERE w.status = 'pending'), 0)::bigint AS pending,
              coalesce(sum(w.amount) FILTER (WHERE w.status = 'available'), 0)::bigint AS available
       FROM rewards.reward_status w JOIN rewards.referral_status r ON r.referral_id = w.referral_id
       WHERE w.beneficiary_id = $1 AND r.program_id = $2 AND w.status IN ('pending', 'available')
       GROUP BY w.unit ORDER BY w.unit`,
      [customerId, programId],
    );
    return rows.map(({ unit, pending, available }) => ({ unit, pending: Number(pending), available: Number(available), redeemed: 0 }));
  }

  /** Customer accounts are credited when rewards come in: shown as positive amounts per unit. */
  async balanceOf(customerId: string, asOf?: Date): Promise<{ balances: CustomerBalance[]; byProgram: ProgramBalance[] }> {
    const { rows } = await this.pool.query<{ unit: string; program_id: string | null; bucket: string; total: string }>(
      `SELECT p.unit, e.program_id, p.account_kind AS bucket, (-sum(p.amount))::text AS total
       FROM ledger.postings p JOIN ledger.entries e USING (entry_id)
       WHERE p.owner_id = $1 AND p.account_kind IN ('pending', 'available', 'redeemed', 'clawback') AND ($2::timestamptz IS NULL OR p.booked_at <= $2)
       GROUP BY p.unit, e.program_id, p.account_kind ORDER BY p.unit, e.program_id NULLS LAST`,
      [customerId, asOf ?? null],
    );
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
