import { referrerProgressStream } from '@referral-ledger/rewards-domain';
import { SCRIPTED_TRAFFIC_FRAUD_THRESHOLDS, ControllableClock, eventually } from '@referral-ledger/testing';
import { outboundEvents } from '../test-support/outbound-events';
import { startTestPlatform, type PlatformClient } from '../test-support/platform-client';

interface RewardRow {
  kind: string;
  unit: string;
  amount: number;
  status: string;
  origin: { type: string; role: string };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** `milestones` (issue 9, item 2): bonuses for a referrer's released conversions, through HTTP and the customer events. */
describe('program milestones', () => {
  const clock = new ControllableClock('2026-09-01T09:00:00Z');
  let client: PlatformClient;
  beforeAll(async () => {
    client = await startTestPlatform(clock);
  });
  afterAll(() => client.stop());

  const rewardsOf = (customerId: string) => client.rewardsOf<RewardRow>(customerId);
  const milestoneRewards = async (customerId: string) => (await rewardsOf(customerId)).filter((reward) => reward.origin.type === 'milestone');

  async function convert(code: string, refereeId: string): Promise<void> {
    await client.platformEvent('customer.signed_up', { customerId: refereeId, email: `${refereeId}@example.org`, referralCode: code });
    await client.platformEvent('payment.succeeded', { customerId: refereeId, paymentId: `pay-${refereeId}`, amount: 30_000, currency: 'EUR' });
  }

  it('grants each milestone once, counting only conversions whose reward was released', async () => {
    const programId = await client.createProgram({
      fraud: SCRIPTED_TRAFFIC_FRAUD_THRESHOLDS,
      holdDays: 7,
      refereeReward: null,
      referrerReward: { kind: 'credit', amount: 1_000 },
      milestones: [
        { conversions: 3, reward: { kind: 'credit', amount: 2_500 } },
        { conversions: 5, reward: { kind: 'free_months', months: 1 } },
      ],
    });
    const { code } = await client.enrol(programId, 'mia');
    for (const friend of ['f1', 'f2', 'f3']) await convert(code, `mia-${friend}`);
    // Refunded during the hold: that conversion never counts.
    await client.platformEvent('payment.refunded', { customerId: 'mia-f3', paymentId: 'pay-mia-f3', amount: 30_000, currency: 'EUR' });
    await client.settled();
    clock.advance(8 * DAY_MS);
    await eventually(async () => (await rewardsOf('mia')).filter((reward) => reward.status === 'available').length === 2);
    expect(await milestoneRewards('mia')).toEqual([]);

    await convert(code, 'mia-f4');
    await client.settled();
    clock.advance(8 * DAY_MS);
    const first = await eventually(async () => {
      const rewards = await milestoneRewards('mia');
      return rewards.length === 1 && rewards;
    });
    expect(first).toEqual([
      expect.objectContaining({ kind: 'credit', unit: 'EUR', amount: 2_500, status: 'available', origin: expect.objectContaining({ type: 'milestone', role: 'milestone' }) }),
    ]);

    for (const friend of ['f5', 'f6']) await convert(code, `mia-${friend}`);
    await client.settled();
    clock.advance(8 * DAY_MS);
    await eventually(async () => (await milestoneRewards('mia')).length === 2);
    for (const friend of ['f7', 'f8']) await convert(code, `mia-${friend}`);
    await client.settled();
    clock.advance(8 * DAY_MS);
    await eventually(async () => (await rewardsOf('mia')).filter((reward) => reward.origin.type === 'referral' && reward.status === 'available').length === 7);

    expect((await milestoneRewards('mia')).map(({ kind, unit, amount, status }) => ({ kind, unit, amount, status }))).toEqual(
      expect.arrayContaining([
        { kind: 'credit', unit: 'EUR', amount: 2_500, status: 'available' },
        { kind: 'free_months', unit: 'months', amount: 1, status: 'available' },
      ]),
    );
    const { store } = client.platform.infrastructure;
    const progress = await store.readStream(referrerProgressStream(programId, 'mia'));
    expect(progress.filter((event) => event.type === 'conversion.counted')).toHaveLength(7);
    expect(progress.filter((event) => event.type === 'milestone.reached').map((event) => event.data)).toEqual([
      expect.objectContaining({ programId, referrerId: 'mia', conversions: 3 }),
      expect.objectContaining({ programId, referrerId: 'mia', conversions: 5 }),
    ]);
    const notices = await store.readStream('notification-mia');
    expect(notices.filter((event) => event.type === 'notify.milestone_reached').map((event) => event.data)).toEqual([
      expect.objectContaining({ customerId: 'mia', programId, conversions: 3 }),
      expect.objectContaining({ customerId: 'mia', programId, conversions: 5 }),
    ]);
    const trial = await client.http().get('/v1/ledger/trial-balance').set(client.auth('finance')).expect(200);
    expect(trial.body.units.every((line: { balanced: boolean }) => line.balanced)).toBe(true);
    expect(await client.http().get('/v1/customers/mia/balance').set(client.auth('integration')).expect(200)).toMatchObject({
      body: {
        balances: expect.arrayContaining([
          { unit: 'EUR', pending: 0, available: 7 * 1_000 + 2_500, redeemed: 0 },
          { unit: 'months', pending: 0, available: 1, redeemed: 0 },
        ]),
      },
    });
  });

  it('refuses milestones that are not strictly increasing, or a percentage of a payment they do not have', async () => {
    const fieldsOf = async (milestones: object[]) => (await client.refusedProgramFields({ refereeReward: null, milestones })).map((d) => d.field);
    expect(
      await fieldsOf([
        { conversions: 5, reward: { kind: 'points', points: 10 } },
        { conversions: 5, reward: { kind: 'points', points: 20 } },
      ]),
    ).toEqual(['milestones.1.conversions']);
    expect(await fieldsOf([{ conversions: 3, reward: { kind: 'percent_of_payment', basisPoints: 500 } }])).toEqual(['milestones.0.reward.kind']);
    expect(await fieldsOf([{ conversions: 0, reward: { kind: 'points', points: 10 } }])).toEqual(['milestones.0.conversions']);
    expect(await fieldsOf([{ conversions: 3, reward: { kind: 'teleport' } }])).toEqual(expect.arrayContaining(['milestones.0.reward']));
  });

  it('emitted only outbound events that meet their published schemas', async () => {
    await client.settled();
    const { types, failures } = await outboundEvents(client.platform.infrastructure.store);
    expect([...types]).toEqual(expect.arrayContaining(['milestone.reached', 'notify.milestone_reached']));
    expect(failures).toEqual([]);
  });
});
