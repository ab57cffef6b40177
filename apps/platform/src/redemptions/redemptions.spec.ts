import { ControllableClock, eventually } from '@referral-ledger/testing';
import { startTestPlatform, type PlatformClient } from '../test-support/platform-client';

/** `POST /v1/customers/:customerId/redemptions`: spending what rewards made available, never more. */
describe('redemptions', () => {
  const clock = new ControllableClock('2026-07-01T09:00:00Z');
  let client: PlatformClient;
  beforeAll(async () => {
    client = await startTestPlatform(clock);
  });
  afterAll(() => client.stop());

  const redeem = (customerId: string, body: object) => client.http().post(`/v1/customers/${customerId}/redemptions`).set(client.auth('integration')).send(body);
  const balance = async (customerId: string) => (await client.http().get(`/v1/customers/${customerId}/balance`).set(client.auth('integration')).expect(200)).body.balances;

  /** A referrer with 10,000 EUR available (a converted referral, hold 0). */
  async function referrerWithRewards(referrerId: string, refereeId: string): Promise<void> {
    const { code } = await client.enrol(await client.createProgram(), referrerId);
    await client.platformEvent('customer.signed_up', { customerId: refereeId, email: `${refereeId}@example.org`, referralCode: code });
    await client.platformEvent('payment.succeeded', { customerId: refereeId, paymentId: `pay-${refereeId}`, amount: 50_000, currency: 'EUR' });
    await eventually(async () => (await balance(referrerId))[0]?.available === 10_000);
  }

  it('books Dr available / Cr redeemed and answers with the journal entry', async () => {
    await referrerWithRewards('ada', 'ben');
    const response = await redeem('ada', { unit: 'EUR', amount: 4_000, reference: 'invoice-7' }).expect(201);
    expect(response.body).toMatchObject({
      customerId: 'ada',
      unit: 'EUR',
      amount: 4_000,
      reference: 'invoice-7',
      entry: {
        kind: 'redeem',
        postings: [
          { account: 'customer:ada:available:EUR', unit: 'EUR', amount: 4_000 },
          { account: 'customer:ada:redeemed:EUR', unit: 'EUR', amount: -4_000 },
        ],
      },
    });
    // The same reference again is the same redemption.
    expect((await redeem('ada', { unit: 'EUR', amount: 4_000, reference: 'invoice-7' }).expect(201)).body).toEqual(response.body);
    expect(await eventually(async () => (await balance('ada'))[0]?.redeemed === 4_000 && balance('ada'))).toEqual([{ unit: 'EUR', pending: 0, available: 6_000, redeemed: 4_000 }]);
    const conflict = await redeem('ada', { unit: 'EUR', amount: 6_001, reference: 'invoice-8' }).expect(409);
    expect(conflict.body.message).toBe('Only 6000 EUR available');
  });

  it('lets exactly one of 20 parallel redemptions of the whole balance through; the others are 409 with the balance', async () => {
    await referrerWithRewards('cleo', 'dan');
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => redeem('cleo', { unit: 'EUR', amount: 10_000, reference: `order-${i}` })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, ...Array(19).fill(409)]);
    expect(answers.filter((answer) => answer.status === 409).every((answer) => answer.body.message === 'Only 0 EUR available')).toBe(true);
    await client.settled();
    expect(await balance('cleo')).toEqual([{ unit: 'EUR', pending: 0, available: 0, redeemed: 10_000 }]);
    const trial = await client.http().get('/v1/ledger/trial-balance').set(client.auth('finance')).expect(200);
    expect(trial.body.units).toEqual([expect.objectContaining({ unit: 'EUR', balanced: true })]);
  });

  it('refuses bad input naming the field, and a unit the customer has nothing of', async () => {
    const fields = async (body: object) => [...new Set((await redeem('ada', body).expect(400)).body.details.map((detail: { field: string }) => detail.field))];
    expect(await fields({ unit: 'EUR', amount: 0, reference: 'x' })).toEqual(['amount']);
    expect(await fields({ unit: 'EUR', amount: 12.5, reference: 'x' })).toEqual(['amount']);
    expect(await fields({ unit: 'EUR', amount: 100 })).toEqual(['reference']);
    expect((await redeem('ada', { unit: 'points', amount: 1, reference: 'x' }).expect(409)).body.message).toBe('Only 0 points available');
    await client.http().post('/v1/customers/ada/redemptions').set(client.auth('finance')).send({ unit: 'EUR', amount: 1, reference: 'x' }).expect(403);
  });
});
