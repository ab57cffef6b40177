export type { Finding, FraudRule, ReferralFacts } from './fraud-rules/referral-facts';
export { isDisposableDomain } from './fraud-rules/disposable-email';
export { FRAUD_RULES } from './fraud-rules/rules';
export { BLOCK_THRESHOLD, REVIEW_THRESHOLD, assessRisk, type RiskAssessment, type RiskDecision } from './fraud-rules/assessment';
export * from './risk/referral-risk';
export { decide as decideReferralRisk, referralRiskDecider, type AssessReferral, type DecideReview, type ReferralRiskCommand } from './risk/business-logic';
export {
  ipPrefix,
  isReferralObserved,
  isReferrerObserved,
  isSignupObserved,
  refereeFactsStream,
  referrerFactsStream,
  signupFactsStream,
  type ReferralObserved,
  type ReferrerObserved,
  type SignupObserved,
} from './facts/observed-facts';
