export type {
  CancellationReason,
  Referral,
  ReferralAttributed,
  ReferralCancelled,
  ReferralChannel,
  ReferralConverted,
  ReferralEvent,
  ReferralQualified,
  ReferralRejected,
  ReferralTrigger,
  RejectionReason,
} from './referral/referral';
export { referralDecider, type AttributeReferral, type CancelReferral, type Party, type QualifyReferral, type RecordPayment, type ReferralCommand, type RejectForFraud } from './referral/business-logic';
export type { CodeIssued, Referrer, ReferrerEnrolled, ReferrerEvent } from './referrer/referrer';
export { referrerDecider, type EnrollReferrer, type IssueVanityCode, type ReferrerCommand } from './referrer/business-logic';
export { CODE_ALPHABET, CODE_LENGTH, codeFromRandomBytes, normaliseCode, vanityCodeProblem } from './referrer/referral-code';
