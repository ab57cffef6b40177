import { backoffDelay, sleep, type RetryPolicy } from './retry';

export interface SupervisedLoop {
  /** Stops the loop: the current run is asked to stop and awaited. */
  stop(): Promise<void>;
  /** Resolves once stopped. Never rejects: failures are reported and the run restarted. */
  readonly finished: Promise<void>;
}

export interface SuperviseOptions {
  /** One run; it settles when the run ends. An error, or an end nobody asked for, restarts it after a backoff. */
  run: (stopping: () => boolean) => Promise<void>;
  /** Asks the current run to end soon, e.g. by stopping its subscription. */
  interrupt?: () => Promise<void> | void;
  onError: (error: unknown, restartInMs: number) => void;
  backoff?: RetryPolicy;
}

const SUPERVISOR_BACKOFF: RetryPolicy = { attempts: Infinity, initialDelayMs: 200, maxDelayMs: 5_000 };

/**
 * Keeps a long-lived loop (relay, projection, consumer) running through database and broker outages:
 * every failure is reported and the loop restarted with backoff; nothing stops in silence.
 */
export function supervise(options: SuperviseOptions): SupervisedLoop {
  let stopping = false;
  let wake: () => void = () => undefined;
  const finished = (async () => {
    let attempt = 0;
    while (!stopping) {
      const started = Date.now();
      let failure: unknown;
      try {
        await options.run(() => stopping);
      } catch (error) {
        failure = error;
      }
      if (stopping) return;
      // A run that went well for a while starts its backoff afresh.
      attempt = Date.now() - started > 10_000 ? 1 : attempt + 1;
      const delay = backoffDelay(options.backoff ?? SUPERVISOR_BACKOFF, attempt);
      options.onError(failure ?? new Error('the loop ended on its own'), delay);
      await Promise.race([sleep(delay), new Promise<void>((resolve) => (wake = resolve))]);
    }
  })();
  return {
    finished,
    async stop() {
      stopping = true;
      wake();
      await options.interrupt?.();
      await finished;
    },
  };
}
