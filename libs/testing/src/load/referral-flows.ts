import { randomUUID } from 'node:crypto';
import { SCRIPTED_TRAFFIC_FRAUD_THRESHOLDS, aProgramDefinition } from '../program-builders';

export interface Flow {
  referrerId: string;
  refereeId: string;
  signupAccepted: boolean;
  paymentAccepted: boolean;
}

/**
 * Drives a running platform as an integrator's systems would, over HTTP only: one program, referrers,
 * then flows of a signup with a referral code followed by a payment. Used by the crash tests and the benchmarks.
 */
export class ReferralFlows {
  constructor(
    private readonly url: () => string,
    private readonly keys: { admin: string; integration: string; finance: string },
  ) {}

  async setUp(referrers: number, rules: Record<string, unknown> = {}): Promise<{ programId: string; codes: Map<string, string> }> {
    const { id: programId } = await this.post('/v1/programs', 'admin', aProgramDefinition({ fraud: SCRIPTED_TRAFFIC_FRAUD_THRESHOLDS, ...rules }));
    const codes = new Map<string, string>();
    for (let i = 0; i < referrers; i++) {
      const customerId = `referrer-${i}`;
      codes.set(customerId, (await this.post(`/v1/programs/${programId}/referrers`, 'integration', { customerId, email: `${customerId}@example.com` })).code);
    }
    return { programId, codes };
  }

  /**
   * Runs `count` flows, `concurrency` at a time, recording what was answered 202. A request that fails
   * (the process was killed, say) is recorded as not accepted and its flow stops there.
   */
  async run(codes: Map<string, string>, count: number, concurrency: number, onAccepted?: (flows: number) => void): Promise<Flow[]> {
    const referrers = [...codes.keys()];
    const flows: Flow[] = Array.from({ length: count }, (_, i) => ({
      referrerId: referrers[i % referrers.length],
      refereeId: `friend-${randomUUID()}`,
      signupAccepted: false,
      paymentAccepted: false,
    }));
    let next = 0;
    let accepted = 0;
    const worker = async () => {
      while (next < flows.length) {
        const flow = flows[next++];
        flow.signupAccepted = await this.event('customer.signed_up', {
          customerId: flow.refereeId,
          email: `${flow.refereeId}@example.org`,
          referralCode: codes.get(flow.referrerId),
        });
        if (!flow.signupAccepted) continue;
        flow.paymentAccepted = await this.event('payment.succeeded', { customerId: flow.refereeId, paymentId: `pay-${flow.refereeId}`, amount: 120_000, currency: 'EUR' });
        if (flow.paymentAccepted) onAccepted?.(++accepted);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return flows;
  }

  /** Sends one platform event (at `time`, when given), waiting out 429s; true when it was accepted. */
  async event(type: string, data: { customerId: string } & Record<string, unknown>, time?: Date): Promise<boolean> {
    try {
      for (;;) {
        const response = await fetch(`${this.url()}/v1/platform-events`, {
          method: 'POST',
          headers: this.headers('integration'),
          body: JSON.stringify({ specversion: '1.0', id: randomUUID(), type, source: '/load/billing', ...(time ? { time: time.toISOString() } : {}), data }),
        });
        await response.arrayBuffer();
        if (response.status === 429) {
          await new Promise((resolve) => setTimeout(resolve, 1_000 * Number(response.headers.get('retry-after') ?? 1)));
          continue;
        }
        return response.status === 202;
      }
    } catch {
      return false;
    }
  }

  async get<T>(path: string, role: 'admin' | 'integration' | 'finance'): Promise<T> {
    const found = await this.find<T>(path, role);
    if (found === undefined) throw new Error(`GET ${path}: 404`);
    return found;
  }

  /** GET, with undefined for a 404. */
  async find<T>(path: string, role: 'admin' | 'integration' | 'finance'): Promise<T | undefined> {
    const response = await fetch(`${this.url()}${path}`, { headers: this.headers(role) });
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  async post(path: string, role: 'admin' | 'integration', body: object): Promise<Record<string, string>> {
    const response = await fetch(`${this.url()}${path}`, { method: 'POST', headers: this.headers(role), body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, string>;
  }

  private headers(role: 'admin' | 'integration' | 'finance') {
    return { Authorization: `Bearer ${this.keys[role]}`, 'Content-Type': 'application/json' };
  }
}

/** The API keys load tests and benchmarks give the platform process, and use. */
export const LOAD_KEYS = { admin: 'admin-key-0123456789', integration: 'integration-key-0123', finance: 'finance-key-01234567' } as const;
export const LOAD_API_KEYS = Object.entries(LOAD_KEYS)
  .map(([role, key]) => `${role}:${key}`)
  .join(',');
