import type { FraudThresholds } from './fraud-thresholds';
import type { Finding, ReferralFacts } from './referral-facts';

/** One rule: the findings it makes of a referral's facts (none when it sees nothing wrong). */
export type FraudRule = (facts: ReferralFacts, thresholds: FraudThresholds) => Finding[];
