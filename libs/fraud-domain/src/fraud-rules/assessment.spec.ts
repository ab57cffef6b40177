import { assessRisk } from './assessment';
import { isCompanyDomain } from './colleagues';
import { isDisposableDomain } from './disposable-email';
import { DEFAULT_FRAUD_THRESHOLDS, fraudThresholds } from './fraud-thresholds';
import { honestReferral as honest } from './honest-referral';
import type { ReferralFacts } from './referral-facts';

const withFacts = (change: Partial<ReferralFacts>): ReferralFacts => ({ ...honest, ...change });
const withReferee = (change: Partial<ReferralFacts['referee']>) => withFacts({ referee: { ...honest.referee, ...change } });
const assess = (facts: ReferralFacts) => assessRisk(facts, DEFAULT_FRAUD_THRESHOLDS);
/** `withinHour` and `withinDay` signups from the referee's network, `sameDomain` of them (the referee included) from its email domain. */
const busyNetwork = (withinHour: number, withinDay: number, sameDomain = 1): Pick<ReferralFacts, 'network'> => ({
  network: {
    signupsWithinHour: withinHour,
    signupsWithinDay: withinDay,
    sameDomainWithinHour: Math.min(sameDomain, withinHour),
    sameDomainWithinDay: Math.min(sameDomain, withinDay),
  },
});

describe('fraud screening of a referral', () => {
  it('clears an ordinary referral with score 0 and no reasons', () => {
    expect(assess(honest)).toEqual({ decision: 'clear', score: 0, reasons: [], rules: [] });
  });

  it.each([
    ['the same customer', withReferee({ customerId: 'alice' }), 'The referee is the referrer'],
    ['the same email under another account', withReferee({ emailIndex: 'idx-alice' }), "The referee uses the referrer's email address (after normalisation)"],
    ["the referrer's device", withReferee({ deviceId: 'dev-alice' }), "The referee signed up on the referrer's device"],
    ["the referrer's card", withReferee({ paymentFingerprints: ['card-alice'] }), "The referee paid with the referrer's payment method"],
  ])('blocks a self-referral: %s', (_case, facts, reason) => {
    expect(assess(facts)).toEqual({ decision: 'block', score: 100, reasons: [reason], rules: ['self_referral'] });
  });

  it("only adds points for the referrer's exact IP: colleagues share an office NAT", () => {
    expect(assess(withReferee({ ipHash: 'ip-alice' }))).toMatchObject({ decision: 'clear', score: 15, rules: ['shared_ip'] });
    expect(assess(withFacts({ referee: { ...honest.referee, ipHash: 'ip-alice' }, chain: { ...honest.chain, onRefereeIp: 4 } })).decision).toBe('clear');
  });

  it.each([
    ['A → B → A', withFacts({ referredEachOther: true }), 'The referrer and the referee referred each other (A → B → A)'],
    [
      "a device of the referrer's chain",
      withFacts({ chain: { ...honest.chain, onRefereeDevice: 2 } }),
      "The referee's device was used by 2 other account(s) of the referrer's chain",
    ],
    [
      "a card of the referrer's chain",
      withFacts({ chain: { ...honest.chain, withRefereePaymentMethod: 1 } }),
      "The referee's payment method was used by 1 other account(s) of the referrer's chain",
    ],
  ])('blocks a ring: %s', (_case, facts, reason) => {
    expect(assess(facts)).toMatchObject({ decision: 'block', reasons: [reason], rules: ['referral_ring'] });
  });

  it('sends a disposable email domain to review, using the maintained list', () => {
    expect(isDisposableDomain('mailinator.com')).toBe(true);
    expect(isDisposableDomain('acme-consulting.de')).toBe(false);
    expect(assess(withReferee({ emailDomain: 'Mailinator.com' }))).toMatchObject({ decision: 'review', score: 50, rules: ['disposable_email'] });
  });

  it('sends a busy network to review, but never blocks it alone: an office may onboard together', () => {
    expect(assess(withFacts(busyNetwork(5, 5)))).toMatchObject({
      decision: 'review',
      score: 40,
      reasons: ['5 signups from the same network (/24 or /64) within an hour (threshold 5)'],
    });
    expect(assess(withFacts(busyNetwork(60, 60)))).toMatchObject({ decision: 'review', score: 70 });
    expect(assess(withFacts(busyNetwork(2, 25)))).toMatchObject({ decision: 'clear', score: 30 });
  });

  it("judges a colleague writing from the referrer's company domain by the others of the network: an office may onboard together", () => {
    const colleagues = (change: Partial<ReferralFacts>) =>
      withFacts({ referrer: { ...honest.referrer, emailDomains: ['acme-consulting.de'] }, ...busyNetwork(9, 9, 8), ...change });
    expect(assess(colleagues({}))).toMatchObject({ decision: 'clear', score: 0 });
    expect(assess(colleagues({ signupToConversionSeconds: 2 * 86_400 }))).toMatchObject({ decision: 'clear', score: 0 });
    expect(assess(colleagues(busyNetwork(14, 14, 8)))).toMatchObject({
      decision: 'review',
      reasons: ['7 signups from the same network (/24 or /64) within an hour besides 7 colleague(s) at acme-consulting.de (threshold 5)'],
    });
    // Paying seconds after signing up is no colleague's habit: the whole burst counts.
    expect(assess(colleagues({ signupToConversionSeconds: 20 }))).toMatchObject({ decision: 'review', score: 90, rules: ['network_velocity', 'timing'] });
    // A webmail domain says nothing about who works together.
    const webmail = withFacts({
      referrer: { ...honest.referrer, emailDomains: ['gmail.com'] },
      referee: { ...honest.referee, emailDomain: 'gmail.com' },
      ...busyNetwork(9, 9, 8),
    });
    expect(assess(webmail)).toMatchObject({ decision: 'review', score: 60 });
    expect(isCompanyDomain('web.de')).toBe(false);
    expect(isCompanyDomain('acme-consulting.de')).toBe(true);
  });

  it('blocks an account farm: a busy network and payments seconds after signup', () => {
    const farm = withFacts({ ...busyNetwork(15, 15), signupToConversionSeconds: 40 });
    expect(assess(farm)).toEqual({
      decision: 'block',
      score: 100,
      reasons: ['15 signups from the same network (/24 or /64) within an hour (threshold 5)', 'Paid 40s after signing up (under 60s)'],
      rules: ['network_velocity', 'timing'],
    });
  });

  it('sends a burst of sequential addresses to review, and blocks it with bot-fast signups', () => {
    expect(assess(withFacts({ similarEmailsWithinDay: 3 }))).toMatchObject({ decision: 'review', score: 50, rules: ['sequential_emails'] });
    expect(assess(withFacts({ similarEmailsWithinDay: 6, clickToSignupSeconds: 2 }))).toMatchObject({ decision: 'block', score: 100 });
  });

  it('lets a busy referrer through below the line, and reviews one far above it', () => {
    expect(assess(withFacts({ referrerReferralsWithinDay: 12 }))).toMatchObject({ decision: 'clear', score: 25 });
    expect(assess(withFacts({ referrerReferralsWithinDay: 30 }))).toMatchObject({ decision: 'review', score: 60 });
  });

  it('draws the lines where the program puts them', () => {
    const strict = fraudThresholds({ networkSignupsPerHour: 3, reviewScore: 30 });
    expect(assessRisk(withFacts(busyNetwork(3, 3)), strict)).toMatchObject({ decision: 'review', score: 40 });
    expect(assessRisk(withFacts({ signupToConversionSeconds: 20 }), strict)).toMatchObject({ decision: 'review', score: 30 });
  });
});
