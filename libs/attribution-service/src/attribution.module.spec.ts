import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { CODE_ALPHABET } from '@referral-ledger/attribution-domain';
import { handleCommand } from '@referral-ledger/event-store';
import { programDecider } from '@referral-ledger/rewards-domain';
import { hostConfigSchema, startServices, type RunningServices } from '@referral-ledger/service-host';
import { ReferrerTokens, createLogger, loadConfig } from '@referral-ledger/service-kit';
import { ControllableClock, createTestDatabase, describeWith, type TestDatabase } from '@referral-ledger/testing';
import { attributionService } from './attribution-service';

describeWith(['postgres'], 'attribution over HTTP: enrolment, codes, share links, QR', () => {
  const integration = { Authorization: 'Bearer integration-key-0123' };
  const clock = new ControllableClock('2026-03-01T08:00:00Z');
  const tokenSecret = randomBytes(32);
  const referrerTokens = new ReferrerTokens(tokenSecret);
  const programId = '6f1c1a52-0c43-4b8e-9d1e-3f7f2b0a9c11';
  let database: TestDatabase;
  let running: RunningServices;

  beforeAll(async () => {
    database = await createTestDatabase('attribution');
    const config = loadConfig(hostConfigSchema, {
      PORT: '0',
      DATABASE_URL: database.url,
      API_KEYS: 'integration:integration-key-0123',
      PUBLIC_BASE_URL: 'https://refer.example.com',
      REFERRER_TOKEN_SECRET: tokenSecret.toString('base64'),
    });
    running = await startServices([attributionService], config, createLogger('silent', 'test'), clock.now);
    await handleCommand(
      running.infrastructure.store,
      `program-${programId}`,
      programDecider,
      {
        type: 'CreateProgram',
        data: {
          programId,
          name: 'Partners',
          landingUrl: 'https://example.com/pricing?plan=team',
          currency: 'EUR',
          by: 'admin:0a1b2c3d',
          rules: {
            attribution: { windowDays: 30, model: 'last_touch' },
            trigger: 'first_payment',
            holdDays: 0,
            referrerReward: { kind: 'credit', amount: 10_000 },
            refereeReward: null,
            secondLevelReward: null,
          },
        },
        metadata: { now: clock.now() },
      },
      { correlationId: 'setup', causationId: null, actor: 'test', now: clock.now() },
    );
  });
  afterAll(async () => {
    await running.stop();
    await database.drop();
  });

  const http = () => request(running.url);
  const store = () => running.infrastructure.store;
  const enrol = (customerId: string, email = `${customerId}@example.com`) => http().post(`/v1/programs/${programId}/referrers`).set(integration).send({ customerId, email });

  it('enrols a referrer with an unambiguous code, a share link, a QR URL and a token; enrolling again returns the same', async () => {
    const first = await enrol('alice').expect(201);
    expect(first.body.code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{7}$`));
    expect(first.body).toMatchObject({ link: `https://refer.example.com/r/${first.body.code}`, qrUrl: `https://refer.example.com/v1/codes/${first.body.code}/qr.svg` });
    expect(referrerTokens.verify(first.body.referrerToken)).toEqual({ programId, customerId: 'alice' });
    const again = await enrol('alice').expect(201);
    expect(again.body.code).toBe(first.body.code);

    const [enrolled] = await store().readStream(`referrer-${programId}:alice`);
    expect(JSON.stringify(enrolled.data)).not.toContain('alice@example.com');
  });

  it('refuses unknown programs and bad input', async () => {
    await http().post('/v1/programs/00000000-0000-4000-8000-000000000000/referrers').set(integration).send({ customerId: 'x', email: 'x@example.com' }).expect(404);
    const bad = await enrol('bob', 'not-an-email').expect(400);
    expect(bad.body.details).toEqual([{ field: 'email', message: 'email must be an email' }]);
  });

  it('gives vanity codes to one referrer only', async () => {
    await enrol('carol');
    await enrol('dave');
    const vanity = await http().post(`/v1/programs/${programId}/referrers/carol/codes`).set(integration).send({ code: 'summer-carol' }).expect(201);
    expect(vanity.body.code).toBe('SUMMER-CAROL');
    await http().post(`/v1/programs/${programId}/referrers/carol/codes`).set(integration).send({ code: 'SUMMER-carol' }).expect(201);
    await http().post(`/v1/programs/${programId}/referrers/dave/codes`).set(integration).send({ code: 'Summer-Carol' }).expect(409);
    await http().post(`/v1/programs/${programId}/referrers/dave/codes`).set(integration).send({ code: 'x y' }).expect(400);
    await http().post(`/v1/programs/${programId}/referrers/nobody/codes`).set(integration).send({ code: 'nobody-code' }).expect(404);
  });

  it('redirects a share link to the landing page with ref and click_id, after storing the click with its UTM fields', async () => {
    const { code } = (await enrol('erin')).body;
    const response = await http().get(`/r/${code.toLowerCase()}?utm_source=newsletter&utm_medium=email&utm_campaign=spring`).expect(302);
    const location = new URL(response.headers.location);
    expect(location.origin + location.pathname).toBe('https://example.com/pricing');
    expect(location.searchParams.get('plan')).toBe('team');
    expect(location.searchParams.get('ref')).toBe(code);
    const clickId = location.searchParams.get('click_id') as string;
    const [click] = await store().readStream(`click-${clickId}`);
    expect(click.data).toMatchObject({ clickId, code, programId, referrerId: 'erin', utm: { source: 'newsletter', medium: 'email', campaign: 'spring' }, channel: 'email' });
  });

  it('shows a 404 page for an unknown code and records nothing', async () => {
    const before = (await store().readAll()).length;
    const response = await http().get('/r/NOPE234').expect(404);
    expect(response.text).toContain('not valid');
    expect((await store().readAll()).length).toBe(before);
  });

  it('draws the QR code of a share link as SVG', async () => {
    const { code } = (await enrol('frank')).body;
    const qr = await http()
      .get(`/v1/codes/${code}/qr.svg`)
      .expect(200)
      .expect('Content-Type', /image\/svg\+xml/);
    expect(Buffer.from(qr.body).toString()).toMatch(/^<svg/);
    await http().get('/v1/codes/NOPE234/qr.svg').expect(404);
  });
});
