import type { PoolClient } from 'pg';
import type { EventGuard, UntypedEvent } from '@referral-ledger/decider';
import type { EventMetadata } from '@referral-ledger/event-store';
import { entityTable, type EntityClass, type MigrationClass, type MigrationSet } from '@referral-ledger/postgres';

/**
 * An event as a projection receives it: from the store or from a topic, with the time it happened (the CloudEvent
 * `time`); from its own store (a projection without `topics`) also with the stream it was stored in.
 */
export type Projected<E extends UntypedEvent> = E & { metadata: Pick<EventMetadata, 'occurredAt'>; streamName?: string };

/** A read model kept in Postgres tables, derived only from events, so it can be dropped and replayed. */
export interface Projection<E extends UntypedEvent = UntypedEvent> {
  /** Names the checkpoint; change it only together with a rebuild. */
  name: string;
  /** TypeORM migrations of the projection's tables, applied before it starts (see `projectionSchema`). */
  migrations: readonly MigrationClass[];
  /** The TypeORM entities of the tables it owns: what the read side queries, and what a rebuild empties. */
  entities: readonly EntityClass[];
  /** The events it reads (a batch with none of them costs no transaction), typed by their union. */
  canHandle: EventGuard<E>;
  /**
   * Fed by these public topics instead of its own service's store: for read models of other services' events,
   * which live in their databases. Undefined: the service's own store.
   */
  topics?: readonly string[];
  /** Applies one batch inside the transaction that also moves the checkpoint (or records the messages handled). */
  handle(events: readonly Projected<E>[], client: PoolClient): Promise<void>;
  /** Called after a transaction that applied some of its events committed: to wake what acts on the tables' new rows. */
  committed?(): void;
}

/** A projection's migrations as one module's, for `migrate`. */
export const projectionSchema = (projection: Projection): MigrationSet => ({ owner: `projection:${projection.name}`, migrations: projection.migrations });

/** The fully qualified tables of a projection's entities, from their `@Entity` declarations. */
export const tablesOf = (projection: Projection): string[] => projection.entities.map((entity) => entityTable(entity).path);
