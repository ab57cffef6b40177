import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ok, referralLedgerClient, type ReferralLedgerClient } from '@referral-ledger/client';
import type { CustomerEventData, CustomerEventType } from '@referral-ledger/contracts';
import { comparePositions } from '@referral-ledger/event-store';
import type { Role } from '@referral-ledger/service-kit';
import type { RunningPlatform } from '../platform';

/** The `source` of the CloudEvents the demo sends, as a billing system would. */
export const DEMO_EVENT_SOURCE = '/demo/billing';

/** Talks to a running platform the way an integrator does: the typed HTTP client, with API keys and CloudEvents. */
export class DemoDriver {
  constructor(
    readonly platform: RunningPlatform,
    private readonly now: () => Date,
  ) {}

  auth(role: Role) {
    return { Authorization: `Bearer ${this.key(role)}` };
  }

  /** The typed client (libs/client), signed in with the key of a role. */
  as(role: Role): ReferralLedgerClient {
    return referralLedgerClient(this.platform.url, this.key(role));
  }

  /** Follows a share link like a browser; returns the click id the landing page receives. */
  async click(link: string, utm: { source: string; medium: string; campaign: string }): Promise<string> {
    const path = `${new URL(link).pathname}?utm_source=${utm.source}&utm_medium=${utm.medium}&utm_campaign=${utm.campaign}`;
    const response = await request(this.platform.url).get(path).expect(302);
    return new URL(response.headers.location).searchParams.get('click_id') as string;
  }

  /**
   * Waits until every consequence has played out: every consumer group, projection and relay has handled
   * up to the newest event, and no service has work queued, twice in a row with nothing new in between.
   */
  async settled(): Promise<void> {
    const { infrastructure } = this.platform;
    let previous: string | undefined;
    for (;;) {
      const head = await infrastructure.store.headPosition();
      const caughtUp =
        this.platform.subscribers().every((s) => !head || (s.position !== 'start' && comparePositions(s.position, head) >= 0)) && (await this.platform.backlog()) === 0;
      const now = `${head?.commit}:${head?.prepare}`;
      if (caughtUp && now === previous) return;
      previous = caughtUp ? now : undefined;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Sends one customer lifecycle event through POST /v1/platform-events; returns its id. */
  async platformEvent<Type extends CustomerEventType>(type: Type, data: CustomerEventData[Type]): Promise<string> {
    const id = randomUUID();
    const envelope = {
      specversion: '1.0',
      id,
      type,
      source: DEMO_EVENT_SOURCE,
      subject: data.customerId,
      time: this.now().toISOString(),
      datacontenttype: 'application/json',
      data,
      correlationid: randomUUID(),
      schemaversion: 1,
    } as const;
    await ok(this.as('integration').POST('/v1/platform-events', { body: envelope }));
    return id;
  }

  private key(role: Role): string | undefined {
    return this.platform.apiKeys.find((k) => k.role === role)?.key;
  }
}
