/**
 * What the fraud service knows about a referral when it scores it, at the referral's event time. Personal data
 * appears only as blind indexes and hashes; the service gathers the counts from its projections before asking the rules.
 */
export interface ReferralFacts {
  referrer: {
    customerId: string;
    /** The referrer's email blind indexes (enrolment and signup), normalised for case, dots and `+tags`. */
    emailIndexes: readonly string[];
    /** The domains of the referrer's own signups (lower case): a company's, or a webmail provider's. */
    emailDomains: readonly string[];
    deviceIds: readonly string[];
    ipHashes: readonly string[];
    paymentFingerprints: readonly string[];
  };
  referee: {
    customerId: string;
    emailIndex: string | null;
    emailDomain: string | null;
    deviceId: string | null;
    ipHash: string | null;
    paymentFingerprints: readonly string[];
  };
  /**
   * Signups from the referee's /24 (IPv6: /64) network within an hour and a day of the referee's, the referee
   * included; `sameDomain…` counts those among them with the referee's email domain.
   */
  network: { signupsWithinHour: number; signupsWithinDay: number; sameDomainWithinHour: number; sameDomainWithinDay: number };
  /** Referrals attributed to the referrer within a day of this one, this one included. */
  referrerReferralsWithinDay: number;
  /** The referee referred the referrer too, before or after this referral (A → B → A). */
  referredEachOther: boolean;
  /** Other accounts of the referrer's chain (its own referrer, its other referees) seen on the referee's device, exact IP or card. */
  chain: { onRefereeDevice: number; onRefereeIp: number; withRefereePaymentMethod: number };
  /** Signups within a day whose address differs from the referee's only by trailing digits (`user1@`, `user2@` …), the referee included. */
  similarEmailsWithinDay: number;
  /** Seconds from the click to the signup, when the referral came through a link. */
  clickToSignupSeconds: number | null;
  /** Seconds from signup to the converting payment, once converted. */
  signupToConversionSeconds: number | null;
}

/** One reason to doubt a referral: points add up to the score; `blocking` blocks whatever the total. */
export interface Finding {
  rule: string;
  points: number;
  /** One human sentence, with the numbers that fired the rule. */
  reason: string;
  blocking?: boolean;
}
