import { isTransientError } from './transient-errors';

export interface RetryPolicy {
  /** Attempts for errors of the work itself, the first included. Transient infrastructure errors do not count. */
  attempts: number;
  /** Delay before the second attempt; doubled for each further one, up to `maxDelayMs`, with jitter. */
  initialDelayMs: number;
  maxDelayMs?: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 4, initialDelayMs: 100, maxDelayMs: 5_000 };

export interface RetryOptions {
  /** Errors no retry can cure (bad input): thrown at once. */
  isPermanent?: (error: unknown) => boolean;
  /** Called before each wait, e.g. to log or count retries. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /** Stops waiting and throws the last error when it turns true (shutdown). */
  cancelled?: () => boolean;
}

/**
 * The one retry helper. Runs `work` until it succeeds. An error of the work is retried `policy.attempts`
 * times in all; a transient infrastructure error (database or broker away) is retried without limit, so
 * an outage delays work but never turns valid work into a dead letter.
 */
export async function withRetries<T>(policy: RetryPolicy, work: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  let failures = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (options.isPermanent?.(error)) throw error;
      const transient = isTransientError(error);
      if (!transient) failures++;
      if ((!transient && failures >= policy.attempts) || options.cancelled?.()) throw error;
      const delayMs = backoffDelay(policy, attempt);
      options.onRetry?.(error, attempt, delayMs);
      await sleep(delayMs);
    }
  }
}

/** Exponential backoff with full jitter on the upper half, so colliding retries spread out. */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs ?? 30_000, policy.initialDelayMs * 2 ** Math.min(attempt - 1, 20));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
