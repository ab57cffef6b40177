import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { ALL_TOPICS } from '@referral-ledger/contracts';
import { hostConfigSchema } from '@referral-ledger/service-host';
import { loadConfig } from '@referral-ledger/service-kit';
import { DISTRIBUTED_APP_NAMES } from '../test-support/service-routes';

const ROOT = join(__dirname, '..', '..', '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const APPS = DISTRIBUTED_APP_NAMES;
const CONFIG_KEYS = new Set(keysOf(hostConfigSchema));
const DEFAULT_PORT = loadConfig(hostConfigSchema, {}).PORT;
const API_PATHS = Object.keys((JSON.parse(read('docs/openapi.json')) as { paths: Record<string, unknown> }).paths);
/** The upstreams the gateway reads from its environment. */
const GATEWAY_UPSTREAMS = [...new Set([...read('deploy/gateway/Caddyfile').matchAll(/\{\$(\w+_UPSTREAM)\}/g)].map((match) => match[1]))];

function keysOf(schema: z.ZodType): string[] {
  if (schema instanceof z.ZodIntersection) return [...keysOf(schema.def.left as z.ZodType), ...keysOf(schema.def.right as z.ZodType)];
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  throw new Error('configuration schemas are objects and their intersections');
}

/** The deployment files say what the code reads: the topics of the contracts, settings the configuration accepts, probe paths that exist. */
describe('deployment files', () => {
  it('create every public topic of the contracts, each with its dead-letter topic, replicated with min.insync = RF - 1', () => {
    const script = read('deploy/kafka/create-topics.sh');
    const loop = /for topic in ([^;]+); do/.exec(script);
    expect(loop?.[1].trim().split(/\s+/).sort()).toEqual([...ALL_TOPICS].sort());
    expect(script).toContain('create "$topic.dlq"');
    expect(script).toContain('min_insync=$(( replication > 1 ? replication - 1 : 1 ))');
  });

  it('build one image that runs any app by name and probes a health route the apps serve', () => {
    expect(read('deploy/Dockerfile')).toContain("'/health/live'");
    expect(API_PATHS).toEqual(expect.arrayContaining(['/health/live', '/health/ready']));
    expect(read('deploy/entrypoint.sh')).toContain('dist/apps/$app/src/main.js');
    for (const app of APPS) expect(existsSync(join(ROOT, 'apps', app, 'src', 'main.ts'))).toBe(true);
  });
});

describe('Docker Compose', () => {
  interface ComposeService {
    command?: string[];
    environment?: Record<string, string>;
    depends_on?: Record<string, { condition: string }>;
    healthcheck?: unknown;
    ports?: string[];
  }
  const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, ComposeService> };
  const services = compose.services;

  const composeCommand = [['docker', 'compose'], ['docker-compose']].find(([command, ...args]) => spawnSync(command, [...args, 'version']).status === 0);
  if (!composeCommand) process.stderr.write('SKIPPED test "docker compose config": neither docker compose nor docker-compose is installed; the file is checked as YAML\n');
  (composeCommand ? it : it.skip)('is a valid Compose file (docker compose config)', () => {
    const [command, ...args] = composeCommand as string[];
    const result = spawnSync(command, [...args, '-f', join(ROOT, 'docker-compose.yml'), 'config', '-q'], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it.each(APPS)('runs %s from the image, with settings its configuration accepts in production and a database of its own', (app) => {
    const service = services[app];
    expect(service.command).toEqual([app]);
    const environment = service.environment ?? {};
    expect(Object.keys(environment).filter((name) => !CONFIG_KEYS.has(name))).toEqual([]);
    expect(() => loadConfig(hostConfigSchema, environment)).not.toThrow();
    expect(environment.NODE_ENV).toBe('production');
    const database = new URL(environment.DATABASE_URL).pathname.slice(1);
    const created = [...read('deploy/postgres/databases.sql').matchAll(/CREATE DATABASE (\w+)/g)].map((match) => match[1]);
    expect([...created, services.postgres.environment?.POSTGRES_DB]).toContain(database);
    expect(service.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' }, 'kafka-init': { condition: 'service_completed_successfully' } });
  });

  it('gives each app its own database, and EventStoreDB (healthchecked) to the one that uses it', () => {
    const databases = APPS.map((app) => services[app].environment?.DATABASE_URL);
    expect(new Set(databases).size).toBe(APPS.length);
    expect(services.eventstoredb.healthcheck).toBeDefined();
    for (const app of APPS.filter((name) => services[name].environment?.EVENTSTORE_URL)) expect(services[app].depends_on?.eventstoredb).toEqual({ condition: 'service_healthy' });
    expect(
      Object.values(services)
        .flatMap((service) => service.ports ?? [])
        .filter((port) => port.endsWith(':5432')),
    ).toEqual([]);
  });

  it('puts the gateway in front of the four apps, where share links point', () => {
    const gateway = services.gateway;
    const environment = gateway.environment ?? {};
    expect(Object.keys(environment).sort()).toEqual([...GATEWAY_UPSTREAMS].sort());
    for (const app of APPS) expect(environment[`${app.toUpperCase()}_UPSTREAM`]).toBe(`${app}:${services[app].environment?.PORT ?? DEFAULT_PORT}`);
    const [published] = (gateway.ports ?? [])[0].split(':');
    for (const app of APPS) expect(services[app].environment?.PUBLIC_BASE_URL).toBe(`http://localhost:${published}`);
    expect(Object.keys(gateway.depends_on ?? {}).sort()).toEqual([...APPS].sort());
  });
});

describe('Kubernetes manifests', () => {
  interface Manifest {
    kind: string;
    metadata: { name: string };
    data?: Record<string, string>;
    spec?: Record<string, unknown>;
  }
  interface Container {
    args?: string[];
    image: string;
    ports?: Array<{ containerPort: number }>;
    env?: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { key: string } } }>;
    envFrom?: Array<{ configMapRef?: { name: string } }>;
    startupProbe?: { httpGet?: { path: string } };
    readinessProbe?: { httpGet?: { path: string } };
    livenessProbe?: { httpGet?: { path: string } };
    resources?: { requests?: object; limits?: object };
  }
  const kubectl = spawnSync('kubectl', ['version', '--client']).status === 0;
  if (!kubectl) process.stderr.write('SKIPPED rendering with kustomize: kubectl is not installed; the base manifests are checked as YAML\n');
  const manifests = kubectl ? renderProductionOverlay() : readBase('deploy/kubernetes');
  const named = (kind: string, name: string) => manifests.find((m) => m.kind === kind && m.metadata.name.startsWith(name)) as Manifest;
  const podSpec = (manifest: Manifest) => (manifest.spec as { template: { spec: { containers: Container[] } } }).template.spec;
  const secretKeys = new Set([...read('deploy/production/secret.env.example').matchAll(/^(\w+)=/gm)].map((match) => match[1]));

  it.each(APPS)('run %s with several replicas, probes on routes it serves, requests and limits, and a disruption budget', (app) => {
    const deployment = named('Deployment', `referral-ledger-${app}`);
    expect(deployment.spec?.replicas).toBeGreaterThanOrEqual(2);
    const [container] = podSpec(deployment).containers;
    expect(container.args).toEqual([app]);
    expect(container.image).toMatch(kubectl ? /^registry\.example\.com\/referral-ledger:/ : /^referral-ledger$/);
    for (const probe of [container.startupProbe, container.readinessProbe, container.livenessProbe]) expect(API_PATHS).toContain(probe?.httpGet?.path);
    expect(container.resources?.requests).toBeDefined();
    expect(container.resources?.limits).toBeDefined();
    const config = named('ConfigMap', 'referral-ledger-config');
    expect(container.ports?.[0].containerPort).toBe(Number(config.data?.PORT ?? DEFAULT_PORT));
    expect(named('PodDisruptionBudget', `referral-ledger-${app}`).spec).toMatchObject({ minAvailable: 1, selector: { matchLabels: { component: app } } });
    expect(named('Service', `referral-ledger-${app}`).spec).toMatchObject({ selector: { component: app } });
  });

  it('set only settings the configuration knows, with secrets from keys the example Secret documents', () => {
    const config = named('ConfigMap', 'referral-ledger-config');
    const containers = APPS.map((app) => podSpec(named('Deployment', `referral-ledger-${app}`)).containers[0]);
    const names = [...Object.keys(config.data ?? {}), ...containers.flatMap((c) => (c.env ?? []).map((variable) => variable.name))];
    expect(names.filter((name) => !CONFIG_KEYS.has(name))).toEqual([]);
    const referenced = containers.flatMap((c) => (c.env ?? []).flatMap((variable) => variable.valueFrom?.secretKeyRef?.key ?? []));
    expect(referenced.filter((key) => !secretKeys.has(key))).toEqual([]);
    const { NODE_ENV, PORT, KAFKA_BROKERS, PUBLIC_BASE_URL } = config.data ?? {};
    expect(() => loadConfig(hostConfigSchema, { NODE_ENV: 'development', PORT, KAFKA_BROKERS, PUBLIC_BASE_URL })).not.toThrow();
    expect(NODE_ENV).toBe('production');
  });

  it('run the gateway in front of the four Services, and a Job that creates the topics', () => {
    const gateway = podSpec(named('Deployment', 'referral-ledger-gateway')).containers[0];
    const upstreams = Object.fromEntries((gateway.env ?? []).filter((variable) => variable.name.endsWith('_UPSTREAM')).map((variable) => [variable.name, variable.value]));
    expect(Object.keys(upstreams).sort()).toEqual([...GATEWAY_UPSTREAMS].sort());
    for (const app of APPS) expect(upstreams[`${app.toUpperCase()}_UPSTREAM`]).toBe(`referral-ledger-${app}:80`);
    const job = named('Job', 'referral-ledger-create-topics');
    expect(JSON.stringify(job.spec)).toContain('/scripts/create-topics.sh');
    expect(named('ConfigMap', 'referral-ledger-create-topics').data?.['create-topics.sh']).toBe(read('deploy/kafka/create-topics.sh'));
    expect(named('ConfigMap', 'referral-ledger-gateway').data?.Caddyfile).toBe(read('deploy/gateway/Caddyfile'));
  });
});

/** `kubectl kustomize deploy/production` on a copy, with secret.env made from the example. */
function renderProductionOverlay(): Array<{ kind: string; metadata: { name: string } }> {
  const copy = mkdtempSync(join(tmpdir(), 'referral-ledger-deploy-'));
  try {
    cpSync(join(ROOT, 'deploy'), copy, { recursive: true });
    cpSync(join(copy, 'production', 'secret.env.example'), join(copy, 'production', 'secret.env'));
    const result = spawnSync('kubectl', ['kustomize', join(copy, 'production')], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`kubectl kustomize failed: ${result.stderr}`);
    return parseAllDocuments(result.stdout).map((document) => document.toJS());
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/** Without kubectl: the base's resources as written, generated ConfigMaps built as kustomize would. */
function readBase(directory: string): Array<{ kind: string; metadata: { name: string } }> {
  const kustomization = parse(read(join(directory, 'kustomization.yaml'))) as { resources?: string[]; configMapGenerator?: Array<{ name: string; files: string[] }> };
  const generated = (kustomization.configMapGenerator ?? []).map((generator) => ({
    kind: 'ConfigMap',
    metadata: { name: generator.name },
    data: Object.fromEntries(generator.files.map((file) => [file, read(join(directory, file))])),
  }));
  const resources = (kustomization.resources ?? []).flatMap((resource) => {
    const path = join(directory, resource);
    return existsSync(join(ROOT, path, 'kustomization.yaml')) ? readBase(path) : parseAllDocuments(read(path)).map((document) => document.toJS());
  });
  return [...resources, ...generated];
}
