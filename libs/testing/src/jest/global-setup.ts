import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import type { StartedTestContainer } from 'testcontainers';
import { KafkaTestBroker } from '../kafka-test-broker';
import { SERVER_ENV, type TestServer } from '../test-servers';

/**
 * Probes (or starts) the servers a project's tests need, listed in its jest config as
 * `globals: { testServers: ['postgres', 'kafka', 'eventstoredb'] }`. Order of preference:
 * an address from the environment, then the local server or test broker, then Testcontainers where Docker runs.
 */
export interface StartedServers {
  broker?: KafkaTestBroker;
  containers: StartedTestContainer[];
}

declare global {
  var referralLedgerTestServers: StartedServers | undefined;
}

const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export default async function globalSetup(_globalConfig: unknown, projectConfig: { globals?: { testServers?: TestServer[] } }) {
  const wanted = projectConfig.globals?.testServers ?? [];
  const started: StartedServers = { containers: [] };
  globalThis.referralLedgerTestServers = started;
  for (const server of wanted) {
    const result = await locate(server, started).catch((error: Error) => ({ unavailable: error.message.split('\n')[0] }));
    if ('address' in result) process.env[SERVER_ENV[server].address] = result.address;
    else process.env[SERVER_ENV[server].unavailable] = result.unavailable;
  }
}

type Located = { address: string } | { unavailable: string };

async function locate(server: TestServer, started: StartedServers): Promise<Located> {
  switch (server) {
    case 'postgres':
      return locatePostgres(started);
    case 'kafka':
      return locateKafka(started);
    case 'eventstoredb':
      return locateEventStoreDb(started);
  }
}

async function locatePostgres(started: StartedServers): Promise<Located> {
  const url = process.env.TEST_DATABASE_URL ?? DEFAULT_POSTGRES_URL;
  if (await canConnect(url)) return { address: url };
  const docker = await dockerAvailable();
  if (!docker) return { unavailable: `cannot connect to ${redact(url)} and no Docker for Testcontainers` };
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer('postgres:15-alpine').start();
  started.containers.push(container);
  return { address: container.getConnectionUri() };
}

async function locateKafka(started: StartedServers): Promise<Located> {
  if (process.env.KAFKA_BROKERS) return { address: process.env.KAFKA_BROKERS };
  buildTestBroker();
  if (KafkaTestBroker.isAvailable()) {
    // The mock cluster creates topics on first use, as a developer broker with auto-creation would.
    started.broker = await KafkaTestBroker.start();
    return { address: started.broker.bootstrapServers.join(',') };
  }
  if (!(await dockerAvailable())) return { unavailable: 'no KAFKA_BROKERS, test broker not built (librdkafka-dev missing) and no Docker' };
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const container = await new KafkaContainer('confluentinc/cp-kafka:7.6.1').withKraft().start();
  started.containers.push(container);
  return { address: `${container.getHost()}:${container.getMappedPort(9093)}` };
}

async function locateEventStoreDb(started: StartedServers): Promise<Located> {
  if (process.env.EVENTSTORE_URL) return { address: process.env.EVENTSTORE_URL };
  if (!(await dockerAvailable())) return { unavailable: 'no EVENTSTORE_URL and no Docker for Testcontainers' };
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer('eventstore/eventstore:24.10')
    .withEnvironment({ EVENTSTORE_INSECURE: 'true', EVENTSTORE_RUN_PROJECTIONS: 'None', EVENTSTORE_MEM_DB: 'true' })
    .withExposedPorts(2113)
    .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
    .start();
  started.containers.push(container);
  return { address: `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false` };
}

/** Builds tools/kafka-test-broker when librdkafka's headers are installed; silent when they are not. */
function buildTestBroker(): void {
  try {
    execFileSync(join(__dirname, '../../../../tools/kafka-test-broker/build.sh'), { stdio: 'pipe' });
  } catch {
    // KafkaTestBroker.isAvailable() then says no, and the reason is reported by locateKafka.
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function dockerAvailable(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

function redact(url: string): string {
  return url.replace(/\/\/[^@]*@/, '//');
}
