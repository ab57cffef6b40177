/**
 * Ledger reads at size: seeds ENTRIES (default 1,000,000) rewards granted and released to one customer into a scratch
 * Postgres database, projects them with `npm run rebuild -- all`, starts the compiled platform on it, then times the
 * customer's available-account statement (JSON, then CSV: one line per reward) and `GET /v1/ledger/verify`, and
 * prints entries/s with the platform's resident memory before and its peak after.
 *   npm run bench:ledger
 */
import { execFileSync } from 'node:child_process';
import { get, type IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { EVENT_STORE_MIGRATIONS, PostgresEventStore, type NewEvent, type StreamAppend } from '@referral-ledger/event-store';
import { createPool, migrate } from '@referral-ledger/postgres';
import { rewardDecider } from '@referral-ledger/rewards-domain';
import { LOAD_API_KEYS, LOAD_KEYS, freePort, startPlatformProcess } from '@referral-ledger/testing';
import { scratchDatabase } from '../scratch-database';

const ENTRIES = Number(process.env.ENTRIES ?? 1_000_000);
const CUSTOMER = 'bench-customer';
const ROOT = join(__dirname, '../..');

function reward(programId: string, index: number): StreamAppend {
  const now = new Date(Date.UTC(2026, 0, 1) + index * 1_000);
  const rewardId = randomUUID();
  const data = { rewardId, referralId: randomUUID(), programId, beneficiaryId: CUSTOMER, role: 'referrer' as const, kind: 'credit' as const, unit: 'EUR', amount: 1_000 };
  const [granted] = rewardDecider.decide(
    { type: 'GrantReward', data: { ...data, holdDays: 0, variantId: null, voucherCode: null }, metadata: { now } },
    rewardDecider.initialState(),
  );
  const [released] = rewardDecider.decide(
    { type: 'ReleaseReward', data: { fraudDecision: 'clear' }, metadata: { now } },
    rewardDecider.evolve(rewardDecider.initialState(), granted),
  );
  const stored = (event: { type: string; data: unknown }): NewEvent => ({
    id: randomUUID(),
    type: event.type,
    data: event.data,
    metadata: { correlationId: randomUUID(), causationId: null, occurredAt: now.toISOString(), schemaVersion: 1, actor: 'bench' },
  });
  return { streamName: `reward-${rewardId}`, expectedVersion: 'no_stream', events: [stored(granted), stored(released)] };
}

async function timed(label: string, entries: number, url: string, accept: string, rssBefore: () => number | undefined, peakRss: () => number | undefined): Promise<void> {
  const before = rssBefore();
  const started = Date.now();
  // node:http has no header timeout: verify answers only once it has walked every stream, minutes at this size.
  const response = await new Promise<IncomingMessage>((resolve, reject) =>
    get(url, { headers: { authorization: `Bearer ${LOAD_KEYS.finance}`, accept } }, resolve).on('error', reject),
  );
  let bytes = 0;
  const body: Buffer[] = [];
  for await (const chunk of response) {
    bytes += chunk.length;
    if (response.statusCode !== 200) body.push(chunk);
  }
  if (response.statusCode !== 200) throw new Error(`${label}: HTTP ${response.statusCode} ${Buffer.concat(body).toString()}`);
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `${label.padEnd(16)} ${entries} entries in ${seconds.toFixed(1)} s = ${Math.round(entries / seconds)} entries/s, ${Math.round(bytes / 1_048_576)} MB, platform RSS ${before} MB before, peak ${peakRss()} MB`,
  );
}

async function main(): Promise<void> {
  console.log(
    `bench:ledger: ${ENTRIES} entries, ${cpus().length} cores, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const database = await scratchDatabase();
  try {
    const pool = createPool(database.url, { max: 4 });
    await migrate(pool, [EVENT_STORE_MIGRATIONS]);
    const store = await PostgresEventStore.create(pool, { notifications: false });
    const programId = randomUUID();
    const seeding = Date.now();
    for (let first = 0; first < ENTRIES; first += 250) await store.appendAtomically(Array.from({ length: Math.min(250, ENTRIES - first) }, (_, i) => reward(programId, first + i)));
    console.log(`seeded ${ENTRIES * 2} events in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);
    await store.close();
    await pool.end();
    const env = { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'warn' };
    process.stdout.write(execFileSync(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'apps/platform/src/rebuild.ts'), 'all'], { env, encoding: 'utf8' }));
    const platform = await startPlatformProcess({ DATABASE_URL: database.url, API_KEYS: LOAD_API_KEYS }, await freePort(), { compiled: true });
    try {
      const rss = () => {
        const usage = /VmRSS:\s+(\d+) kB/.exec(execFileSync('cat', [`/proc/${platform.pid}/status`], { encoding: 'utf8' }));
        return usage ? Math.round(Number(usage[1]) / 1024) : undefined;
      };
      const account = encodeURIComponent(`customer:${CUSTOMER}:available:EUR`);
      await timed('statement JSON', ENTRIES, `${platform.url}/v1/ledger/accounts/${account}/statement`, 'application/json', rss, platform.peakRssMb);
      await timed('statement CSV', ENTRIES, `${platform.url}/v1/ledger/accounts/${account}/statement`, 'text/csv', rss, platform.peakRssMb);
      // Verify walks every journal entry: a grant and a release per reward.
      await timed('verify', 2 * ENTRIES, `${platform.url}/v1/ledger/verify`, 'application/json', rss, platform.peakRssMb);
    } finally {
      await platform.stop();
    }
  } finally {
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
