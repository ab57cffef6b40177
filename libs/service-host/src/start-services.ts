import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { SchemaValidator, aggregateIdOf, topicOf } from '@referral-ledger/contracts';
import { CloudEventsServer, EventRelay, PostgresProcessedMessages, PostgresRelayCheckpoints, PostgresRelayLeadership, type RelayRouter } from '@referral-ledger/messaging';
import { ProjectionRunner } from '@referral-ledger/projections';
import { IdempotencyStore, PinoNestLogger, ReferrerTokens, generateApiKeys, parseApiKeys, useServiceKitMiddleware, type ApiKey } from '@referral-ledger/service-kit';
import type { HostConfig } from './host-config';
import { HostModule } from './host.module';
import { connectInfrastructure, type Infrastructure } from './infrastructure';
import type { ServiceDefinition } from './service-definition';

export interface RunningServices {
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

/**
 * Runs services in one process: HTTP with the service kit, a consumer group per service over Kafka or the
 * in-process bus, their projections, and the relay (one active across all processes, by lease).
 * `clock` is injectable so tests and the demo can move time (holds, windows).
 */
export async function startServices(services: readonly ServiceDefinition[], config: HostConfig, logger: Logger, clock: () => Date = () => new Date()): Promise<RunningServices> {
  const infrastructure = await connectInfrastructure(config);
  const registry = new Registry();
  const apiKeys = config.API_KEYS ? parseApiKeys(config.API_KEYS) : generateApiKeys();
  const referrerTokens = new ReferrerTokens(Buffer.from(config.REFERRER_TOKEN_SECRET, 'base64'));
  const context = { config, infrastructure, referrerTokens };
  const relay = await EventRelay.start({
    name: 'public-topics',
    store: infrastructure.store,
    publisher: infrastructure.publisher,
    checkpoints: new PostgresRelayCheckpoints(infrastructure.pool),
    leadership: new PostgresRelayLeadership(infrastructure.pool),
    route: routeToPublicTopics,
    onPublishError: (error) => logger.warn({ err: error }, 'relay could not publish, retrying'),
  });

  const app = await NestFactory.create(
    HostModule.create({
      kit: { apiKeys, registry, idempotency: new IdempotencyStore(infrastructure.pool), readinessChecks: infrastructure.readinessChecks },
      store: infrastructure.store,
      publisher: infrastructure.publisher,
      pool: infrastructure.pool,
      clock,
      referrerTokens,
      services: services.map((service) => service.module(context)),
    }),
    { logger: new PinoNestLogger(logger), bufferLogs: true },
  );
  useServiceKitMiddleware(app, logger, registry);
  // Initialised first, so consumers inherit the app's global filter, which hands errors back for retry or the DLQ.
  await app.init();
  for (const { group, topics, schemas } of services.flatMap((service) => service.consumers)) {
    app.connectMicroservice<MicroserviceOptions>(
      {
        strategy: new CloudEventsServer({
          consumer: group,
          source: infrastructure.messageSource(group, topics),
          schemas: schemas && new SchemaValidator(schemas),
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
    services
      .flatMap((service) => service.projections)
      .map((projection) =>
        ProjectionRunner.start({ pool: infrastructure.pool, store: infrastructure.store, projection, registry, onError: (err) => logger.error({ err, projection: projection.name }, 'projection failed, retrying') }),
      ),
  );
  for (const service of services) service.started?.(app, config);
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
