import { getMetadataArgsStorage } from 'typeorm';
import type { EntityClass } from './data-source';

/** A table as its `@Entity` declares it: what set-based SQL needs to write it without naming it twice. */
export interface EntityTable {
  /** Schema-qualified when the entity has a schema. */
  path: string;
  /** In declaration order; `type` is the Postgres type given to `@Column` / `@PrimaryColumn`. */
  columns: Array<{ name: string; type: string; primary: boolean }>;
}

export function entityTable(entity: EntityClass): EntityTable {
  const metadata = getMetadataArgsStorage();
  const table = metadata.tables.find((declared) => declared.target === entity);
  if (!table?.name) throw new Error(`${entity.name} is not an @Entity with a name`);
  return {
    path: table.schema ? `${table.schema}.${table.name}` : table.name,
    columns: metadata.columns
      .filter((column) => column.target === entity)
      .map((column) => {
        if (typeof column.options.type !== 'string') throw new Error(`${entity.name}.${column.propertyName} declares no Postgres type`);
        return { name: column.options.name ?? column.propertyName, type: column.options.type, primary: column.options.primary === true };
      }),
  };
}
