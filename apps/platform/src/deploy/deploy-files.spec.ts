import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ALL_TOPICS } from '@referral-ledger/contracts';
import { hostConfigSchema } from '@referral-ledger/service-host';
import { loadConfig } from '@referral-ledger/service-kit';

const ROOT = join(__dirname, '..', '..', '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** The deployment files say what the code reads: the topics of the contracts, settings the configuration accepts, probe paths that exist. */
describe('deployment files', () => {
  it('create every public topic of the contracts, each with its dead-letter topic, replicated with min.insync = RF - 1', () => {
    const loop = /for topic in ([^;]+); do/.exec(read('deploy/kafka/create-topics.sh'));
    expect(loop?.[1].trim().split(/\s+/).sort()).toEqual([...ALL_TOPICS].sort());
    expect(read('deploy/kafka/create-topics.sh')).toContain('create "$topic.dlq"');
    expect(read('deploy/kafka/create-topics.sh')).toContain('min_insync=$(( replication > 1 ? replication - 1 : 1 ))');
  });

  it('give the platform in Compose a configuration it accepts in production mode', () => {
    const compose = parse(read('docker-compose.yml')) as { services: Record<string, { environment?: Record<string, string> }> };
    const environment = compose.services.platform.environment ?? {};
    expect(() => loadConfig(hostConfigSchema, environment)).not.toThrow();
    expect(environment.NODE_ENV).toBe('production');
  });

  it('probe the health route the apps serve, and run every app the image compiles', () => {
    const dockerfile = read('deploy/Dockerfile');
    expect(dockerfile).toContain("'/health/live'");
    const openapi = JSON.parse(read('docs/openapi.json')) as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready']));
    expect(read('deploy/entrypoint.sh')).toContain('dist/apps/$app/src/main.js');
  });
});
