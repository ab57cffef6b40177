import type { FraudRule } from './fraud-rule';

/** A person reads a landing page, fills a form and decides to pay: seconds are scripts, not people. */
export const implausibleTiming: FraudRule = ({ clickToSignupSeconds, signupToConversionSeconds }, { minClickToSignupSeconds, minSignupToPaymentSeconds }) => [
  ...(clickToSignupSeconds !== null && clickToSignupSeconds < minClickToSignupSeconds
    ? [{ rule: 'timing', points: 40, reason: `Signed up ${clickToSignupSeconds}s after the click (a person needs at least ${minClickToSignupSeconds}s)` }]
    : []),
  ...(signupToConversionSeconds !== null && signupToConversionSeconds < minSignupToPaymentSeconds
    ? [{ rule: 'timing', points: 30, reason: `Paid ${signupToConversionSeconds}s after signing up (under ${minSignupToPaymentSeconds}s)` }]
    : []),
];
