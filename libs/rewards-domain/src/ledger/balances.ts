import type { JournalEntry } from './journal-entry';

/** Account balances (debits minus credits) from a sequence of entries, optionally as of a moment. */
export function balancesOf(entries: Iterable<JournalEntry>, asOf?: Date): Map<string, number> {
  const balances = new Map<string, number>();
  for (const entry of entries) {
    if (asOf && new Date(entry.bookedAt) > asOf) continue;
    for (const { account, amount } of entry.postings) balances.set(account, (balances.get(account) ?? 0) + amount);
  }
  return balances;
}

export interface TrialBalanceLine {
  unit: string;
  debits: number;
  credits: number;
}

/** Per unit, the sum of debit balances and of credit balances: equal when the books balance. */
export function trialBalance(entries: Iterable<JournalEntry>, asOf?: Date): TrialBalanceLine[] {
  const units = new Map<string, TrialBalanceLine>();
  const unitOfAccount = new Map<string, string>();
  const list = [...entries];
  for (const entry of list) for (const posting of entry.postings) unitOfAccount.set(posting.account, posting.unit);
  for (const [account, balance] of balancesOf(list, asOf)) {
    const unit = unitOfAccount.get(account) as string;
    const line = units.get(unit) ?? { unit, debits: 0, credits: 0 };
    if (balance > 0) line.debits += balance;
    else line.credits -= balance;
    units.set(unit, line);
  }
  return [...units.values()].sort((a, b) => a.unit.localeCompare(b.unit));
}
