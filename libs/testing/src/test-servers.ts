/**
 * Which servers this test run reaches. The jest global setup probes them once and records the answer in
 * environment variables (inherited by the test workers); suites ask here and skip, saying why, when one is missing.
 */
export type TestServer = 'postgres' | 'kafka' | 'eventstoredb';

export const SERVER_ENV: Record<TestServer, { address: string; unavailable: string; hint: string }> = {
  postgres: { address: 'RL_TEST_POSTGRES_URL', unavailable: 'RL_TEST_POSTGRES_UNAVAILABLE', hint: 'set TEST_DATABASE_URL' },
  kafka: { address: 'RL_TEST_KAFKA_BROKERS', unavailable: 'RL_TEST_KAFKA_UNAVAILABLE', hint: 'set KAFKA_BROKERS or install librdkafka-dev' },
  eventstoredb: { address: 'RL_TEST_EVENTSTORE_URL', unavailable: 'RL_TEST_EVENTSTORE_UNAVAILABLE', hint: 'set EVENTSTORE_URL or run Docker' },
};

export function serverAddress(server: TestServer): string | undefined {
  return process.env[SERVER_ENV[server].address];
}

export function serverUnavailable(server: TestServer): string {
  return process.env[SERVER_ENV[server].unavailable] ?? 'not probed: the jest config lists no such test server';
}

/** `describe` when every server is reachable; otherwise one line on stderr saying what is skipped and why. */
export function describeWith(servers: TestServer[], name: string, body: () => void): void {
  const missing = servers.filter((server) => !serverAddress(server));
  const reachable = missing.length === 0;
  if (!reachable) {
    const why = missing.map((s) => `no ${s} (${serverUnavailable(s)}; ${SERVER_ENV[s].hint})`).join(', ');
    process.stderr.write(`SKIPPED suite "${name}": ${why}\n`);
  }
  // Skipped only when a server is missing; then the body is not even read: it may set up clients for that server.
  (reachable ? describe : describe.skip)(name, reachable ? body : () => it(`needs ${missing.join(' and ')}`, () => undefined));
}
