/** Reads the platform's Prometheus text at /metrics: the database work counters and the subscribers' lag. */
export class PlatformMetrics {
  private readonly lagSamples: number[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly url: () => string) {}

  async counters(): Promise<{ statements: number; transactions: number; commits: number }> {
    const text = await this.scrape();
    return { statements: valueOf(text, 'db_statements_total'), transactions: valueOf(text, 'db_transactions_total'), commits: valueOf(text, 'db_next_transaction_id') };
  }

  /** Samples the largest subscriber lag every `intervalMs` until `stopSampling`. */
  startSampling(intervalMs = 250): void {
    this.timer = setInterval(() => {
      this.scrape().then(
        (text) => this.lagSamples.push(Math.max(0, ...[...text.matchAll(/^subscriber_lag_seconds\{[^}]*\} (\S+)$/gm)].map((m) => Number(m[1])))),
        () => undefined,
      );
    }, intervalMs);
  }

  stopSampling(): { p50: number; p99: number; max: number } {
    clearInterval(this.timer);
    const sorted = [...this.lagSamples].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    return { p50: at(0.5), p99: at(0.99), max: at(1) };
  }

  private async scrape(): Promise<string> {
    const response = await fetch(`${this.url()}/metrics`);
    return response.text();
  }
}

function valueOf(text: string, name: string): number {
  const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}
