import { ControllableClock } from '@referral-ledger/testing';
import { outboundEvents } from '../test-support/outbound-events';
import { startTestPlatform, type PlatformClient } from '../test-support/platform-client';

interface RewardRow {
  rewardId: string;
  status: string;
}

/** Issue 9, item 10: a refund after the reward was released takes it back; what was already spent is owed and nets against later rewards. */
describe('claw-back of released rewards', () => {
  const clock = new ControllableClock('2026-10-12T09:00:00Z');
  let client: PlatformClient;
  let programId: string;
  beforeAll(async () => {
    client = await startTestPlatform(clock);
    programId = await client.createProgram({ holdDays: 0, referrerReward: { kind: 'credit', amount: 5_000 }, refereeReward: null });
  });
  afterAll(() => client.stop());

  const integration = () => client.auth('integration');
  const balance = async (customerId: string) => {
    await client.settled();
    return (await client.http().get(`/v1/customers/${customerId}/balance`).set(integration()).expect(200)).body.balances;
  };
  const pays = async (customerId: string, paymentId: string) => client.platformEvent('payment.succeeded', { customerId, paymentId, amount: 9_900, currency: 'EUR' });
  const refunds = async (customerId: string, paymentId: string) => client.platformEvent('payment.refunded', { customerId, paymentId, amount: 9_900, currency: 'EUR' });
  async function refers(referrerId: string, refereeId: string): Promise<void> {
    const { code } = await client.enrol(programId, referrerId);
    await client.platformEvent('customer.signed_up', { customerId: refereeId, email: `${refereeId}@example.org`, referralCode: code });
    await pays(refereeId, `pay-${refereeId}`);
  }
  const ledgerEvents = async (type: string) => (await client.platform.infrastructure.store.readAll()).filter((event) => event.type === type).map((event) => event.data);

  it('takes back what is still available and keeps what was spent as a debt, with the books balanced', async () => {
    await refers('kim', 'lou');
    expect(await balance('kim')).toEqual([{ unit: 'EUR', pending: 0, available: 5_000, redeemed: 0 }]);
    await client.http().post('/v1/customers/kim/redemptions').set(integration()).send({ unit: 'EUR', amount: 3_000, reference: 'inv-1' }).expect(201);

    clock.advanceDays(40);
    await refunds('lou', 'pay-lou');
    expect(await balance('kim')).toEqual([{ unit: 'EUR', pending: 0, available: 0, redeemed: 3_000, owed: 3_000 }]);
    const [reward] = await client.rewardsOf<RewardRow>('kim');
    expect(reward.status).toBe('clawed_back');
    expect(await ledgerEvents('reward.clawed_back')).toEqual([
      expect.objectContaining({
        rewardId: reward.rewardId,
        customerId: 'kim',
        amount: 5_000,
        fromAvailable: 2_000,
        owed: 3_000,
        reason: 'referral_cancelled',
        entry: expect.objectContaining({
          kind: 'clawback',
          postings: [
            { account: `program:${programId}:expense:EUR`, unit: 'EUR', amount: -5_000 },
            { account: 'customer:kim:available:EUR', unit: 'EUR', amount: 2_000 },
            { account: 'customer:kim:clawback:EUR', unit: 'EUR', amount: 3_000 },
          ],
        }),
      }),
    ]);
    const referrals = (await client.http().get('/v1/customers/kim/referrals').set(integration()).expect(200)).body.referrals;
    expect(referrals).toEqual([expect.objectContaining({ refereeId: 'lou', status: 'cancelled' })]);
    const trial = (await client.http().get('/v1/ledger/trial-balance').set(client.auth('finance')).expect(200)).body;
    expect(trial.units).toEqual([expect.objectContaining({ unit: 'EUR', balanced: true })]);

    const notices = (await client.platform.infrastructure.store.readAll()).filter((event) => event.type === 'notify.reward_reversed').map((event) => event.data);
    expect(notices).toEqual([expect.objectContaining({ customerId: 'kim', rewardId: reward.rewardId, amount: 5_000, reason: 'referral_cancelled' })]);
  });

  it('changes nothing when the refund is delivered again', async () => {
    await refunds('lou', 'pay-lou');
    expect(await balance('kim')).toEqual([{ unit: 'EUR', pending: 0, available: 0, redeemed: 3_000, owed: 3_000 }]);
    expect(await ledgerEvents('reward.clawed_back')).toHaveLength(1);
  });

  it('nets the debt against the next reward before anything can be spent', async () => {
    const overdraft = await client.http().post('/v1/customers/kim/redemptions').set(integration()).send({ unit: 'EUR', amount: 1, reference: 'inv-2' }).expect(409);
    expect(overdraft.body.message).toBe('Only 0 EUR available');

    await refers('kim', 'max');
    expect(await balance('kim')).toEqual([{ unit: 'EUR', pending: 0, available: 2_000, redeemed: 3_000 }]);
    expect(await ledgerEvents('clawback.recovered')).toEqual([
      expect.objectContaining({ customerId: 'kim', unit: 'EUR', amount: 3_000, entry: expect.objectContaining({ kind: 'recovery' }) }),
    ]);
    await client.http().post('/v1/customers/kim/redemptions').set(integration()).send({ unit: 'EUR', amount: 2_000, reference: 'inv-3' }).expect(201);
  });

  it('leaves a released reward alone when, after the hold, a payment other than the converting one is refunded', async () => {
    await pays('max', 'pay-max-2');
    await refunds('max', 'pay-max-2');
    const rewards = await client.rewardsOf<RewardRow>('kim');
    expect(rewards.map((reward) => reward.status).sort()).toEqual(['available', 'clawed_back']);
  });

  it('emitted only outbound events that meet their published schemas', async () => {
    await client.settled();
    const { types, failures } = await outboundEvents(client.platform.infrastructure.store);
    expect(types.has('reward.clawed_back')).toBe(true);
    expect(types.has('clawback.recovered')).toBe(true);
    expect(failures).toEqual([]);
  });
});
