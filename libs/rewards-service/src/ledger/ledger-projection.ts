import { sqlMigration } from '@referral-ledger/postgres';
import { canHandle } from '@referral-ledger/decider';
import type { Projection } from '@referral-ledger/projections';
import {
  parseAccount,
  type ClawbackRecovered,
  type RewardClawedBack,
  type RewardFulfilled,
  type RewardGranted,
  type RewardRedeemed,
  type RewardReleased,
  type RewardReversed,
} from '@referral-ledger/rewards-domain';
import { LedgerEntry, LedgerPosting } from './ledger-tables';

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

/** The reward an entry books, when it books one (a redemption or a debt's recovery books none). */
function rewardOf(event: BookingEvent): { rewardId: string; programId: string | null; kind: string | null } | null {
  switch (event.type) {
    case 'reward.granted':
      return { rewardId: event.data.rewardId, programId: event.data.programId, kind: event.data.kind };
    case 'reward.released':
    case 'reward.reversed':
    case 'reward.clawed_back':
      return { rewardId: event.data.rewardId, programId: event.data.programId, kind: null };
    case 'reward.fulfilled':
      return { rewardId: event.data.rewardId, programId: null, kind: null };
    case 'reward.redeemed':
    case 'clawback.recovered':
      return null;
  }
}

/**
 * Every journal entry booked by a reward, flattened into postings that finance queries: balances per account,
 * owner and program, trial balance per unit, statements, reports. Each entry knows the reward, program and reward
 * kind it books, taken from its grant when its own event does not say. Rebuildable from the reward events alone.
 */
export const ledgerProjection: Projection<BookingEvent> = {
  name: 'ledger',
  entities: [LedgerPosting, LedgerEntry],
  migrations: [
    sqlMigration('LedgerEntriesAndPostings1700000001000', {
      up: `
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
      down: `DROP TABLE ledger.entries, ledger.postings`,
    }),
    // Filled by the projection from here on: a deployment with older rows runs `npm run rebuild -- ledger` once.
    sqlMigration('LedgerOwnersProgramsAndKinds1700000001001', {
      up: `
        ALTER TABLE ledger.entries ADD COLUMN reward_id text, ADD COLUMN program_id text, ADD COLUMN reward_kind text;
        ALTER TABLE ledger.postings ADD COLUMN owner_id text, ADD COLUMN account_kind text;
        UPDATE ledger.postings SET owner_id = split_part(account, ':', 2), account_kind = split_part(account, ':', 3);
        CREATE INDEX entries_by_reward ON ledger.entries (reward_id, kind);
        CREATE INDEX postings_by_owner ON ledger.postings (owner_id, booked_at);
        CREATE INDEX postings_by_account_kind ON ledger.postings (account_kind, booked_at);
      `,
      down: `
        DROP INDEX ledger.entries_by_reward, ledger.postings_by_owner, ledger.postings_by_account_kind;
        ALTER TABLE ledger.entries DROP COLUMN reward_id, DROP COLUMN program_id, DROP COLUMN reward_kind;
        ALTER TABLE ledger.postings DROP COLUMN owner_id, DROP COLUMN account_kind;
      `,
    }),
    // Statements read an account's postings by keyset pages in this order: each page starts where the last ended.
    sqlMigration('LedgerPostingsInStatementOrder1700000001002', {
      up: `CREATE INDEX postings_by_account_in_order ON ledger.postings (account, booked_at, entry_id, line); DROP INDEX ledger.postings_by_account;`,
      down: `CREATE INDEX postings_by_account ON ledger.postings (account, booked_at); DROP INDEX ledger.postings_by_account_in_order;`,
    }),
  ],
  canHandle: isBookingEvent,
  async handle(events, client) {
    if (events.length === 0) return;
    const entries = events.map((event) => ({ ...event.data.entry, reward: rewardOf(event) }));
    await client.query(
      `INSERT INTO ledger.entries (entry_id, kind, reference, reverses, booked_at, reward_id, program_id, reward_kind)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::text[]) ON CONFLICT DO NOTHING`,
      [
        entries.map((e) => e.entryId),
        entries.map((e) => e.kind),
        entries.map((e) => e.reference),
        entries.map((e) => e.reverses),
        entries.map((e) => e.bookedAt),
        entries.map((e) => e.reward?.rewardId ?? null),
        entries.map((e) => e.reward?.programId ?? null),
        entries.map((e) => e.reward?.kind ?? null),
      ],
    );
    // A release, reversal, claw-back or fulfilment takes its program and kind from the reward's grant.
    await client.query(
      `UPDATE ledger.entries e SET program_id = coalesce(e.program_id, g.program_id), reward_kind = g.reward_kind
       FROM ledger.entries g WHERE e.entry_id = ANY($1) AND e.reward_kind IS NULL AND g.reward_id = e.reward_id AND g.kind = 'grant'`,
      [entries.filter((e) => e.reward && e.kind !== 'grant').map((e) => e.entryId)],
    );
    const postings = entries.flatMap((entry) =>
      entry.postings.map((posting, line) => ({ ...posting, line, entryId: entry.entryId, bookedAt: entry.bookedAt, parsed: parseAccount(posting.account) })),
    );
    await client.query(
      `INSERT INTO ledger.postings (entry_id, line, account, unit, amount, booked_at, owner_id, account_kind)
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::bigint[], $6::timestamptz[], $7::text[], $8::text[]) ON CONFLICT DO NOTHING`,
      [
        postings.map((p) => p.entryId),
        postings.map((p) => p.line),
        postings.map((p) => p.account),
        postings.map((p) => p.unit),
        postings.map((p) => String(p.amount)),
        postings.map((p) => p.bookedAt),
        postings.map((p) => p.parsed?.ownerId ?? null),
        postings.map((p) => p.parsed?.kind ?? null),
      ],
    );
  },
};
