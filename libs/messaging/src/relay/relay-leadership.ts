import { Client, type Pool } from 'pg';

export interface RelayLease {
  /** Settles when the lease is lost (its connection died): the holder must stop relaying. */
  readonly lost: Promise<void>;
  release(): Promise<void>;
}

/** At most one replica relays a given name at a time; the others wait for its lease. */
export interface RelayLeadership {
  /** Waits until this process holds the lease, or returns undefined once `cancelled()` says to give up. */
  acquire(relay: string, cancelled: () => boolean): Promise<RelayLease | undefined>;
}

/**
 * A session-level Postgres advisory lock on its own connection: held while the connection lives, freed
 * by Postgres the moment the holder dies, so a standby replica takes over without any timeout to tune.
 */
export class PostgresRelayLeadership implements RelayLeadership {
  constructor(
    private readonly pool: Pool,
    private readonly retryMs = 2_000,
  ) {}

  async acquire(relay: string, cancelled: () => boolean): Promise<RelayLease | undefined> {
    const client = new Client(this.pool.options);
    const lost = new Promise<void>((resolve) => {
      client.on('error', () => resolve());
      client.on('end', () => resolve());
    });
    await client.connect();
    while (!cancelled()) {
      const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked`, [`relay:${relay}`]);
      if (rows[0].locked) return { lost, release: () => client.end() };
      await new Promise((resolve) => setTimeout(resolve, this.retryMs));
    }
    await client.end();
    return undefined;
  }
}
