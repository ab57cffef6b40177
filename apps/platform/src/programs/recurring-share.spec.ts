import { ControllableClock } from '@referral-ledger/testing';
import { outboundEvents } from '../test-support/outbound-events';
import { startTestPlatform, type PlatformClient } from '../test-support/platform-client';

interface RewardRow {
  rewardId: string;
  amount: number;
  status: string;
  origin: { type: string; role: string };
}

/** Issue 9, item 1: `percent_of_payment` with `recurringMonths`, the B2B SaaS "20 % for 12 months, up to 500 €". */
describe('a recurring share of the referee’s payments', () => {
  const clock = new ControllableClock('2026-10-12T09:00:00Z');
  let client: PlatformClient;
  let programId: string;
  beforeAll(async () => {
    client = await startTestPlatform(clock);
    programId = await client.createProgram({
      holdDays: 0,
      referrerReward: { kind: 'percent_of_payment', basisPoints: 2_000, maxAmount: 50_000, recurringMonths: 12 },
      refereeReward: null,
    });
  });
  afterAll(() => client.stop());

  const pays = (customerId: string, paymentId: string, amount = 100_000) => client.platformEvent('payment.succeeded', { customerId, paymentId, amount, currency: 'EUR' });
  const available = async (customerId: string) => {
    await client.settled();
    const balances = (await client.http().get(`/v1/customers/${customerId}/balance`).set(client.auth('integration')).expect(200)).body.balances;
    return balances[0]?.available ?? 0;
  };

  it('pays the referrer a share of every payment for the months given, up to maxAmount for all of them', async () => {
    const { code } = await client.enrol(programId, 'ann');
    await client.platformEvent('customer.signed_up', { customerId: 'bo', email: 'bo@example.org', referralCode: code });
    await pays('bo', 'pay-1');
    expect(await available('ann')).toBe(20_000);

    clock.advanceDays(30);
    await pays('bo', 'pay-2');
    await pays('bo', 'pay-2');
    expect(await available('ann')).toBe(40_000);
    clock.advanceDays(30);
    await pays('bo', 'pay-3');
    clock.advanceDays(30);
    await pays('bo', 'pay-4');
    expect(await available('ann')).toBe(50_000);

    const rewards = await client.rewardsOf<RewardRow>('ann');
    expect(rewards.map((reward) => [reward.origin.role, reward.amount, reward.status]).sort()).toEqual([
      ['recurring_share', 10_000, 'available'],
      ['recurring_share', 20_000, 'available'],
      ['referrer', 20_000, 'available'],
    ]);
  });

  it('stops when the months are over', async () => {
    const { code } = await client.enrol(programId, 'cy');
    await client.platformEvent('customer.signed_up', { customerId: 'di', email: 'di@example.org', referralCode: code });
    await pays('di', 'pay-di-1', 10_000);
    expect(await available('cy')).toBe(2_000);
    clock.advanceDays(11 * 30);
    await pays('di', 'pay-di-2', 10_000);
    expect(await available('cy')).toBe(4_000);
    clock.advanceDays(40);
    await pays('di', 'pay-di-3', 10_000);
    expect(await available('cy')).toBe(4_000);
  });

  it('takes every share back when the converting payment is refunded', async () => {
    await client.platformEvent('payment.refunded', { customerId: 'bo', paymentId: 'pay-1', amount: 100_000, currency: 'EUR' });
    expect(await available('ann')).toBe(0);
    expect((await client.rewardsOf<RewardRow>('ann')).map((reward) => reward.status)).toEqual(['clawed_back', 'clawed_back', 'clawed_back']);
    const trial = (await client.http().get('/v1/ledger/trial-balance').set(client.auth('finance')).expect(200)).body;
    expect(trial.units.every((line: { balanced: boolean }) => line.balanced)).toBe(true);
  });

  it('is only for the referrer reward, for 1 to 36 months', async () => {
    const fieldsOf = async (rules: Record<string, unknown>) => (await client.refusedProgramFields(rules)).map((detail) => detail.field);
    expect(await fieldsOf({ refereeReward: { kind: 'percent_of_payment', basisPoints: 1_000, recurringMonths: 6 } })).toEqual(['refereeReward.recurringMonths']);
    expect(await fieldsOf({ referrerReward: { kind: 'percent_of_payment', basisPoints: 1_000, recurringMonths: 0 } })).toEqual(['referrerReward.recurringMonths']);
    expect(await fieldsOf({ referrerReward: { kind: 'percent_of_payment', basisPoints: 1_000, recurringMonths: 37 } })).toEqual(['referrerReward.recurringMonths']);
  });

  it('emitted only outbound events that meet their published schemas', async () => {
    await client.settled();
    const { failures } = await outboundEvents(client.platform.infrastructure.store);
    expect(failures).toEqual([]);
  });
});
