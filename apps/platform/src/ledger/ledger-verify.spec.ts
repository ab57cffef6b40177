import { ControllableClock, eventually } from '@referral-ledger/testing';
import { startTestPlatform, type PlatformClient } from '../test-support/platform-client';

/** Issue 11, item 2: `GET /v1/ledger/verify`, the tamper check of the stored ledger events. */
describe('ledger verification', () => {
  const clock = new ControllableClock('2026-08-01T09:00:00Z');
  let client: PlatformClient;
  beforeAll(async () => {
    client = await startTestPlatform(clock);
  });
  afterAll(() => client.stop());

  const verify = async () => (await client.http().get('/v1/ledger/verify').set(client.auth('finance')).expect(200)).body;

  it('finds every chain intact, then names the entry whose stored event was edited in the database', async () => {
    const { code } = await client.enrol(await client.createProgram({ holdDays: 0 }), 'ada');
    await client.platformEvent('customer.signed_up', { customerId: 'ben', email: 'ben@example.org', referralCode: code });
    await client.platformEvent('payment.succeeded', { customerId: 'ben', paymentId: 'pay-ben', amount: 50_000, currency: 'EUR' });
    await eventually(async () => (await client.http().get('/v1/customers/ada/balance').set(client.auth('integration'))).body.balances[0]?.available === 10_000);
    await client.http().post('/v1/customers/ada/redemptions').set(client.auth('integration')).send({ unit: 'EUR', amount: 4_000, reference: 'invoice-9' }).expect(201);
    await client.settled();
    // Two rewards granted and released, one redemption: five entries on three streams (two rewards, ada's wallet).
    expect(await verify()).toEqual({ ok: true, streams: 3, entries: 5 });

    // Someone with the database's keys turns the append-only trigger off and rewrites history, balanced even.
    const { pool } = client.platform.infrastructure;
    await pool.query('ALTER TABLE event_store.events DISABLE TRIGGER events_append_only');
    const { rows } = await pool.query<{ entry_id: string }>(
      `UPDATE event_store.events SET data = jsonb_set(jsonb_set(data, '{entry,postings,0,amount}', '99999'), '{entry,postings,1,amount}', '-99999')
       WHERE event_type = 'reward.released' AND data->>'beneficiaryId' = 'ada' RETURNING data->'entry'->>'entryId' AS entry_id`,
    );
    await pool.query('ALTER TABLE event_store.events ENABLE TRIGGER events_append_only');
    expect(rows).toHaveLength(1);
    expect(await verify()).toEqual({
      ok: false,
      streams: 3,
      entries: 5,
      firstBrokenAt: { streamName: expect.stringMatching(/^reward-/), entryId: rows[0].entry_id, reason: 'the stored entry differs from what was hashed' },
    });
    await client.http().get('/v1/ledger/verify').set(client.auth('integration')).expect(403);
  });
});
