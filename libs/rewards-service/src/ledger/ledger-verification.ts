import type { Repository } from 'typeorm';
import type { EventStore, Position } from '@referral-ledger/event-store';
import { GENESIS_HASH, hashEntry } from '@referral-ledger/rewards-domain';
import { isBookingEvent } from './ledger-projection';
import type { LedgerChainLink } from './ledger-tables';

export interface BrokenLink {
  streamName: string;
  entryId: string;
  reason: string;
}

export interface LedgerVerification {
  ok: boolean;
  /** Ledger streams and entries checked: those the `ledger-chain` projection had linked. */
  streams: number;
  entries: number;
  /** The first entry, in store order, whose stored event no longer hashes to its link. */
  firstBrokenAt?: BrokenLink;
}

interface Link {
  entryId: string;
  hash: string;
}

const PAGE = 1_000;

/**
 * Recomputes every ledger stream's hash chain from the events as stored now and compares it, link by link, with the
 * chain `ledger-chain` recorded when it first saw them. Entries it has not linked yet are left for the next run.
 */
export async function verifyLedger(store: EventStore, chainLinks: Repository<LedgerChainLink>): Promise<LedgerVerification> {
  const rows = await chainLinks.find({ select: { streamName: true, entryId: true, hash: true }, order: { streamName: 'ASC', seq: 'ASC' } });
  const chains = new Map<string, Link[]>();
  for (const row of rows) {
    const links = chains.get(row.streamName) ?? [];
    links.push({ entryId: row.entryId, hash: row.hash });
    chains.set(row.streamName, links);
  }
  const walked = new Map<string, { next: number; previousHash: string }>();
  let entries = 0;
  let broken: BrokenLink | undefined;
  let position: Position | undefined;
  for (let page = await store.readAll({ maxCount: PAGE }); page.length > 0; page = await store.readAll({ fromPosition: position, maxCount: PAGE })) {
    position = page[page.length - 1].position;
    for (const event of page) {
      if (!isBookingEvent(event)) continue;
      const walk = walked.get(event.streamName) ?? { next: 0, previousHash: GENESIS_HASH };
      const link = chains.get(event.streamName)?.[walk.next];
      if (!link) continue;
      entries++;
      const { entry } = event.data;
      if (!broken && entry.entryId !== link.entryId)
        broken = { streamName: event.streamName, entryId: link.entryId, reason: `the stream holds entry ${entry.entryId} in its place` };
      if (!broken && hashEntry(entry, walk.previousHash) !== link.hash)
        broken = { streamName: event.streamName, entryId: link.entryId, reason: 'the stored entry differs from what was hashed' };
      // Going on from the recorded hash names the edited entry alone, not every one after it.
      walked.set(event.streamName, { next: walk.next + 1, previousHash: link.hash });
    }
  }
  for (const [streamName, links] of chains) {
    const next = walked.get(streamName)?.next ?? 0;
    if (!broken && next < links.length) broken = { streamName, entryId: links[next].entryId, reason: 'the entry is no longer in the store' };
  }
  return { ok: !broken, streams: chains.size, entries, ...(broken ? { firstBrokenAt: broken } : {}) };
}
