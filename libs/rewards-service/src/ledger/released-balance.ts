import type { Pool } from 'pg';
import { Accounts } from '@referral-ledger/rewards-domain';

/**
 * What rewards released to a customer in one unit, from the ledger projection: it may lag behind, never run ahead,
 * so what the wallet allows from it is never more than is there. `including` is a release the caller has just
 * booked: counted whether or not the projection has caught up with it.
 */
export async function releasedTo(pool: Pool, customerId: string, unit: string, including?: { entryId: string; amount: number }): Promise<number> {
  const { rows } = await pool.query<{ released: string; included: boolean }>(
    `SELECT coalesce(-sum(p.amount), 0)::text AS released, coalesce(bool_or(e.entry_id = $2), false) AS included
     FROM ledger.postings p JOIN ledger.entries e USING (entry_id)
     WHERE p.account = $1 AND e.kind = 'release'`,
    [Accounts.available(customerId, unit), including?.entryId ?? null],
  );
  return Number(rows[0].released) + (including && !rows[0].included ? including.amount : 0);
}
