import { comparePositions, type Position } from '@referral-ledger/event-store';
import { StoreConsumer } from '@referral-ledger/messaging';
import { inTransaction } from '@referral-ledger/postgres';
import { ProjectionRunner, tablesOf, type Projection } from '@referral-ledger/projections';
import { createLogger, loadConfigOrExit } from '@referral-ledger/service-kit';
import { hostConfigSchema } from './host-config';
import { schemaOf } from './database';
import { connectInfrastructure, type Infrastructure } from './infrastructure';
import type { ServiceDefinition } from './service-definition';
import { projectionFeed, routeToPublicTopics } from './start-services';

/** Events a rebuild reads per batch: large, since nobody waits on a single event; memory stays bounded by it. */
const REBUILD_BATCH = 5_000;

/**
 * `npm run rebuild -- <projection…|all>`: empties the projections' tables and replays every stored event
 * through them, offline (the embedded platform must be stopped: its DATA_DIR is locked), then prints how long
 * it took and the peak memory. The same settings as the platform (DATABASE_URL, DATA_DIR).
 */
export async function rebuildProjections(services: readonly ServiceDefinition[], names: readonly string[]): Promise<void> {
  const config = { ...loadConfigOrExit(hostConfigSchema), KAFKA_BROKERS: undefined };
  const all = services.flatMap((service) => service.projections(config));
  const chosen = names.includes('all') ? all : all.filter((projection) => names.includes(projection.name));
  const unknown = names.filter((name) => name !== 'all' && !all.some((projection) => projection.name === name));
  if (names.length === 0 || unknown.length > 0) {
    process.stderr.write(`${unknown.length > 0 ? `unknown projection: ${unknown.join(', ')}\n` : ''}usage: npm run rebuild -- <${all.map((p) => p.name).join('|')}|all>…\n`);
    process.exit(64);
  }
  const logger = createLogger(config.LOG_LEVEL, 'rebuild');
  const infrastructure = await connectInfrastructure(config, {
    route: routeToPublicTopics,
    schema: schemaOf(services, config),
    onError: (error, context) => logger.error({ err: error }, `${context} failed; retrying`),
  });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  try {
    const started = Date.now();
    const head = await infrastructure.store.headPosition();
    await Promise.all(
      chosen.map((projection) => rebuild(projection, infrastructure, (error) => logger.error({ err: error, projection: projection.name }, 'rebuild failed; retrying'))),
    );
    const seconds = (Date.now() - started) / 1000;
    const events = head ? Number(head.prepare) : 0;
    process.stdout.write(
      `rebuilt ${chosen.map((p) => p.name).join(', ')} from ${events} events in ${seconds.toFixed(1)} s (${Math.round(events / Math.max(seconds, 0.001))} events/s), peak RSS ${Math.round(peakRss / 1_048_576)} MB\n`,
    );
  } finally {
    clearInterval(sampler);
    await infrastructure.close();
  }
}

async function rebuild(projection: Projection, infrastructure: Infrastructure, onError: (error: unknown) => void): Promise<void> {
  if (projection.topics) return rebuildFromTopics(projection, projection.topics, infrastructure, onError);
  const runner = await ProjectionRunner.start({ pool: infrastructure.pool, store: infrastructure.store, projection, batchSize: REBUILD_BATCH, onError });
  await runner.rebuild();
  await runner.caughtUp(100);
  await runner.stop();
}

/**
 * A projection of public topics replays them as its consumer group would, from the start of the store (which
 * holds every service's events when they share it); the messages it had handled are forgotten with its tables.
 */
async function rebuildFromTopics(projection: Projection, topics: readonly string[], infrastructure: Infrastructure, onError: (error: unknown) => void): Promise<void> {
  const { pool, store, checkpoints } = infrastructure;
  const { group, consumer: feed } = projectionFeed(projection, infrastructure);
  await inTransaction(pool, async (client) => {
    for (const table of tablesOf(projection)) await client.query(`TRUNCATE ${table}`);
    await client.query('DELETE FROM projections.handled_messages WHERE projection = $1', [projection.name]);
    await checkpoints.save(`consumer:${group}`, 'start', client);
  });
  const head = await store.headPosition();
  const consumer = new StoreConsumer({ group, topics, store, checkpoints, route: routeToPublicTopics, batchSize: REBUILD_BATCH, onError }, feed).start();
  const reached = (position: Position | 'start') => !head || (position !== 'start' && comparePositions(position, head) >= 0);
  while (!reached(consumer.follower.position)) await new Promise((resolve) => setTimeout(resolve, 100));
  await consumer.stop();
}
