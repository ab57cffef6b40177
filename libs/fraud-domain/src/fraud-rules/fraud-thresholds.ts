import type { FraudThresholdsDefinition } from '@referral-ledger/contracts';

/** Where the rules draw their lines; a program may move any of them (`fraud` in its rules). */
export type FraudThresholds = Required<FraudThresholdsDefinition>;

export const DEFAULT_FRAUD_THRESHOLDS: FraudThresholds = {
  reviewScore: 40,
  blockScore: 100,
  networkSignupsPerHour: 5,
  networkSignupsPerDay: 20,
  referrerReferralsPerDay: 10,
  similarEmailsPerDay: 3,
  minClickToSignupSeconds: 5,
  minSignupToPaymentSeconds: 60,
};

export function fraudThresholds(program: FraudThresholdsDefinition | undefined): FraudThresholds {
  return { ...DEFAULT_FRAUD_THRESHOLDS, ...program };
}
