import type { Pool, PoolClient } from 'pg';

/** Statements and transactions a pool ran since it was created: what a referral costs the database. */
export interface PoolActivity {
  statements: number;
  /** Explicit transactions (BEGIN) plus statements run on their own (each its own implicit transaction). */
  transactions: number;
}

const activities = new WeakMap<Pool, PoolActivity>();

/** The activity counted for a pool made by `createPool` (zeros for any other). */
export function activityOf(pool: Pool): PoolActivity {
  return activities.get(pool) ?? { statements: 0, transactions: 0 };
}

/** Counts every query of the pool's connections, pool.query included (it goes through a client). */
export function countActivity(pool: Pool): void {
  const activity: PoolActivity = { statements: 0, transactions: 0 };
  activities.set(pool, activity);
  pool.on('connect', (client: PoolClient) => {
    let inTransaction = false;
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const first = args[0];
      const text = typeof first === 'string' ? first : typeof first === 'object' && first !== null && 'text' in first ? String(first.text) : '';
      const keyword = text.trimStart().slice(0, 8).toUpperCase();
      activity.statements++;
      if (keyword.startsWith('BEGIN')) {
        inTransaction = true;
        activity.transactions++;
      } else if (keyword.startsWith('COMMIT') || keyword.startsWith('ROLLBACK')) {
        inTransaction = false;
      } else if (!inTransaction) {
        activity.transactions++;
      }
      return query(...args);
    };
  });
}
