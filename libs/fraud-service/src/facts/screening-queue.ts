import type { Pool, PoolClient } from 'pg';
import { DEFAULT_FRAUD_THRESHOLDS, REFERRER_PACE_SATURATES_AFTER } from '@referral-ledger/fraud-domain';

/** Queues the referrals `where` selects from fraud.referrals (alias r); a queued one gets a new ticket. */
const enqueue = (where: string) => `INSERT INTO fraud.screening_queue (referral_id) SELECT referral_id FROM fraud.referrals r WHERE ${where}
  ON CONFLICT (referral_id) DO UPDATE SET ticket = nextval('fraud.screening_ticket')`;

export interface QueuedScreening {
  referralId: string;
  ticket: string;
  /** Screenings of it that failed so far. */
  failures: number;
}

/** Referrals to score (again); a re-queued referral gets a new ticket, so a screening in flight never drops it. */
export class ScreeningQueue {
  constructor(private readonly db: Pool | PoolClient) {}

  async referrals(referralIds: readonly string[]): Promise<void> {
    if (referralIds.length > 0) await this.db.query(enqueue('referral_id = ANY($1)'), [referralIds]);
  }

  /**
   * New referrals, and the open ones the newcomer's evidence reaches: the reverse (B → A makes the earlier A → B half
   * of a ring), the same referrer's referrals whose referee shares a device, an exact IP or a card with the new one,
   * and the referrer's referrals of that day while its pace still adds points.
   */
  async attributed(referralIds: readonly string[]): Promise<void> {
    if (referralIds.length === 0) return;
    await this.db.query(
      enqueue(
        `referral_id = ANY($1) OR (NOT closed AND referral_id IN (
           SELECT reverse.referral_id FROM fraud.referrals new
             JOIN fraud.referrals reverse ON reverse.referrer_id = new.referee_id AND reverse.referee_id = new.referrer_id
           WHERE new.referral_id = ANY($1)
           UNION
           SELECT sibling.referral_id FROM fraud.referrals new
             JOIN fraud.referrals sibling ON sibling.referrer_id = new.referrer_id AND sibling.referee_id <> new.referee_id
           WHERE new.referral_id = ANY($1) AND (
             EXISTS (SELECT 1 FROM fraud.signups a JOIN fraud.signups b ON a.device_index = b.device_index OR a.ip_index = b.ip_index
                     WHERE a.customer_id = new.referee_id AND b.customer_id = sibling.referee_id)
             OR EXISTS (SELECT 1 FROM fraud.payment_methods a JOIN fraud.payment_methods b USING (fingerprint_index)
                        WHERE a.customer_id = new.referee_id AND b.customer_id = sibling.referee_id))
           UNION
           SELECT sibling.referral_id FROM fraud.referrals new
             JOIN fraud.referrals sibling ON sibling.referrer_id = new.referrer_id AND NOT sibling.released
              AND sibling.attributed_at BETWEEN new.attributed_at - interval '1 day' AND new.attributed_at + interval '1 day'
             CROSS JOIN LATERAL (SELECT coalesce((SELECT (thresholds->>'referrerReferralsPerDay')::int FROM fraud.program_thresholds WHERE program_id = new.program_id), $2) AS per_day) line
           WHERE new.referral_id = ANY($1)
             AND (SELECT count(*) FROM fraud.referrals x WHERE x.referrer_id = new.referrer_id
                    AND x.attributed_at BETWEEN new.attributed_at - interval '1 day' AND new.attributed_at + interval '1 day')
                 BETWEEN line.per_day + 1 AND line.per_day + $3))`,
      ),
      [referralIds, DEFAULT_FRAUD_THRESHOLDS.referrerReferralsPerDay, REFERRER_PACE_SATURATES_AFTER],
    );
  }

  /** Referrals where these customers are referrer or referee: something new about them (a card, an enrolment, a signup). */
  async ofCustomers(customerIds: readonly string[]): Promise<void> {
    if (customerIds.length > 0) await this.db.query(enqueue('NOT closed AND (referee_id = ANY($1) OR referrer_id = ANY($1))'), [customerIds]);
  }

