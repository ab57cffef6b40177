import { faker } from '@faker-js/faker';
import { aDevice, aNetwork, anAccount, anAddressIn, anAliasOf, disposableEmail, personalEmail, type Account } from './people';

/** What the benchmark tells the platform to do: the integrator's systems, as seen through the public contract. */
export interface Integrator {
  signUp(account: Account, at: Date, referralCode?: string): Promise<void>;
  pay(customerId: string, at: Date, paymentMethodFingerprint?: string): Promise<void>;
  /** Enrols the customer as a referrer of the benchmark's program; returns the referral code. */
  enrol(account: Account): Promise<string>;
}

export interface LabelledReferral {
  referrerId: string;
  refereeId: string;
  pattern: string;
  fraudulent: boolean;
}

/** A few people and what they do, in event time from `startsAt`; played in order, beside other scenarios. */
export interface Scenario {
  startsAt: Date;
  referrals: LabelledReferral[];
  play(integrator: Integrator): Promise<void>;
}

export interface Pattern {
  name: string;
  fraudulent: boolean;
  /** How many scenarios of it one benchmark run plays, at scale 1. */
  scenarios: number;
  scenario(startsAt: Date): Scenario;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const later = (at: Date, ms: number) => new Date(at.getTime() + ms);

/** A person deciding to pay: at once with a saved card for a few, minutes after signing up for some, days of trial for most. */
const humanPaymentDelay = () =>
  faker.helpers.weightedArrayElement([
    { weight: 1, value: () => faker.number.int({ min: 30_000, max: 3 * MINUTE }) },
    { weight: 2, value: () => faker.number.int({ min: 3 * MINUTE, max: HOUR }) },
    { weight: 4, value: () => faker.number.int({ min: HOUR, max: DAY }) },
    { weight: 4, value: () => faker.number.int({ min: DAY, max: 14 * DAY }) },
  ])();

interface Payment {
  afterMs: number;
  card?: string;
}

/**
 * One referrer and the referees it brings, in order; `payment` says when (after signing up) and with what each
 * pays, or `null` for a referee who never pays.
 */
function referralsOf(
  pattern: Pick<Pattern, 'name' | 'fraudulent'>,
  referrer: Account,
  referees: ReadonlyArray<{ account: Account; at: Date; payment?: Payment | null }>,
  options: { referrerSignsUpAt?: Date } = {},
): Scenario {
  const ordered = [...referees].sort((a, b) => a.at.getTime() - b.at.getTime());
  // Left to chance, most referees pay, when a person would.
  const paid = (payment: Payment | null | undefined): Payment | null => (payment !== undefined ? payment : faker.datatype.boolean(0.85) ? { afterMs: humanPaymentDelay() } : null);
  const plan = ordered.map((referee) => ({ ...referee, payment: paid(referee.payment) }));
  return {
    startsAt: options.referrerSignsUpAt ?? ordered[0].at,
    referrals: plan.map(({ account }) => ({ referrerId: referrer.customerId, refereeId: account.customerId, pattern: pattern.name, fraudulent: pattern.fraudulent })),
    async play(integrator) {
      if (options.referrerSignsUpAt) await integrator.signUp(referrer, options.referrerSignsUpAt);
      const code = await integrator.enrol(referrer);
      for (const { account, at, payment } of plan) {
        await integrator.signUp(account, at, code);
        if (payment) await integrator.pay(account.customerId, later(at, payment.afterMs), payment.card);
      }
    },
  };
}

/** Scenarios played one after the other, as one. */
const inTurn = (startsAt: Date, ...parts: Scenario[]): Scenario => ({
  startsAt,
  referrals: parts.flatMap((part) => part.referrals),
  async play(integrator) {
    for (const part of parts) await part.play(integrator);
  },
});

const spreadOver = (startsAt: Date, withinMs: number) => later(startsAt, faker.number.int({ min: MINUTE, max: withinMs }));

export const PATTERNS: readonly Pattern[] = [
  {
    name: 'honest friends',
    fraudulent: false,
    scenarios: 160,
    scenario(startsAt) {
      const referrer = anAccount('referrer');
      const friends = faker.helpers.weightedArrayElement([
        { weight: 5, value: 1 },
        { weight: 4, value: faker.number.int({ min: 2, max: 4 }) },
        { weight: 1, value: faker.number.int({ min: 5, max: 12 }) },
      ]);
      const referees = Array.from({ length: friends }, () => ({ account: anAccount('friend'), at: spreadOver(startsAt, 3 * DAY) }));
      return referralsOf(this, referrer, referees, { referrerSignsUpAt: startsAt });
    },
  },
  {
    name: 'household (one home IP)',
    fraudulent: false,
    scenarios: 30,
    scenario(startsAt) {
      const referrer = anAccount('referrer');
      return referralsOf(this, referrer, [{ account: anAccount('partner', { ip: referrer.ip }), at: spreadOver(startsAt, 2 * DAY) }], { referrerSignsUpAt: startsAt });
    },
  },
  {
    name: 'colleagues of one office',
    fraudulent: false,
    scenarios: 12,
    scenario(startsAt) {
      const domain = faker.internet.domainName();
      const network = aNetwork();
      const natAddress = faker.datatype.boolean(0.7) ? anAddressIn(network) : undefined;
      const colleague = (role: string) => anAccount(role, { email: personalEmail(domain), ip: natAddress ?? anAddressIn(network) });
      // Most teams hear of a tool one by one over days; some sit in one meeting and sign up within the hour.
      const withinMs = faker.datatype.boolean(0.2) ? HOUR : 5 * DAY;
      const referees = Array.from({ length: faker.number.int({ min: 5, max: 10 }) }, () => ({ account: colleague('colleague'), at: spreadOver(startsAt, withinMs) }));
      return referralsOf(this, colleague('office-lead'), referees, { referrerSignsUpAt: startsAt });
    },
  },
  {
    name: 'self-referral: email alias',
    fraudulent: true,
    scenarios: 40,
    scenario(startsAt) {
      const referrer = anAccount('referrer', { email: personalEmail(faker.helpers.arrayElement(['gmail.com', 'gmail.com', 'outlook.com', 'proton.me'])) });
      const alias = anAccount('alias', { email: anAliasOf(referrer.email), ip: faker.datatype.boolean() ? referrer.ip : undefined });
      return referralsOf(this, referrer, [{ account: alias, at: spreadOver(startsAt, DAY) }], { referrerSignsUpAt: startsAt });
    },
  },
  {
    name: 'self-referral: same device',
    fraudulent: true,
    scenarios: 40,
    scenario(startsAt) {
      const referrer = anAccount('referrer');
      const second = anAccount('second-account', { deviceId: referrer.deviceId, ip: faker.datatype.boolean(0.8) ? referrer.ip : undefined });
      return referralsOf(this, referrer, [{ account: second, at: spreadOver(startsAt, DAY) }], { referrerSignsUpAt: startsAt });
    },
  },
  {
    name: 'disposable email domain',
    fraudulent: true,
    scenarios: 40,
    scenario(startsAt) {
      const referee = anAccount('throwaway', { email: disposableEmail() });
      return referralsOf(this, anAccount('referrer'), [{ account: referee, at: spreadOver(startsAt, DAY) }], { referrerSignsUpAt: startsAt });
    },
  },
  {
    name: 'account farm',
    fraudulent: true,
    scenarios: 8,
    scenario(startsAt) {
      const network = aNetwork();
      const sequential = faker.datatype.boolean()
        ? {
            stem: faker.internet
              .username()
              .toLowerCase()
              .replace(/[^a-z]/g, ''),
            first: faker.number.int({ max: 50 }),
          }
        : null;
      // Most farms run a script within minutes; a careful one spreads its accounts over a day.
      const gapMs = faker.datatype.boolean(0.75) ? { min: 20_000, max: 90_000 } : { min: 40 * MINUTE, max: 90 * MINUTE };
      let at = startsAt;
      const referees = Array.from({ length: faker.number.int({ min: 12, max: 20 }) }, (_, n) => {
        at = later(at, faker.number.int(gapMs));
        const email = sequential ? `${sequential.stem}${sequential.first + n}@gmail.com` : personalEmail();
        return { account: anAccount('farmed', { email, ip: anAddressIn(network), deviceId: aDevice() }), at, payment: { afterMs: faker.number.int({ min: 15_000, max: 50_000 }) } };
      });
      return referralsOf(this, anAccount('farmer'), referees, { referrerSignsUpAt: startsAt });
    },
  },
  {
    name: 'account farm behind residential proxies',
    fraudulent: true,
    scenarios: 4,
    scenario(startsAt) {
      // Every account from another network, paying minutes later: only the referrer's pace gives it away.
      let at = startsAt;
      const referees = Array.from({ length: faker.number.int({ min: 15, max: 25 }) }, () => {
        at = later(at, faker.number.int({ min: 5 * MINUTE, max: 40 * MINUTE }));
        return { account: anAccount('proxied'), at, payment: { afterMs: faker.number.int({ min: 2 * MINUTE, max: 15 * MINUTE }) } };
      });
      return referralsOf(this, anAccount('farmer'), referees, { referrerSignsUpAt: startsAt });
    },
  },
  {
    name: 'ring: A → B → A',
    fraudulent: true,
    scenarios: 15,
    scenario(startsAt) {
      const [a, b] = [anAccount('ring-a'), anAccount('ring-b')];
      const aRefersB = referralsOf(this, a, [{ account: b, at: startsAt }]);
      const bRefersA = referralsOf(this, b, [{ account: a, at: spreadOver(startsAt, 6 * HOUR) }]);
      return inTurn(startsAt, aRefersB, bRefersA);
    },
  },
  {
    name: "ring: two referrers' second accounts on one device",
    fraudulent: true,
    scenarios: 10,
    scenario(startsAt) {
      const shared = { ip: faker.internet.ipv4(), deviceId: aDevice() };
      const [kim, lee] = [anAccount('duo', shared), anAccount('duo', shared)];
      const kimRefersLeeAlt = referralsOf(this, kim, [{ account: anAccount('duo-alt', shared), at: spreadOver(startsAt, 6 * HOUR) }], { referrerSignsUpAt: startsAt });
      const leeRefersKimAlt = referralsOf(this, lee, [{ account: anAccount('duo-alt', shared), at: spreadOver(startsAt, 6 * HOUR) }], { referrerSignsUpAt: startsAt });
      return inTurn(startsAt, kimRefersLeeAlt, leeRefersKimAlt);
    },
  },
  {
    name: 'ring: one card behind several referees',
    fraudulent: true,
    scenarios: 10,
    scenario(startsAt) {
      const card = `card-${faker.string.alphanumeric(16)}`;
      const referees = Array.from({ length: faker.number.int({ min: 2, max: 4 }) }, () => ({
        account: anAccount('card-holder'),
        at: spreadOver(startsAt, 2 * DAY),
        payment: { afterMs: humanPaymentDelay(), card },
      }));
      return referralsOf(this, anAccount('referrer'), referees, { referrerSignsUpAt: startsAt });
    },
  },
];
