import { ControllableClock } from '@referral-ledger/testing';
import { startTestPlatform, type PlatformClient } from '../test-support/platform-client';

/** Intake refuses (429, Retry-After) while the platform is too far behind, instead of piling up a backlog; it never loses what it accepted. */
describe('intake backpressure', () => {
  const clock = new ControllableClock('2026-04-01T09:00:00Z');
  let client: PlatformClient;
  beforeAll(async () => {
    client = await startTestPlatform(clock, { INTAKE_MAX_LAG_SECONDS: '0.2' });
  });
  afterAll(() => client.stop());

  const signup = (customerId: string) =>
    client
      .http()
      .post('/v1/platform-events')
      .set(client.auth('integration'))
      .send({ specversion: '1.0', id: `signup-${customerId}`, type: 'customer.signed_up', source: '/crm', data: { customerId, email: `${customerId}@example.org` } });

  it('answers 429 with Retry-After while a subscriber is behind, and accepts again once it has caught up', async () => {
    await signup('before').expect(202);
    const ledger = client.platform.projections.find((runner) => runner.name === 'ledger');
    if (!ledger) throw new Error('no ledger projection');
    await ledger.stop();
    await signup('while-stopped').expect(202);
    let refused: { status: number; headers: Record<string, string>; body: { message: string } } | undefined;
    const deadline = Date.now() + 10_000;
    while (!refused && Date.now() < deadline) {
      const response = await signup(`probe-${Date.now()}`);
      if (response.status === 429) refused = response;
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(refused?.headers['retry-after']).toMatch(/^\d+$/);
    expect(refused?.body.message).toMatch(/behind/);

    ledger.resume();
    await ledger.caughtUp();
    const accepted = async () => (await signup(`after-${Date.now()}`)).status;
    let status = await accepted();
    while (status === 429 && Date.now() < deadline + 10_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = await accepted();
    }
    expect(status).toBe(202);
  });
});
