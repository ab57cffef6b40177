import { gzipSync } from 'node:zlib';
import { ControllableClock } from '@referral-ledger/testing';
import { startTestPlatform, type PlatformClient } from '../test-support/platform-client';

/** Every kind of bad request gets a clear 4xx, never a 500, and nothing already accepted is disturbed. */
describe('bad input at the edge', () => {
  const clock = new ControllableClock('2026-04-01T09:00:00Z');
  let client: PlatformClient;
  beforeAll(async () => {
    client = await startTestPlatform(clock);
  });
  afterAll(() => client.stop());

  const intake = () => client.http().post('/v1/platform-events').set(client.auth('integration'));
  /** Raw bytes as sent, which supertest would re-encode as JSON. */
  const gzipped = async (body: Buffer) =>
    (
      await fetch(`${client.platform.url}/v1/platform-events`, {
        method: 'POST',
        headers: { ...client.auth('integration'), 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
        body,
      })
    ).status;
  const event = (overrides: Record<string, unknown> = {}, data: Record<string, unknown> = { customerId: 'c-1', email: 'c1@example.org' }) => ({
    specversion: '1.0',
    id: `e-${Math.random()}`,
    type: 'customer.signed_up',
    source: '/crm',
    data,
    ...overrides,
  });

  it('answers 413 to a body over the limit', async () => {
    const response = await intake()
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(event({}, { customerId: 'c', email: 'c@example.org', padding: 'x'.repeat(3 * 1024 * 1024) })))
      .expect(413);
    expect(response.body).toMatchObject({ statusCode: 413, message: 'Request body too large' });
  });

  it('answers 415 to a charset other than UTF-8 and to an unknown content encoding', async () => {
    await intake().set('Content-Type', 'application/json; charset=latin1').send(JSON.stringify(event())).expect(415);
    await intake().set('Content-Type', 'application/json').set('Content-Encoding', 'br-but-not-really').send(JSON.stringify(event())).expect(415);
  });

  it('answers 400 to broken gzip, broken JSON and JSON nested beyond 32 levels', async () => {
    expect(await gzipped(gzipSync(JSON.stringify(event())).subarray(0, 20))).toBe(400);
    await intake().set('Content-Type', 'application/json').send('{"specversion": "1.0",').expect(400);
    const deep = await intake()
      .set('Content-Type', 'application/json')
      .send(`${'['.repeat(5_000)}${']'.repeat(5_000)}`)
      .expect(400);
    expect(deep.body.message).toBe('JSON nested deeper than 32 levels');
  });

  it('accepts a gzipped body', async () => {
    expect(await gzipped(gzipSync(JSON.stringify(event())))).toBe(202);
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('treats an event type named %s as unknown', async (type) => {
    const response = await intake().send(event({ type })).expect(400);
    expect(response.body.details).toEqual([{ field: 'type', message: expect.stringContaining('must be one of') }]);
  });

  it.each([
    ['a time before 1970', { time: '0000-01-01T00:00:00Z' }, /time must be between 1970-01-01 and 9999-12-31/],
    ['a time that is not a timestamp', { time: 'soon' }, /time must be an RFC 3339 timestamp/],
    ['an id of 5,000 characters', { id: 'i'.repeat(5_000) }, /id must be at most 200 characters/],
    ['a source of 5,000 characters', { source: `/${'s'.repeat(5_000)}` }, /source must be at most 1000 characters/],
  ])('refuses %s with the reason', async (_case, overrides, reason) => {
    const response = await intake().send(event(overrides)).expect(400);
    expect(response.body.message).toMatch(reason);
  });

  it('refuses an amount above 2^53 - 1 and a fractional one, naming the field', async () => {
    const payment = (amount: number | string) =>
      `{"specversion":"1.0","id":"p-${Math.random()}","type":"payment.succeeded","source":"/billing","data":{"customerId":"c-1","paymentId":"p","amount":${amount},"currency":"EUR"}}`;
    for (const amount of ['9007199254740993', '12.5']) {
      const response = await intake().set('Content-Type', 'application/json').send(payment(amount)).expect(400);
      expect(response.body.details).toEqual([expect.objectContaining({ field: 'data.amount' })]);
    }
  });

  it('answers 400 to an asOf outside 1970-9999', async () => {
    for (const asOf of ['0000-01-01', '300000-01-01T00:00:00Z', 'yesterday']) {
      const response = await client.http().get(`/v1/ledger/trial-balance?asOf=${asOf}`).set(client.auth('finance')).expect(400);
      expect(response.body.details).toEqual([{ field: 'asOf', message: expect.stringContaining('between 1970 and 9999') }]);
    }
    await client.http().get('/v1/kpis?from=0000-01-01&to=2026-01-01').set(client.auth('analyst')).expect(400);
  });

  it('follows a share link whose visitor sends an absurd country header, and keeps every projection moving', async () => {
    const programId = await client.createProgram();
    const { link } = await client.enrol(programId, 'referrer-x');
    await client.http().get(new URL(link).pathname).set('cf-ipcountry', 'X'.repeat(5_000)).expect(302);
    await client.settled();
    const ready = await client.http().get('/health/ready').expect(200);
    expect(ready.body.details.pipeline).toMatchObject({ status: 'up', parkedEvents: 0 });
    const kpis = await client.http().get(`/v1/kpis?programId=${programId}&from=2026-04-01&to=2026-04-01&groupBy=country`).set(client.auth('analyst')).expect(200);
    expect(kpis.body.rows).toEqual([expect.objectContaining({ country: 'none', clicks: 1 })]);
  });
});
