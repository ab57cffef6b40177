import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface PlatformProcess {
  url: string;
  pid: number;
  /** Peak resident memory so far, in MB (Linux; undefined elsewhere). */
  peakRssMb(): number | undefined;
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

export interface PlatformProcessOptions {
  /** Extra arguments for node (a CPU profile, say). */
  nodeArgs?: readonly string[];
  /** Run the JavaScript `npm run build` compiled into dist/, as `npm start` does, instead of the TypeScript sources. */
  compiled?: boolean;
}

/** Starts `apps/platform` as its own process, and waits until it answers. */
export async function startPlatformProcess(env: Record<string, string>, port: number, options: PlatformProcessOptions = {}): Promise<PlatformProcess> {
  const entry = options.compiled ? [join(ROOT, 'dist/apps/platform/src/main.js')] : ['-r', '@swc-node/register', join(ROOT, 'apps/platform/src/main.ts')];
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), ...entry], {
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
    const settled = await Promise.race([
      exited.then(() => 'exited' as const),
      fetch(`${url}/health/live`).then(
        (r) => r.ok,
        () => false,
      ),
    ]);
    if (settled === 'exited') throw new Error(`the platform exited during start:\n${output}`);
    if (settled) break;
    if (Date.now() > deadline) throw new Error(`the platform did not answer within 120 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    pid: child.pid as number,
    output: () => output,
    peakRssMb: () => {
      try {
        const peak = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        return peak ? Math.round(Number(peak[1]) / 1024) : undefined;
      } catch {
        return undefined;
      }
    },
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
