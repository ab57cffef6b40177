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
