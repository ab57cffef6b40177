import DataLoader from 'dataloader';
import type { Pool } from 'pg';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** A delivery claimed for one attempt, with what it takes to send it. */
export interface DueDelivery {
  id: string;
  eventId: string;
  body: Buffer;
  url: string;
  secret: string;
  attempts: number;
  firstAttemptAt: Date | null;
}

export interface DeliveryView {
  id: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
}

/** An outbound event to fan out: its CloudEvent id and type, when it happened, the bytes to send, and the time it is enqueued. */
export interface OutboundEvent {
  id: string;
  type: string;
  time: Date;
  body: Buffer;
  now: Date;
}

/** How long a claimed delivery is ours before another dispatcher may take it (a crash mid-send). */
const LEASE_MS = 60_000;

/**
 * Webhook deliveries in Postgres: enqueued once per subscription and event, claimed by lease (several replicas,
 * no transaction held while sending), then delivered, retried later, or failed for good. A restart loses nothing.
 */
export class DeliveryQueue {
  /** Events fanned out in the same turn (a consumer's batch runs its keys side by side) go in one statement. */
  private readonly fanOut = new DataLoader<OutboundEvent, number>((events) => this.enqueueAll(events), { cache: false, batchScheduleFn: (run) => setImmediate(run) });

  constructor(private readonly pool: Pool) {}

  /** For every subscription to the event's type that existed when the event happened; a second time adds nothing. */
  enqueue(event: OutboundEvent): Promise<number> {
    return this.fanOut.load(event);
  }

  private async enqueueAll(events: readonly OutboundEvent[]): Promise<number[]> {
    const { rows } = await this.pool.query<{ event_id: string }>(
      `INSERT INTO webhooks.deliveries (subscription_id, event_id, event_type, body, status, next_attempt_at, created_at)
       SELECT s.id, e.id, e.type, e.body, 'pending', e.now, e.now
       FROM unnest($1::text[], $2::text[], $3::bytea[], $4::timestamptz[], $5::timestamptz[]) AS e(id, type, body, time, now)
       JOIN webhooks.subscriptions s ON e.type = ANY (s.types) AND s.created_at <= e.time
       ON CONFLICT (subscription_id, event_id) DO NOTHING RETURNING event_id`,
      [events.map((e) => e.id), events.map((e) => e.type), events.map((e) => e.body), events.map((e) => e.time), events.map((e) => e.now)],
    );
    return events.map((event) => rows.filter((row) => row.event_id === event.id).length);
  }

  async claim(now: Date, limit: number): Promise<DueDelivery[]> {
    const { rows } = await this.pool.query<{ id: string; event_id: string; body: Buffer; url: string; secret: string; attempts: number; first_attempt_at: Date | null }>(
      `UPDATE webhooks.deliveries d SET leased_until = $2
       FROM (SELECT id FROM webhooks.deliveries WHERE status = 'pending' AND next_attempt_at <= $1 AND (leased_until IS NULL OR leased_until <= $1)
             ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED) due, webhooks.subscriptions s
       WHERE d.id = due.id AND s.id = d.subscription_id
       RETURNING d.id::text, d.event_id, d.body, s.url, s.secret, d.attempts, d.first_attempt_at`,
      [now, new Date(now.getTime() + LEASE_MS), limit],
    );
    return rows.map((row) => ({
      id: row.id,
      eventId: row.event_id,
      body: row.body,
      url: row.url,
      secret: row.secret,
      attempts: row.attempts,
      firstAttemptAt: row.first_attempt_at,
    }));
  }

  async delivered(id: string, httpStatus: number, now: Date): Promise<void> {
    await this.pool.query(
      `UPDATE webhooks.deliveries SET status = 'delivered', attempts = attempts + 1, first_attempt_at = coalesce(first_attempt_at, $3),
         last_status = $2, last_error = NULL, delivered_at = $3, leased_until = NULL WHERE id = $1`,
      [id, httpStatus, now],
    );
  }

  /** An attempt failed: try again at `retryAt`, or, without one, give up (listed as failed). */
  async attemptFailed(id: string, outcome: { httpStatus: number | null; error: string }, now: Date, retryAt: Date | null): Promise<void> {
    await this.pool.query(
      `UPDATE webhooks.deliveries SET status = CASE WHEN $5::timestamptz IS NULL THEN 'failed' ELSE 'pending' END, attempts = attempts + 1,
         first_attempt_at = coalesce(first_attempt_at, $4), last_status = $2, last_error = $3, next_attempt_at = coalesce($5, next_attempt_at), leased_until = NULL
       WHERE id = $1`,
      [id, outcome.httpStatus, outcome.error.slice(0, 1_000), now, retryAt],
    );
  }

  async list(subscriptionId: string, status: DeliveryStatus | 'all', limit = 100): Promise<DeliveryView[]> {
    const { rows } = await this.pool.query(
      `SELECT id::text, event_id, event_type, status, attempts, last_status, last_error, next_attempt_at, delivered_at FROM webhooks.deliveries
       WHERE subscription_id = $1 AND ($2 = 'all' OR status = $2) ORDER BY id DESC LIMIT $3`,
      [subscriptionId, status, limit],
    );
    return rows.map((row) => ({
      id: row.id,
      eventId: row.event_id,
      eventType: row.event_type,
      status: row.status,
      attempts: row.attempts,
      lastStatus: row.last_status,
      lastError: row.last_error,
      nextAttemptAt: row.status === 'pending' ? row.next_attempt_at.toISOString() : null,
      deliveredAt: row.delivered_at?.toISOString() ?? null,
    }));
  }

  /** A failed delivery goes again now, with a fresh retry window; a pending or delivered one is left alone. */
  async redeliver(subscriptionId: string, deliveryId: string, now: Date): Promise<'requeued' | 'not_failed' | undefined> {
    const { rows } = await this.pool.query<{ status: DeliveryStatus }>('SELECT status FROM webhooks.deliveries WHERE id = $1::bigint AND subscription_id = $2', [
      deliveryId,
      subscriptionId,
    ]);
    if (rows.length === 0) return undefined;
    if (rows[0].status !== 'failed') return 'not_failed';
    await this.pool.query(`UPDATE webhooks.deliveries SET status = 'pending', next_attempt_at = $2, first_attempt_at = NULL WHERE id = $1::bigint`, [deliveryId, now]);
    return 'requeued';
  }

  async nextDueAt(): Promise<Date | undefined> {
    const { rows } = await this.pool.query<{ at: Date | null }>(`SELECT min(next_attempt_at) AS at FROM webhooks.deliveries WHERE status = 'pending'`);
    return rows[0]?.at ?? undefined;
  }
}
