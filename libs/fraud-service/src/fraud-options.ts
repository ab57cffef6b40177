import type { BlindIndex } from '@referral-ledger/privacy';

export const FRAUD_OPTIONS = Symbol('FRAUD_OPTIONS');

export interface FraudOptions {
  /** The same keyed blind index as attribution's, so equal emails match across services without plain text. */
  blindIndex: BlindIndex;
}
