import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const BROKER_DIR = join(__dirname, '../../../tools/kafka-test-broker');
export const KAFKA_TEST_BROKER_BINARY = join(BROKER_DIR, 'bin/kafka-test-broker');

/** Kafka protocol request keys, for fault injection. */
export const KafkaApi = { Produce: 0, Fetch: 1, Metadata: 3, OffsetCommit: 8, FindCoordinator: 10, JoinGroup: 11, Heartbeat: 12 } as const;

/**
 * librdkafka's mock cluster (tools/kafka-test-broker): a real broker over the Kafka protocol on loopback,
 * with fault injection. Stops when this process closes its stdin.
 */
export class KafkaTestBroker {
  private readonly replies: Array<() => void> = [];

  private constructor(
    private readonly process: ChildProcessWithoutNullStreams,
    readonly bootstrapServers: string[],
  ) {
    createInterface({ input: process.stdout }).on('line', (line) => {
      if (line === 'OK') this.replies.shift()?.();
    });
  }

  static isAvailable(): boolean {
    return existsSync(KAFKA_TEST_BROKER_BINARY);
  }

  static async start(options: { topics?: readonly string[]; partitions?: number; brokers?: number } = {}): Promise<KafkaTestBroker> {
    const partitions = options.partitions ?? 3;
    const args = ['--brokers', String(options.brokers ?? 1), ...(options.topics ?? []).map((t) => `${t}:${partitions}`)];
    const child = spawn(KAFKA_TEST_BROKER_BINARY, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const firstLine = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout });
      lines.once('line', (line) => {
        lines.close();
        resolve(line);
      });
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`kafka-test-broker exited with ${code}`)));
    });
    const [, servers] = firstLine.split(' ');
    return new KafkaTestBroker(child, servers.split(','));
  }

  createTopic(name: string, partitions = 3): Promise<void> {
    return this.command(`topic ${name} ${partitions}`);
  }

  /** Disconnects a broker (1-based id, or -1 for all) and refuses new connections until `setBrokerUp`. */
  setBrokerDown(brokerId = -1): Promise<void> {
    return this.command(`down ${brokerId}`);
  }

  setBrokerUp(brokerId = -1): Promise<void> {
    return this.command(`up ${brokerId}`);
  }

  /** The next `count` requests of `apiKey` answer with the Kafka `errorCode`. */
  failNextRequests(apiKey: number, errorCode: number, count: number): Promise<void> {
    return this.command(`error ${apiKey} ${errorCode} ${count}`);
  }

  async stop(): Promise<void> {
    if (this.process.exitCode !== null) return;
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    this.process.stdin.end();
    await exited;
  }

  private command(line: string): Promise<void> {
    return new Promise((resolve) => {
      this.replies.push(resolve);
      this.process.stdin.write(`${line}\n`);
    });
  }
}
