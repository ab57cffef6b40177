import { sqlMigration } from '@referral-ledger/postgres';
import { GENESIS_HASH, chain } from '@referral-ledger/rewards-domain';
import type { Projection } from '@referral-ledger/projections';
import { isBookingEvent, type BookingEvent } from './ledger-projection';
import { LedgerChainLink } from './ledger-tables';

/**
 * `ledger-chain`: each ledger stream's journal entries linked by hash as they were first projected, one chain per
 * stream (no global lock), so `verify` can tell when a stored event was edited afterwards (DESIGN.md §5).
 */
export const hashChainProjection: Projection<BookingEvent> = {
  name: 'ledger-chain',
  entities: [LedgerChainLink],
  migrations: [
    sqlMigration('LedgerChainLinks1700000001100', {
      up: `
        CREATE SCHEMA IF NOT EXISTS ledger;
        CREATE TABLE ledger.chain_links (
          stream_name text NOT NULL,
          seq integer NOT NULL,
          entry_id text NOT NULL UNIQUE,
          previous_hash text NOT NULL,
          hash text NOT NULL,
          PRIMARY KEY (stream_name, seq)
        );
        COMMENT ON TABLE ledger.chain_links IS 'Per ledger stream, its entries in order, each hash covering the entry and the hash before it.';
      `,
      down: `DROP TABLE ledger.chain_links`,
    }),
  ],
  canHandle: isBookingEvent,
  async handle(events, client) {
    const streamOf = (event: (typeof events)[number]) => {
      if (!event.streamName) throw new Error('ledger-chain follows its own store: every event has its stream');
      return event.streamName;
    };
    const { rows } = await client.query<{ stream_name: string; seq: number; hash: string }>(
      'SELECT DISTINCT ON (stream_name) stream_name, seq, hash FROM ledger.chain_links WHERE stream_name = ANY($1) ORDER BY stream_name, seq DESC',
      [[...new Set(events.map(streamOf))]],
    );
    const heads = new Map(rows.map((row) => [row.stream_name, { seq: row.seq, hash: row.hash }]));
    const links = events.map((event) => {
      const stream = streamOf(event);
      const head = heads.get(stream) ?? { seq: -1, hash: GENESIS_HASH };
      const link = chain(event.data.entry, head.hash);
      heads.set(stream, { seq: head.seq + 1, hash: link.hash });
      return { stream, seq: head.seq + 1, entryId: link.entry.entryId, previousHash: link.previousHash, hash: link.hash };
    });
    await client.query(
      `INSERT INTO ledger.chain_links (stream_name, seq, entry_id, previous_hash, hash)
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[])`,
      [links.map((l) => l.stream), links.map((l) => l.seq), links.map((l) => l.entryId), links.map((l) => l.previousHash), links.map((l) => l.hash)],
    );
  },
};
