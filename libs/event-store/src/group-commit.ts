/**
 * Group commit: requests that arrive while flushes are in flight wait and go together in the next one, so
 * many concurrent writers share one round trip and one commit. Each caller still gets its own result.
 */
export class GroupCommit<Request, Result> {
  private queue: Array<{ request: Request; resolve: (result: Result) => void; reject: (error: unknown) => void }> = [];
  private inFlight = 0;

  constructor(
    /** Handles a batch; returns one result per request, in order, or an Error for a request that failed alone. */
    private readonly flush: (requests: Request[]) => Promise<Array<Result | Error>>,
    /** Flushes under way at once: more than one overlaps a batch's encoding and round trip with another's commit. */
    private readonly concurrency = 1,
    private readonly maxBatch = 500,
  ) {}

  submit(request: Request): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      if (this.inFlight < this.concurrency) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.inFlight++;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const results = await this.flush(batch.map((entry) => entry.request));
        batch.forEach((entry, index) => {
          const result = results[index];
          if (result instanceof Error) entry.reject(result);
          else entry.resolve(result);
        });
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
    this.inFlight--;
  }
}
