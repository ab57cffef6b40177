import { tablesOf } from '@referral-ledger/projections';
import { hostConfigSchema } from '@referral-ledger/service-host';
import { loadConfig } from '@referral-ledger/service-kit';
import { ControllableClock } from '@referral-ledger/testing';
import { PLATFORM_SERVICES } from '../platform';
import { startTestPlatform, type PlatformClient } from '../test-support/platform-client';

const DAY = 86_400_000;

/** Issue 11, item 7: replaying the event store rebuilds every projection identically, row for row. */
describe('rebuilding every projection', () => {
  const clock = new ControllableClock('2026-04-01T09:00:00Z');
  let client: PlatformClient;
  beforeAll(async () => {
    client = await startTestPlatform(clock);
  });
  afterAll(() => client.stop());

  const tables = PLATFORM_SERVICES.flatMap((service) => service.projections(loadConfig(hostConfigSchema, { DATA_DIR: '/unused' }))).flatMap(tablesOf);

  /** Every row of every projection table, as text, sorted: what a rebuild must give back. */
  async function snapshot(): Promise<Record<string, string[]>> {
    await client.settled();
    const { pool } = client.platform.infrastructure;
    const entries = await Promise.all(
      tables.map(async (table) => [table, (await pool.query(`SELECT to_jsonb(t)::text AS row FROM ${table} t`)).rows.map((r: { row: string }) => r.row).sort()] as const),
    );
    return Object.fromEntries(entries);
  }

  it('gives back every row of every read model after `npm run rebuild -- all`', async () => {
    const quick = await client.createProgram({
      holdDays: 0,
      variants: [
        { id: 'plain', weight: 1, referrerReward: { kind: 'credit', amount: 5_000 }, refereeReward: null },
        { id: 'rich', weight: 1, referrerReward: { kind: 'credit', amount: 9_000 }, refereeReward: { kind: 'credit', amount: 3_000 } },
      ],
    });
    const held = await client.createProgram({ holdDays: 14 });
    await client.platformEvent('customer.signed_up', { customerId: 'ana', email: 'ana@example.com', deviceId: 'ana-pc', ip: '198.51.100.3' });
    const codes = await Promise.all(['ana', 'bea', 'cid'].map(async (referrer) => (await client.enrol(referrer === 'cid' ? held : quick, referrer)).code));
    await client.http().get(`/r/${codes[0]}`).expect(302);
    const friends: Array<[string, number, string]> = [
      ['dov', 0, 'dov-phone'],
      ['eli', 1, 'eli-phone'],
      ['fox', 2, 'fox-phone'],
      ['gus', 0, 'ana-pc'],
    ];
    for (const [friend, referrer, deviceId] of friends) {
      clock.advance(3_600_000);
      await client.platformEvent('customer.signed_up', { customerId: friend, email: `${friend}@example.org`, referralCode: codes[referrer], deviceId });
      await client.platformEvent('payment.succeeded', { customerId: friend, paymentId: `${friend}-1`, amount: 40_000, currency: 'EUR' });
    }
    await client.platformEvent('customer.signed_up', { customerId: 'hal', email: 'hal@example.org' });
    await client.settled();
    clock.advance(DAY);
    await client.http().post('/v1/customers/ana/redemptions').set(client.auth('integration')).send({ unit: 'EUR', amount: 1_000, reference: 'inv-1' }).expect(201);
    await client.platformEvent('payment.refunded', { customerId: 'fox', paymentId: 'fox-1', amount: 40_000, currency: 'EUR' });
    await client.platformEvent('nps.submitted', { customerId: 'dov', score: 9 });
    await client.platformEvent('subscription.cancelled', { customerId: 'hal' });
    await client.http().post('/v1/fraud/bans').set(client.auth('admin')).send({ customerId: 'eli', reason: 'test' }).expect(200);

    const before = await snapshot();
    // Not a vacuous comparison: the read models hold what happened.
    for (const table of [
      'ledger.postings',
      'ledger.chain_links',
      'analytics.kpi_daily',
      'analytics.referrer_stats',
      'analytics.customer_value',
      'analytics.variant_results',
      'fraud.assessment_history',
    ])
      expect(before[table]?.length).toBeGreaterThan(0);
    // Damage the read models (never the store): the rebuild must bring back every row from the events alone.
    await client.platform.infrastructure.pool.query('DELETE FROM analytics.kpi_daily; UPDATE ledger.postings SET amount = 0; DELETE FROM fraud.assessment_history');
    client = await client.rebuilt();
    expect(await snapshot()).toEqual(before);
  });
});
