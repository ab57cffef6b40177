import { ControllableClock } from '@referral-ledger/testing';
import { startTestPlatform, type PlatformClient } from '../test-support/platform-client';

const DAY = 86_400_000;

/** Issue 11, items 3 and 4: balances as of any instant, by unit and program; the liability and expense reports. */
describe('finance reports', () => {
  const clock = new ControllableClock('2026-09-01T09:00:00Z');
  const at = (days: number) => new Date(Date.parse('2026-09-01T09:00:00Z') + days * DAY).toISOString();
  let client: PlatformClient;
  let paidAtOnce: string;
  let held: string;
  beforeAll(async () => {
    client = await startTestPlatform(clock);
    // Day 0: ada's friend ben pays in a program that releases at once (100.00 + 50.00 EUR).
    paidAtOnce = await client.createProgram({ holdDays: 0 });
    const quick = await client.enrol(paidAtOnce, 'ada');
    await client.platformEvent('customer.signed_up', { customerId: 'ben', email: 'ben@example.org', referralCode: quick.code });
    await client.platformEvent('payment.succeeded', { customerId: 'ben', paymentId: 'pay-ben', amount: 50_000, currency: 'EUR' });
    await client.settled();
    // Day 1: her friend cy pays in a program that holds for 14 days (20.00 + 10.00 EUR pending).
    clock.advance(DAY);
    held = await client.createProgram({ holdDays: 14, referrerReward: { kind: 'credit', amount: 2_000 }, refereeReward: { kind: 'credit', amount: 1_000 } });
    const slow = await client.enrol(held, 'ada');
    await client.platformEvent('customer.signed_up', { customerId: 'cy', email: 'cy@example.org', referralCode: slow.code });
    await client.platformEvent('payment.succeeded', { customerId: 'cy', paymentId: 'pay-cy', amount: 50_000, currency: 'EUR' });
    await client.settled();
    // Day 2: ada spends 40.00 of what she has. Day 3: cy is banned, and his pending 10.00 is voided.
    clock.advance(DAY);
    await client.http().post('/v1/customers/ada/redemptions').set(client.auth('integration')).send({ unit: 'EUR', amount: 4_000, reference: 'invoice-1' }).expect(201);
    clock.advance(DAY);
    await client.http().post('/v1/fraud/bans').set(client.auth('admin')).send({ customerId: 'cy', reason: 'chargeback pattern' }).expect(200);
    await client.settled();
  });
  afterAll(() => client.stop());

  const finance = (path: string) => client.http().get(path).set(client.auth('finance'));

  it("gives a customer's balance as of any instant, per unit and per program; redemptions belong to no program", async () => {
    const before = (
      await client
        .http()
        .get(`/v1/customers/ada/balance?asOf=${at(0.5)}`)
        .set(client.auth('integration'))
        .expect(200)
    ).body;
    expect(before).toEqual({
      customerId: 'ada',
      asOf: at(0.5),
      balances: [{ unit: 'EUR', pending: 0, available: 10_000, redeemed: 0 }],
      byProgram: [{ programId: paidAtOnce, unit: 'EUR', pending: 0, available: 10_000, redeemed: 0 }],
    });
    const now = (await client.http().get('/v1/customers/ada/balance').set(client.auth('integration')).expect(200)).body;
    expect(now.balances).toEqual([{ unit: 'EUR', pending: 2_000, available: 6_000, redeemed: 4_000 }]);
    expect(now.byProgram).toEqual(
      expect.arrayContaining([
        { programId: paidAtOnce, unit: 'EUR', pending: 0, available: 10_000, redeemed: 0 },
        { programId: held, unit: 'EUR', pending: 2_000, available: 0, redeemed: 0 },
        { programId: null, unit: 'EUR', pending: 0, available: -4_000, redeemed: 4_000 },
      ]),
    );
    expect(now.byProgram).toHaveLength(3);
  });

  it('balances the books per unit and per program at any instant', async () => {
    const { body } = await finance(`/v1/ledger/trial-balance?asOf=${at(1.5)}`).expect(200);
    expect(body.units).toEqual([{ unit: 'EUR', debits: 18_000, credits: 18_000, balanced: true }]);
    expect(body.programs).toHaveLength(2);
    expect(body.programs).toEqual(
      expect.arrayContaining([
        { programId: paidAtOnce, unit: 'EUR', debits: 15_000, credits: 15_000, balanced: true },
        { programId: held, unit: 'EUR', debits: 3_000, credits: 3_000, balanced: true },
      ]),
    );
    const { body: today } = await finance('/v1/ledger/trial-balance').expect(200);
    expect(today.programs.every((line: { balanced: boolean }) => line.balanced)).toBe(true);
    expect(new Set(today.programs.map((line: { programId: string | null }) => line.programId))).toEqual(new Set([paidAtOnce, held, null]));
  });

  it('reports the liability, outstanding rewards by program and unit, as of an instant', async () => {
    const { body: before } = await finance(`/v1/ledger/reports/liability?asOf=${at(1.5)}`).expect(200);
    expect(before).toMatchObject({ asOf: at(1.5), owedByCustomers: [] });
    expect(before.lines).toHaveLength(2);
    expect(before.lines).toEqual(
      expect.arrayContaining([
        { programId: paidAtOnce, unit: 'EUR', pending: 0, available: 15_000, outstanding: 15_000 },
        { programId: held, unit: 'EUR', pending: 3_000, available: 0, outstanding: 3_000 },
      ]),
    );
    const { body: now } = await finance('/v1/ledger/reports/liability').expect(200);
    expect(now.lines).toHaveLength(3);
    expect(now.lines).toEqual(
      expect.arrayContaining([
        { programId: paidAtOnce, unit: 'EUR', pending: 0, available: 15_000, outstanding: 15_000 },
        { programId: held, unit: 'EUR', pending: 2_000, available: 0, outstanding: 2_000 },
        { programId: null, unit: 'EUR', pending: 0, available: -4_000, outstanding: -4_000 },
      ]),
    );
  });

  it('reports the expense of a period by program, unit and reward kind: granted, taken back, net', async () => {
    const { body: firstDay } = await finance(`/v1/ledger/reports/expense?from=${at(0)}&to=${at(1)}`).expect(200);
    expect(firstDay.lines).toEqual([{ programId: paidAtOnce, unit: 'EUR', rewardKind: 'credit', granted: 15_000, takenBack: 0, net: 15_000 }]);
    const { body: all } = await finance('/v1/ledger/reports/expense').expect(200);
    expect(all.lines).toEqual(
      expect.arrayContaining([
        { programId: paidAtOnce, unit: 'EUR', rewardKind: 'credit', granted: 15_000, takenBack: 0, net: 15_000 },
        { programId: held, unit: 'EUR', rewardKind: 'credit', granted: 3_000, takenBack: 1_000, net: 2_000 },
      ]),
    );
    expect(all.lines).toHaveLength(2);
  });

  it('refuses garbage instants and reversed periods with field details, and other roles', async () => {
    expect((await finance('/v1/ledger/reports/liability?asOf=last-tuesday').expect(400)).body.details).toEqual([expect.objectContaining({ field: 'asOf' })]);
    expect((await finance('/v1/ledger/trial-balance?asOf=2026-02-30T25:00:00Z').expect(400)).body.details).toEqual([expect.objectContaining({ field: 'asOf' })]);
    expect((await client.http().get('/v1/customers/ada/balance?asOf=soon').set(client.auth('integration')).expect(400)).body.details).toEqual([
      expect.objectContaining({ field: 'asOf' }),
    ]);
    expect((await finance(`/v1/ledger/reports/expense?from=${at(2)}&to=${at(1)}`).expect(400)).body.details).toEqual([expect.objectContaining({ field: 'to' })]);
    await client.http().get('/v1/ledger/reports/liability').set(client.auth('integration')).expect(403);
    await client.http().get('/v1/ledger/reports/expense').set(client.auth('integration')).expect(403);
  });
});
