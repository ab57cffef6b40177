import { createHash } from 'node:crypto';
import request from 'supertest';
import { hostConfigSchema, startServices, type RunningServices } from '@referral-ledger/service-host';
import { createLogger, loadConfig } from '@referral-ledger/service-kit';
import { ControllableClock, aProgramDefinition, createTestDatabase, describeWith, type TestDatabase } from '@referral-ledger/testing';
import { rewardsService } from '../rewards-service';

describeWith(['postgres'], 'programs over HTTP (POST/GET/PUT /v1/programs…)', () => {
  const admin = { Authorization: 'Bearer admin-key-0123456789' };
  const clock = new ControllableClock('2026-03-01T08:00:00Z');
  let database: TestDatabase;
  let running: RunningServices;

  beforeAll(async () => {
    database = await createTestDatabase('programs');
    const config = loadConfig(hostConfigSchema, { PORT: '0', DATABASE_URL: database.url, API_KEYS: 'admin:admin-key-0123456789,finance:finance-key-0123456' });
    running = await startServices([rewardsService], config, createLogger('silent', 'test'), clock.now);
  });
  afterAll(async () => {
    await running.stop();
    await database.drop();
  });

  const definition = aProgramDefinition({ name: 'Partners 2026', holdDays: 14 });

  const http = () => request(running.url);
  const store = () => running.infrastructure.store;

  it('creates a program, shows it, versions its rules, pauses and resumes it', async () => {
    const created = await http().post('/v1/programs').set(admin).send(definition).expect(201);
    const { name, landingUrl, currency, ...rules } = definition;
    expect(created.body).toEqual({ id: expect.any(String), name, landingUrl, currency, status: 'active', version: 1, rules: { ...rules, secondLevelReward: null } });
    const id = created.body.id;

    await http().get(`/v1/programs/${id}`).set(admin).expect(200, created.body);
    const changed = await http()
      .put(`/v1/programs/${id}/rules`)
      .set(admin)
      .send({ ...rules, holdDays: 0, refereeReward: null })
      .expect(200);
    expect(changed.body).toMatchObject({ version: 2, rules: { holdDays: 0, refereeReward: null } });
    await http()
      .post(`/v1/programs/${id}/pause`)
      .set(admin)
      .expect(200)
      .expect((r) => expect(r.body.status).toBe('paused'));
    await http()
      .post(`/v1/programs/${id}/resume`)
      .set(admin)
      .expect(200)
      .expect((r) => expect(r.body.status).toBe('active'));
    expect((await store().readStream(`program-${id}`)).map((e) => e.type)).toEqual([
      'program.created',
      'program.rules_changed',
      'program.status_changed',
      'program.status_changed',
    ]);

    // Who: the role and a fingerprint of the key (sha256 of admin-key-0123456789), never the key itself.
    const fingerprint = createHash('sha256').update('admin-key-0123456789').digest('hex').slice(0, 8);
    const history = await http().get(`/v1/programs/${id}/versions`).set(admin).expect(200);
    expect(history.body).toEqual({
      programId: id,
      versions: [
        { version: 1, rules: { ...rules, secondLevelReward: null }, effectiveFrom: '2026-03-01T08:00:00.000Z', changedBy: `admin:${fingerprint}` },
        {
          version: 2,
          rules: { ...rules, holdDays: 0, refereeReward: null, secondLevelReward: null },
          effectiveFrom: '2026-03-01T08:00:00.000Z',
          changedBy: `admin:${fingerprint}`,
        },
      ],
    });
    await http().get('/v1/programs/5d6f1b9e-1111-4c3a-9d2e-000000000009/versions').set(admin).expect(404);
  });

  it('answers bad definitions with 400 and the offending fields', async () => {
    const response = await http()
      .post('/v1/programs')
      .set(admin)
      .send({ ...definition, currency: 'EURO', referrerReward: { kind: 'credit', amount: -5 }, holdDays: 1.5 })
      .expect(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: 'Invalid request' });
    expect(response.body.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['currency', 'referrerReward.amount', 'holdDays']));
  });

  it('creates once per Idempotency-Key', async () => {
    const send = () => http().post('/v1/programs').set(admin).set('Idempotency-Key', 'create-partners').send(definition).expect(201);
    const [first, second] = [await send(), await send()];
    expect(second.body.id).toBe(first.body.id);
  });

  it('answers 404 for an unknown program, 400 for a malformed id, and 403 for other roles', async () => {
    await http().get('/v1/programs/00000000-0000-4000-8000-000000000000').set(admin).expect(404);
    await http().get('/v1/programs/not-a-uuid').set(admin).expect(400);
    await http().post('/v1/programs').set({ Authorization: 'Bearer finance-key-0123456' }).send(definition).expect(403);
  });
});
