import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { aggregateIdOf } from '@referral-ledger/contracts';
import type { EventStore, RecordedEvent, Subscription } from '@referral-ledger/event-store';
import { EVENT_STORE } from '@referral-ledger/service-kit';
import { codeStream, knownProgramStream, normaliseCode } from '@referral-ledger/attribution-domain';
import { findProgram, type Program } from '../programs/program-lookup';
import { findCodeOwner, type CodeOwner } from '../referrers/code-claims';

/** Unknown codes are remembered too (a link guessed again and again costs no read), up to this many entries. */
const MAX_ENTRIES = 100_000;

/**
 * Where share links lead, kept in memory so a click costs no read: a code's owner and its program, read from
 * the store on first use and forgotten as soon as an event of that code or program is committed (followed
 * from the store's head, in every process). Until the follower runs, nothing is cached.
 */
@Injectable()
export class LinkTargets implements OnModuleInit, OnModuleDestroy {
  private readonly owners = new Map<string, Promise<CodeOwner | undefined>>();
  private readonly programs = new Map<string, Promise<Program | undefined>>();
  private subscription: Subscription | undefined;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onModuleInit(): Promise<void> {
    const head = await this.store.headPosition();
    this.subscription = this.store.subscribeToAll({ fromPosition: head ?? 'start' }, async (events) => this.forget(events));
    // The follower ends only when stopped, or when the store fails it: then caching stops, reads go to the store.
    this.subscription.finished.then(
      () => this.stopCaching(),
      () => this.stopCaching(),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscription?.stop();
  }

  async resolve(code: string): Promise<{ owner: CodeOwner; program: Program } | undefined> {
    const owner = await this.cached(this.owners, normaliseCode(code), () => findCodeOwner(this.store, code));
    const program = owner && (await this.cached(this.programs, owner.programId, () => findProgram(this.store, owner.programId)));
    return owner && program ? { owner, program } : undefined;
  }

  private cached<T>(entries: Map<string, Promise<T>>, key: string, read: () => Promise<T>): Promise<T> {
    if (!this.subscription) return read();
    const known = entries.get(key);
    if (known) return known;
    if (entries.size >= MAX_ENTRIES) entries.clear();
    const reading = read();
    entries.set(key, reading);
    reading.catch(() => entries.delete(key));
    return reading;
  }

  private forget(events: readonly RecordedEvent[]): void {
    for (const { streamName: stream } of events) {
      if (stream.startsWith(knownProgramStream(''))) this.programs.delete(aggregateIdOf(stream));
      else if (stream.startsWith(codeStream(''))) this.owners.delete(aggregateIdOf(stream));
    }
  }

  private stopCaching(): void {
    this.subscription = undefined;
    this.owners.clear();
    this.programs.clear();
  }
}
