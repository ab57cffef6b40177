import { colleagueDomainOf } from './colleagues';
import type { FraudRule } from './fraud-rule';

/**
 * Many signups from one network in a short time: a farm, or an office onboarding together, so it never blocks alone.
 * A colleague of the referrer (see `colleagueDomainOf`) is judged by the others: colleagues joining together are expected.
 */
export const networkVelocity: FraudRule = (facts, thresholds) => {
  const { network } = facts;
  const colleagues = colleagueDomainOf(facts, thresholds);
  // The referee still counts itself; its colleagues do not.
  const others = (signups: number, sameDomain: number) => (colleagues ? signups - sameDomain + 1 : signups);
  const besides = (sameDomain: number) => (colleagues ? ` besides ${sameDomain - 1} colleague(s) at ${colleagues}` : '');
  const withinHour = others(network.signupsWithinHour, network.sameDomainWithinHour);
  const withinDay = others(network.signupsWithinDay, network.sameDomainWithinDay);
  if (withinHour >= thresholds.networkSignupsPerHour)
    return [
      {
        rule: 'network_velocity',
        points: Math.min(70, 40 + 5 * (withinHour - thresholds.networkSignupsPerHour)),
        reason: `${withinHour} signups from the same network (/24 or /64) within an hour${besides(network.sameDomainWithinHour)} (threshold ${thresholds.networkSignupsPerHour})`,
      },
    ];
  if (withinDay >= thresholds.networkSignupsPerDay)
    return [
      {
        rule: 'network_velocity',
        points: 30,
        reason: `${withinDay} signups from the same network (/24 or /64) within a day${besides(network.sameDomainWithinDay)} (threshold ${thresholds.networkSignupsPerDay})`,
      },
    ];
  return [];
};

const REFERRER_PACE_POINTS = { first: 20, step: 5, most: 60 };

/** Referrals above the threshold after which the referrer's pace adds no more points: later ones change no score. */
export const REFERRER_PACE_SATURATES_AFTER = (REFERRER_PACE_POINTS.most - REFERRER_PACE_POINTS.first) / REFERRER_PACE_POINTS.step + 1;

export const referrerVelocity: FraudRule = ({ referrerReferralsWithinDay: referrals }, { referrerReferralsPerDay }) =>
  referrals > referrerReferralsPerDay
    ? [
        {
          rule: 'referrer_velocity',
          points: Math.min(REFERRER_PACE_POINTS.most, REFERRER_PACE_POINTS.first + REFERRER_PACE_POINTS.step * (referrals - referrerReferralsPerDay - 1)),
          reason: `The referrer brought ${referrals} referrals within a day (threshold ${referrerReferralsPerDay})`,
        },
      ]
    : [];

/** `user1@`, `user2@`, `user3@` … of one domain within a day: accounts made by a script. */
export const sequentialEmails: FraudRule = ({ similarEmailsWithinDay: similar }, { similarEmailsPerDay }) =>
  similar >= similarEmailsPerDay
    ? [
        {
          rule: 'sequential_emails',
          points: Math.min(80, 50 + 10 * (similar - similarEmailsPerDay)),
          reason: `${similar} signups within a day with addresses that differ only by trailing digits (threshold ${similarEmailsPerDay})`,
        },
      ]
    : [];
