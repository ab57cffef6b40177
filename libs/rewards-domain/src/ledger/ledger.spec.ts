import { Accounts } from './accounts';
import { balancesOf, trialBalance } from './balances';
import { GENESIS_HASH, chain, verifyChain, type ChainedEntry } from './hash-chain';
import { UnbalancedEntryError, assertBalanced, reversalOf, transfer, type JournalEntry } from './journal-entry';

const grant = (amount: number, bookedAt = '2026-03-20T10:00:00.000Z') =>
  transfer({ entryId: `grant-${amount}`, kind: 'grant', reference: 'reward-1', bookedAt }, Accounts.programExpense('p1', 'EUR'), Accounts.pending('alice', 'EUR'), 'EUR', amount);
const release = (amount: number, bookedAt = '2026-04-03T10:00:00.000Z') =>
  transfer({ entryId: `release-${amount}`, kind: 'release', reference: 'reward-1', bookedAt }, Accounts.pending('alice', 'EUR'), Accounts.available('alice', 'EUR'), 'EUR', amount);

describe('the double-entry ledger', () => {
  it('books a grant as Dr program expense / Cr customer pending, balanced', () => {
    expect(grant(5_000).postings).toEqual([
      { account: 'program:p1:expense:EUR', unit: 'EUR', amount: 5_000 },
      { account: 'customer:alice:pending:EUR', unit: 'EUR', amount: -5_000 },
    ]);
  });

  it.each([
    ['a float', 12.5],
    ['zero', 0],
    ['an unsafe integer', Number.MAX_SAFE_INTEGER + 1],
  ])('refuses %s as an amount', (_case, amount) => {
    expect(() => grant(amount)).toThrow(UnbalancedEntryError);
  });

  it('refuses an entry whose debits and credits differ within a unit', () => {
    const lopsided: JournalEntry = {
      ...grant(100),
      postings: [
        { account: 'a', unit: 'EUR', amount: 100 },
        { account: 'b', unit: 'EUR', amount: -99 },
      ],
    };
    expect(() => assertBalanced(lopsided)).toThrow('EUR is off by 1');
    const crossUnit: JournalEntry = {
      ...grant(100),
      postings: [
        { account: 'a', unit: 'EUR', amount: 100 },
        { account: 'b', unit: 'points', amount: -100 },
      ],
    };
    expect(() => assertBalanced(crossUnit)).toThrow(UnbalancedEntryError);
  });

  it('reverses with the exact opposite entry, leaving every balance at zero', () => {
    const original = grant(5_000);
    const reversal = reversalOf(original, 'reversal-1', '2026-03-25T10:00:00.000Z');
    assertBalanced(reversal);
    expect(reversal).toMatchObject({ kind: 'reversal', reverses: original.entryId, reference: 'reward-1' });
    expect([...balancesOf([original, reversal]).values()]).toEqual([0, 0]);
  });

  it('gives balances and a trial balance at any date', () => {
    const entries = [grant(5_000), release(5_000)];
    expect(Object.fromEntries(balancesOf(entries, new Date('2026-03-31T00:00:00Z')))).toEqual({ 'program:p1:expense:EUR': 5_000, 'customer:alice:pending:EUR': -5_000 });
    expect(Object.fromEntries(balancesOf(entries))).toEqual({ 'program:p1:expense:EUR': 5_000, 'customer:alice:pending:EUR': 0, 'customer:alice:available:EUR': -5_000 });
    expect(trialBalance(entries)).toEqual([{ unit: 'EUR', debits: 5_000, credits: 5_000 }]);
  });
});

describe('the hash chain of a ledger stream', () => {
  function chainOf(entries: JournalEntry[]): ChainedEntry[] {
    const links: ChainedEntry[] = [];
    for (const entry of entries) links.push(chain(entry, links[links.length - 1]?.hash ?? GENESIS_HASH));
    return links;
  }

  it('verifies an untouched chain', () => {
    expect(verifyChain(chainOf([grant(5_000), release(5_000)]))).toEqual({ intact: true, entries: 2 });
  });

  it('detects an edited amount, even when the edit keeps the entry balanced', () => {
    const links = chainOf([grant(5_000), release(5_000)]);
    const tampered = links.map((link, i) => (i === 0 ? { ...link, entry: { ...link.entry, postings: link.entry.postings.map((p) => ({ ...p, amount: p.amount * 10 })) } } : link));
    assertBalanced(tampered[0].entry);
    expect(verifyChain(tampered)).toEqual({ intact: false, brokenAt: 'grant-5000', reason: 'content differs from what was hashed' });
  });

  it('detects a removed entry', () => {
    const links = chainOf([grant(5_000), release(5_000), grant(7_000)]);
    expect(verifyChain([links[0], links[2]])).toEqual({ intact: false, brokenAt: 'grant-7000', reason: 'does not follow the entry before it' });
  });

  it('hashes the same entry the same way whatever the key order', () => {
    const entry = grant(5_000);
    const reordered = JSON.parse(
      JSON.stringify({ postings: entry.postings, reverses: entry.reverses, bookedAt: entry.bookedAt, reference: entry.reference, kind: entry.kind, entryId: entry.entryId }),
    );
    expect(chain(reordered, GENESIS_HASH).hash).toBe(chain(entry, GENESIS_HASH).hash);
  });
});
