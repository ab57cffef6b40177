import { disposableEmail } from './disposable-email';
import type { FraudRule } from './referral-facts';

export const selfReferral: FraudRule = ({ referrer, referee }) => {
  if (referrer.customerId === referee.customerId) return { rule: 'self_referral', points: 100, blocking: true, reason: 'The referee is the referrer' };
  if (referrer.emailIndex === referee.emailIndex) return { rule: 'self_referral', points: 100, blocking: true, reason: "The referee uses the referrer's email address" };
  if (referee.deviceId && referrer.deviceIds.includes(referee.deviceId))
    return { rule: 'self_referral', points: 100, blocking: true, reason: "The referee signed up on the referrer's device" };
  return null;
};

export const referralRing: FraudRule = ({ refereeReferredReferrer, refereesSharingDevice }) => {
  if (refereeReferredReferrer) return { rule: 'referral_ring', points: 100, blocking: true, reason: 'The referee had referred the referrer (A → B → A)' };
  if (refereesSharingDevice > 0) return { rule: 'referral_ring', points: 60, reason: `${refereesSharingDevice} other referee(s) of this referrer used the same device` };
  return null;
};

export const networkVelocity: FraudRule = ({ signupsFromSameNetworkLastDay }) =>
  signupsFromSameNetworkLastDay > 5
    ? {
        rule: 'network_velocity',
        points: Math.min(60, 10 * (signupsFromSameNetworkLastDay - 5)),
        reason: `${signupsFromSameNetworkLastDay} signups from the same /24 network in 24 hours`,
      }
    : null;

export const referrerVelocity: FraudRule = ({ referrerReferralsLastDay }) =>
  referrerReferralsLastDay > 10
    ? { rule: 'referrer_velocity', points: Math.min(60, 5 * (referrerReferralsLastDay - 10)), reason: `The referrer brought ${referrerReferralsLastDay} referrals in 24 hours` }
    : null;

/** A human reads a landing page and fills a form: seconds are bots, not people. */
export const implausibleTiming: FraudRule = ({ clickToSignupSeconds, signupToConversionSeconds }) => {
  if (clickToSignupSeconds !== null && clickToSignupSeconds < 5) return { rule: 'timing', points: 40, reason: `Signed up ${clickToSignupSeconds}s after the click` };
  if (signupToConversionSeconds !== null && signupToConversionSeconds < 30) return { rule: 'timing', points: 30, reason: `Paid ${signupToConversionSeconds}s after signing up` };
  return null;
};

export const FRAUD_RULES: readonly FraudRule[] = [selfReferral, referralRing, disposableEmail, networkVelocity, referrerVelocity, implausibleTiming];
