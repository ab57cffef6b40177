import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { CUSTOMER_EVENT_SCHEMAS, SchemaValidator, Topics, aggregateIdOf, topicOf } from '@referral-ledger/contracts';
import { CloudEventsServer, EventRelay, PostgresProcessedMessages, PostgresRelayCheckpoints, PostgresRelayLeadership, type RelayRouter } from '@referral-ledger/messaging';
import { BlindIndex, DataKeys, PiiCipher } from '@referral-ledger/privacy';
import { IdempotencyStore, PinoNestLogger, ReferrerTokens, generateApiKeys, parseApiKeys, useServiceKitMiddleware, type ApiKey } from '@referral-ledger/service-kit';
import { connectInfrastructure, type Infrastructure } from './infrastructure';
import type { PlatformConfig } from './platform-config';
import { PlatformModule } from './platform.module';
import { ProjectionRunner } from '@referral-ledger/projections';
import { ANALYTICS_PROJECTIONS } from '@referral-ledger/analytics-service';
import { HoldSweep, REWARDS_PROJECTIONS } from '@referral-ledger/rewards-service';

export interface RunningPlatform {
  app: INestApplication;
  url: string;
  apiKeys: readonly ApiKey[];
  infrastructure: Infrastructure;
  projections: ProjectionRunner[];
  stop(): Promise<void>;
}

/** Every stored event of a public type goes to its topic, keyed by its aggregate id. */
export const routeToPublicTopics: RelayRouter = (event) => {
  const topic = topicOf(event.type);
  return topic ? { topic, key: aggregateIdOf(event.streamName), source: '/referral-ledger' } : null;
};

/** `clock` is injectable so tests and the demo can move time (holds, windows). */
export async function startPlatform(config: PlatformConfig, logger: Logger, clock: () => Date = () => new Date()): Promise<RunningPlatform> {
  const infrastructure = await connectInfrastructure(config);
  const registry = new Registry();
  const apiKeys = config.API_KEYS ? parseApiKeys(config.API_KEYS) : generateApiKeys();
  const relay = await EventRelay.start({
    name: 'platform',
    store: infrastructure.store,
    publisher: infrastructure.publisher,
    checkpoints: new PostgresRelayCheckpoints(infrastructure.pool),
    leadership: new PostgresRelayLeadership(infrastructure.pool),
    route: routeToPublicTopics,
    onPublishError: (error) => logger.warn({ err: error }, 'relay could not publish, retrying'),
  });

  const app = await NestFactory.create(
    PlatformModule.create({
      kit: { apiKeys, registry, idempotency: new IdempotencyStore(infrastructure.pool), readinessChecks: infrastructure.readinessChecks },
      store: infrastructure.store,
      publisher: infrastructure.publisher,
      pool: infrastructure.pool,
      clock,
      attribution: {
        publicBaseUrl: config.PUBLIC_BASE_URL ?? `http://${config.HOST}:${config.PORT}`,
        cipher: new PiiCipher(new DataKeys(infrastructure.pool, Buffer.from(config.PII_MASTER_KEY, 'base64'))),
        blindIndex: new BlindIndex(Buffer.from(config.BLIND_INDEX_PEPPER, 'base64')),
        referrerTokens: new ReferrerTokens(Buffer.from(config.REFERRER_TOKEN_SECRET, 'base64')),
      },
    }),
    { logger: new PinoNestLogger(logger), bufferLogs: true },
  );
  useServiceKitMiddleware(app, logger, registry);
  // One consumer group per service, running the same @EventPattern handlers over Kafka or the in-process bus.
  // Initialised first, so consumers inherit the app's global filter, which hands errors back for retry or the DLQ.
  await app.init();
  const consumers: Array<{ group: string; topics: string[]; schemas?: SchemaValidator }> = [
    { group: 'attribution', topics: [Topics.customerEvents], schemas: new SchemaValidator(CUSTOMER_EVENT_SCHEMAS) },
    { group: 'fraud', topics: [Topics.attribution] },
    { group: 'rewards', topics: [Topics.attribution, Topics.fraud] },
  ];
  for (const { group, topics, schemas } of consumers) {
    app.connectMicroservice<MicroserviceOptions>(
      {
        strategy: new CloudEventsServer({
          consumer: group,
          source: infrastructure.messageSource(group, topics),
          schemas,
          deadLetters: infrastructure.deadLetters,
          processed: new PostgresProcessedMessages(infrastructure.pool),
          onDeadLetter: (message, error) => logger.warn({ topic: message.topic, key: message.key, err: error }, 'message dead-lettered'),
        }),
      },
      { inheritAppConfig: true },
    );
  }
  await app.startAllMicroservices();
  const projections = await Promise.all(
    [...REWARDS_PROJECTIONS, ...ANALYTICS_PROJECTIONS].map((projection) => ProjectionRunner.start({ pool: infrastructure.pool, store: infrastructure.store, projection, registry, onError: (err) => logger.error({ err, projection: projection.name }, 'projection failed, retrying') })),
  );
  app.get(HoldSweep).start(config.HOLD_SWEEP_INTERVAL_MS);
  app.enableShutdownHooks();
  await app.listen(config.PORT, config.HOST);

  return {
    app,
    url: await app.getUrl(),
    apiKeys,
    infrastructure,
    projections,
    async stop() {
      await app.close();
      await Promise.all(projections.map((runner) => runner.stop()));
      await relay.stop();
      await infrastructure.close();
    },
  };
}
