/** A signal many can wait on: `wait` resolves on the next `notify`, or after the timeout. */
export class Wakeup {
  private waiters: Array<() => void> = [];
  /** Counts notifications, so a waiter that looked before waiting misses none (`waitSince`). */
  generation = 0;

  notify(): void {
    this.generation++;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  wait(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((waiter) => waiter !== done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.push(done);
    });
  }

  /** Like `wait`, but resolves at once if a notification came since `generation` was read. */
  waitSince(generation: number, timeoutMs: number): Promise<void> {
    return generation === this.generation ? this.wait(timeoutMs) : Promise.resolve();
  }
}
