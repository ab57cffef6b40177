import { canHandle } from '@referral-ledger/decider';
import type { Projection } from '@referral-ledger/projections';
import type { ClawbackRecovered, RewardClawedBack, RewardFulfilled, RewardGranted, RewardRedeemed, RewardReleased, RewardReversed } from '@referral-ledger/rewards-domain';

/** Every event that books a journal entry. */
export type BookingEvent = RewardGranted | RewardReleased | RewardReversed | RewardRedeemed | RewardFulfilled | RewardClawedBack | ClawbackRecovered;

export const isBookingEvent = canHandle<BookingEvent>({
  'reward.granted': true,
  'reward.released': true,
  'reward.reversed': true,
  'reward.redeemed': true,
  'reward.fulfilled': true,
  'reward.clawed_back': true,
  'clawback.recovered': true,
});

/**
 * Every journal entry booked by a reward, flattened into postings that finance queries: balances per
 * account, trial balance per unit, statements. Rebuildable from the reward events alone.
 */
export const ledgerProjection: Projection<BookingEvent> = {
  name: 'ledger',
  tables: ['ledger.postings', 'ledger.entries'],
  migrations: [
    {
      id: '001-entries-and-postings',
      sql: `
        CREATE SCHEMA IF NOT EXISTS ledger;
        CREATE TABLE ledger.entries (
          entry_id text PRIMARY KEY,
          kind text NOT NULL,
          reference text NOT NULL,
          reverses text,
          booked_at timestamptz NOT NULL
        );
        CREATE TABLE ledger.postings (
          entry_id text NOT NULL,
          line int NOT NULL,
          account text NOT NULL,
          unit text NOT NULL,
          amount bigint NOT NULL,
          booked_at timestamptz NOT NULL,
          PRIMARY KEY (entry_id, line)
        );
        CREATE INDEX postings_by_account ON ledger.postings (account, booked_at);
      `,
    },
  ],
  canHandle: isBookingEvent,
  async handle(events, client) {
    const entries = events.map((event) => event.data.entry);
    if (entries.length === 0) return;
    await client.query(
      `INSERT INTO ledger.entries (entry_id, kind, reference, reverses, booked_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[]) ON CONFLICT DO NOTHING`,
      [entries.map((e) => e.entryId), entries.map((e) => e.kind), entries.map((e) => e.reference), entries.map((e) => e.reverses), entries.map((e) => e.bookedAt)],
    );
    const postings = entries.flatMap((entry) => entry.postings.map((posting, line) => ({ ...posting, line, entryId: entry.entryId, bookedAt: entry.bookedAt })));
    await client.query(
      `INSERT INTO ledger.postings (entry_id, line, account, unit, amount, booked_at)
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::bigint[], $6::timestamptz[]) ON CONFLICT DO NOTHING`,
      [
        postings.map((p) => p.entryId),
        postings.map((p) => p.line),
        postings.map((p) => p.account),
        postings.map((p) => p.unit),
        postings.map((p) => String(p.amount)),
        postings.map((p) => p.bookedAt),
      ],
    );
  },
};
