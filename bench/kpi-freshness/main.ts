/**
 * How fresh the analysts' KPI tables are: referral flows (a signup with a code, then a payment) at a steady rate on a
 * fresh embedded platform, while `GET /v1/kpis` is read every 50 ms; each conversion's freshness is the time from
 * its payment's 202 to the first read that counts it in `analytics.kpi_daily`.
 *   npm run bench:kpi-freshness
 * RATE flows per second (default 5, about the demo's pace), FLOWS (default 200).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOAD_API_KEYS, LOAD_KEYS, ReferralFlows, freePort, startPlatformProcess } from '@referral-ledger/testing';

const RATE = Number(process.env.RATE ?? 5);
const FLOWS = Number(process.env.FLOWS ?? 200);

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'referral-ledger-kpi-freshness-'));
  const platform = await startPlatformProcess({ API_KEYS: LOAD_API_KEYS, DATA_DIR: dataDir }, await freePort(), { compiled: true });
  const flows = new ReferralFlows(() => platform.url, LOAD_KEYS);
  try {
    const { programId, codes } = await flows.setUp(20);
    const referrers = [...codes.keys()];
    const day = new Date().toISOString().slice(0, 10);
    const counted = async () =>
      (await flows.get<{ rows: Array<{ conversions: number }> }>(`/v1/kpis?programId=${programId}&from=${day}&to=${day}`, 'admin')).rows.reduce((n, r) => n + r.conversions, 0);
    const paidAt: number[] = [];
    const seenAt: number[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling || seenAt.length < paidAt.length) {
        const conversions = await counted();
        const now = Date.now();
        while (seenAt.length < Math.min(conversions, paidAt.length)) seenAt.push(now);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const started = Date.now();
    for (let i = 0; i < FLOWS; i++) {
      const due = started + (i * 1_000) / RATE;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
      const friend = `friend-${i}`;
      await flows.event('customer.signed_up', { customerId: friend, email: `${friend}@example.org`, referralCode: codes.get(referrers[i % referrers.length]) });
      if (!(await flows.event('payment.succeeded', { customerId: friend, paymentId: `pay-${friend}`, amount: 120_000, currency: 'EUR' }))) throw new Error(`payment ${i} refused`);
      paidAt.push(Date.now());
    }
    polling = false;
    await poller;
    const delays = paidAt.map((at, i) => Math.max(0, seenAt[i] - at)).sort((a, b) => a - b);
    const at = (q: number) => delays[Math.min(delays.length - 1, Math.floor(q * delays.length))];
    console.log(
      `${new Date().toISOString()} ${FLOWS} flows at ${RATE}/s on a fresh embedded platform; ${cpus().length} cores; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(`payment 202 → counted in kpi_daily (read every 50 ms): p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, p99 ${at(0.99)} ms, max ${delays.at(-1)} ms`);
  } finally {
    await platform.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
