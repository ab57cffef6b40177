import { In, type Repository } from 'typeorm';
import type { EventStore, RecordedEvent } from '@referral-ledger/event-store';
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
  /** The first entry, in the order of stream names and then of each stream, whose stored event no longer hashes to its link. */
  firstBrokenAt?: BrokenLink;
}

/** Streams checked at a time: their links and their events are all that is held in memory. */
const STREAMS_PER_PAGE = 500;

/**
 * Recomputes every ledger stream's hash chain from the events as stored now and compares it, link by link, with the
 * chain `ledger-chain` recorded when it first saw them. Entries it has not linked yet are left for the next run.
 * Streams are read a page at a time, so a ledger of any size is verified in bounded memory.
 */
export async function verifyLedger(store: EventStore, chainLinks: Repository<LedgerChainLink>): Promise<LedgerVerification> {
  let streams = 0;
  let entries = 0;
  let broken: BrokenLink | undefined;
  for (let after = ''; ;) {
    const page = await chainLinks
      .createQueryBuilder('link')
      .select('link.streamName', 'stream_name')
      // Each stream's first link names it once, read in key order: no DISTINCT over every link after `after`.
      .where('link.seq = 0 AND link.streamName > :after', { after })
      .orderBy('stream_name')
      .limit(STREAMS_PER_PAGE)
      .getRawMany<{ stream_name: string }>();
    if (page.length === 0) break;
    const names = page.map((row) => row.stream_name);
    after = names[names.length - 1];
    const [links, events] = await Promise.all([
      chainLinks.find({ select: { streamName: true, entryId: true, hash: true }, where: { streamName: In(names) }, order: { streamName: 'ASC', seq: 'ASC' } }),
      readStreams(store, names),
    ]);
    const linksOf = new Map<string, LedgerChainLink[]>();
    for (const link of links) {
      const streamLinks = linksOf.get(link.streamName);
      if (streamLinks) streamLinks.push(link);
      else linksOf.set(link.streamName, [link]);
    }
    for (const name of names) {
      const checked = verifyStream(name, linksOf.get(name) ?? [], events.get(name) ?? []);
      streams++;
      entries += checked.entries;
      broken ??= checked.broken;
    }
  }
  return { ok: !broken, streams, entries, ...(broken ? { firstBrokenAt: broken } : {}) };
}

/** Walks one stream's booking events against its links: the k-th entry booked must hash to the k-th link. */
function verifyStream(streamName: string, links: readonly LedgerChainLink[], events: readonly RecordedEvent[]): { entries: number; broken?: BrokenLink } {
  let next = 0;
  let previousHash = GENESIS_HASH;
  let broken: BrokenLink | undefined;
  for (const event of events) {
    if (!isBookingEvent(event)) continue;
    const link = links[next];
    if (!link) break;
    const { entry } = event.data;
    if (!broken && entry.entryId !== link.entryId) broken = { streamName, entryId: link.entryId, reason: `the stream holds entry ${entry.entryId} in its place` };
    if (!broken && hashEntry(entry, previousHash) !== link.hash) broken = { streamName, entryId: link.entryId, reason: 'the stored entry differs from what was hashed' };
    // Going on from the recorded hash names the edited entry alone, not every one after it.
    previousHash = link.hash;
    next++;
  }
  if (!broken && next < links.length) broken = { streamName, entryId: links[next].entryId, reason: 'the entry is no longer in the store' };
  return { entries: next, broken };
}

/** Several streams at once where the store can (Postgres, in-memory), one by one otherwise (EventStoreDB). */
async function readStreams(store: EventStore, names: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
  if (store.readStreams) return store.readStreams(names);
  return new Map(await Promise.all(names.map(async (name) => [name, await store.readStream(name)] as const)));
}
