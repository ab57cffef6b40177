/**
 * Ledger accounts (DESIGN.md §5). A unit is a currency (minor units) or a non-cash unit:
 * `months`, `hours`, `points`, `percent_off`.
 */
export const Accounts = {
  programExpense: (programId: string, unit: string) => `program:${programId}:expense:${unit}`,
  pending: (customerId: string, unit: string) => `customer:${customerId}:pending:${unit}`,
  available: (customerId: string, unit: string) => `customer:${customerId}:available:${unit}`,
  redeemed: (customerId: string, unit: string) => `customer:${customerId}:redeemed:${unit}`,
  /** What a customer owes: a released reward taken back after it was redeemed. A debit balance, netted against later rewards. */
  clawback: (customerId: string, unit: string) => `customer:${customerId}:clawback:${unit}`,
};

export type AccountKind = 'expense' | 'pending' | 'available' | 'redeemed' | 'clawback';

export interface AccountName {
  owner: 'program' | 'customer';
  ownerId: string;
  kind: AccountKind;
  unit: string;
}

const ACCOUNT = /^(?:(program):([^:]+):(expense)|(customer):([^:]+):(pending|available|redeemed|clawback)):([^:]+)$/;

/** The parts of an account name, or null when it is not one of the ledger's. */
export function parseAccount(name: string): AccountName | null {
  const match = ACCOUNT.exec(name);
  if (!match) return null;
  const [, programOwner, programId, expense, customerOwner, customerId, customerKind, unit] = match;
  return programOwner
    ? { owner: 'program', ownerId: programId, kind: expense as 'expense', unit }
    : { owner: customerOwner as 'customer', ownerId: customerId, kind: customerKind as AccountKind, unit };
}
