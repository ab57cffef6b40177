import type { Pool } from 'pg';
import type { FraudThresholdsDefinition } from '@referral-ledger/contracts';
import { fraudThresholds, type FraudThresholds, type ReferralFacts, type ReferralSubject } from '@referral-ledger/fraud-domain';

export interface ScreeningInput {
  subject: ReferralSubject;
  facts: ReferralFacts;
  thresholds: FraudThresholds;
  /** The numbers published with the assessment (no personal data, not even indexes). */
  summary: Record<string, number | boolean | null>;
}

interface FactsRow {
  referral_id: string;
  program_id: string;
  referrer_id: string;
  referee_id: string;
  email_index: string;
  email_domain: string;
  device_index: string | null;
  ip_index: string | null;
  network_hour: number;
  network_day: number;
  network_domain_hour: number;
  network_domain_day: number;
  referrer_day: number;
  ring: boolean;
  chain_device: number;
  chain_ip: number;
  chain_card: number;
  similar_emails: number;
  click_to_signup: number | null;
  signup_to_conversion: number | null;
  referrer_emails: string[];
  referrer_domains: string[];
  referrer_devices: string[];
  referrer_ips: string[];
  referrer_cards: string[];
  referee_cards: string[];
  thresholds: FraudThresholdsDefinition | null;
}

/**
 * Every count is taken around the referral's own event times (the referee's signup, the attribution), never the
 * arrival time, so late or bulk-imported events count the same. The chain is the referrer's own referrer and its
 * other referees; the referrer itself is the self-referral rule's.
 */
const FACTS_SQL = `
SELECT r.referral_id, r.program_id, r.referrer_id, r.referee_id, ee.email_index, ee.email_domain, ee.device_index, ee.ip_index,
  network.hour AS network_hour, network.day AS network_day, network.domain_hour AS network_domain_hour, network.domain_day AS network_domain_day,
  (SELECT count(*)::int FROM fraud.referrals x WHERE x.referrer_id = r.referrer_id
     AND x.attributed_at BETWEEN r.attributed_at - interval '1 day' AND r.attributed_at + interval '1 day') AS referrer_day,
  EXISTS (SELECT 1 FROM fraud.referrals x WHERE x.referrer_id = r.referee_id AND x.referee_id = r.referrer_id) AS ring,
  (SELECT count(*)::int FROM fraud.signups c WHERE c.customer_id = ANY(chain.members) AND c.device_index = ee.device_index) AS chain_device,
  (SELECT count(*)::int FROM fraud.signups c WHERE c.customer_id = ANY(chain.members) AND c.ip_index = ee.ip_index) AS chain_ip,
  (SELECT count(DISTINCT p.customer_id)::int FROM fraud.payment_methods p WHERE p.customer_id = ANY(chain.members)
     AND p.fingerprint_index IN (SELECT fingerprint_index FROM fraud.payment_methods WHERE customer_id = r.referee_id)) AS chain_card,
  (SELECT count(*)::int FROM fraud.signups n WHERE n.email_stem_index = ee.email_stem_index
     AND n.signed_up_at BETWEEN ee.signed_up_at - interval '1 day' AND ee.signed_up_at + interval '1 day') AS similar_emails,
  round(extract(epoch FROM ee.signed_up_at - r.clicked_at))::int AS click_to_signup,
  round(extract(epoch FROM r.converted_at - ee.signed_up_at))::int AS signup_to_conversion,
  ARRAY(SELECT email_index FROM fraud.enrolments WHERE customer_id = r.referrer_id UNION SELECT email_index FROM fraud.signups WHERE customer_id = r.referrer_id) AS referrer_emails,
  ARRAY(SELECT email_domain FROM fraud.signups WHERE customer_id = r.referrer_id) AS referrer_domains,
  ARRAY(SELECT device_index FROM fraud.signups WHERE customer_id = r.referrer_id AND device_index IS NOT NULL) AS referrer_devices,
  ARRAY(SELECT ip_index FROM fraud.signups WHERE customer_id = r.referrer_id AND ip_index IS NOT NULL) AS referrer_ips,
  ARRAY(SELECT fingerprint_index FROM fraud.payment_methods WHERE customer_id = r.referrer_id) AS referrer_cards,
  ARRAY(SELECT fingerprint_index FROM fraud.payment_methods WHERE customer_id = r.referee_id) AS referee_cards,
  (SELECT thresholds FROM fraud.program_thresholds WHERE program_id = r.program_id) AS thresholds
FROM fraud.referrals r
JOIN fraud.signups ee ON ee.customer_id = r.referee_id
-- The referee's network within a day of its signup, read once: the hour and the referee's email domain are filters of it.
CROSS JOIN LATERAL (
  SELECT count(*)::int AS day,
         (count(*) FILTER (WHERE n.signed_up_at BETWEEN ee.signed_up_at - interval '1 hour' AND ee.signed_up_at + interval '1 hour'))::int AS hour,
         (count(*) FILTER (WHERE n.email_domain = ee.email_domain))::int AS domain_day,
         (count(*) FILTER (WHERE n.email_domain = ee.email_domain
            AND n.signed_up_at BETWEEN ee.signed_up_at - interval '1 hour' AND ee.signed_up_at + interval '1 hour'))::int AS domain_hour
  FROM fraud.signups n WHERE n.network_index = ee.network_index
    AND n.signed_up_at BETWEEN ee.signed_up_at - interval '1 day' AND ee.signed_up_at + interval '1 day'
) network
CROSS JOIN LATERAL (SELECT ARRAY(
  SELECT x.referrer_id FROM fraud.referrals x WHERE x.referee_id = r.referrer_id
  UNION SELECT x.referee_id FROM fraud.referrals x WHERE x.referrer_id = r.referrer_id AND x.referee_id <> r.referee_id
) AS members) AS chain
WHERE r.referral_id = ANY($1)`;

