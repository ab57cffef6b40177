import { ControllableClock, eventually } from '@referral-ledger/testing';
import { startTestPlatform, type PlatformClient } from '../test-support/platform-client';

/** `POST /v1/platform-events/batch`: CloudEvents batch mode, each event answered on its own, nothing accepted lost. */
describe('batch intake of platform events', () => {
  const clock = new ControllableClock('2026-05-04T09:00:00Z');
  let client: PlatformClient;
  beforeAll(async () => {
    client = await startTestPlatform(clock);
  });
  afterAll(() => client.stop());

  const batch = (events: unknown) =>
    client.http().post('/v1/platform-events/batch').set(client.auth('integration')).set('Content-Type', 'application/cloudevents-batch+json').send(JSON.stringify(events));
  /** Only the four attributes CloudEvents requires, plus data. */
  const minimal = (id: string, type: string, data: Record<string, unknown>) => ({ specversion: '1.0', id, type, source: '/billing', data });
  const balance = async (customerId: string) => (await client.http().get(`/v1/customers/${customerId}/balance`).set(client.auth('integration')).expect(200)).body.balances;

  it('accepts a batch of minimal CloudEvents with 202 and rewards the referral they describe', async () => {
    const programId = await client.createProgram();
    const { code } = await client.enrol(programId, 'ada');
    const response = await batch([
      minimal('b-1', 'customer.signed_up', { customerId: 'ben', email: 'ben@example.org', referralCode: code }),
      minimal('b-2', 'payment.succeeded', { customerId: 'ben', paymentId: 'pay-ben', amount: 50_000, currency: 'EUR' }),
    ]).expect(202);
    expect(response.body).toEqual({
      accepted: 2,
      refused: 0,
      results: [
        { index: 0, id: 'b-1', status: 202 },
        { index: 1, id: 'b-2', status: 202 },
      ],
    });
    expect(await eventually(async () => (await balance('ada'))[0]?.available === 10_000 && balance('ada'))).toEqual([{ unit: 'EUR', pending: 0, available: 10_000, redeemed: 0 }]);
  });

  it('answers 207 to a mixed batch, names each refused field, and commits the good events', async () => {
    const response = await batch([
      minimal('m-1', 'customer.signed_up', { customerId: 'cleo', email: 'cleo@example.org' }),
      minimal('m-2', 'payment.succeeded', { customerId: 'cleo', paymentId: 'p', amount: 12.5, currency: 'EUR' }),
      minimal('m-3', 'payment.teleported', { customerId: 'cleo' }),
      'not an event',
      { ...minimal('m-5', 'lead.qualified', { customerId: 'cleo' }), time: 'soon' },
    ]).expect(207);
    expect(response.body.accepted).toBe(1);
    expect(response.body.refused).toBe(4);
    expect(response.body.results).toEqual([
      { index: 0, id: 'm-1', status: 202 },
      { index: 1, id: 'm-2', status: 400, error: expect.objectContaining({ details: [expect.objectContaining({ field: 'data.amount' })] }) },
      { index: 2, id: 'm-3', status: 400, error: expect.objectContaining({ details: [expect.objectContaining({ field: 'type' })] }) },
      { index: 3, status: 400, error: expect.objectContaining({ message: 'envelope must be a JSON object' }) },
      { index: 4, id: 'm-5', status: 400, error: expect.objectContaining({ message: expect.stringContaining('time must be an RFC 3339 timestamp') }) },
    ]);
    const inbox = await client.platform.infrastructure.store.readStream('inbox-cleo');
    expect(inbox.map((event) => event.type)).toEqual(['customer.signed_up']);
    expect(inbox[0].metadata).toMatchObject({ correlationId: 'm-1', occurredAt: clock.now().toISOString(), origin: { id: 'm-1', source: '/billing', subject: 'cleo' } });
  });

  it('accepts an event sent twice in one batch once, and refuses the same identity under another customer with 409', async () => {
    const signup = minimal('d-1', 'customer.signed_up', { customerId: 'dora', email: 'dora@example.org' });
    const response = await batch([signup, signup, minimal('d-1', 'customer.signed_up', { customerId: 'dirk', email: 'dirk@example.org' })]).expect(207);
    expect(response.body.results.map((result: { status: number }) => result.status)).toEqual([202, 202, 409]);
    const again = await batch([minimal('d-1', 'lead.qualified', { customerId: 'eve' }), minimal('d-2', 'lead.qualified', { customerId: 'dora' })]).expect(207);
    expect(again.body.results.map((result: { status: number }) => result.status)).toEqual([409, 202]);
    await batch([signup]).expect(202);
    expect((await client.platform.infrastructure.store.readStream('inbox-dora')).map((event) => event.type)).toEqual(['customer.signed_up', 'lead.qualified']);
    expect(await client.platform.infrastructure.store.readStream('inbox-eve')).toEqual([]);
  });

  it.each([
    ['an object', { specversion: '1.0' }],
    ['an empty array', []],
    ['1,001 events', Array.from({ length: 1_001 }, (_, i) => minimal(`x-${i}`, 'lead.qualified', { customerId: 'x' }))],
  ])('refuses %s with 400 naming the body', async (_case, body) => {
    const response = await batch(body).expect(400);
    expect(response.body.details).toEqual([{ field: '(body)', message: 'must be a JSON array of 1 to 1000 CloudEvents' }]);
  });

  it('asks for the integration role', async () => {
    await client.http().post('/v1/platform-events/batch').send([]).expect(401);
    await client.http().post('/v1/platform-events/batch').set(client.auth('analyst')).send([]).expect(403);
  });
});
