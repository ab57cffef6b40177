export type { Finding, ReferralFacts } from './fraud-rules/referral-facts';
export type { FraudRule } from './fraud-rules/fraud-rule';
export { DEFAULT_FRAUD_THRESHOLDS, fraudThresholds, type FraudThresholds } from './fraud-rules/fraud-thresholds';
export { isDisposableDomain } from './fraud-rules/disposable-email';
export { FRAUD_RULES, assessRisk, moreSevere, type RiskAssessment, type RiskDecision } from './fraud-rules/assessment';
export * from './risk/referral-risk';
export { decide as decideReferralRisk, referralRiskDecider, type AssessReferral, type DecideReview, type ReferralRiskCommand, type ReferralSubject } from './risk/business-logic';
export { customerBanDecider, customerBanStream, type BanCustomer, type CustomerBan, type CustomerBanned } from './bans/customer-ban';
export { emailStem, networkOf } from './facts/network-and-stem';
