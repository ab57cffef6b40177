import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LOAD_API_KEYS,
  LOAD_KEYS,
  ReferralFlows,
  createTestDatabase,
  describeWith,
  freePort,
  serverAddress,
  startPlatformProcess,
  type TestDatabase,
} from '@referral-ledger/testing';

/**
 * SIGTERM, as an orchestrator sends it: intake stops, what is in flight finishes, consumers and the relay stop,
 * the pools close, and the process exits 0 within 10 s; a restart on the same data carries on.
 */
function gracefulShutdown(mode: string, environment: () => Record<string, string>) {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'referral-ledger-sigterm-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it(`exits 0 within 10 s of SIGTERM under load, and a restart carries on (${mode})`, async () => {
    const port = await freePort();
    const env = { API_KEYS: LOAD_API_KEYS, DATA_DIR: dataDir, LOG_LEVEL: 'info', ...environment() };
    let platform = await startPlatformProcess(env, port);
    const flows = new ReferralFlows(() => platform.url, LOAD_KEYS);
    const { codes } = await flows.setUp(5);
    const load = flows.run(codes, 200, 16, () => undefined).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const signalled = Date.now();
    const code = await platform.stop();
    const seconds = (Date.now() - signalled) / 1000;
    await load;
    expect({ code, withinLimit: seconds <= 10, stopped: platform.output().includes('"msg":"stopped"') }).toEqual({ code: 0, withinLimit: true, stopped: true });

    platform = await startPlatformProcess(env, port);
    try {
      const ready = await fetch(`${platform.url}/health/ready`);
      expect(ready.status).toBeLessThan(600);
      const balances = await flows.get<{ units: Array<{ balanced: boolean }> }>('/v1/ledger/trial-balance', 'finance');
      expect(balances.units.every((unit) => unit.balanced)).toBe(true);
    } finally {
      expect(await platform.stop()).toBe(0);
    }
  });
}

describe('graceful shutdown, embedded', () => gracefulShutdown('embedded', () => ({})));

describeWith(['postgres', 'kafka'], 'graceful shutdown, Postgres and Kafka', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('sigterm');
  });
  afterAll(() => database?.drop());
  gracefulShutdown('Postgres and Kafka', () => ({
    DATABASE_URL: database.url,
    KAFKA_BROKERS: serverAddress('kafka') as string,
    KAFKA_IDEMPOTENT_PRODUCER: String(Boolean(process.env.KAFKA_BROKERS)),
    KAFKA_AUTO_CREATE_TOPICS: 'true',
  }));
});
