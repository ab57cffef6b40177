import type { Wakeup } from '@referral-ledger/event-store';
import type { DeadLetterSink } from '@referral-ledger/messaging';
import type { BlindIndex } from '@referral-ledger/privacy';

export const FRAUD_OPTIONS = Symbol('FRAUD_OPTIONS');

export interface FraudOptions {
  /** The same keyed blind index as attribution's, so equal emails match across services without plain text. */
  blindIndex: BlindIndex;
  /** Rung by the facts projection after each commit: the screener has referrals to score. */
  screeningWakeup: Wakeup;
  /** Where a referral goes that cannot be screened after retries, with the reason, for an operator to replay. */
  deadLetters: DeadLetterSink;
}
