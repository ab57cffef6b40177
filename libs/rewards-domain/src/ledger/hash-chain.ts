import { createHash } from 'node:crypto';
import type { JournalEntry } from './journal-entry';

export interface ChainedEntry {
  entry: JournalEntry;
  previousHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** Stable JSON: keys sorted at every level, so the same entry always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export function hashEntry(entry: JournalEntry, previousHash: string): string {
  return createHash('sha256').update(previousHash).update(canonical(entry)).digest('hex');
}

/** Links an entry to the chain of its ledger stream: any later edit of either breaks every hash after it. */
export function chain(entry: JournalEntry, previousHash: string): ChainedEntry {
  return { entry, previousHash, hash: hashEntry(entry, previousHash) };
}

export type ChainVerdict = { intact: true; entries: number } | { intact: false; brokenAt: string; reason: string };

/** Recomputes a chain from the genesis hash; reports the first entry whose link or content was altered. */
export function verifyChain(chained: readonly ChainedEntry[]): ChainVerdict {
  let previous = GENESIS_HASH;
  for (const link of chained) {
    if (link.previousHash !== previous) return { intact: false, brokenAt: link.entry.entryId, reason: 'does not follow the entry before it' };
    if (hashEntry(link.entry, link.previousHash) !== link.hash) return { intact: false, brokenAt: link.entry.entryId, reason: 'content differs from what was hashed' };
    previous = link.hash;
  }
  return { intact: true, entries: chained.length };
}
