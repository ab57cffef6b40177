import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Pool } from 'pg';
import { asOneUnit, handleCommand, type EventStore } from '@referral-ledger/event-store';
import { referralRiskDecider } from '@referral-ledger/fraud-domain';
import { streamName } from '@referral-ledger/contracts';
import type { IncomingMessage, ProcessingOutcome } from '@referral-ledger/messaging';
import { backoffDelay, isTransientError, supervise, type RetryPolicy, type SupervisedLoop } from '@referral-ledger/resilience';
import { CLOCK, EVENT_STORE, POSTGRES_POOL, type Clock } from '@referral-ledger/service-kit';
import { referralFacts, type ScreeningInput } from '../facts/referral-facts-query';
import { ScreeningQueue, type QueuedScreening } from '../facts/screening-queue';
import { FRAUD_OPTIONS, type FraudOptions } from '../fraud-options';

const BATCH = 100;
/** A referral's screening is tried this often, a few seconds apart, before it is dead-lettered. */
const SCREENING_RETRIES: RetryPolicy = { attempts: 5, initialDelayMs: 500, maxDelayMs: 10_000 };
/** The dead letters' consumer (and source) name for screenings that kept failing. */
export const SCREENING_DEAD_LETTERS = 'fraud-screening';
/** Another replica's facts may queue work this process was not woken for: look again this often. */
const IDLE_LOOK_MS = 5_000;

/**
 * Scores every referral the facts projection queued, before any reward can be released (DESIGN.md §5), and again
 * when later evidence arrives. Woken when the facts commit; a crash mid-batch leaves the tickets queued, and the
 * same ticket derives the same event ids, so screening again appends nothing twice.
 */
@Injectable()
export class ReferralScreener implements OnApplicationShutdown {
  private loop: SupervisedLoop | undefined;
  private readonly queue: ScreeningQueue;
  private readonly logger = new Logger(ReferralScreener.name);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(POSTGRES_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(FRAUD_OPTIONS) private readonly options: FraudOptions,
  ) {
    this.queue = new ScreeningQueue(pool);
  }

  start(): void {
    this.loop = supervise({
      run: async (stopping) => {
        const wakeup = this.options.screeningWakeup;
        while (!stopping()) {
          const seen = wakeup.generation;
          if ((await this.screenQueued()) > 0) continue;
          const retry = await this.queue.nextRetryInMs();
          await wakeup.waitSince(seen, Math.min(IDLE_LOOK_MS, retry ?? IDLE_LOOK_MS));
        }
      },
      interrupt: () => this.options.screeningWakeup.notify(),
      onError: (error) => this.logger.error(`screening failed; retrying: ${String(error)}`),
      backoff: { attempts: Infinity, initialDelayMs: 50, maxDelayMs: 5_000 },
    });
  }

  /** Screens one batch of the queue; returns how many referrals it looked at. */
  async screenQueued(): Promise<number> {
    const queued = await this.queue.take(BATCH);
    if (queued.length === 0) return 0;
    try {
      await this.screen(queued);
    } catch (error) {
      // The database away: the supervisor waits and the batch stays queued, nobody's fault.
      if (isTransientError(error)) throw error;
      // One referral that cannot be screened must not hold the others: one by one, setting aside what keeps failing.
      for (const entry of queued) await this.screen([entry]).catch((failure: unknown) => this.failed(entry, failure));
    }
    return queued.length;
  }

  /** An operator replays a dead-lettered screening: the referral is queued again, with its failures forgotten. */
  async process(message: IncomingMessage): Promise<ProcessingOutcome> {
    if (!message.key) return 'skipped';
    await this.queue.afresh(message.key);
    this.options.screeningWakeup.notify();
    return 'handled';
  }

  /** Referrals waiting to be scored. */
  queued(): Promise<number> {
    return this.queue.size();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop?.stop();
  }

  private async failed(entry: QueuedScreening, failure: unknown): Promise<void> {
    if (isTransientError(failure)) throw failure;
    const error = failure instanceof Error ? failure : new Error(String(failure));
    const failures = entry.failures + 1;
    if (failures < SCREENING_RETRIES.attempts) {
      this.logger.warn(`screening referral ${entry.referralId} failed (${failures} of ${SCREENING_RETRIES.attempts}); trying again: ${error.message}`);
      await this.queue.failed(entry.referralId, error.message, backoffDelay(SCREENING_RETRIES, failures));
      return;
    }
    this.logger.error(`screening referral ${entry.referralId} failed ${failures} times; dead-lettered: ${error.message}`);
    await this.options.deadLetters.deadLetter({ topic: SCREENING_DEAD_LETTERS, key: entry.referralId, value: null, headers: {} }, error, SCREENING_DEAD_LETTERS);
    await this.queue.done([entry]);
  }

  private async screen(queued: readonly QueuedScreening[]): Promise<void> {
    const tickets = new Map(queued.map(({ referralId, ticket }) => [referralId, ticket]));
    const inputs = await referralFacts(
      this.pool,
      queued.map((entry) => entry.referralId),
    );
    const now = this.clock();
    const assess = (input: ScreeningInput) => {
      const { referralId } = input.subject;
      return handleCommand(
        this.store,
        streamName('risk', referralId),
        referralRiskDecider,
        { type: 'AssessReferral', data: input, metadata: { now } },
        { correlationId: `screening:${referralId}`, causationId: `screening:${referralId}:${tickets.get(referralId)}`, actor: 'fraud', now },
      );
    };
    // The batch's risk streams are read in one query and its assessments appended in one commit.
    const screenAll = () => Promise.all(inputs.map(assess));
    await asOneUnit(this.store, screenAll);
    await this.queue.done(queued);
  }
}
