import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Role } from '@referral-ledger/service-kit';
import type { RunningPlatform } from '../platform';

/** Talks to a running platform the way an integrator does: HTTP with API keys and CloudEvents. */
export class DemoDriver {
  constructor(
    readonly platform: RunningPlatform,
    private readonly now: () => Date,
  ) {}

  auth(role: Role) {
    return { Authorization: `Bearer ${this.platform.apiKeys.find((k) => k.role === role)?.key}` };
  }

  async post(path: string, role: Role, body: object, expected = 201) {
    return (await request(this.platform.url).post(path).set(this.auth(role)).send(body).expect(expected)).body;
  }

  async get(path: string, role: Role) {
    return (await request(this.platform.url).get(path).set(this.auth(role)).expect(200)).body;
  }

  /** Follows a share link like a browser; returns the click id the landing page receives. */
  async click(link: string, utm: { source: string; medium: string; campaign: string }): Promise<string> {
    const path = `${new URL(link).pathname}?utm_source=${utm.source}&utm_medium=${utm.medium}&utm_campaign=${utm.campaign}`;
    const response = await request(this.platform.url).get(path).expect(302);
    return new URL(response.headers.location).searchParams.get('click_id') as string;
  }

  /**
   * Waits until every consequence has played out: the bus is idle, the relay has published up to the
   * newest event, and the projections have applied it — twice in a row with nothing new in between.
   */
  async settled(): Promise<void> {
    const { infrastructure, projections } = this.platform;
    let previous: string | undefined;
    for (;;) {
      await infrastructure.bus?.drain();
      const head = await infrastructure.store.headPosition();
      const { rows } = await infrastructure.pool.query('SELECT commit_position::text AS c, prepare_position::text AS p FROM messaging.relay_checkpoints');
      const relayed = rows.some((row) => head && row.c === head.commit.toString() && row.p === head.prepare.toString());
      await Promise.all(projections.map((runner) => runner.caughtUp()));
      const now = `${head?.commit}:${head?.prepare}`;
      if (relayed && now === previous) return;
      previous = now;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Sends one customer lifecycle event through POST /v1/platform-events; returns its id. */
  async platformEvent(type: string, data: { customerId: string } & Record<string, unknown>): Promise<string> {
    const id = randomUUID();
    await this.post(
      '/v1/platform-events',
      'integration',
      { specversion: '1.0', id, type, source: '/demo/billing', subject: data.customerId, time: this.now().toISOString(), datacontenttype: 'application/json', data, correlationid: randomUUID(), schemaversion: 1 },
      202,
    );
    return id;
  }
}
