import { ControllableClock } from '@referral-ledger/testing';
import { outboundEvents } from '../test-support/outbound-events';
import { startTestPlatform, type PlatformClient } from '../test-support/platform-client';

interface RewardRow {
  rewardId: string;
  kind: string;
  status: string;
  voucherCode?: string;
}

/** `POST /v1/rewards/:rewardId/fulfilment` (issue 9, item 1): the integrator confirms a non-money reward was applied. */
describe('fulfilment of non-money rewards', () => {
  const clock = new ControllableClock('2026-10-12T09:00:00Z');
  let client: PlatformClient;
  beforeAll(async () => {
    client = await startTestPlatform(clock);
  });
  afterAll(() => client.stop());

  const fulfil = (rewardId: string, body: object = {}) => client.http().post(`/v1/rewards/${rewardId}/fulfilment`).set(client.auth('integration')).send(body);
  const rewardsOf = (customerId: string) => client.rewardsOf<RewardRow>(customerId);

  /** A referral converted in a program with two free months for the referrer and €30 for the friend. */
  async function converted(referrerId: string, refereeId: string, holdDays = 0): Promise<void> {
    const programId = await client.createProgram({ holdDays, referrerReward: { kind: 'free_months', months: 2 }, refereeReward: { kind: 'credit', amount: 3_000 } });
    const { code } = await client.enrol(programId, referrerId);
    await client.platformEvent('customer.signed_up', { customerId: refereeId, email: `${refereeId}@example.org`, referralCode: code });
    await client.platformEvent('payment.succeeded', { customerId: refereeId, paymentId: `pay-${refereeId}`, amount: 9_900, currency: 'EUR' });
  }

  it('moves an available reward to redeemed once, with the journal entry, and leaves nothing to redeem twice', async () => {
    await converted('fay', 'gus');
    const [months] = await rewardsOf('fay');
    expect(months).toMatchObject({ kind: 'free_months', status: 'available' });

    const first = await fulfil(months.rewardId, { reference: 'subscription-change-81' }).expect(201);
    expect(first.body).toEqual({
      rewardId: months.rewardId,
      customerId: 'fay',
      unit: 'months',
      amount: 2,
      reference: 'subscription-change-81',
      fulfilledAt: expect.any(String),
      entry: expect.objectContaining({
        kind: 'redeem',
        postings: [
          { account: 'customer:fay:available:months', unit: 'months', amount: 2 },
          { account: 'customer:fay:redeemed:months', unit: 'months', amount: -2 },
        ],
      }),
    });
    expect((await fulfil(months.rewardId, { reference: 'another' }).expect(201)).body).toEqual(first.body);

    expect(await rewardsOf('fay')).toEqual([expect.objectContaining({ rewardId: months.rewardId, status: 'redeemed' })]);
    expect((await client.http().get('/v1/customers/fay/balance').set(client.auth('integration')).expect(200)).body.balances).toEqual([
      { unit: 'months', pending: 0, available: 0, redeemed: 2 },
    ]);
    const redemption = await client.http().post('/v1/customers/fay/redemptions').set(client.auth('integration')).send({ unit: 'months', amount: 1, reference: 'x' }).expect(409);
    expect(redemption.body.message).toBe('Only 0 months available');
    const trial = await client.http().get('/v1/ledger/trial-balance').set(client.auth('finance')).expect(200);
    expect(trial.body.units.every((line: { balanced: boolean }) => line.balanced)).toBe(true);
  });

  it('issues a voucher code with a discount_percent reward, which the integrator applies and confirms', async () => {
    const programId = await client.createProgram({ referrerReward: { kind: 'credit', amount: 1_000 }, refereeReward: { kind: 'discount_percent', percent: 20 } });
    const { code } = await client.enrol(programId, 'jon');
    await client.platformEvent('customer.signed_up', { customerId: 'kit', email: 'kit@example.org', referralCode: code });
    await client.platformEvent('payment.succeeded', { customerId: 'kit', paymentId: 'pay-kit', amount: 9_900, currency: 'EUR' });
    const [voucher] = await rewardsOf('kit');
    expect(voucher).toMatchObject({
      kind: 'discount_percent',
      unit: 'percent_off',
      amount: 20,
      status: 'available',
      voucherCode: expect.stringMatching(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/),
    });
    const granted = (await client.platform.infrastructure.store.readAll()).find(
      (event) => event.type === 'reward.granted' && JSON.stringify(event.data).includes(voucher.rewardId),
    );
    expect(granted?.data).toMatchObject({ rewardId: voucher.rewardId, voucherCode: voucher.voucherCode });
    expect((await rewardsOf('jon'))[0]).not.toHaveProperty('voucherCode');

    await fulfil(voucher.rewardId, { reference: `billing-coupon-${voucher.voucherCode}` }).expect(201);
    expect(await rewardsOf('kit')).toEqual([expect.objectContaining({ rewardId: voucher.rewardId, status: 'redeemed', voucherCode: voucher.voucherCode })]);
  });

  it('refuses money, a pending reward, an unknown one, a bad reference and the wrong role', async () => {
    const [credit] = await rewardsOf('gus');
    expect((await fulfil(credit.rewardId).expect(409)).body.message).toContain('is money (credit): redeem it with POST /v1/customers/gus/redemptions');

    await converted('hal', 'ivy', 30);
    const [pending] = await rewardsOf('hal');
    expect((await fulfil(pending.rewardId).expect(409)).body.message).toBe(`Reward ${pending.rewardId} is pending: only an available reward can be fulfilled`);

    expect((await fulfil('no-such-reward').expect(404)).body.message).toBe('No reward no-such-reward');
    expect((await fulfil(pending.rewardId, { reference: '' }).expect(400)).body.details).toEqual([expect.objectContaining({ field: 'reference' })]);
    await client.http().post(`/v1/rewards/${pending.rewardId}/fulfilment`).set(client.auth('finance')).send({}).expect(403);
  });

  it('emitted only outbound events that meet their published schemas', async () => {
    await client.settled();
    const { types, failures } = await outboundEvents(client.platform.infrastructure.store);
    expect(types.has('reward.fulfilled')).toBe(true);
    expect(failures).toEqual([]);
  });
});
