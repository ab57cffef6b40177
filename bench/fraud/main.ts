/**
 * Fraud screening against labelled traffic: honest referrals (friends, households behind one home IP, colleagues
 * of one office), self-referrals, disposable addresses, account farms and rings, sent through
 * `POST /v1/platform-events` to a fresh embedded platform with the default thresholds. Prints a confusion table
 * per pattern with precision, recall and false-positive rate.
 *   npm run bench:fraud
 * SEED (default 1) picks the traffic; SCALE (default 1) multiplies it; CONCURRENCY (default 16) scenarios at a time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { faker } from '@faker-js/faker';
import { LOAD_API_KEYS, LOAD_KEYS, ReferralFlows, aProgramDefinition, freePort, startPlatformProcess } from '@referral-ledger/testing';
import { PlatformMetrics } from '../platform-metrics';
import { confusionTable, type Judged, type Outcome } from './confusion-table';
import { PATTERNS, type Integrator, type LabelledReferral, type Scenario } from './patterns';

const SEED = Number(process.env.SEED ?? 1);
const SCALE = Number(process.env.SCALE ?? 1);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);
const TARGET = { recall: 0.95, precision: 0.97 };

async function main(): Promise<void> {
  faker.seed(SEED);
  const dataDir = mkdtempSync(join(tmpdir(), 'referral-ledger-fraud-bench-'));
  const platform = await startPlatformProcess({ API_KEYS: LOAD_API_KEYS, DATA_DIR: dataDir }, await freePort(), { compiled: true });
  const flows = new ReferralFlows(() => platform.url, LOAD_KEYS);
  try {
    // The default thresholds: what a program gets when its owner never thought about fraud.
    const { id: programId } = await flows.post('/v1/programs', 'admin', aProgramDefinition({ name: 'Fraud benchmark', holdDays: 14 }));
    const scenarios = traffic(new Date(Date.now() + 10 * 60_000));
    const referrals = scenarios.flatMap((scenario) => scenario.referrals);
    const started = Date.now();
    await playAll(scenarios, integrator(flows, programId));
    const sent = Date.now();
    const metrics = new PlatformMetrics(() => platform.url);
    await settled(metrics);
    const done = Date.now();
    const { parked, deadLetters } = await metrics.setAside();
    const outcomes = await outcomesOf(flows, referrals);
    const table = confusionTable(
      PATTERNS.map((pattern) => pattern.name),
      referrals.map((referral) => ({ ...referral, ...(outcomes.get(referral.refereeId) ?? { outcome: 'not attributed', rules: [] }) })),
    );

    console.log(
      `${new Date().toISOString()} seed ${SEED}, scale ${SCALE}; ${cpus().length} cores; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(
      `${scenarios.length} scenarios, ${referrals.length} referrals (${referrals.filter((r) => r.fraudulent).length} fraudulent); sent in ${((sent - started) / 1000).toFixed(1)} s, screened ${((done - sent) / 1000).toFixed(1)} s later`,
    );
    if (parked + deadLetters > 0) console.log(`WARNING: ${parked} parked event(s) and ${deadLetters} dead letter(s): the pipeline failed somewhere (see /v1/operations)`);
    console.log('');
    for (const line of table.lines) console.log(line);
    console.log('');
    const percent = (value: number) => value.toFixed(3);
    for (const [name, scores] of [
      ['flagged (anything but clear)', table.flagged],
      ['blocked (no person involved)', table.blocked],
    ] as const)
      console.log(`${name}: precision ${percent(scores.precision)}, recall ${percent(scores.recall)}, false-positive rate ${percent(scores.falsePositiveRate)}`);
    for (const [name, rules] of [
      ['rules behind honest referrals flagged', table.rulesFlaggingHonest],
      ['rules behind fraudulent referrals cleared', table.rulesClearingFraud],
    ] as const)
      console.log(`${name}: ${rules.size === 0 ? 'none' : [...rules].map(([rule, count]) => `${rule} ×${count}`).join(', ')}`);
    const honestBlocked = [...table.honestBlocked].filter(([, blocked]) => blocked > 0);
    console.log(`honest referrals blocked: ${honestBlocked.length === 0 ? 'none' : honestBlocked.map(([pattern, blocked]) => `${blocked} ${pattern}`).join(', ')}`);
    const met = table.flagged.recall >= TARGET.recall && table.flagged.precision >= TARGET.precision && honestBlocked.length === 0;
    console.log(`target (recall ≥ ${TARGET.recall}, precision ≥ ${TARGET.precision}, no honest referral blocked): ${met ? 'met' : 'NOT met'}`);
  } finally {
    await platform.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Every pattern's scenarios, starting at random over three days of event time from `from`, earliest first. */
function traffic(from: Date): Scenario[] {
  const scenarios = PATTERNS.flatMap((pattern) =>
    Array.from({ length: Math.round(pattern.scenarios * SCALE) }, () => pattern.scenario(new Date(from.getTime() + faker.number.int({ max: 3 * 24 * 3_600_000 })))),
  );
  return scenarios.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

async function playAll(scenarios: readonly Scenario[], integrator: Integrator): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < scenarios.length) await scenarios[next++].play(integrator);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

function integrator(flows: ReferralFlows, programId: string): Integrator {
  const send = async (type: string, data: { customerId: string } & Record<string, unknown>, at: Date) => {
    if (!(await flows.event(type, data, at))) throw new Error(`${type} of ${data.customerId} was not accepted`);
  };
  return {
    signUp: ({ customerId, email, ip, deviceId }, at, referralCode) =>
      send('customer.signed_up', { customerId, email, ip, deviceId, ...(referralCode ? { referralCode } : {}) }, at),
    pay: (customerId, at, paymentMethodFingerprint) =>
      send(
        'payment.succeeded',
        { customerId, paymentId: `pay-${customerId}`, amount: 9_900, currency: 'EUR', ...(paymentMethodFingerprint ? { paymentMethodFingerprint } : {}) },
        at,
      ),
    enrol: async ({ customerId, email }) => (await flows.post(`/v1/programs/${programId}/referrers`, 'integration', { customerId, email })).code,
  };
}

/** Idle three scrapes in a row: a screening's verdict goes on to attribution and rewards, which a single look could miss. */
async function settled(metrics: PlatformMetrics): Promise<void> {
  for (let idleScrapes = 0; idleScrapes < 3;) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    idleScrapes = (await metrics.idle()) ? idleScrapes + 1 : 0;
  }
}

/** The latest decision on each referee's referral and the rules behind it, read through the public routes. */
async function outcomesOf(flows: ReferralFlows, referrals: readonly LabelledReferral[]): Promise<Map<string, Judged>> {
  const outcomes = new Map<string, Judged>();
  for (const referrerId of new Set(referrals.map((referral) => referral.referrerId))) {
    const { referrals: made } = await flows.get<{ referrals: Array<{ referralId: string; refereeId: string; status: string; reason: string | null }> }>(
      `/v1/customers/${referrerId}/referrals`,
      'integration',
    );
    for (const { referralId, refereeId, status, reason } of made) {
      const history = await flows.find<{ assessments: Array<{ kind: string; decision: Outcome; rules: string[] }> }>(`/v1/fraud/referrals/${referralId}`, 'admin');
      const latest = history?.assessments.filter((entry) => entry.kind === 'assessed').at(-1);
      if (latest) outcomes.set(refereeId, { outcome: latest.decision, rules: latest.rules });
      else outcomes.set(refereeId, status === 'rejected' ? { outcome: 'rejected unscreened', rules: [`attribution: ${reason}`] } : { outcome: 'unscreened', rules: [] });
    }
  }
  return outcomes;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
