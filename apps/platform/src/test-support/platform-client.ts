import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ok } from '@referral-ledger/client';
import type { ProgramDefinition } from '@referral-ledger/contracts';
import { hostConfigSchema } from '@referral-ledger/service-host';
import { createLogger, loadConfig } from '@referral-ledger/service-kit';
import { aProgramDefinition, type ControllableClock } from '@referral-ledger/testing';
import { DemoDriver } from '../demo/demo-driver';
import { startPlatform, type RunningPlatform } from '../platform';

/** An embedded platform in a scratch directory, driven like an integrator would: over HTTP. */
export async function startTestPlatform(clock: ControllableClock, environment: Record<string, string> = {}, dataDir = mkdtempSync(join(tmpdir(), 'referral-ledger-'))) {
  const platform = await startPlatform(
    loadConfig(hostConfigSchema, { PORT: '0', DATA_DIR: dataDir, HOLD_SWEEP_INTERVAL_MS: '50', ...environment }),
    createLogger(process.env.TEST_LOG_LEVEL ?? 'silent', 'test'),
    clock.now,
  );
  return new PlatformClient(platform, clock, environment, dataDir);
}

/** The demo's driver, plus the shortcuts tests use. */
export class PlatformClient extends DemoDriver {
  constructor(
    platform: RunningPlatform,
    private readonly clock: ControllableClock,
    private readonly environment: Record<string, string>,
    private readonly dataDir: string,
  ) {
    super(platform, clock.now);
  }

  /** Stops this platform as a deployment would (its data stays) and starts a new one on the same data. */
  async restarted(): Promise<PlatformClient> {
    await this.platform.stop();
    return startTestPlatform(this.clock, this.environment, this.dataDir);
  }

  /** Stops this platform, runs `npm run rebuild -- all` on its data as an operator would, and starts it again. */
  async rebuilt(): Promise<PlatformClient> {
    await this.platform.stop();
    const { status, stderr } = spawnSync(process.execPath, ['-r', '@swc-node/register', join(__dirname, '..', 'rebuild.ts'), 'all'], {
      // From the repository's root, where @swc-node/register finds tsconfig.base.json's paths, as `npm run rebuild` would.
      cwd: join(__dirname, '..', '..', '..', '..'),
      env: { ...process.env, ...this.environment, NODE_OPTIONS: '', DATA_DIR: this.dataDir, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    });
    if (status !== 0) throw new Error(`rebuild exited ${status}: ${stderr}`);
    return startTestPlatform(this.clock, this.environment, this.dataDir);
  }

  http() {
    return request(this.platform.url);
  }

  async createProgram(rules: Partial<Omit<ProgramDefinition, 'currency'>> = {}): Promise<string> {
    return (await ok(this.as('admin').POST('/v1/programs', { body: aProgramDefinition(rules) }))).id;
  }

  /** The field details of a program definition the API refuses (400): `rules` over a valid default definition. */
  async refusedProgramFields(rules: Record<string, unknown>): Promise<Array<{ field: string; message: string }>> {
    return (
      await this.http()
        .post('/v1/programs')
        .set(this.auth('admin'))
        .send({ ...aProgramDefinition(), ...rules })
        .expect(400)
    ).body.details;
  }

  /** Every reward of a customer (GET /v1/customers/:customerId/rewards), once everything has played out. */
  async rewardsOf<Row = Record<string, unknown>>(customerId: string): Promise<Row[]> {
    await this.settled();
    return (await this.http().get(`/v1/customers/${customerId}/rewards`).set(this.auth('integration')).expect(200)).body.rewards;
  }

  enrol(programId: string, customerId: string, email = `${customerId}@example.com`) {
    return ok(this.as('integration').POST('/v1/programs/{programId}/referrers', { params: { path: { programId } }, body: { customerId, email } }));
  }

  async stop(): Promise<void> {
    await this.platform.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
