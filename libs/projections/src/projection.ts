import type { PoolClient } from 'pg';
import type { EventGuard, UntypedEvent } from '@referral-ledger/decider';
import type { RecordedEvent } from '@referral-ledger/event-store';
import type { Migration } from '@referral-ledger/postgres';

/** A read model kept in Postgres tables, derived only from events, so it can be dropped and replayed. */
export interface Projection<E extends UntypedEvent = UntypedEvent> {
  /** Names the checkpoint; change it only together with a rebuild. */
  name: string;
  /** Schema of the projection's tables, applied before it starts. */
  migrations: readonly Migration[];
  /** Fully qualified tables the projection owns: emptied by a rebuild. */
  tables: readonly string[];
  /** The events it reads (a batch with none of them costs no transaction), typed by their union. */
  canHandle: EventGuard<E>;
  /** Applies one batch inside the transaction that also moves the checkpoint. */
  handle(events: ReadonlyArray<RecordedEvent & E>, client: PoolClient): Promise<void>;
}
