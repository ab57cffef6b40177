import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { MicroserviceOptions } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { PUBLIC_EVENT_SCHEMAS, SchemaValidator, aggregateIdOf, topicOf } from '@referral-ledger/contracts';
import { CloudEventsServer, EventRelay, PostgresProcessedMessages, PostgresRelayLeadership, ProjectionConsumer, type RelayRouter } from '@referral-ledger/messaging';
import { ParkedEvents, ProjectionRunner, reportSubscriberLag, type LaggingSubscriber, type Projection } from '@referral-ledger/projections';
import {
  IdempotencyStore,
  PinoNestLogger,
  ReferrerTokens,
  generateApiKeys,
  parseApiKeys,
  useApiDocs,
  useBodyParsing,
  useServiceKitMiddleware,
  type ApiKey,
} from '@referral-ledger/service-kit';
import type { HostConfig } from './host-config';
import { HostModule } from './host.module';
import { schemaOf } from './database';
import { connectInfrastructure, type Infrastructure } from './infrastructure';
import { LagGate } from './operations/lag-gate';
import { Operations } from './operations/operations';
import { pipelineReadiness } from './operations/pipeline-health';
import { PipelineMetrics } from './operations/pipeline-metrics';
import type { ServiceDefinition } from './service-definition';

export interface RunningServices {
  app: INestApplication;
  url: string;
  apiKeys: readonly ApiKey[];
  infrastructure: Infrastructure;
  projections: ProjectionRunner[];
  /** Everything that follows the store: projections, the relay (with Kafka), the store-fed consumer groups. */
  subscribers(): LaggingSubscriber[];
  /** What the services still have to do beyond following the store (see `ServiceDefinition.backlog`). */
  backlog(): Promise<number>;
  stop(): Promise<void>;
}

/** Compiled once: every consumer group and projection feed checks public events against the same schemas. */
const publicSchemas = new SchemaValidator(PUBLIC_EVENT_SCHEMAS);
/** The version of the HTTP API's contract (the routes are under /v1). */
const API_VERSION = '1.0.0';

/** A projection of public topics as a consumer group: the same group and checks live and in a rebuild. */
export function projectionFeed(projection: Projection, { pool, deadLetters }: Pick<Infrastructure, 'pool' | 'deadLetters'>): { group: string; consumer: ProjectionConsumer } {
  const group = `projection.${projection.name}`;
  return { group, consumer: new ProjectionConsumer({ pool, projection, consumer: group, schemas: publicSchemas, deadLetters }) };
}

/** Every stored event of a public type goes to its topic, keyed by its aggregate id. */
export const routeToPublicTopics: RelayRouter = (event) => {
  const topic = topicOf(event.type);
  return topic ? { topic, key: aggregateIdOf(event.streamName), source: '/referral-ledger' } : null;
};

/**
 * Runs services in one process: HTTP with the service kit, a consumer group per service (over Kafka, or fed
 * from the store), their projections, and with Kafka the relay (one active across all processes, by lease).
 * Every loop restarts itself after failures and reports them; `clock` is injectable so tests and the demo can move time.
 */
