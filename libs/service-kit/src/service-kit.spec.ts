import { Body, Controller, Get, HttpCode, Module, Post, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsInt, IsString, Min } from 'class-validator';
import type { Pool } from 'pg';
import { Registry } from 'prom-client';
import request from 'supertest';
import { createPool, migrate } from '@referral-ledger/postgres';
import { createTestDatabase, describeWith, type TestDatabase } from '@referral-ledger/testing';
import { Public, Roles } from './auth/access.decorators';
import { parseApiKeys } from './auth/api-keys';
import { IdempotencyStore } from './idempotency/idempotency-store';
import { createLogger } from './logging/logger';
import { SERVICE_KIT_MIGRATIONS } from './schema';
import { ServiceKitModule, useServiceKitMiddleware } from './service-kit.module';

class RedemptionRequest {
  @IsString() unit!: string;
  @IsInt() @Min(1) amount!: number;
}

let redemptions = 0;

@Controller('v1')
class SampleController {
  @Roles('integration')
  @Post('redemptions')
  redeem(@Body() body: RedemptionRequest) {
    redemptions += 1;
    return { redemption: redemptions, ...body };
  }

  @Roles('admin')
  @Post('explode')
  @HttpCode(200)
  explode(): never {
    throw new Error('database password is hunter2');
  }

  @Get('undeclared')
  undeclared() {
    return 'nobody should see this';
  }

  @Public()
  @Get('open')
  open() {
    return { open: true };
  }
}

describeWith(['postgres'], 'ServiceKit over real HTTP', () => {
  const keys = 'admin:admin-key-0123456789,integration:integration-key-0123,finance:finance-key-012345678';
  let database: TestDatabase;
  let pool: Pool;
  let app: INestApplication;
  let databaseUp = true;

  beforeAll(async () => {
    database = await createTestDatabase('service_kit');
    pool = createPool(database.url);
    await migrate(pool, [SERVICE_KIT_MIGRATIONS]);
    const registry = new Registry();
    @Module({
      imports: [
        ServiceKitModule.forRoot({
          apiKeys: parseApiKeys(keys),
          registry,
          idempotency: new IdempotencyStore(pool),
          readinessChecks: [
            { name: 'database', check: async () => void (await pool.query('SELECT 1')) },
            {
              name: 'broker',
              check: async () => {
                if (!databaseUp) throw new Error('broker unreachable');
              },
            },
          ],
        }),
      ],
      controllers: [SampleController],
    })
    class SampleModule {}
    const moduleRef = await Test.createTestingModule({ imports: [SampleModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    useServiceKitMiddleware(app, createLogger('silent', 'test'), registry);
    await app.init();
  });
  afterAll(async () => {
    await app.close();
    await pool.end();
    await database.drop();
  });

  const as = (role: 'admin' | 'integration' | 'finance') => ({
    Authorization: `Bearer ${
      keys
        .split(',')
        .find((k) => k.startsWith(role))!
        .split(':')[1]
    }`,
  });

  it('refuses missing and unknown keys with 401, and the wrong role with 403', async () => {
    await request(app.getHttpServer()).post('/v1/redemptions').send({ unit: 'EUR', amount: 1 }).expect(401);
    await request(app.getHttpServer()).post('/v1/redemptions').set({ Authorization: 'Bearer nope' }).send({}).expect(401);
    const forbidden = await request(app.getHttpServer()).post('/v1/redemptions').set(as('finance')).send({ unit: 'EUR', amount: 1 }).expect(403);
    expect(forbidden.body).toEqual({ statusCode: 403, error: 'Forbidden', message: 'This route needs one of the roles: integration' });
  });

  it('refuses every caller on a route that declares no role (fails closed), and opens public routes', async () => {
    await request(app.getHttpServer()).get('/v1/undeclared').set(as('admin')).expect(403);
    await request(app.getHttpServer()).get('/v1/open').expect(200, { open: true });
  });

  it('answers bad input with 400 and the details of each field', async () => {
    const response = await request(app.getHttpServer()).post('/v1/redemptions').set(as('integration')).send({ unit: 7, amount: 1.5, extra: true }).expect(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: 'Invalid request' });
    expect(response.body.details).toEqual(
      expect.arrayContaining([
        { field: 'unit', message: 'unit must be a string' },
        { field: 'amount', message: 'amount must be an integer number' },
        { field: 'extra', message: 'property extra should not exist' },
      ]),
    );
  });

  it('answers a malformed JSON body with 400, not 500', async () => {
    const response = await request(app.getHttpServer()).post('/v1/redemptions').set(as('integration')).set('Content-Type', 'application/json').send('{"unit":').expect(400);
    expect(response.body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.stringContaining('JSON') });
  });

  it('hides unexpected errors behind a generic 500', async () => {
    const response = await request(app.getHttpServer()).post('/v1/explode').set(as('admin')).expect(500);
    expect(response.body).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' });
  });

  it('replays a POST retried with the same Idempotency-Key, and refuses the key with another body', async () => {
    const send = (body: object) => request(app.getHttpServer()).post('/v1/redemptions').set(as('integration')).set('Idempotency-Key', 'redeem-42').send(body);
    const first = await send({ unit: 'EUR', amount: 500 }).expect(201);
    const retry = await send({ unit: 'EUR', amount: 500 }).expect(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    await send({ unit: 'EUR', amount: 999 }).expect(422);
    const other = await request(app.getHttpServer())
      .post('/v1/redemptions')
      .set(as('integration'))
      .set('Idempotency-Key', 'redeem-43')
      .send({ unit: 'EUR', amount: 500 })
      .expect(201);
    expect(other.body.redemption).toBe(first.body.redemption + 1);
  });

  it('reports liveness, readiness per dependency, and Prometheus metrics', async () => {
    await request(app.getHttpServer()).get('/health/live').expect(200, { status: 'ok' });
    await request(app.getHttpServer()).get('/health/ready').expect(200);
    databaseUp = false;
    const down = await request(app.getHttpServer()).get('/health/ready').expect(503);
    databaseUp = true;
    expect(down.body.error).toEqual({ broker: { status: 'down', message: 'broker unreachable' } });
    const metrics = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(metrics.text).toContain('http_request_duration_seconds_count{method="POST",route="/v1/redemptions",status="201"}');
    expect(metrics.text).toContain('process_cpu_user_seconds_total');
  });

  it("echoes the caller's correlation id, or makes one", async () => {
    const given = await request(app.getHttpServer()).get('/v1/open').set('X-Correlation-Id', 'corr-123').expect(200);
    expect(given.headers['x-correlation-id']).toBe('corr-123');
    const made = await request(app.getHttpServer()).get('/v1/open').expect(200);
    expect(made.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