/**
 * The facts of these referrals, in one query; a referral whose referee's signup has not been heard yet is left out
 * (the signup's arrival queues it again).
 */
export async function referralFacts(pool: Pool, referralIds: readonly string[]): Promise<ScreeningInput[]> {
  const { rows } = await pool.query<FactsRow>(FACTS_SQL, [referralIds]);
  return rows.map(screeningInput);
}

function screeningInput(row: FactsRow): ScreeningInput {
  const facts: ReferralFacts = {
    referrer: {
      customerId: row.referrer_id,
      emailIndexes: row.referrer_emails,
      emailDomains: row.referrer_domains,
      deviceIds: row.referrer_devices,
      ipHashes: row.referrer_ips,
      paymentFingerprints: row.referrer_cards,
    },
    referee: {
      customerId: row.referee_id,
      emailIndex: row.email_index,
      emailDomain: row.email_domain,
      deviceId: row.device_index,
      ipHash: row.ip_index,
      paymentFingerprints: row.referee_cards,
    },
    network: {
      signupsWithinHour: row.network_hour,
      signupsWithinDay: row.network_day,
      sameDomainWithinHour: row.network_domain_hour,
      sameDomainWithinDay: row.network_domain_day,
    },
    referrerReferralsWithinDay: row.referrer_day,
    referredEachOther: row.ring,
    chain: { onRefereeDevice: row.chain_device, onRefereeIp: row.chain_ip, withRefereePaymentMethod: row.chain_card },
    similarEmailsWithinDay: row.similar_emails,
    clickToSignupSeconds: row.click_to_signup,
    signupToConversionSeconds: row.signup_to_conversion,
  };
  return {
    subject: { referralId: row.referral_id, programId: row.program_id, referrerId: row.referrer_id, refereeId: row.referee_id },
    facts,
    thresholds: fraudThresholds(row.thresholds ?? undefined),
    summary: {
      networkSignupsWithinHour: row.network_hour,
      networkSignupsWithinDay: row.network_day,
      networkSignupsFromRefereeDomainWithinHour: row.network_domain_hour,
      networkSignupsFromRefereeDomainWithinDay: row.network_domain_day,
      referrerReferralsWithinDay: row.referrer_day,
      referredEachOther: row.ring,
      chainAccountsOnRefereeDevice: row.chain_device,
      chainAccountsOnRefereeIp: row.chain_ip,
      chainAccountsWithRefereePaymentMethod: row.chain_card,
      similarEmailsWithinDay: row.similar_emails,
      clickToSignupSeconds: row.click_to_signup,
      signupToConversionSeconds: row.signup_to_conversion,
    },
  };
}
