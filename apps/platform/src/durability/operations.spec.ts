import { randomUUID } from 'node:crypto';
import { ControllableClock, anEvent, eventually } from '@referral-ledger/testing';
import { startTestPlatform, type PlatformClient } from '../test-support/platform-client';

/** What an operator does with what the pipeline set aside, through the admin routes. */
describe('operations: dead letters and parked events', () => {
  const clock = new ControllableClock('2026-05-04T09:00:00Z');
  let client: PlatformClient;
  beforeAll(async () => {
    client = await startTestPlatform(clock);
  });
  afterAll(() => client.stop());

  const admin = () => client.auth('admin');

  it('lists a dead letter with its reason, replays it once through its consumer, and refuses a second replay', async () => {
    const programId = await client.createProgram();
    const { code } = await client.enrol(programId, 'olga');
    await client.platformEvent('payment.succeeded', { customerId: 'late', paymentId: 'p-late', amount: 90_000, currency: 'EUR' });
    await client.settled();
    clock.advance(25 * 3_600_000);
    const listed = await eventually(async () => {
      const { body } = await client.http().get('/v1/operations/dead-letters').set(admin()).expect(200);
      return body.deadLetters.length === 1 && body.deadLetters;
    });
    expect(listed[0]).toMatchObject({
      consumer: 'attribution',
      key: 'late',
      topic: 'platform.customer-events.v1',
      error: expect.stringContaining('arrived before their customer.signed_up'),
      replayedAt: null,
    });
    await client.http().get('/v1/operations/dead-letters').set(client.auth('integration')).expect(403);

    await client.platformEvent('customer.signed_up', { customerId: 'late', email: 'late@example.org', referralCode: code });
    await client.settled();
    const replay = await client.http().post(`/v1/operations/dead-letters/${listed[0].id}/replay`).set(admin()).expect(200);
    expect(replay.body).toEqual({ id: listed[0].id, outcome: 'handled' });
    await client.settled();
    const { body: referrals } = await client.http().get('/v1/customers/olga/referrals').set(client.auth('integration')).expect(200);
    expect(referrals.referrals).toEqual([expect.objectContaining({ refereeId: 'late', status: 'converted' })]);

    await client.http().post(`/v1/operations/dead-letters/${listed[0].id}/replay`).set(admin()).expect(409);
    await client.http().post('/v1/operations/dead-letters/999999/replay').set(admin()).expect(404);
    await client.http().post('/v1/operations/dead-letters/not-a-number/replay').set(admin()).expect(404);
    expect((await client.http().get('/v1/operations/dead-letters').set(admin()).expect(200)).body.deadLetters).toEqual([]);
    const all = (await client.http().get('/v1/operations/dead-letters?status=all').set(admin()).expect(200)).body.deadLetters;
    expect(all).toEqual([expect.objectContaining({ id: listed[0].id, replayOutcome: 'handled', replayedAt: expect.any(String) })]);
  });

  it('parks an event a projection of its own store cannot apply, reports it, and lets an operator retry or skip it', async () => {
    // An event stored before the edge validated times, as an old version or a bulk import might have left it.
    const rewardId = randomUUID();
    const entry = { entryId: `${rewardId}:reversal`, kind: 'reversal', reference: rewardId, postings: [], bookedAt: 'the day before yesterday', reverses: null };
    const poison = anEvent('reward.reversed', {
      rewardId,
      referralId: randomUUID(),
      programId: 'p-old',
      beneficiaryId: 'c',
      unit: 'EUR',
      amount: 1,
      reason: 'referral_cancelled',
      entry,
      reversedAt: 'the day before yesterday',
    });
    await client.platform.infrastructure.store.appendToStream(`reward-${rewardId}`, [poison], { expectedVersion: 'no_stream' });
    await client.settled();

    const { body } = await client.http().get('/v1/operations/parked-events').set(admin()).expect(200);
    const parkedBy = (subscriber: string) =>
      expect.objectContaining({ subscriber, eventId: poison.id, eventType: 'reward.reversed', attempts: 3, error: expect.stringMatching(/invalid input syntax/) });
    expect(body.parkedEvents).toEqual(expect.arrayContaining([parkedBy('ledger'), parkedBy('reward-status')]));
    expect(body.parkedEvents).toHaveLength(2);
    const parked = body.parkedEvents.find((p: { subscriber: string }) => p.subscriber === 'ledger');
    const ready = await client.http().get('/health/ready').expect(200);
    expect(ready.body.details.pipeline).toMatchObject({ status: 'up', parkedEvents: 2 });
    expect((await client.http().get('/metrics').expect(200)).text).toContain('parked_events_open{subscriber="ledger"} 1');

    const retry = await client.http().post(`/v1/operations/parked-events/${parked.id}/retry`).set(admin()).expect(409);
    expect(retry.body.message).toContain('still fails');
    await client.http().post(`/v1/operations/parked-events/${parked.id}/skip`).set(admin()).expect(200, { id: parked.id, outcome: 'skipped' });
    await client.http().post(`/v1/operations/parked-events/${parked.id}/skip`).set(admin()).expect(409);
    expect((await client.http().get('/v1/operations/parked-events').set(admin()).expect(200)).body.parkedEvents).toEqual([parkedBy('reward-status')]);
    expect((await client.http().get('/metrics').expect(200)).text).not.toContain('parked_events_open{subscriber="ledger"} 1');
  });

  it('dead-letters a public event that fails its schema, with the reason, for every consumer of its topic, projections fed by topics included', async () => {
    const poison = anEvent('referral.rejected', {
      referralId: randomUUID(),
      programId: 'p-old',
      referrerId: null,
      refereeId: 'x',
      reason: 'fraud',
      detail: '',
      rejectedAt: 'the day before yesterday',
    });
    await client.platform.infrastructure.store.appendToStream(`referral-${randomUUID()}`, [poison], { expectedVersion: 'no_stream' });
    await client.settled();
    const { body } = await client.http().get('/v1/operations/dead-letters').set(admin()).expect(200);
    const letters = body.deadLetters.filter((letter: { topic: string }) => letter.topic === 'referrals.attribution.v1');
    expect(letters.map((letter: { consumer: string }) => letter.consumer).sort()).toEqual([
      'projection.fraud-facts',
      'projection.kpi-daily',
      'projection.referral-status',
      'rewards',
      'rewards-notifications',
      'webhooks',
    ]);
    for (const letter of letters) expect(letter.error).toMatch(/invalid data for referral.rejected: \/rejectedAt must match format "date-time"/);
    const ready = await client.http().get('/health/ready').expect(200);
    expect(ready.body.details.pipeline).toMatchObject({ status: 'up' });
  });
});

describe('readiness when a projection falls behind', () => {
  const clock = new ControllableClock('2026-05-04T09:00:00Z');
  let client: PlatformClient;
  beforeAll(async () => {
    client = await startTestPlatform(clock, { MAX_LAG_SECONDS: '1' });
  });
  afterAll(() => client.stop());

  it('is 503 naming the projection while it is stuck, and 200 once it has caught up', async () => {
    const ledger = client.platform.projections.find((runner) => runner.name === 'ledger');
    await client.settled();
    await ledger?.stop();
    await client.platform.infrastructure.store.appendToStream(
      `referral-${randomUUID()}`,
      [anEvent('referral.rejected', { referralId: randomUUID(), programId: 'p', reason: 'fraud', rejectedAt: clock.now().toISOString() })],
      { expectedVersion: 'no_stream' },
    );
    const unready = await eventually(
      async () => {
        const response = await client.http().get('/health/ready');
        return response.status === 503 && response;
      },
      10_000,
      200,
    );
    expect(unready.body.error.pipeline.message).toMatch(/behind by more than 1 s: ledger/);
    await ledger?.rebuild();
    await eventually(async () => (await client.http().get('/health/ready')).status === 200, 10_000, 100);
  });
});
