import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createLogger, loadConfig, type Role } from '@referral-ledger/service-kit';
import { aProgramDefinition, type ControllableClock } from '@referral-ledger/testing';
import { hostConfigSchema } from '@referral-ledger/service-host';
import { startPlatform, type RunningPlatform } from '../platform';

/** An embedded platform in a scratch directory, driven like an integrator would: over HTTP. */
export async function startTestPlatform(clock: ControllableClock, environment: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'referral-ledger-'));
  const platform = await startPlatform(loadConfig(hostConfigSchema, { PORT: '0', DATA_DIR: dataDir, HOLD_SWEEP_INTERVAL_MS: '50', ...environment }), createLogger('silent', 'test'), clock.now);
  return new PlatformClient(platform, clock, () => rmSync(dataDir, { recursive: true, force: true }));
}

export class PlatformClient {
  constructor(
    readonly platform: RunningPlatform,
    private readonly clock: ControllableClock,
    private readonly cleanUp: () => void,
  ) {}

  as(role: Role) {
    return { Authorization: `Bearer ${this.platform.apiKeys.find((k) => k.role === role)?.key}` };
  }

  http() {
    return request(this.platform.url);
  }

  async createProgram(rules: Record<string, unknown> = {}): Promise<string> {
    const response = await this.http()
      .post('/v1/programs')
      .set(this.as('admin'))
      .send(aProgramDefinition(rules))
      .expect(201);
    return response.body.id;
  }

  async enrol(programId: string, customerId: string, email = `${customerId}@example.com`): Promise<{ code: string; link: string; referrerToken: string }> {
    return (await this.http().post(`/v1/programs/${programId}/referrers`).set(this.as('integration')).send({ customerId, email }).expect(201)).body;
  }

  /** Sends a platform event stamped with the platform clock; returns its id. */
  async send(type: string, data: object): Promise<string> {
    const id = randomUUID();
    await this.http()
      .post('/v1/platform-events')
      .set(this.as('integration'))
      .send({ specversion: '1.0', id, type, source: '/billing', subject: 'test', time: this.clock.now().toISOString(), datacontenttype: 'application/json', data, correlationid: randomUUID(), schemaversion: 1 })
      .expect(202);
    return id;
  }

  async stop(): Promise<void> {
    await this.platform.stop();
    this.cleanUp();
  }
}
