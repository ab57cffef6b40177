import type { Pool } from 'pg';
import { Accounts } from '@referral-ledger/rewards-domain';

/**
 * What rewards released to a customer in one unit, from the ledger projection: it may lag behind, never run ahead,
 * so what the wallet allows from it is never more than is there.
 */
export async function releasedTo(pool: Pool, customerId: string, unit: string): Promise<number> {
  const { rows } = await pool.query<{ released: string }>(
    `SELECT coalesce(-sum(p.amount), 0)::text AS released FROM ledger.postings p JOIN ledger.entries e USING (entry_id)
     WHERE p.account = $1 AND e.kind = 'release'`,
    [Accounts.available(customerId, unit)],
  );
  return Number(rows[0].released);
}