export async function startServices(services: readonly ServiceDefinition[], config: HostConfig, logger: Logger, clock: () => Date = () => new Date()): Promise<RunningServices> {
  const registry = new Registry();
  const metrics = new PipelineMetrics(registry);
  const onError = (error: unknown, subscriber: string) => {
    metrics.errors.inc({ subscriber });
    logger.error({ err: error, subscriber }, `${subscriber} failed; retrying`);
  };
  const infrastructure = await connectInfrastructure(config, { route: routeToPublicTopics, schema: schemaOf(services, config), onError });
  const { pool, store, kafka } = infrastructure;
  const parked = new ParkedEvents(pool);
  metrics.watch({ pool, deadLetters: infrastructure.deadLetterStore, parked, deferred: infrastructure.deferred });
  const operations = new Operations(infrastructure.deadLetterStore, parked, store, pool);
  const apiKeys = config.API_KEYS ? parseApiKeys(config.API_KEYS) : generateApiKeys();
  const referrerTokens = new ReferrerTokens(Buffer.from(config.REFERRER_TOKEN_SECRET, 'base64'));
  const context = { config, infrastructure, referrerTokens };
  const relay = kafka
    ? EventRelay.start({
        name: 'public-topics',
        store,
        publisher: kafka,
        checkpoints: infrastructure.checkpoints,
        leadership: new PostgresRelayLeadership(pool),
        route: routeToPublicTopics,
        onError: (error) => onError(error, 'relay'),
      })
    : undefined;
  const projections: ProjectionRunner[] = [];
  const subscribers = () => [...projections, ...(relay ? [relay.follower] : []), ...infrastructure.storeConsumers];
  const intakeGate = new LagGate(subscribers, () => infrastructure.brokerConsumersLagSeconds(), config.INTAKE_MAX_LAG_SECONDS);

  const app = await NestFactory.create<NestExpressApplication>(
    HostModule.create({
      kit: {
        apiKeys,
        registry,
        idempotency: new IdempotencyStore(pool),
        readinessChecks: [
          ...infrastructure.readinessChecks,
          pipelineReadiness(
            subscribers,
            config.MAX_LAG_SECONDS,
            { parked, deadLetters: infrastructure.deadLetterStore, deferred: infrastructure.deferred },
            { projections: () => projections, head: await store.headPosition() },
          ),
        ],
      },
      store,
      pool,
      dataSource: infrastructure.dataSource,
      clock,
      referrerTokens,
      operations,
      intakeGate,
      services: services.map((service) => service.module(context)),
    }),
    { logger: new PinoNestLogger(logger), bufferLogs: true, bodyParser: false },
  );
  useServiceKitMiddleware(app, logger, registry);
  useBodyParsing(app);
  useApiDocs(app, {
    title: `Referral Ledger (${services.map((service) => service.name).join(', ')})`,
    version: API_VERSION,
    extraPaths: Object.assign({}, ...services.map((service) => service.docs?.paths)),
    schemas: Object.assign({}, ...services.map((service) => service.docs?.schemas)),
  });
  // Initialised first, so consumers inherit the app's global filter, which hands errors back for retry or the DLQ.
  await app.init();
  for (const { group, topics } of services.flatMap((service) => service.consumers)) {
    app.connectMicroservice<MicroserviceOptions>(
      {
        strategy: new CloudEventsServer({
          consumer: group,
          source: infrastructure.messageSource(group, topics),
          schemas: publicSchemas,
          deadLetters: infrastructure.deadLetters,
          // Kafka redelivers after rebalances; the store-fed consumer's checkpoint already says what was handled.
          processed: kafka ? new PostgresProcessedMessages(pool) : undefined,
          deferred: infrastructure.deferred,
          scope: store,
          outOfOrderWaitMs: config.OUT_OF_ORDER_WAIT_SECONDS * 1_000,
          now: clock,
          onProcessor: (processor) => operations.processors.set(group, processor),
          onRetry: (error) => {
            metrics.retries.inc({ consumer: group });
            logger.warn({ err: error, consumer: group }, 'message handler failed, retrying');
          },
          onDeadLetter: (message, error) => {
            metrics.deadLettered.inc({ consumer: group });
            logger.warn({ topic: message.topic, key: message.key, consumer: group, err: error }, 'message dead-lettered');
          },
          onSweepError: (error) => onError(error, `consumer ${group}`),
          onRecheckError: (error) => onError(error, `consumer ${group}`),
        }),
      },
      { inheritAppConfig: true },
    );
  }
  await app.startAllMicroservices();
  const topicFed: Array<{ stop(): Promise<void> }> = [];
  for (const projection of services.flatMap((service) => service.projections(config))) {
    if (projection.topics) {
      // Other services' events reach it as they reach any consumer: over Kafka, or from the store in embedded mode.
      const { group, consumer } = projectionFeed(projection, infrastructure);
      operations.processors.set(group, consumer);
      topicFed.push(await infrastructure.messageSource(group, [...projection.topics])(consumer));
      continue;
    }
    const runner = await ProjectionRunner.start({ pool, store, projection, onError: (error) => onError(error, `projection ${projection.name}`) });
    projections.push(runner);
    operations.projections.set(projection.name, runner);
  }
  for (const subscriber of subscribers()) reportSubscriberLag(registry, subscriber);
  for (const service of services) {
    for (const [consumer, replayer] of Object.entries(service.replayers?.(app) ?? {})) operations.processors.set(consumer, replayer);
    service.started?.(app, config);
  }
  metrics.watchBacklogs(services.flatMap(({ name, backlog }) => (backlog ? [{ name, backlog: () => backlog(app) }] : [])));
  await app.listen(config.PORT, config.HOST);

  return {
    app,
    url: await app.getUrl(),
    apiKeys,
    infrastructure,
    projections,
    subscribers,
    async backlog() {
      const counts = await Promise.all(services.map((service) => service.backlog?.(app) ?? 0));
      return counts.reduce((total, count) => total + count, 0);
    },
    async stop() {
      intakeGate.stop();
      await app.close();
      await Promise.all([...projections, ...topicFed].map((running) => running.stop()));
      await relay?.stop();
      await infrastructure.close();
    },
  };
}
