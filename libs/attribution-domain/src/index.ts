export * from './referral/referral';
export {
  decide,
  referralDecider,
  type AttributeReferral,
  type CancelReferral,
  type Party,
  type QualifyReferral,
  type RecordPayment,
  type ReferralCommand,
  type RejectForFraud,
} from './referral/business-logic';
