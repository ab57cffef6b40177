import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kpiDocument } from '@referral-ledger/analytics-service';
import { ControllableClock } from '@referral-ledger/testing';
import { startTestPlatform, type PlatformClient } from '../test-support/platform-client';

const DAY = 86_400_000;

/** Issue 11, items 5 and 6: the analyst tables and views of DESIGN.md §6, and the ranking routes. */
describe('analyst tables and views', () => {
  const clock = new ControllableClock('2026-01-10T09:00:00Z');
  let client: PlatformClient;
  let programId: string;
  const sql = async <Row>(query: string, values: unknown[] = []) => (await client.platform.infrastructure.pool.query(query, values)).rows as Row[];

  beforeAll(async () => {
    client = await startTestPlatform(clock);
    programId = await client.createProgram({ holdDays: 0 });
    await client.platformEvent('customer.signed_up', { customerId: 'ada', email: 'ada@example.com', deviceId: 'ada-pc', ip: '198.51.100.1' });
    const ada = await client.enrol(programId, 'ada');
    const bo = await client.enrol(programId, 'bo');
    await client.enrol(programId, 'cy');
    await client.http().get(`/r/${ada.code}`).expect(302);
    // Ada brings ben and dan, who pay; bo brings fay, who does not; gil signs up on ada's computer: fraud.
    for (const [customerId, code, deviceId] of [
      ['ben', ada.code, 'ben-phone'],
      ['dan', ada.code, 'dan-laptop'],
      ['fay', bo.code, 'fay-phone'],
      ['gil', ada.code, 'ada-pc'],
    ]) {
      clock.advance(3_600_000);
      await client.platformEvent('customer.signed_up', {
        customerId,
        email: `${customerId}@example.org`,
        referralCode: code,
        deviceId,
        ip: `192.0.2.${customerId.length * 10 + customerId.charCodeAt(0) - 90}`,
      });
    }
    await client.platformEvent('customer.signed_up', { customerId: 'eve', email: 'eve@example.org' });
    clock.advance(DAY);
    await client.platformEvent('payment.succeeded', { customerId: 'ben', paymentId: 'ben-1', amount: 50_000, currency: 'EUR' });
    await client.platformEvent('payment.succeeded', { customerId: 'dan', paymentId: 'dan-1', amount: 30_000, currency: 'EUR' });
    await client.platformEvent('payment.succeeded', { customerId: 'eve', paymentId: 'eve-1', amount: 20_000, currency: 'EUR' });
    await client.settled();
    clock.advance(DAY);
    await client.platformEvent('payment.succeeded', { customerId: 'ben', paymentId: 'ben-2', amount: 30_000, currency: 'EUR' });
    await client.platformEvent('payment.refunded', { customerId: 'ben', paymentId: 'ben-2', amount: 10_000, currency: 'EUR' });
    await client.platformEvent('nps.submitted', { customerId: 'ben', score: 10 });
    await client.platformEvent('nps.submitted', { customerId: 'dan', score: 8 });
    await client.platformEvent('nps.submitted', { customerId: 'eve', score: 3 });
    clock.advance(10 * DAY);
    await client.platformEvent('subscription.cancelled', { customerId: 'eve' });
    await client.settled();
  });
  afterAll(() => client.stop());

  it('keeps referrer_stats per program and referrer: clicks, signups, conversions, money earned, first and last referral', async () => {
    const rows = await sql<Record<string, unknown>>(
      `SELECT customer_id, clicks::int, signups::int, conversions::int, rewards_earned_minor::int, first_referral_at IS NOT NULL AS referred_someone
       FROM analytics.referrer_stats WHERE program_id = $1 ORDER BY customer_id`,
      [programId],
    );
    expect(rows).toEqual([
      { customer_id: 'ada', clicks: 1, signups: 3, conversions: 2, rewards_earned_minor: 20_000, referred_someone: true },
      { customer_id: 'bo', clicks: 0, signups: 1, conversions: 0, rewards_earned_minor: 0, referred_someone: true },
      { customer_id: 'cy', clicks: 0, signups: 0, conversions: 0, rewards_earned_minor: 0, referred_someone: false },
    ]);
  });

  it('keeps customer_value for every customer, referred or not: payments, refunds, churn, last NPS', async () => {
    const rows = await sql<Record<string, unknown>>(
      `SELECT customer_id, referred, program_id, revenue_minor::int, refunded_minor::int, cancelled_at IS NOT NULL AS churned, last_nps
       FROM analytics.customer_value WHERE customer_id IN ('ada', 'ben', 'eve', 'gil') ORDER BY customer_id`,
    );
    expect(rows).toEqual([
      { customer_id: 'ada', referred: false, program_id: null, revenue_minor: 0, refunded_minor: 0, churned: false, last_nps: null },
      { customer_id: 'ben', referred: true, program_id: programId, revenue_minor: 80_000, refunded_minor: 10_000, churned: false, last_nps: 10 },
      { customer_id: 'eve', referred: false, program_id: null, revenue_minor: 20_000, refunded_minor: 0, churned: true, last_nps: 3 },
      { customer_id: 'gil', referred: true, program_id: programId, revenue_minor: 0, refunded_minor: 0, churned: false, last_nps: null },
    ]);
  });

  it('counts fraud rejections in kpi_daily and answers the views: funnel, leaderboard, program_kpis', async () => {
    const [funnel] = await sql<Record<string, unknown>>('SELECT signups::int, conversions::int, rejected::int, fraud_rejected::int FROM analytics.funnel WHERE program_id = $1', [
      programId,
    ]);
    expect(funnel).toEqual({ signups: 4, conversions: 2, rejected: 1, fraud_rejected: 1 });
    const leaders = await sql<Record<string, unknown>>('SELECT customer_id, rank::int FROM analytics.leaderboard WHERE program_id = $1 ORDER BY rank', [programId]);
    expect(leaders).toEqual([
      { customer_id: 'ada', rank: 1 },
      { customer_id: 'bo', rank: 2 },
    ]);
    const [kpis] = await sql<Record<string, string | null>>('SELECT * FROM analytics.program_kpis WHERE program_id = $1', [programId]);
    expect(kpis).toEqual({
      program_id: programId,
      // Three referrers among the five customers who have not churned (ada, ben, dan, fay, gil).
      participation_rate: '0.6000',
      share_rate: '0.6667',
      conversion_rate: '0.5000',
      // Both sides of two conversions: 2 × (100.00 + 50.00) EUR.
      cac_per_referral_minor: '15000',
      roi: '1.6667',
      ltv_referred_minor: '25000',
      ltv_not_referred_minor: '10000',
      // The clock of this test is in the past: everyone signed up more than 90 days before the database's now().
      retention_90d_referred: '1.0000',
      retention_90d_not_referred: '0.5000',
      nps_referred: '50.0',
      nps_not_referred: '-100.0',
      fraud_rate: '0.2500',
      // No channel costs entered yet; payback moves with the database's now(): revenue per month since signup.
      cac_per_channel_minor: null,
      payback_months: expect.stringMatching(/^\d+\.\d$/),
    });
  });

  it('sets channel costs (admin) for a CAC per channel beside the CAC per referral, refusing bad bodies with field details', async () => {
    const put = (program: string, body: object, role: 'admin' | 'analyst' = 'admin') =>
      client.http().put(`/v1/programs/${program}/channel-costs`).set(client.auth(role)).send(body);
    const { body } = await put(programId, {
      paid_search: { period: '2026-Q1', spendMinor: 900_000, customers: 30 },
      events: { period: '2026-Q1', spendMinor: 500_000, customers: 0 },
    }).expect(200);
    expect(body).toMatchObject({ programId, setBy: expect.stringMatching(/^admin:/), channelCosts: { paid_search: { spendMinor: 900_000 } } });
    await client.settled();
    const [kpis] = await sql<Record<string, unknown>>('SELECT cac_per_channel_minor, cac_per_referral_minor, payback_months FROM analytics.program_kpis WHERE program_id = $1', [
      programId,
    ]);
    expect(kpis).toMatchObject({ cac_per_channel_minor: { paid_search: 30_000, events: null }, cac_per_referral_minor: '15000', payback_months: expect.any(String) });

    // The whole set replaces the last.
    await put(programId, { paid_search: { period: '2026-Q2', spendMinor: 600_000, customers: 40 } }).expect(200);
    await client.settled();
    expect((await sql<{ channel: string }>('SELECT channel FROM analytics.channel_costs WHERE program_id = $1', [programId])).map((row) => row.channel)).toEqual(['paid_search']);

    const refused = async (payload: object) => (await put(programId, payload).expect(400)).body.details.map((detail: { field: string }) => detail.field);
    expect(await refused({ paid_search: { period: '2026-Q1', spendMinor: -1, customers: 3 } })).toEqual(['paid_search.spendMinor']);
    expect(await refused({ paid_search: { period: '2026-Q1', spendMinor: 1.5, customers: 3 } })).toEqual(['paid_search.spendMinor']);
    expect(await refused({ 'Paid Search!': { period: 'q', spendMinor: 1, customers: 1 } })).toHaveLength(1);
    await put('7b2c6a7e-0000-4000-8000-000000000000', {}).expect(404);
    await put(programId, {}, 'analyst').expect(403);
  });

  it('documents every KPI once, beside its SQL, in the committed docs/kpis.md: run `npm run docs:kpis` after changing a view', () => {
    expect(readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'kpis.md'), 'utf8')).toBe(kpiDocument());
  });

  it('ranks referrers and reports variants over HTTP, for analysts and admins only', async () => {
    const { body } = await client.http().get(`/v1/kpis/leaderboard?programId=${programId}`).set(client.auth('admin')).expect(200);
    expect(body.referrers.map((row: { customerId: string; rank: number; conversions: number }) => [row.customerId, row.rank, row.conversions])).toEqual([
      ['ada', 1, 2],
      ['bo', 2, 0],
    ]);
    await client.http().get('/v1/kpis/leaderboard?limit=0').set(client.auth('admin')).expect(400);
    await client.http().get('/v1/kpis/leaderboard').set(client.auth('integration')).expect(403);

    const tested = await client.createProgram({
      holdDays: 0,
      variants: [{ id: 'generous', weight: 1, referrerReward: { kind: 'credit', amount: 8_000 }, refereeReward: { kind: 'credit', amount: 4_000 } }],
    });
    const { code } = await client.enrol(tested, 'hal');
    await client.platformEvent('customer.signed_up', { customerId: 'ivy', email: 'ivy@example.org', referralCode: code, deviceId: 'ivy-phone' });
    await client.platformEvent('payment.succeeded', { customerId: 'ivy', paymentId: 'ivy-1', amount: 40_000, currency: 'EUR' });
    await client.settled();
    const variants = (await client.http().get(`/v1/kpis/variants?programId=${tested}`).set(client.auth('admin')).expect(200)).body.variants;
    expect(variants).toEqual([
      { programId: tested, variantId: 'generous', referrers: 1, signups: 1, conversions: 1, conversionRate: 1, rewardCostMinor: 12_000, revenueMinor: 40_000 },
    ]);
  });
});
