/**
 * What the fraud service knows about a referral when it scores it. Personal data appears only as blind
 * indexes and hashes; the service gathers the counts from its projections before asking the rules.
 */
export interface ReferralFacts {
  referrer: { customerId: string; emailIndex: string; deviceIds: readonly string[] };
  referee: { customerId: string; emailIndex: string; emailDomain: string; deviceId: string | null; ipPrefixHash: string | null };
  /** Signups from the referee's /24 network in the last 24 hours, the referee included. */
  signupsFromSameNetworkLastDay: number;
  /** Referrals attributed to the referrer in the last 24 hours, this one included. */
  referrerReferralsLastDay: number;
  /** The referee referred the referrer before (A → B → A). */
  refereeReferredReferrer: boolean;
  /** Other referees of this referrer seen on the referee's device. */
  refereesSharingDevice: number;
  /** Seconds from the click to the signup, when the referral came through a link. */
  clickToSignupSeconds: number | null;
  /** Seconds from signup to the converting payment, once converted. */
  signupToConversionSeconds: number | null;
}

/** One reason to doubt a referral: points add up to the score; `blocking` rejects whatever the total. */
export interface Finding {
  rule: string;
  points: number;
  reason: string;
  blocking?: boolean;
}

export type FraudRule = (facts: ReferralFacts) => Finding | null;
