import { largestLagSeconds, type LaggingSubscriber } from '@referral-ledger/projections';
import { IntakeSaturatedError, type IntakeGate } from '@referral-ledger/service-kit';

/**
 * Backpressure for the intake: while the slowest follower (projection, relay, consumer group on the store or Kafka) is more
 * than `maxLagSeconds` behind, intake answers 429 with `Retry-After`, so a burst waits at the sender instead
 * of piling up here. The lag is sampled in the background; admitting a request costs nothing.
 */
export class LagGate implements IntakeGate {
  private lag = 0;
  private readonly timer: NodeJS.Timeout;
  private sampling = false;

  constructor(
    private readonly subscribers: () => LaggingSubscriber[],
    /** Followers of a broker rather than of the store (Kafka consumer groups). */
    private readonly brokerLagSeconds: () => number,
    private readonly maxLagSeconds: number,
    intervalMs = 250,
  ) {
    this.timer = setInterval(() => void this.sample(), intervalMs);
    this.timer.unref();
  }

  admit(): void {
    if (this.lag <= this.maxLagSeconds) return;
    throw new IntakeSaturatedError(
      `The platform is ${Math.round(this.lag)} s behind (limit ${this.maxLagSeconds} s): nothing was accepted, retry later`,
      Math.min(30, Math.max(1, Math.ceil(this.lag - this.maxLagSeconds))),
    );
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async sample(): Promise<void> {
    if (this.sampling) return;
    this.sampling = true;
    try {
      this.lag = Math.max(await largestLagSeconds(this.subscribers()), this.brokerLagSeconds());
    } catch {
      // The database is away: intake fails on its own (503); keep the last sample.
    } finally {
      this.sampling = false;
    }
  }
}
