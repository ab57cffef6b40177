import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface PlatformProcess {
  url: string;
  pid: number;
  /** Everything the process wrote, for a failing test to show. */
  output(): string;
  /** SIGKILL: no shutdown hook runs, as in a power cut or an OOM kill. */
  kill(): Promise<void>;
  /** SIGTERM, then waits for the exit code. */
  stop(): Promise<number | null>;
}

const ROOT = join(__dirname, '../../../..');

/** A free loopback port, so a restarted process can listen where its clients expect it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts `apps/platform` as its own process (as `npm start` does), and waits until it answers. */
export async function startPlatformProcess(env: Record<string, string>, port: number, nodeArgs: readonly string[] = []): Promise<PlatformProcess> {
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '-r', '@swc-node/register', join(ROOT, 'apps/platform/src/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    const settled = await Promise.race([exited.then(() => 'exited' as const), fetch(`${url}/health/live`).then((r) => r.ok, () => false)]);
    if (settled === 'exited') throw new Error(`the platform exited during start:\n${output}`);
    if (settled) break;
    if (Date.now() > deadline) throw new Error(`the platform did not answer within 120 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    pid: child.pid as number,
    output: () => output,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
