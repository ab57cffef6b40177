export { ReferralLedgerError, ok, referralLedgerClient, type ReferralLedgerClient } from './referral-ledger-client';
export type { components, operations, paths } from './openapi';
