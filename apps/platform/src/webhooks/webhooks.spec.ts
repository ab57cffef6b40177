import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { ControllableClock, eventually } from '@referral-ledger/testing';
import { startTestPlatform, type PlatformClient } from '../test-support/platform-client';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver on a local port: records every request and answers with the status its path is told to. */
class Receiver {
  readonly received: Received[] = [];
  readonly statusOf = new Map<string, number>();
  private readonly server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      this.received.push({ path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(this.statusOf.get(request.url ?? '') ?? 204).end();
    });
  });

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  at(path: string): Received[] {
    return this.received.filter((request) => request.path === path);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Outbound events over HTTP for teams without Kafka: signed, retried, listed when they fail, sent again on request. */
describe('webhooks', () => {
  const clock = new ControllableClock('2026-06-01T09:00:00Z');
  const secret = `whsec_${Buffer.from('a-secret-of-thirty-two-bytes-abc').toString('base64')}`;
  const receiver = new Receiver();
  let client: PlatformClient;
  beforeAll(async () => {
    await receiver.start();
    client = await startTestPlatform(clock, { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' });
  });
  afterAll(async () => {
    await client.stop();
    await receiver.stop();
  });

  const register = (body: object) => client.http().post('/v1/webhooks').set(client.auth('admin')).send(body);
  const deliveries = async (webhookId: string, status = 'all') =>
    (await client.http().get(`/v1/webhooks/${webhookId}/deliveries?status=${status}`).set(client.auth('admin')).expect(200)).body.deliveries;

  it('refuses a URL that is not http(s), an unknown event type and a short secret, naming each field', async () => {
    const fields = async (body: object) => (await register(body).expect(400)).body.details.map((detail: { field: string }) => detail.field);
    expect(await fields({ url: 'ftp://127.0.0.1/hook', types: ['reward.granted'], secret })).toEqual(['url']);
    expect(await fields({ url: receiver.url('/x'), types: ['reward.teleported'], secret })).toEqual(['types']);
    expect(await fields({ url: receiver.url('/x'), types: ['reward.granted'], secret: 'short' })).toEqual(['secret']);
    await client
      .http()
      .post('/v1/webhooks')
      .set(client.auth('integration'))
      .send({ url: receiver.url('/x'), types: ['reward.granted'], secret })
      .expect(403);
  });

  it('delivers the subscribed outbound events as signed CloudEvents, each once, and retries one its receiver refused', async () => {
    const { id } = (await register({ url: receiver.url('/rewards'), types: ['referral.attributed', 'reward.granted'], secret }).expect(201)).body;
    receiver.statusOf.set('/rewards', 503);
    const programId = await client.createProgram();
    const { code } = await client.enrol(programId, 'ada');
    await client.platformEvent('customer.signed_up', { customerId: 'ben', email: 'ben@example.org', referralCode: code });
    await client.platformEvent('payment.succeeded', { customerId: 'ben', paymentId: 'pay-ben', amount: 50_000, currency: 'EUR' });
    // Refused once each (503), then accepted when the retry comes due.
    await eventually(async () => {
      const all = await deliveries(id);
      return all.length === 3 && all.every((delivery: { attempts: number }) => delivery.attempts === 1);
    });
    receiver.statusOf.set('/rewards', 200);
    clock.advance(11_000);
    const delivered = await eventually(async () => {
      const all = await deliveries(id);
      return all.length === 3 && all.every((delivery: { status: string }) => delivery.status === 'delivered') && all;
    });
    expect(delivered.map((delivery: { eventType: string; attempts: number }) => [delivery.eventType, delivery.attempts]).sort()).toEqual([
      ['referral.attributed', 2],
      ['reward.granted', 2],
      ['reward.granted', 2],
    ]);

    const requests = receiver.at('/rewards');
    const verifier = new Webhook(secret);
    const events = requests.map(
      (request) =>
        verifier.verify(request.body, {
          'webhook-id': String(request.headers['webhook-id']),
          'webhook-timestamp': String(request.headers['webhook-timestamp']),
          'webhook-signature': String(request.headers['webhook-signature']),
        }) as { id: string; type: string; specversion: string; data: { referralId: string } },
    );
    expect(requests.every((request) => request.headers['content-type'] === 'application/cloudevents+json; charset=UTF-8')).toBe(true);
    expect(events.every((event, index) => event.specversion === '1.0' && event.id === requests[index].headers['webhook-id'])).toBe(true);
    // Each event twice (refused, then accepted) under the same id: a receiver deduplicating by webhook-id sees it once.
    const ids = events.map((event) => event.id);
    expect(new Set(ids).size).toBe(3);
    expect(ids).toHaveLength(6);
    expect(() =>
      verifier.verify(requests[0].body.replace('referral', 'REFERRAL'), {
        'webhook-id': ids[0],
        'webhook-timestamp': String(requests[0].headers['webhook-timestamp']),
        'webhook-signature': String(requests[0].headers['webhook-signature']),
      }),
    ).toThrow();
  });

  it('lists a delivery as failed once its 24 hours of retries are over, and sends it again on request', async () => {
    const { id } = (await register({ url: receiver.url('/down'), types: ['code.issued'], secret: 'a-plain-secret-of-24-chars-or-more' }).expect(201)).body;
    receiver.statusOf.set('/down', 500);
    const programId = await client.createProgram();
    await client.enrol(programId, 'cleo');
    // The first refusal recorded (not only sent) before the clock moves on a day.
    await eventually(async () => (await deliveries(id))[0]?.attempts === 1);
    clock.advance(25 * 3_600_000);
    const [failed] = await eventually(async () => {
      const listed = await deliveries(id, 'failed');
      return listed.length === 1 && listed;
    });
    expect(failed).toMatchObject({ eventType: 'code.issued', status: 'failed', attempts: 2, lastStatus: 500, lastError: 'HTTP 500' });

    receiver.statusOf.set('/down', 200);
    await client.http().post(`/v1/webhooks/${id}/deliveries/${failed.id}/redeliver`).set(client.auth('admin')).expect(200, { id: failed.id, outcome: 'requeued' });
    await eventually(async () => (await deliveries(id, 'delivered')).length === 1);
    await client.http().post(`/v1/webhooks/${id}/deliveries/${failed.id}/redeliver`).set(client.auth('admin')).expect(409);
    await client.http().post(`/v1/webhooks/${id}/deliveries/not-a-number/redeliver`).set(client.auth('admin')).expect(404);
    expect(receiver.at('/down').map((request) => request.headers['webhook-id'])).toEqual(Array(3).fill(failed.eventId));
  });

  it('keeps a pending delivery through a restart and sends it after, under the same id', async () => {
    const { id } = (await register({ url: receiver.url('/restart'), types: ['code.issued'], secret }).expect(201)).body;
    receiver.statusOf.set('/restart', 503);
    await client.enrol(await client.createProgram(), 'dora');
    await eventually(async () => (await deliveries(id))[0]?.attempts === 1);
    client = await client.restarted();
    receiver.statusOf.set('/restart', 200);
    clock.advance(60_000);
    const [delivered] = await eventually(async () => {
      const listed = await deliveries(id, 'delivered');
      return listed.length === 1 && listed;
    });
    expect(delivered).toMatchObject({ eventType: 'code.issued', attempts: 2 });
    expect(receiver.at('/restart').map((request) => request.headers['webhook-id'])).toEqual([delivered.eventId, delivered.eventId]);
  });

  it('delivers the notices of referrals.notifications.v1, addressed to the customer they concern', async () => {
    await register({ url: receiver.url('/notices'), types: ['notify.friend_signed_up', 'notify.reward_available', 'notify.reward_reversed'], secret }).expect(201);
    const { code } = await client.enrol(await client.createProgram(), 'eve');
    await client.platformEvent('customer.signed_up', { customerId: 'fay', email: 'fay@example.org', referralCode: code });
    await client.platformEvent('payment.succeeded', { customerId: 'fay', paymentId: 'pay-fay', amount: 30_000, currency: 'EUR' });
    const notices = await eventually(async () => {
      const received = receiver.at('/notices').map((request) => JSON.parse(request.body) as { type: string; subject: string; data: Record<string, unknown> });
      return received.length === 3 && received;
    });
    expect(notices.map((notice) => [notice.type, notice.subject, notice.data.customerId]).sort()).toEqual([
      ['notify.friend_signed_up', 'eve', 'eve'],
      ['notify.reward_available', 'eve', 'eve'],
      ['notify.reward_available', 'fay', 'fay'],
    ]);
    expect(notices.find((notice) => notice.type === 'notify.friend_signed_up')?.data).toMatchObject({ friendCustomerId: 'fay' });
    expect(notices.find((notice) => notice.subject === 'eve' && notice.type === 'notify.reward_available')?.data).toMatchObject({ unit: 'EUR', amount: 10_000 });
    // Nothing personal of anyone else: no email, no name.
    expect(JSON.stringify(notices)).not.toMatch(/@example\.org/);
  });
});
