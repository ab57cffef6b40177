import type { FraudRule } from './fraud-rule';

/** Many signups from one network in a short time: a farm, or an office onboarding together, so it never blocks alone. */
export const networkVelocity: FraudRule = ({ network }, { networkSignupsPerHour, networkSignupsPerDay }) => {
  if (network.signupsWithinHour >= networkSignupsPerHour)
    return [
      {
        rule: 'network_velocity',
        points: Math.min(70, 40 + 5 * (network.signupsWithinHour - networkSignupsPerHour)),
        reason: `${network.signupsWithinHour} signups from the same network (/24 or /64) within an hour (threshold ${networkSignupsPerHour})`,
      },
    ];
  if (network.signupsWithinDay >= networkSignupsPerDay)
    return [
      {
        rule: 'network_velocity',
        points: 30,
        reason: `${network.signupsWithinDay} signups from the same network (/24 or /64) within a day (threshold ${networkSignupsPerDay})`,
      },
    ];
  return [];
};

export const referrerVelocity: FraudRule = ({ referrerReferralsWithinDay: referrals }, { referrerReferralsPerDay }) =>
  referrals > referrerReferralsPerDay
    ? [
        {
          rule: 'referrer_velocity',
          points: Math.min(60, 20 + 5 * (referrals - referrerReferralsPerDay - 1)),
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