  /** A new card counts against these customers' referrals and every open one whose referee paid with the same card. */
  async afterCards(customerIds: readonly string[]): Promise<void> {
    if (customerIds.length === 0) return;
    await this.ofCustomers(customerIds);
    await this.db.query(
      enqueue(
        `NOT closed AND referee_id IN (
           SELECT other.customer_id FROM fraud.payment_methods new JOIN fraud.payment_methods other USING (fingerprint_index)
           WHERE new.customer_id = ANY($1) AND other.customer_id <> new.customer_id)`,
      ),
      [customerIds],
    );
  }

  /**
   * Late evidence: new signups count for every referral still in hold whose referee signed up within a day of one of
   * them from the same network or with a sibling address (`user1@`, `user2@` …).
   */
  async afterSignups(customerIds: readonly string[]): Promise<void> {
    if (customerIds.length === 0) return;
    await this.ofCustomers(customerIds);
    await this.db.query(
      enqueue(
        `NOT closed AND NOT released AND referee_id IN (
           SELECT other.customer_id FROM fraud.signups new JOIN fraud.signups other
             ON (other.network_index = new.network_index OR other.email_stem_index = new.email_stem_index)
            AND other.signed_up_at BETWEEN new.signed_up_at - interval '1 day' AND new.signed_up_at + interval '1 day'
           WHERE new.customer_id = ANY($1) AND other.customer_id <> new.customer_id)`,
      ),
      [customerIds],
    );
  }

  /** The oldest queued referrals, but for those waiting to be tried again after a failure. */
  async take(limit: number): Promise<QueuedScreening[]> {
    const { rows } = await this.db.query<{ referral_id: string; ticket: string; failures: number }>(
      'SELECT referral_id, ticket::text, failures FROM fraud.screening_queue WHERE retry_at IS NULL OR retry_at <= now() ORDER BY ticket LIMIT $1',
      [limit],
    );
    return rows.map((row) => ({ referralId: row.referral_id, ticket: row.ticket, failures: row.failures }));
  }

  /** Queues a referral as new, its failures forgotten: an operator replayed it. */
  async afresh(referralId: string): Promise<void> {
    await this.db.query(
      `INSERT INTO fraud.screening_queue (referral_id) SELECT referral_id FROM fraud.referrals WHERE referral_id = $1
       ON CONFLICT (referral_id) DO UPDATE SET ticket = nextval('fraud.screening_ticket'), failures = 0, retry_at = NULL, last_error = NULL`,
      [referralId],
    );
  }

  /** Counts a failed screening and puts the next try off by `retryAfterMs`. */
  async failed(referralId: string, error: string, retryAfterMs: number): Promise<void> {
    await this.db.query(`UPDATE fraud.screening_queue SET failures = failures + 1, last_error = $2, retry_at = now() + $3 * interval '1 millisecond' WHERE referral_id = $1`, [
      referralId,
      error,
      retryAfterMs,
    ]);
  }

  /** How long until the first referral put off after a failure may be tried again; null when none waits. */
  async nextRetryInMs(): Promise<number | null> {
    const { rows } = await this.db.query<{ ms: number | null }>(
      'SELECT greatest(0, extract(epoch FROM min(retry_at) - now()) * 1000)::int AS ms FROM fraud.screening_queue WHERE retry_at > now()',
    );
    return rows[0].ms;
  }

  async size(): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM fraud.screening_queue');
    return rows[0].n;
  }

  /** Done with these tickets; a referral queued again meanwhile stays, under its newer ticket. */
  async done(screened: readonly QueuedScreening[]): Promise<void> {
    if (screened.length === 0) return;
    await this.db.query(
      'DELETE FROM fraud.screening_queue q USING unnest($1::text[], $2::bigint[]) AS s(referral_id, ticket) WHERE q.referral_id = s.referral_id AND q.ticket = s.ticket',
      [screened.map((entry) => entry.referralId), screened.map((entry) => entry.ticket)],
    );
  }
}
