import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Pool } from 'pg';
import { handleCommand, type EventStore } from '@referral-ledger/event-store';
import { referralRiskDecider } from '@referral-ledger/fraud-domain';
import { streamName } from '@referral-ledger/contracts';
import { supervise, type SupervisedLoop } from '@referral-ledger/resilience';
import { CLOCK, EVENT_STORE, POSTGRES_POOL, type Clock } from '@referral-ledger/service-kit';
import { referralFacts, type ScreeningInput } from '../facts/referral-facts-query';
import { ScreeningQueue } from '../facts/screening-queue';
import { FRAUD_OPTIONS, type FraudOptions } from '../fraud-options';

const BATCH = 100;
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
    @Inject(EVENT_STORE) private readonly store: EventStore & { unitOfWork?<T>(work: () => Promise<T>): Promise<T> },
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
          if ((await this.screenQueued()) === 0) await wakeup.waitSince(seen, IDLE_LOOK_MS);
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
    await (this.store.unitOfWork ? this.store.unitOfWork(screenAll) : screenAll());
    await this.queue.done(queued);
    return queued.length;
  }

  /** Referrals waiting to be scored. */
  queued(): Promise<number> {
    return this.queue.size();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop?.stop();
  }
}
