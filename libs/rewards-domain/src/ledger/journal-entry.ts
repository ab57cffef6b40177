import type { JournalEntryData } from '@referral-ledger/contracts';
/** A journal entry and its postings, as the public reward events carry them (DESIGN.md §5). */
export type JournalEntry = JournalEntryData;
/** One leg: `amount` in the unit's smallest denomination, positive debits the account, negative credits it. */
export type Posting = JournalEntry['postings'][number];
export type EntryKind = JournalEntry['kind'];

export class UnbalancedEntryError extends Error {
  constructor(entryId: string, detail: string) {
    super(`Journal entry ${entryId} is not valid: ${detail}`);
    this.name = 'UnbalancedEntryError';
  }
}

/** Every amount a safe non-zero integer, and per unit the debits equal the credits. */
export function assertBalanced(entry: JournalEntry): void {
  if (entry.postings.length < 2) throw new UnbalancedEntryError(entry.entryId, 'needs at least two postings');
  const totals = new Map<string, number>();
  for (const { account, unit, amount } of entry.postings) {
    if (!Number.isSafeInteger(amount) || amount === 0) throw new UnbalancedEntryError(entry.entryId, `${account}: ${amount} is not a non-zero integer`);
    totals.set(unit, (totals.get(unit) ?? 0) + amount);
  }
  const off = [...totals].filter(([, total]) => total !== 0);
  if (off.length > 0) throw new UnbalancedEntryError(entry.entryId, off.map(([unit, total]) => `${unit} is off by ${total}`).join(', '));
}

/** A transfer of `amount` from one account to another: Dr `debit` / Cr `credit`. */
export function transfer(header: Omit<JournalEntry, 'postings' | 'reverses'>, debit: string, credit: string, unit: string, amount: number): JournalEntry {
  const entry: JournalEntry = {
    ...header,
    reverses: null,
    postings: [
      { account: debit, unit, amount },
      { account: credit, unit, amount: -amount },
    ],
  };
  assertBalanced(entry);
  return entry;
}

/** The exact opposite of an entry: history is never edited, only reversed. */
export function reversalOf(entry: JournalEntry, entryId: string, bookedAt: string): JournalEntry {
  return {
    entryId,
    kind: 'reversal',
    reference: entry.reference,
    postings: entry.postings.map((posting) => ({ ...posting, amount: -posting.amount })),
    bookedAt,
    reverses: entry.entryId,
  };
}
