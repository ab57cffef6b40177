import type { ReferralFacts } from './referral-facts';

/** An ordinary referral between two colleagues' firms, for the rules' tests to change one fact at a time. */
export const honestReferral: ReferralFacts = {
  referrer: {
    customerId: 'alice',
    emailIndexes: ['idx-alice'],
    emailDomains: ['northwind-advisors.com'],
    deviceIds: ['dev-alice'],
    ipHashes: ['ip-alice'],
    paymentFingerprints: ['card-alice'],
  },
  referee: { customerId: 'bob', emailIndex: 'idx-bob', emailDomain: 'acme-consulting.de', deviceId: 'dev-bob', ipHash: 'ip-bob', paymentFingerprints: [] },
  network: { signupsWithinHour: 1, signupsWithinDay: 1, sameDomainWithinHour: 1, sameDomainWithinDay: 1 },
  referrerReferralsWithinDay: 1,
  referredEachOther: false,
  chain: { onRefereeDevice: 0, onRefereeIp: 0, withRefereePaymentMethod: 0 },
  similarEmailsWithinDay: 1,
  clickToSignupSeconds: 240,
  signupToConversionSeconds: null,
};
