import type { PoolClient } from 'pg';
import { entityTable, type EntityClass } from '@referral-ledger/postgres';

/** How a column takes a new value: added to what it holds, the earlier or later of two instants, or the newest given. */
export type Combine = 'sum' | 'least' | 'greatest' | 'latest';

interface UpsertColumn {
  name: string;
  /** Its Postgres type, for `unnest`. */
  type: string;
  combine: Combine;
}

type Value = number | string | boolean | null;

const combined = (combine: Combine, old: Value, given: Value): Value => {
  if (given === null) return old;
  if (old === null) return given;
  switch (combine) {
    case 'sum': {
      // Exact beyond 2^53: money sums stay integers, handed to Postgres as text when a number would round.
      const total = BigInt(old) + BigInt(given);
      return Number.isSafeInteger(Number(total)) ? Number(total) : total.toString();
    }
    case 'least':
      return given < old ? given : old;
    case 'greatest':
      return given > old ? given : old;
    case 'latest':
      return given;
  }
};

const merged = (table: string, { name, combine }: UpsertColumn) => {
  const old = `${table}.${name}`;
  switch (combine) {
    case 'sum':
      return `${name} = ${old} + EXCLUDED.${name}`;
    case 'least':
      return `${name} = least(${old}, EXCLUDED.${name})`;
    case 'greatest':
      return `${name} = greatest(${old}, EXCLUDED.${name})`;
    case 'latest':
      return `${name} = coalesce(EXCLUDED.${name}, ${old})`;
  }
};

/**
 * A batch's changes to one entity's table, rows keyed by its primary columns (in their declared order): combined per
 * row in memory, then written in one `INSERT … ON CONFLICT DO UPDATE`, whatever the batch size. Sums start at 0;
 * other columns at null. Table, keys and column types come from the entity; only how each column combines is given.
 */
export class Upserts {
  private readonly rows = new Map<string, { key: Value[]; values: Value[] }>();
  private readonly table: string;
  private readonly keys: ReadonlyArray<{ name: string; type: string }>;
  private readonly columns: readonly UpsertColumn[];

  constructor(entity: EntityClass, combines: Readonly<Record<string, Combine>>) {
    const { path, columns } = entityTable(entity);
    this.table = path;
    this.keys = columns.filter((column) => column.primary);
    this.columns = Object.entries(combines).map(([name, combine]) => {
      const column = columns.find((declared) => declared.name === name && !declared.primary);
      if (!column) throw new Error(`${path} has no column ${name} to upsert`);
      return { name, type: column.type, combine };
    });
  }

  add(key: readonly Value[], values: Readonly<Record<string, Value>>): void {
    const id = JSON.stringify(key);
    const row = this.rows.get(id) ?? { key: [...key], values: this.columns.map((column) => (column.combine === 'sum' ? 0 : null)) };
    this.columns.forEach((column, i) => {
      if (column.name in values) row.values[i] = combined(column.combine, row.values[i], values[column.name]);
    });
    this.rows.set(id, row);
  }

  async write(client: PoolClient): Promise<void> {
    if (this.rows.size === 0) return;
    const rows = [...this.rows.values()];
    const all = [...this.keys, ...this.columns];
    await client.query(
      `INSERT INTO ${this.table} (${all.map((c) => c.name).join(', ')})
       SELECT * FROM unnest(${all.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ')})
       ON CONFLICT (${this.keys.map((k) => k.name).join(', ')}) DO UPDATE SET ${this.columns.map((c) => merged(this.table, c)).join(', ')}`,
      [...this.keys.map((_, i) => rows.map((row) => row.key[i])), ...this.columns.map((_, i) => rows.map((row) => row.values[i]))],
    );
  }
}
