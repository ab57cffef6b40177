import { ControllableClock } from '@referral-ledger/testing';
import { outboundEvents } from '../test-support/outbound-events';
import { startTestPlatform, type PlatformClient } from '../test-support/platform-client';

interface ReferralRow {
  refereeId: string;
  variantId: string | null;
  rewards: Array<{ role: string; amount: number }>;
}

/** Issue 9, item 6: A/B tests of incentives. A referrer's variant is sticky; it is recorded on the referral and the reward. */
describe('program variants', () => {
  const clock = new ControllableClock('2026-10-12T09:00:00Z');
  let client: PlatformClient;
  let programId: string;
  beforeAll(async () => {
    client = await startTestPlatform(clock);
    programId = await client.createProgram({
      variants: [
        { id: 'one-sided', weight: 1, referrerReward: { kind: 'credit', amount: 5_000 }, refereeReward: null },
        { id: 'double-sided', weight: 1, referrerReward: { kind: 'credit', amount: 8_000 }, refereeReward: { kind: 'free_months', months: 1 } },
      ],
    });
  });
  afterAll(() => client.stop());

  const referralsOf = async (referrerId: string): Promise<ReferralRow[]> => {
    await client.settled();
    return (await client.http().get(`/v1/customers/${referrerId}/referrals`).set(client.auth('integration')).expect(200)).body.referrals;
  };
  async function refers(referrerId: string, refereeId: string): Promise<void> {
    const { code } = await client.enrol(programId, referrerId);
    await client.platformEvent('customer.signed_up', { customerId: refereeId, email: `${refereeId}@example.org`, referralCode: code });
    await client.platformEvent('payment.succeeded', { customerId: refereeId, paymentId: `pay-${refereeId}`, amount: 9_900, currency: 'EUR' });
  }

  it("pays each referral its referrer's variant, the same variant for every referral of that referrer, and both variants are in use", async () => {
    const referrers = Array.from({ length: 12 }, (_, i) => `ref-${i}`);
    for (const referrerId of referrers) {
      await refers(referrerId, `${referrerId}-friend-a`);
      await refers(referrerId, `${referrerId}-friend-b`);
    }
    const seen = new Set<string>();
    let rewards = 0;
    for (const referrerId of referrers) {
      const referrals = await referralsOf(referrerId);
      expect(referrals).toHaveLength(2);
      const [variant] = new Set(referrals.map((referral) => referral.variantId));
      expect(referrals.every((referral) => referral.variantId === variant)).toBe(true);
      seen.add(String(variant));
      for (const referral of referrals) {
        rewards += referral.rewards.length;
        const paid = Object.fromEntries(referral.rewards.map((reward) => [reward.role, reward.amount]));
        expect(paid).toEqual(variant === 'double-sided' ? { referrer: 8_000, referee: 1 } : { referrer: 5_000 });
      }
    }
    expect(seen).toEqual(new Set(['one-sided', 'double-sided']));

    const grants = (await client.platform.infrastructure.store.readAll()).filter((event) => event.type === 'reward.granted').map((event) => event.data);
    expect(grants).toHaveLength(rewards);
    for (const grant of grants) expect(grant).toMatchObject({ variantId: expect.stringMatching(/^(one-sided|double-sided)$/) });
  });

  it('refuses variants it cannot run, naming the field', async () => {
    const fieldsOf = async (variants: object[]) => (await client.refusedProgramFields({ variants })).map((detail) => detail.field);
    const variant = (id: string, weight: number) => ({ id, weight, referrerReward: { kind: 'credit', amount: 1_000 }, refereeReward: null });
    expect(await fieldsOf([variant('a', 0)])).toEqual(['variants.0.weight']);
    expect(await fieldsOf([variant('a', 2.5)])).toEqual(['variants.0.weight']);
    expect(await fieldsOf([variant('a', 1), variant('a', 1)])).toEqual(['variants.1.id']);
    expect(await fieldsOf([{ ...variant('a', 1), referrerReward: { kind: 'credit', amount: -5 } }])).toEqual(['variants.0.referrerReward.amount']);
  });

  it('emitted only outbound events that meet their published schemas', async () => {
    await client.settled();
    const { failures } = await outboundEvents(client.platform.infrastructure.store);
    expect(failures).toEqual([]);
  });
});
