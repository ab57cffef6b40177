import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { comparePositions } from '@referral-ledger/event-store';
import type { Role } from '@referral-ledger/service-kit';
import type { RunningPlatform } from '../platform';

/** The `source` of the CloudEvents the demo sends, as a billing system would. */
export const DEMO_EVENT_SOURCE = '/demo/billing';

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
   * Waits until every consequence has played out: every consumer group, projection and relay has handled
   * up to the newest event, twice in a row with nothing new in between.
   */
  async settled(): Promise<void> {
    const { infrastructure } = this.platform;
    let previous: string | undefined;
    for (;;) {
      const head = await infrastructure.store.headPosition();
      const caughtUp = this.platform.subscribers().every((s) => !head || (s.position !== 'start' && comparePositions(s.position, head) >= 0));
      const now = `${head?.commit}:${head?.prepare}`;
      if (caughtUp && now === previous) return;
      previous = caughtUp ? now : undefined;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Sends one customer lifecycle event through POST /v1/platform-events; returns its id. */
  async platformEvent(type: string, data: { customerId: string } & Record<string, unknown>): Promise<string> {
    const id = randomUUID();
    await this.post(
      '/v1/platform-events',
      'integration',
      { specversion: '1.0', id, type, source: DEMO_EVENT_SOURCE, subject: data.customerId, time: this.now().toISOString(), datacontenttype: 'application/json', data, correlationid: randomUUID(), schemaversion: 1 },
      202,
    );
    return id;
  }
}
