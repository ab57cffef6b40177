import type { FraudRule } from './fraud-rule';

/** A → B → A, or one person behind several accounts of a referrer's chain (its referrer and its referees). */
export const referralRing: FraudRule = ({ referredEachOther, chain }) => {
  if (referredEachOther) return [{ rule: 'referral_ring', points: 100, blocking: true, reason: 'The referrer and the referee referred each other (A → B → A)' }];
  if (chain.onRefereeDevice > 0)
    return [{ rule: 'referral_ring', points: 100, blocking: true, reason: `The referee's device was used by ${chain.onRefereeDevice} other account(s) of the referrer's chain` }];
  if (chain.withRefereePaymentMethod > 0)
    return [
      {
        rule: 'referral_ring',
        points: 100,
        blocking: true,
        reason: `The referee's payment method was used by ${chain.withRefereePaymentMethod} other account(s) of the referrer's chain`,
      },
    ];
  if (chain.onRefereeIp > 0)
    return [{ rule: 'shared_ip', points: 15, reason: `${chain.onRefereeIp} other account(s) of the referrer's chain signed up from the referee's exact IP address` }];
  return [];
};
