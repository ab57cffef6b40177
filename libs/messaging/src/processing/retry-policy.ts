export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Delay before the second attempt; doubled for each further one. */
  initialDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 4, initialDelayMs: 100 };

/** Runs `work` until it succeeds or the attempts are spent; errors listed in `permanent` are not retried. */
export async function withRetries<T>(policy: RetryPolicy, work: () => Promise<T>, isPermanent: (error: unknown) => boolean = () => false): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= policy.attempts || isPermanent(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, policy.initialDelayMs * 2 ** (attempt - 1)));
    }
  }
}
