import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { freePort, eventually } from '@referral-ledger/testing';
import { DISTRIBUTED_APPS, DISTRIBUTED_APP_NAMES, example, routesOf, type DistributedApp, type ServiceRoute } from '../test-support/service-routes';

const ROOT = join(__dirname, '..', '..', '..', '..');
const CADDYFILE = join(ROOT, 'deploy', 'gateway', 'Caddyfile');
const OPENAPI = JSON.parse(readFileSync(join(ROOT, 'docs', 'openapi.json'), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
/** Served by every app (service-kit and the host): reached through /services/<app>/… */
const EVERY_APP_ROUTES = ['/health/live', '/health/ready', '/metrics', '/docs/openapi.json', '/v1/operations/dead-letters'];

const caddyInstalled = spawnSync('caddy', ['version']).status === 0;
if (!caddyInstalled) process.stderr.write('SKIPPED suite "gateway": caddy is not installed (apt-get install -y caddy)\n');

/** The real gateway (Caddy with deploy/gateway/Caddyfile) in front of four stand-ins that answer with their app's name. */
(caddyInstalled ? describe : describe.skip)('gateway (deploy/gateway/Caddyfile)', () => {
  const upstreams = new Map<DistributedApp, Server>();
  let caddy: ChildProcess;
  let gateway: string;

  beforeAll(async () => {
    for (const app of DISTRIBUTED_APP_NAMES) {
      const server = createServer((request, response) => response.writeHead(200, { 'x-app': app, 'x-path': request.url ?? '' }).end());
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      upstreams.set(app, server);
    }
    const port = await freePort();
    gateway = `http://127.0.0.1:${port}`;
    const environment = Object.fromEntries([...upstreams].map(([app, server]) => [`${app.toUpperCase()}_UPSTREAM`, `127.0.0.1:${(server.address() as AddressInfo).port}`]));
    caddy = spawn('caddy', ['run', '--config', CADDYFILE, '--adapter', 'caddyfile'], {
      env: { ...process.env, ...environment, GATEWAY_ADDRESS: `http://127.0.0.1:${port}`, XDG_DATA_HOME: '/tmp/caddy-test', XDG_CONFIG_HOME: '/tmp/caddy-test' },
      stdio: 'ignore',
    });
    await eventually(async () => (await fetch(`${gateway}/health/live`).catch(() => undefined))?.ok, 15_000);
  });
  afterAll(async () => {
    caddy?.kill('SIGTERM');
    await Promise.all([...upstreams.values()].map((server) => new Promise((resolve) => server.close(resolve))));
  });

  const through = async ({ method, path }: ServiceRoute) => {
    const response = await fetch(`${gateway}${path}`, { method, redirect: 'manual' });
    return { app: response.headers.get('x-app'), path: response.headers.get('x-path') };
  };

  it.each(DISTRIBUTED_APP_NAMES)('routes every route of %s to it, path unchanged', async (app) => {
    const routes = DISTRIBUTED_APPS[app].flatMap(routesOf);
    const misrouted: string[] = [];
    for (const route of routes) {
      const { app: reached, path } = await through(route);
      if (reached !== app || path !== route.path) misrouted.push(`${route.method} ${route.path} → ${reached} ${path}`);
    }
    expect(misrouted).toEqual([]);
  });

  it("knows every route of the platform's API document, so none escapes the checks above", () => {
    const known = new Set(
      Object.values(DISTRIBUTED_APPS)
        .flatMap((definitions) => definitions.flatMap(routesOf))
        .map((route) => `${route.method} ${route.path}`),
    );
    const documented = Object.entries(OPENAPI.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${example(path)}`));
    const servedByEveryApp = /^\S+ \/(health|metrics|docs|v1\/operations)\b/;
    expect(documented.filter((route) => !servedByEveryApp.test(route) && !known.has(route))).toEqual([]);
  });

  it.each(DISTRIBUTED_APP_NAMES)("reaches %s's own health, metrics, docs and operations under /services/<app>", async (app) => {
    for (const path of EVERY_APP_ROUTES) expect(await through({ method: 'GET', path: `/services/${app}${path}` })).toEqual({ app, path });
  });
});
