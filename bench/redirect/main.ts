/**
 * Share links: `GET /r/:code` on the platform beside a bare Node server answering the same 302, each in its
 * own process, loaded by autocannon from this one (CONNECTIONS, default 50; SECONDS, default 10 each).
 *   npm run bench:redirect -- embedded | postgres
 * Afterwards it checks that every redirect's click was recorded (the KPI table's clicks). CPU_PROFILE_DIR as in bench:throughput.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { LOAD_API_KEYS, LOAD_KEYS, ReferralFlows, freePort, startPlatformProcess } from '@referral-ledger/testing';
import { scratchDatabase } from '../scratch-database';
import { PlatformMetrics } from '../platform-metrics';

const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);
const SECONDS = Number(process.env.SECONDS ?? 10);

const BARE_SERVER = `require('node:http').createServer((request, response) => {
  response.writeHead(302, { Location: 'https://example.com/pricing?ref=CODE&click_id=' + require('node:crypto').randomUUID() });
  response.end();
}).listen(Number(process.argv[1]), '127.0.0.1', () => console.log('listening'));`;

async function load(url: string): Promise<{ requestsPerSecond: number; p99: number; redirects: number; errors: number }> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS });
  return { requestsPerSecond: result.requests.average, p99: result.latency.p99, redirects: result['3xx'], errors: result.errors + result.non2xx - result['3xx'] };
}

async function bareServer(): Promise<{ url: string; stop(): void }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-e', BARE_SERVER, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve) => child.stdout.once('data', resolve));
  return { url: `http://127.0.0.1:${port}/r/CODE`, stop: () => child.kill() };
}

async function main(): Promise<void> {
  const mode = process.argv[2] ?? 'embedded';
  if (mode !== 'embedded' && mode !== 'postgres') throw new Error(`unknown mode ${mode}: embedded or postgres`);
  const bare = await bareServer();
  const baseline = await load(bare.url);
  bare.stop();

  const dataDir = mkdtempSync(join(tmpdir(), 'referral-ledger-redirect-'));
  const database = mode === 'postgres' ? await scratchDatabase() : undefined;
  const profiling = process.env.CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.CPU_PROFILE_DIR}`] : [];
  const platform = await startPlatformProcess({ API_KEYS: LOAD_API_KEYS, DATA_DIR: dataDir, ...(database ? { DATABASE_URL: database.url } : {}) }, await freePort(), {
    nodeArgs: profiling,
    compiled: true,
  });
  const flows = new ReferralFlows(() => platform.url, LOAD_KEYS);
  try {
    const { programId, codes } = await flows.setUp(1);
    const [code] = codes.values();
    const metrics = new PlatformMetrics(() => platform.url);
    const before = await metrics.counters();
    const measured = await load(`${platform.url}/r/${code}?utm_source=bench&utm_campaign=spring`);
    const day = new Date().toISOString().slice(0, 10);
    let clicks = 0;
    for (const deadline = Date.now() + 120_000; clicks < measured.redirects && Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 500))) {
      const kpis = await flows.get<{ rows: Array<{ clicks: number }> }>(`/v1/kpis?programId=${programId}&from=${day}&to=${day}`, 'admin');
      clicks = kpis.rows.reduce((sum, row) => sum + row.clicks, 0);
    }
    const after = await metrics.counters();
    console.log(
      `${new Date().toISOString()} GET /r/:code, ${mode}; ${CONNECTIONS} connections, ${SECONDS} s each; ${cpus().length} cores; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(`bare Node 302 server: ${baseline.requestsPerSecond.toFixed(0)} requests/s, p99 ${baseline.p99} ms`);
    console.log(`platform:             ${measured.requestsPerSecond.toFixed(0)} requests/s, p99 ${measured.p99} ms, ${measured.errors} errors`);
    console.log(
      `ratio: ${((100 * measured.requestsPerSecond) / baseline.requestsPerSecond).toFixed(1)} % of the bare server; clicks recorded: ${clicks} of ${measured.redirects} redirects`,
    );
    console.log(
      `per click, projections and KPI polling included: ${((after.statements - before.statements) / clicks).toFixed(2)} SQL statements, ${((after.commits - before.commits) / clicks).toFixed(2)} writing commits`,
    );
  } finally {
    await platform.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
