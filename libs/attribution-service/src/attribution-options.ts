import type { BlindIndex, PiiCipher } from '@referral-ledger/privacy';
import type { ReferrerTokens } from '@referral-ledger/service-kit';

/** What the attribution service needs besides EVENT_STORE and CLOCK. */
export interface AttributionOptions {
  /** Where customers reach this platform: share links and QR codes point here. */
  publicBaseUrl: string;
  cipher: PiiCipher;
  blindIndex: BlindIndex;
  referrerTokens: ReferrerTokens;
}

export const ATTRIBUTION_OPTIONS = Symbol('ATTRIBUTION_OPTIONS');
