import { ControllableClock } from '@referral-ledger/testing';
import { startTestPlatform, type PlatformClient } from '../test-support/platform-client';

interface RewardRow {
  amount: number;
  status: string;
  origin: { type: string; referralId: string; role: string };
}

/** `secondLevelReward` (issue 9, item 3): sam → ada → ben → cal, through HTTP and the customer events. */
describe('second-level rewards', () => {
  const clock = new ControllableClock('2026-10-05T09:00:00Z');
  let client: PlatformClient;
  beforeAll(async () => {
    client = await startTestPlatform(clock);
  });
  afterAll(() => client.stop());

  const rewardsOf = async (customerId: string) => {
    await client.settled();
    const { body } = await client.http().get(`/v1/customers/${customerId}/rewards`).set(client.auth('integration')).expect(200);
    return (body.rewards as RewardRow[])
      .map(({ amount, status, origin }) => ({ type: origin.type, amount, status }))
      .sort((a, b) => a.amount - b.amount || a.type.localeCompare(b.type));
  };

  /** `refereeId` signs up with `referrerId`'s code and pays. */
  async function referred(programId: string, referrerId: string, refereeId: string): Promise<void> {
    const { code } = await client.enrol(programId, referrerId);
    await client.platformEvent('customer.signed_up', { customerId: refereeId, email: `${refereeId}@example.org`, referralCode: code });
    await client.platformEvent('payment.succeeded', { customerId: refereeId, paymentId: `pay-${refereeId}`, amount: 40_000, currency: 'EUR' });
  }

  it("pays the referrer's referrer on the same conversion, two levels at most, and reverses it with the conversion", async () => {
    const programId = await client.createProgram({
      holdDays: 14,
      referrerReward: { kind: 'credit', amount: 1_000 },
      refereeReward: { kind: 'credit', amount: 700 },
      secondLevelReward: { kind: 'credit', amount: 300 },
    });
    await referred(programId, 'sam', 'ada');
    await referred(programId, 'ada', 'ben');
    await referred(programId, 'ben', 'cal');

    // sam: ada's referrer, and one level above ben; nothing for cal, two levels below.
    expect(await rewardsOf('sam')).toEqual([
      { type: 'second_level', amount: 300, status: 'pending' },
      { type: 'referral', amount: 1_000, status: 'pending' },
    ]);
    expect(await rewardsOf('ada')).toEqual([
      { type: 'second_level', amount: 300, status: 'pending' },
      { type: 'referral', amount: 700, status: 'pending' },
      { type: 'referral', amount: 1_000, status: 'pending' },
    ]);

    // cal refunds during the hold: every reward of cal's conversion is reversed, ada's second level with it.
    await client.platformEvent('payment.refunded', { customerId: 'cal', paymentId: 'pay-cal', amount: 40_000, currency: 'EUR' });
    expect(await rewardsOf('ada')).toEqual([
      { type: 'second_level', amount: 300, status: 'reversed' },
      { type: 'referral', amount: 700, status: 'pending' },
      { type: 'referral', amount: 1_000, status: 'pending' },
    ]);
    expect(await rewardsOf('ben')).toEqual([
      { type: 'referral', amount: 700, status: 'pending' },
      { type: 'referral', amount: 1_000, status: 'reversed' },
    ]);
    expect(await rewardsOf('sam')).toEqual([
      { type: 'second_level', amount: 300, status: 'pending' },
      { type: 'referral', amount: 1_000, status: 'pending' },
    ]);
    const trial = await client.http().get('/v1/ledger/trial-balance').set(client.auth('finance')).expect(200);
    expect(trial.body.units).toEqual([{ unit: 'EUR', debits: 1_000 + 700 + 1_000 + 700 + 300, credits: 1_000 + 700 + 1_000 + 700 + 300, balanced: true }]);
  });

  it('pays no second level in a program without one', async () => {
    const programId = await client.createProgram({ holdDays: 14, referrerReward: { kind: 'credit', amount: 1_000 }, refereeReward: null });
    await referred(programId, 'uma', 'vic');
    await referred(programId, 'vic', 'wes');
    expect(await rewardsOf('uma')).toEqual([{ type: 'referral', amount: 1_000, status: 'pending' }]);
  });

  it('refuses a second-level reward that is not a reward', async () => {
    const response = await client
      .http()
      .post('/v1/programs')
      .set(client.auth('admin'))
      .send({
        name: 'L2',
        landingUrl: 'https://example.com',
        currency: 'EUR',
        attribution: { windowDays: 30, model: 'last_touch' },
        trigger: 'first_payment',
        holdDays: 0,
        referrerReward: { kind: 'credit', amount: 1 },
        secondLevelReward: { kind: 'credit', amount: -5 },
      })
      .expect(400);
    expect(response.body.details.map((d: { field: string }) => d.field)).toContain('secondLevelReward.amount');
  });
});
