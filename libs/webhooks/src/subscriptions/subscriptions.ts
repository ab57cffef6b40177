import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';

export interface Subscription {
  id: string;
  url: string;
  types: string[];
  createdAt: string;
}

/** Who wants which outbound events, at which URL, signed with which secret (never shown again once registered). */
export class Subscriptions {
  constructor(private readonly pool: Pool) {}

  async register(url: string, types: readonly string[], secret: string, at: Date): Promise<Subscription> {
    const id = randomUUID();
    await this.pool.query('INSERT INTO webhooks.subscriptions (id, url, types, secret, created_at) VALUES ($1, $2, $3, $4, $5)', [id, url, types, secret, at]);
    return { id, url, types: [...types], createdAt: at.toISOString() };
  }

  async find(id: string): Promise<Subscription | undefined> {
    const { rows } = await this.pool.query<{ id: string; url: string; types: string[]; created_at: Date }>(
      'SELECT id, url, types, created_at FROM webhooks.subscriptions WHERE id = $1',
      [id],
    );
    return rows.map((row) => ({ id: row.id, url: row.url, types: row.types, createdAt: row.created_at.toISOString() }))[0];
  }

  async list(): Promise<Subscription[]> {
    const { rows } = await this.pool.query<{ id: string; url: string; types: string[]; created_at: Date }>(
      'SELECT id, url, types, created_at FROM webhooks.subscriptions ORDER BY created_at, id',
    );
    return rows.map((row) => ({ id: row.id, url: row.url, types: row.types, createdAt: row.created_at.toISOString() }));
  }
}
