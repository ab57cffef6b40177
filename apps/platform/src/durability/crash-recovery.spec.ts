import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LOAD_API_KEYS,
  LOAD_KEYS,
  ReferralFlows,
  eventually,
  createTestDatabase,
  describeWith,
  freePort,
  startPlatformProcess,
  type Flow,
  type PlatformProcess,
  type TestDatabase,
} from '@referral-ledger/testing';

jest.setTimeout(Math.max(400_000, Number(process.env.CRASH_FLOWS ?? 0) * 1_000));

/** Flows sent; the process is killed once `KILL_AFTER` of them were fully accepted. CRASH_FLOWS=2000 for the full run. */
const FLOWS = Number(process.env.CRASH_FLOWS ?? 400);
const KILL_AFTER = Math.floor(FLOWS * 0.4);

interface ReferrerView {
  referrals: Array<{ refereeId: string; status: string; rewards: Array<{ role: string; amount: number; status: string }> }>;
}

/**
 * kill -9 in the middle of a load of referral flows, then a restart on the same data: every event that
 * was answered 202 is reflected exactly once, and the books balance.
 */
function crashRecovery(mode: string, environment: () => Record<string, string>) {
  let dataDir: string;
  let platform: PlatformProcess | undefined;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'referral-ledger-crash-'));
  });
  afterAll(async () => {
    await platform?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`reflects every accepted event exactly once after a kill -9 under load (${mode})`, async () => {
    const port = await freePort();
    const env = { API_KEYS: LOAD_API_KEYS, DATA_DIR: dataDir, ...environment() };
    platform = await startPlatformProcess(env, port);
    const flows = new ReferralFlows(() => (platform as PlatformProcess).url, LOAD_KEYS);
    const { codes } = await flows.setUp(20);

    let killed: Promise<void> | undefined;
    const sent = await flows.run(codes, FLOWS, 24, (accepted) => {
      if (accepted === KILL_AFTER) killed = (platform as PlatformProcess).kill();
    });
    await killed;
    const accepted = sent.filter((f) => f.signupAccepted);
    expect(accepted.length).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(accepted.length).toBeLessThan(FLOWS);

    platform = await startPlatformProcess(env, port);
    const views = await settledViews(flows, [...codes.keys()], accepted);
    const referrals = new Map([...views.values()].flatMap((view) => view.referrals.map((r) => [r.refereeId, r] as const)));
    const all = [...views.values()].flatMap((view) => view.referrals);
    expect(new Set(all.map((r) => r.refereeId)).size).toBe(all.length);
    // Should a flow be missing, the failure shows what the pipeline set aside, to tell a lost message from a stuck one.
    const missing = accepted.filter((flow) => !referrals.has(flow.refereeId)).map((flow) => flow.refereeId);
    if (missing.length > 0) {
      const setAside = {
        deadLetters: await flows.get('/v1/operations/dead-letters?status=all', 'admin'),
        parked: await flows.get('/v1/operations/parked-events?status=all', 'admin'),
      };
      expect({ missing, setAside }).toEqual({ missing: [], setAside });
    }
    for (const flow of accepted) {
      const referral = referrals.get(flow.refereeId);
      expect({ flow: flow.refereeId, status: referral?.status }).toEqual({
        flow: flow.refereeId,
        status: flow.paymentAccepted ? 'converted' : expect.stringMatching(/attributed|converted/),
      });
      if (flow.paymentAccepted) expect(referral?.rewards.map((r) => `${r.role}:${r.amount}:${r.status}`).sort()).toEqual(['referee:5000:available', 'referrer:10000:available']);
    }
    const converted = all.filter((r) => r.status === 'converted').length;
    // Each projection recovers on its own schedule: the ledger may still be catching up when the referrer view is complete.
    const books = [{ unit: 'EUR', debits: converted * 15_000, credits: converted * 15_000, balanced: true }];
    const trialBalance = () => flows.get<{ units: unknown[] }>('/v1/ledger/trial-balance', 'finance');
    await eventually(async () => JSON.stringify((await trialBalance()).units) === JSON.stringify(books), 60_000, 250).catch(() => undefined);
    expect((await trialBalance()).units).toEqual(books);
    const deadLetters = await flows.get<{ deadLetters: unknown[] }>('/v1/operations/dead-letters', 'admin');
    expect(deadLetters.deadLetters).toEqual([]);
  });
}

/** Waits until every accepted flow shows in its referrer's view with its final status (or gives up after 4 minutes, longer for a larger load). */
async function settledViews(flows: ReferralFlows, referrers: string[], accepted: Flow[]): Promise<Map<string, ReferrerView>> {
  const deadline = Date.now() + Math.max(240_000, accepted.length * 500);
  for (;;) {
    const views = new Map(await Promise.all(referrers.map(async (id) => [id, await flows.get<ReferrerView>(`/v1/customers/${id}/referrals`, 'integration')] as const)));
    const byReferee = new Map([...views.values()].flatMap((view) => view.referrals.map((r) => [r.refereeId, r] as const)));
    const done = accepted.every((flow) => {
      const referral = byReferee.get(flow.refereeId);
      if (!referral) return false;
      return !flow.paymentAccepted || (referral.status === 'converted' && referral.rewards.length === 2 && referral.rewards.every((r) => r.status === 'available'));
    });
    if (done || Date.now() > deadline) return views;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe('crash recovery of the embedded platform (npm start)', () => {
  crashRecovery('embedded PGlite', () => ({}));
});

describeWith(['postgres'], 'crash recovery on Postgres (DATABASE_URL)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('crash');
  });
  afterAll(() => database.drop());
  crashRecovery('Postgres', () => ({ DATABASE_URL: database.url }));
});
