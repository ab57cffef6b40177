/** Reads the platform's Prometheus text at /metrics: the database work counters and the subscribers' lag. */
export class PlatformMetrics {
  private readonly lagSamples: number[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly url: () => string) {}

  async counters(): Promise<{ statements: number; transactions: number; commits: number }> {
    const text = await this.scrape();
    return { statements: sumOf(text, 'db_statements_total'), transactions: sumOf(text, 'db_transactions_total'), commits: sumOf(text, 'db_next_transaction_id') };
  }

  /** Nothing left to do: every subscriber caught up, no service backlog, no message waiting for what it depends on. */
  async idle(): Promise<boolean> {
    const text = await this.scrape();
    return [...valuesOf(text, 'subscriber_lag_seconds'), ...valuesOf(text, 'service_backlog'), ...valuesOf(text, 'deferred_messages')].every((value) => value === 0);
  }

  /** Events set aside and dead letters, which an idle pipeline may still hold. */
  async setAside(): Promise<{ parked: number; deadLetters: number }> {
    const text = await this.scrape();
    return { parked: sumOf(text, 'parked_events_open'), deadLetters: sumOf(text, 'dead_letters_open') };
  }

  /** Samples the largest subscriber lag every `intervalMs` until `stopSampling`. */
  startSampling(intervalMs = 250): void {
    this.timer = setInterval(() => {
      this.scrape().then(
        (text) => this.lagSamples.push(Math.max(0, ...valuesOf(text, 'subscriber_lag_seconds'))),
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

/** Every series of a metric, whatever its labels. */
function valuesOf(text: string, name: string): number[] {
  return [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].map((match) => Number(match[1]));
}

const sumOf = (text: string, name: string) => valuesOf(text, name).reduce((total, value) => total + value, 0);
