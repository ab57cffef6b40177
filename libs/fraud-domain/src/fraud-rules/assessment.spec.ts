import { assessRisk } from './assessment';
import { isDisposableDomain } from './disposable-email';
import type { ReferralFacts } from './referral-facts';

const honest: ReferralFacts = {
  referrer: { customerId: 'alice', emailIndex: 'idx-alice', deviceIds: ['dev-alice'] },
  referee: { customerId: 'bob', emailIndex: 'idx-bob', emailDomain: 'acme-consulting.de', deviceId: 'dev-bob', ipPrefixHash: 'net-1' },
  signupsFromSameNetworkLastDay: 1,
  referrerReferralsLastDay: 1,
  refereeReferredReferrer: false,
  refereesSharingDevice: 0,
  clickToSignupSeconds: 240,
  signupToConversionSeconds: null,
};
const withFacts = (change: Partial<ReferralFacts>): ReferralFacts => ({ ...honest, ...change });
const withReferee = (change: Partial<ReferralFacts['referee']>) => withFacts({ referee: { ...honest.referee, ...change } });

describe('fraud screening of a referral', () => {
  it('clears an ordinary referral with score 0 and no reasons', () => {
    expect(assessRisk(honest)).toEqual({ decision: 'clear', score: 0, reasons: [], rules: [] });
  });

  it.each([
    ['the same customer', withReferee({ customerId: 'alice' }), 'The referee is the referrer'],
    ['the same email under another account', withReferee({ emailIndex: 'idx-alice' }), "The referee uses the referrer's email address"],
    ["the referrer's device", withReferee({ deviceId: 'dev-alice' }), "The referee signed up on the referrer's device"],
  ])('blocks a self-referral: %s', (_case, facts, reason) => {
    expect(assessRisk(facts)).toEqual({ decision: 'block', score: 100, reasons: [reason], rules: ['self_referral'] });
  });

  it('blocks a ring A → B → A', () => {
    expect(assessRisk(withFacts({ refereeReferredReferrer: true })).decision).toBe('block');
  });

  it('sends a disposable email domain to review, using the maintained list', () => {
    expect(isDisposableDomain('mailinator.com')).toBe(true);
    expect(isDisposableDomain('acme-consulting.de')).toBe(false);
    expect(assessRisk(withReferee({ emailDomain: 'Mailinator.com' }))).toMatchObject({ decision: 'review', score: 50, rules: ['disposable_email'] });
  });

  it('adds up weaker signals: a busy /24 and a bot-fast signup together need a person', () => {
    const assessment = assessRisk(withFacts({ signupsFromSameNetworkLastDay: 7, clickToSignupSeconds: 2 }));
    expect(assessment).toMatchObject({ decision: 'review', score: 60, rules: ['network_velocity', 'timing'] });
    expect(assessment.reasons).toEqual(['7 signups from the same /24 network in 24 hours', 'Signed up 2s after the click']);
  });

  it('blocks when the signals add up to 100', () => {
    expect(assessRisk(withFacts({ refereesSharingDevice: 2, referrerReferralsLastDay: 30, signupsFromSameNetworkLastDay: 9 }))).toMatchObject({ decision: 'block', score: 100 });
  });

  it('lets a single weak signal through', () => {
    expect(assessRisk(withFacts({ referrerReferralsLastDay: 12 }))).toMatchObject({ decision: 'clear', score: 10 });
  });
});
