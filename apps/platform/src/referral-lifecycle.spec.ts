import { OUTBOUND_EVENT_SCHEMAS } from '@referral-ledger/contracts';
import { deterministicEventId } from '@referral-ledger/event-store';
import { messageIdentity } from '@referral-ledger/messaging';
import { rewardIdOf } from '@referral-ledger/rewards-service';
import { ControllableClock, eventually } from '@referral-ledger/testing';
import { DEMO_EVENT_SOURCE } from './demo/demo-driver';
import { outboundEvents } from './test-support/outbound-events';
import { startTestPlatform, type PlatformClient } from './test-support/platform-client';

/** The referral a signup creates: its id follows from the signup's CloudEvents identity. */
const referralOf = (signupId: string, source = DEMO_EVENT_SOURCE) => deterministicEventId('referral', messageIdentity({ source, id: signupId }));

/** The path of issue 3 in embedded mode: everything through HTTP, the event store, the bus and the projections. */
describe('a referral from share link to rewards (embedded mode)', () => {
  const clock = new ControllableClock('2026-03-02T09:00:00Z');
  let client: PlatformClient;

  beforeAll(async () => {
    client = await startTestPlatform(clock);
  });
  afterAll(() => client.stop());

  const store = () => client.platform.infrastructure.store;
  const streamOf = async (stream: string, length: number) =>
    eventually(async () => {
      const events = await store().readStream(stream);
      return events.length === length && events;
    });
  const balance = async (customerId: string) => {
    await Promise.all(client.platform.projections.map((runner) => runner.caughtUp()));
    return (await client.http().get(`/v1/customers/${customerId}/balance`).set(client.auth('integration')).expect(200)).body.balances;
  };

  it('attributes a signup by click, scores it, converts it on payment and rewards both sides at once (hold 0)', async () => {
    const programId = await client.createProgram();
    const kit = await client.enrol(programId, 'alice');
    const redirect = await client.http().get(new URL(kit.link).pathname).expect(302);
    const clickId = new URL(redirect.headers.location).searchParams.get('click_id');

    clock.advance(10 * 60_000);
    const signup = await client.platformEvent('customer.signed_up', { customerId: 'bob', email: 'bob@example.org', clickId });
    clock.advance(60 * 60_000);
    await client.platformEvent('payment.succeeded', { customerId: 'bob', paymentId: 'pay-1', amount: 129_900, currency: 'EUR' });

    const referralId = referralOf(signup);
    const referral = await streamOf(`referral-${referralId}`, 2);
    expect(referral.map((e) => e.type)).toEqual(['referral.attributed', 'referral.converted']);
    expect(referral[0].data).toMatchObject({ referrerId: 'alice', refereeId: 'bob', channel: 'link', clickId });
    expect(referral[1].data).toMatchObject({ payment: { paymentId: 'pay-1', amount: 129_900, currency: 'EUR' } });
    expect((await streamOf(`risk-${referralId}`, 1))[0].data).toMatchObject({ decision: 'clear', score: 0 });

    for (const [role, beneficiary, amount] of [
      ['referrer', 'alice', 10_000],
      ['referee', 'bob', 5_000],
    ] as const) {
      const reward = await streamOf(`reward-${rewardIdOf(referralId, role)}`, 2);
      expect(reward.map((e) => e.type)).toEqual(['reward.granted', 'reward.released']);
      expect(reward[0].data).toMatchObject({ beneficiaryId: beneficiary, role, unit: 'EUR', amount });
    }
    expect(await balance('alice')).toEqual([{ unit: 'EUR', pending: 0, available: 10_000, redeemed: 0 }]);
    const rewards = await eventually(async () => {
      const { body } = await client.http().get('/v1/customers/alice/rewards').set(client.auth('integration')).expect(200);
      return body.rewards.length === 1 && body.rewards[0].status === 'available' && body.rewards;
    });
    expect(rewards).toEqual([
      {
        rewardId: rewardIdOf(referralId, 'referrer'),
        kind: 'credit',
        unit: 'EUR',
        amount: 10_000,
        status: 'available',
        reason: null,
        releasableAt: expect.any(String),
        origin: { type: 'referral', referralId, role: 'referrer' },
      },
    ]);
    const trial = await client.http().get('/v1/ledger/trial-balance').set(client.auth('finance')).expect(200);
    expect(trial.body.units).toEqual([{ unit: 'EUR', debits: 15_000, credits: 15_000, balanced: true }]);
    await client.http().get('/v1/ledger/trial-balance?asOf=yesterday').set(client.auth('finance')).expect(400);
    const entries = await client.http().get('/v1/ledger/entries?account=customer:alice:available:EUR').set(client.auth('finance')).expect(200);
    expect(entries.body.entries).toEqual([
      expect.objectContaining({
        kind: 'release',
        postings: [
          { account: 'customer:alice:pending:EUR', unit: 'EUR', amount: 10_000 },
          { account: 'customer:alice:available:EUR', unit: 'EUR', amount: -10_000 },
        ],
      }),
    ]);
    await client.http().get('/v1/ledger/entries').set(client.auth('integration')).expect(403);

    const mine = await client
      .http()
      .get('/v1/me/referrals')
      .set({ Authorization: `Bearer ${kit.referrerToken}` })
      .expect(200);
    expect(mine.body.referrals).toEqual([
      expect.objectContaining({
        referralId,
        refereeId: 'bob',
        status: 'converted',
        rewards: [
          expect.objectContaining({ role: 'referee', beneficiaryId: 'bob', amount: 5_000, status: 'available' }),
          expect.objectContaining({ role: 'referrer', beneficiaryId: 'alice', amount: 10_000, status: 'available' }),
        ],
      }),
    ]);
    await client
      .http()
      .get('/v1/me/balance')
      .set({ Authorization: `Bearer ${kit.referrerToken}` })
      .expect(200, { customerId: 'alice', programId, balances: [{ unit: 'EUR', pending: 0, available: 10_000, redeemed: 0 }] });
    await client.http().get('/v1/me/referrals').set({ Authorization: 'Bearer forged' }).expect(401);
    await client.http().get('/v1/me/referrals').set(client.auth('admin')).expect(401);
    const viaApi = await client.http().get('/v1/customers/alice/referrals').set(client.auth('integration')).expect(200);
    expect(viaApi.body.referrals).toEqual(mine.body.referrals);

    const kpis = await client.http().get(`/v1/kpis?programId=${programId}&from=2026-03-02&to=2026-03-02&groupBy=day`).set(client.auth('analyst')).expect(200);
    expect(kpis.body.rows).toEqual([
      { day: '2026-03-02', clicks: 1, signups: 1, qualified: 0, conversions: 1, rejected: 0, fraudRejected: 0, rewardCostMinor: 15_000, revenueMinor: 129_900 },
    ]);
    await client.http().get('/v1/kpis?from=tomorrow&to=2026-03-02&groupBy=week').set(client.auth('analyst')).expect(400);
  });

  it('holds rewards for the hold period, releases them when it is over, and reverses them on a refund during the hold', async () => {
    const programId = await client.createProgram({ holdDays: 14 });
    const kit = await client.enrol(programId, 'carol');
    const payingFriend = await client.platformEvent('customer.signed_up', { customerId: 'dan', email: 'dan@example.org', referralCode: kit.code });
    const refundingFriend = await client.platformEvent('customer.signed_up', { customerId: 'erin', email: 'erin@example.org', referralCode: kit.code });
    clock.advanceDays(1);
    await client.platformEvent('payment.succeeded', { customerId: 'dan', paymentId: 'pay-dan', amount: 50_000, currency: 'EUR' });
    await client.platformEvent('payment.succeeded', { customerId: 'erin', paymentId: 'pay-erin', amount: 50_000, currency: 'EUR' });
    await streamOf(`reward-${rewardIdOf(referralOf(payingFriend), 'referrer')}`, 1);
    await streamOf(`reward-${rewardIdOf(referralOf(refundingFriend), 'referrer')}`, 1);
    expect(await balance('carol')).toEqual([{ unit: 'EUR', pending: 20_000, available: 0, redeemed: 0 }]);

    clock.advanceDays(3);
    await client.platformEvent('payment.refunded', { customerId: 'erin', paymentId: 'pay-erin', amount: 50_000, currency: 'EUR' });
    const reversed = await streamOf(`reward-${rewardIdOf(referralOf(refundingFriend), 'referrer')}`, 2);
    expect(reversed[1]).toMatchObject({ type: 'reward.reversed', data: { reason: 'referral_cancelled' } });

    clock.advanceDays(11);
    const released = await streamOf(`reward-${rewardIdOf(referralOf(payingFriend), 'referrer')}`, 2);
    expect(released[1].type).toBe('reward.released');
    expect(await balance('carol')).toEqual([{ unit: 'EUR', pending: 0, available: 10_000, redeemed: 0 }]);
  });

  it('sends a disposable-email signup to review and rejects a self-referral', async () => {
    const programId = await client.createProgram();
    const kit = await client.enrol(programId, 'frank');
    const throwaway = await client.platformEvent('customer.signed_up', { customerId: 'gina', email: 'gina@mailinator.com', referralCode: kit.code });
    const review = await streamOf(`risk-${referralOf(throwaway)}`, 2);
    expect(review.map((e) => e.type)).toEqual(['risk.assessed', 'review.opened']);
    expect(review[0].data).toMatchObject({ decision: 'review', rules: ['disposable_email'] });

    const self = await client.platformEvent('customer.signed_up', { customerId: 'frank-2', email: 'Frank@Example.com', referralCode: kit.code.toLowerCase() });
    const [rejected] = await streamOf(`referral-${referralOf(self)}`, 1);
    expect(rejected).toMatchObject({ type: 'referral.rejected', data: { reason: 'self_referral' } });
  });

  it('absorbs duplicate messages and rejects a signup with an unknown code', async () => {
    const programId = await client.createProgram();
    const kit = await client.enrol(programId, 'hana');
    const signup = { customerId: 'ivan', email: 'ivan@example.org', referralCode: kit.code };
    const payment = { customerId: 'ivan', paymentId: 'pay-ivan', amount: 70_000, currency: 'EUR' };
    const event = (type: string, data: object, id: string) =>
      client
        .http()
        .post('/v1/platform-events')
        .set(client.auth('integration'))
        .send({
          specversion: '1.0',
          id,
          type,
          source: '/billing',
          subject: 'ivan',
          time: clock.now().toISOString(),
          datacontenttype: 'application/json',
          data,
          correlationid: 'c',
          schemaversion: 1,
        })
        .expect(202);
    const signupId = '5d6f1b9e-1111-4c3a-9d2e-000000000001';
    for (let delivery = 0; delivery < 3; delivery++) {
      await event('customer.signed_up', signup, signupId);
      await event('payment.succeeded', payment, '5d6f1b9e-1111-4c3a-9d2e-000000000002');
    }
    const referralId = referralOf(signupId, '/billing');
    await streamOf(`reward-${rewardIdOf(referralId, 'referrer')}`, 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await store().readStream(`referral-${referralId}`)).map((e) => e.type)).toEqual(['referral.attributed', 'referral.converted']);
    expect(await balance('hana')).toEqual([{ unit: 'EUR', pending: 0, available: 10_000, redeemed: 0 }]);

    const stranger = await client.platformEvent('customer.signed_up', { customerId: 'jack', email: 'jack@example.org', referralCode: 'NOSUCH7' });
    const [rejected] = await streamOf(`referral-${referralOf(stranger)}`, 1);
    expect(rejected).toMatchObject({ type: 'referral.rejected', data: { reason: 'unknown_code', programId: null } });
  });

  it('refuses malformed platform events with 400', async () => {
    const post = (body: object) => client.http().post('/v1/platform-events').set(client.auth('integration')).send(body);
    const envelope = (type: string, data: object) => ({
      specversion: '1.0',
      id: 'e-1',
      type,
      source: '/billing',
      subject: 'x',
      time: clock.now().toISOString(),
      data,
      correlationid: 'c',
      schemaversion: 1,
    });
    await post({ hello: 'world' }).expect(400);
    await post(envelope('payment.teleported', {})).expect(400);
    const bad = await post(envelope('payment.succeeded', { customerId: 'c', paymentId: 'p', amount: 1.5, currency: 'EURO' })).expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['data.amount', 'data.currency']));
  });

  it('lets a payment that comes before its signup wait and applies it after the signup; one whose signup never comes is dead-lettered after the wait', async () => {
    const programId = await client.createProgram();
    const kit = await client.enrol(programId, 'kate');
    await client.platformEvent('payment.succeeded', { customerId: 'early', paymentId: 'p-early', amount: 50_000, currency: 'EUR' });
    await client.platformEvent('payment.succeeded', { customerId: 'ghost', paymentId: 'p-ghost', amount: 100, currency: 'EUR' });
    await client.settled();
    const deferred = await client.platform.infrastructure.pool.query(`SELECT message_key FROM messaging.deferred_messages ORDER BY id`);
    expect(deferred.rows.map((r) => r.message_key)).toEqual(['early', 'ghost']);

    const signup = await client.platformEvent('customer.signed_up', { customerId: 'early', email: 'early@example.org', referralCode: kit.code });
    const referral = await streamOf(`referral-${referralOf(signup)}`, 2);
    expect(referral.map((e) => e.type)).toEqual(['referral.attributed', 'referral.converted']);

    clock.advance(25 * 3_600_000);
    const deadLetter = await eventually(
      async () => (await client.platform.infrastructure.pool.query(`SELECT error FROM messaging.dead_letters WHERE message_key = 'ghost'`)).rows[0],
    );
    expect(deadLetter.error).toBe('InvalidMessageError: waited 86400 s and still payment.succeeded for customer ghost arrived before their customer.signed_up');
  });

  it('withholds money rewards for a payment in another currency than the program currency, with the reason, and books nothing', async () => {
    const programId = await client.createProgram();
    const kit = await client.enrol(programId, 'lena');
    const signup = await client.platformEvent('customer.signed_up', { customerId: 'mike', email: 'mike@example.org', referralCode: kit.code });
    await client.platformEvent('payment.succeeded', { customerId: 'mike', paymentId: 'pay-usd', amount: 99_000, currency: 'USD' });
    const referralId = referralOf(signup);
    const [withheld] = await streamOf(`reward-${rewardIdOf(referralId, 'referrer')}`, 1);
    expect(withheld).toMatchObject({ type: 'reward.withheld', data: { reason: 'currency_mismatch', detail: 'paid in USD, the program pays in EUR' } });
    await client.settled();
    const { body } = await client.http().get('/v1/customers/lena/referrals').set(client.auth('integration')).expect(200);
    expect(body.referrals[0]).toMatchObject({
      status: 'converted',
      rewards: [
        expect.objectContaining({ role: 'referee', status: 'withheld', amount: 0 }),
        expect.objectContaining({ role: 'referrer', status: 'withheld', reason: 'currency_mismatch: paid in USD, the program pays in EUR' }),
      ],
    });
    expect(await balance('lena')).toEqual([]);
  });

  it('shows a referrer token only the balance of its own program', async () => {
    const [earning, other] = [await client.createProgram(), await client.createProgram()];
    await client.enrol(earning, 'nina');
    const otherKit = await client.enrol(other, 'nina');
    const earningKit = await client.enrol(earning, 'nina');
    await client.platformEvent('customer.signed_up', { customerId: 'oscar', email: 'oscar@example.org', referralCode: earningKit.code });
    await client.platformEvent('payment.succeeded', { customerId: 'oscar', paymentId: 'pay-oscar', amount: 10_000, currency: 'EUR' });
    await client.settled();
    const mine = (token: string) =>
      client
        .http()
        .get('/v1/me/balance')
        .set({ Authorization: `Bearer ${token}` })
        .expect(200);
    expect((await mine(earningKit.referrerToken)).body.balances).toEqual([{ unit: 'EUR', pending: 0, available: 10_000, redeemed: 0 }]);
    expect((await mine(otherKit.referrerToken)).body).toEqual({ customerId: 'nina', programId: other, balances: [] });
  });

  it('emitted, through every test above, only outbound events that meet their published schemas', async () => {
    await client.settled();
    const { types, failures } = await outboundEvents(store());
    // Programs with milestones, budgets and non-money rewards emit the rest: programs/*.spec.ts checks those.
    const elsewhere = [
      'referral.qualified',
      'review.decided',
      'reward.redeemed',
      'program.rules_changed',
      'program.status_changed',
      'budget.exhausted',
      'milestone.reached',
      'notify.milestone_reached',
      'reward.fulfilled',
      'reward.clawed_back',
      'clawback.recovered',
      'customer.banned',
      'program.channel_costs_set',
    ];
    expect(types).toEqual(new Set(Object.keys(OUTBOUND_EVENT_SCHEMAS).filter((type) => !elsewhere.includes(type))));
    expect(failures).toEqual([]);
  });
});
