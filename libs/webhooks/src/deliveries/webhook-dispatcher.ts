import { supervise, type SupervisedLoop } from '@referral-ledger/resilience';
import { Webhook } from 'standardwebhooks';
import { checkTarget } from '../subscriptions/target-policy';
import type { DeliveryQueue, DueDelivery } from './delivery-queue';

export interface DispatcherOptions {
  queue: DeliveryQueue;
  /** The platform's clock: when deliveries are due and when retrying ends. */
  clock: () => Date;
  allowPrivateTargets: boolean;
  retryHours: number;
  onError: (error: unknown) => void;
}

/** Sent at once, then after 10 s, 20 s, 40 s … up to an hour between attempts, until the retry window closes. */
const FIRST_RETRY_MS = 10_000;
const LONGEST_RETRY_MS = 3_600_000;
const BATCH = 20;
const TIMEOUT_MS = 10_000;
/** Other replicas enqueue too, unheard: the dispatcher looks at least this often. */
const LONGEST_SLEEP_MS = 1_000;

/**
 * Sends due webhook deliveries as CloudEvents over HTTP (structured JSON, the bytes Kafka carries), signed as
 * Standard Webhooks define (`webhook-id` = the event id, so a receiver deduplicates retries by it). Woken when
 * something is enqueued; otherwise it sleeps until the next delivery is due.
 */
export class WebhookDispatcher {
  private loop: SupervisedLoop | undefined;
  private wake: () => void = () => undefined;

  constructor(private readonly options: DispatcherOptions) {}

  start(): void {
    this.loop = supervise({
      run: (stopping) => this.run(stopping),
      interrupt: () => this.wake(),
      onError: (error) => this.options.onError(error),
    });
  }

  /** Something was enqueued: look now. */
  notify(): void {
    this.wake();
  }

  async stop(): Promise<void> {
    await this.loop?.stop();
  }

  private async run(stopping: () => boolean): Promise<void> {
    while (!stopping()) {
      const due = await this.options.queue.claim(this.options.clock(), BATCH);
      await Promise.all(due.map((delivery) => this.send(delivery)));
      if (due.length === BATCH) continue;
      const next = await this.options.queue.nextDueAt();
      const sleepMs = next ? Math.min(Math.max(next.getTime() - this.options.clock().getTime(), 0), LONGEST_SLEEP_MS) : LONGEST_SLEEP_MS;
      if (sleepMs > 0 && !stopping())
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, sleepMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
    }
  }

  private async send(delivery: DueDelivery): Promise<void> {
    const { queue, clock } = this.options;
    let outcome: { httpStatus: number | null; error: string };
    try {
      const target = await checkTarget(delivery.url, this.options.allowPrivateTargets);
      const body = delivery.body.toString('utf8');
      // The signature's timestamp is the sending time: receivers check it against their own clock.
      const sentAt = new Date();
      const signature = signer(delivery.secret).sign(delivery.eventId, sentAt, body);
      const response = await fetch(target, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
        headers: {
          'content-type': 'application/cloudevents+json; charset=UTF-8',
          'user-agent': 'referral-ledger-webhooks',
          'webhook-id': delivery.eventId,
          'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
          'webhook-signature': signature,
        },
        body,
      });
      await response.body?.cancel();
      if (response.ok) return queue.delivered(delivery.id, response.status, clock());
      outcome = { httpStatus: response.status, error: `HTTP ${response.status}` };
    } catch (error) {
      outcome = { httpStatus: null, error: error instanceof Error ? error.message : String(error) };
    }
    await queue.attemptFailed(delivery.id, outcome, clock(), this.retryAt(delivery));
  }

  private retryAt(delivery: DueDelivery): Date | null {
    const now = this.options.clock();
    const since = delivery.firstAttemptAt ?? now;
    const next = new Date(now.getTime() + Math.min(FIRST_RETRY_MS * 2 ** delivery.attempts, LONGEST_RETRY_MS));
    return next.getTime() - since.getTime() > this.options.retryHours * 3_600_000 ? null : next;
  }
}

/** `whsec_…` secrets are base64 keys, as Standard Webhooks define them; any other secret's own bytes are the key. */
function signer(secret: string): Webhook {
  return secret.startsWith('whsec_') ? new Webhook(secret) : new Webhook(secret, { format: 'raw' });
}
