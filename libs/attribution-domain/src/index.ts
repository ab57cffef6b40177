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
export { referralStream } from './referral/referral';
export {
  referralDecider,
  type AttributeReferral,
  type CancelReferral,
  type Party,
  type QualifyReferral,
  type RecordPayment,
  type ReferralCommand,
  type RejectForFraud,
} from './referral/business-logic';
export { referrerStream, type CodeIssued, type Referrer, type ReferrerEnrolled, type ReferrerEvent } from './referrer/referrer';
export { referrerDecider, type EnrollReferrer, type IssueVanityCode, type ReferrerCommand } from './referrer/business-logic';
export { CODE_ALPHABET, CODE_LENGTH, codeFromRandomBytes, normaliseCode, vanityCodeProblem } from './referrer/referral-code';
export { customerStream, isCustomerEvent, type CustomerBecamePaying, type CustomerEvent, type CustomerReferred, type CustomerRegistered } from './customer/customer';
export { isCustomerBanLearned, learnedBanStream, type CustomerBanLearned } from './customer/learned-ban';
export { clickStream, isLinkClicked, type LinkClicked } from './click/link-click';
export { codeStream, isCodeClaimed, type CodeClaimed } from './referrer/code-claim';
export { isRefereeClaimed, refereeStream, type RefereeClaimed } from './referral/referee-claim';
export {
  isProgramLearned,
  knownProgramStream,
  learnProgram,
  unknownProgram,
  type AttributionRules,
  type KnownProgram,
  type ProgramLearned,
  type PublishedProgramEvent,
} from './program/known-program';
export { variantFor, type VariantWeight } from './program/variant-assignment';
