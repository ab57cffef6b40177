import { parse } from 'csv-parse/sync';
import { ControllableClock, eventually } from '@referral-ledger/testing';
import { startTestPlatform, type PlatformClient } from '../test-support/platform-client';

const DAY = 86_400_000;

/** Issue 11, item 1: `GET /v1/ledger/accounts/:account/statement`, as JSON and as CSV, for finance. */
describe('account statements', () => {
  const clock = new ControllableClock('2026-06-01T09:00:00Z');
  let client: PlatformClient;
  let releasedBy: string;
  let programId: string;
  beforeAll(async () => {
    client = await startTestPlatform(clock);
    // Ada's friend pays: 100.00 EUR is released to her at once (hold 0); two days later she spends 40.00 of it.
    programId = await client.createProgram({ holdDays: 0 });
    const { code } = await client.enrol(programId, 'ada');
    await client.platformEvent('customer.signed_up', { customerId: 'ben', email: 'ben@example.org', referralCode: code });
    await client.platformEvent('payment.succeeded', { customerId: 'ben', paymentId: 'pay-ben', amount: 50_000, currency: 'EUR' });
    await eventually(async () => (await client.http().get('/v1/customers/ada/balance').set(client.auth('integration'))).body.balances[0]?.available === 10_000);
    releasedBy = clock.now().toISOString();
    clock.advance(2 * DAY);
    await client.http().post('/v1/customers/ada/redemptions').set(client.auth('integration')).send({ unit: 'EUR', amount: 4_000, reference: 'invoice-7' }).expect(201);
    await client.settled();
  });
  afterAll(() => client.stop());

  const statement = (account: string, query = '', role: 'finance' | 'integration' = 'finance') =>
    client
      .http()
      .get(`/v1/ledger/accounts/${encodeURIComponent(account)}/statement${query}`)
      .set(client.auth(role));

  it('lists the postings with the running balance, opening and closing balances; signed, debit positive', async () => {
    const { body } = await statement('customer:ada:available:EUR').expect(200);
    expect(body).toMatchObject({ account: 'customer:ada:available:EUR', unit: 'EUR', decimals: 2, openingBalance: 0, closingBalance: -6_000 });
    expect(body.lines.map((line: { kind: string; amount: number; balance: number }) => [line.kind, line.amount, line.balance])).toEqual([
      ['release', -10_000, -10_000],
      ['redeem', 4_000, -6_000],
    ]);
    expect(body.lines[1]).toMatchObject({ reference: expect.any(String), entryId: expect.any(String), bookedAt: '2026-06-03T09:00:00.000Z' });
  });

  it('opens a later period with the balance brought forward, and closes an earlier one before what follows', async () => {
    const later = (await statement('customer:ada:available:EUR', `?from=${new Date(Date.parse(releasedBy) + DAY).toISOString()}`).expect(200)).body;
    expect(later).toMatchObject({ openingBalance: -10_000, closingBalance: -6_000 });
    expect(later.lines).toHaveLength(1);
    const earlier = (await statement('customer:ada:available:EUR', `?to=${new Date(Date.parse(releasedBy) + DAY).toISOString()}`).expect(200)).body;
    expect(earlier).toMatchObject({ openingBalance: 0, closingBalance: -10_000 });
  });

  it('downloads the statement as RFC 4180 CSV with a header, minor units beside decimals, and both balances', async () => {
    const response = await statement('customer:ada:available:EUR').set('Accept', 'text/csv').expect(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toContain('attachment; filename="statement-customer_ada_available_EUR.csv"');
    expect(response.text).toContain('\r\n');
    const rows: Array<Record<string, string>> = parse(response.text, { columns: true });
    expect(Object.keys(rows[0])).toEqual(['booked_at', 'entry_id', 'kind', 'reference', 'unit', 'amount_minor', 'amount', 'balance_minor', 'balance']);
    expect(rows.map((row) => [row.kind, row.amount_minor, row.amount, row.balance_minor, row.balance])).toEqual([
      ['opening_balance', '', '', '0', '0.00'],
      ['release', '-10000', '-100.00', '-10000', '-100.00'],
      ['redeem', '4000', '40.00', '-6000', '-60.00'],
      ['closing_balance', '', '', '-6000', '-60.00'],
    ]);
  });

  it('answers a program expense account too', async () => {
    const { body } = await statement(`program:${programId}:expense:EUR`).expect(200);
    expect(body.closingBalance).toBe(15_000);
  });

  it('refuses a malformed account, bad instants and a reversed period with field details; 404 for an account never posted to; finance only', async () => {
    const details = async (account: string, query: string) => (await statement(account, query).expect(400)).body.details;
    expect(await details('ada-available', '')).toEqual([expect.objectContaining({ field: 'account' })]);
    expect(await details('customer:ada:available:EUR', '?from=yesterday')).toEqual([expect.objectContaining({ field: 'from' })]);
    expect(await details('customer:ada:available:EUR', '?to=2026-13-45')).toEqual([expect.objectContaining({ field: 'to' })]);
    expect(await details('customer:ada:available:EUR', '?from=2026-06-05&to=2026-06-01')).toEqual([
      expect.objectContaining({ field: 'to', message: 'to must not be before from' }),
    ]);
    await statement('customer:nobody:available:EUR').expect(404);
    await statement('customer:ada:available:EUR', '', 'integration').expect(403);
  });
});
