import { randomBytes, randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { EVENT_STORE_MIGRATIONS, PostgresEventStore } from '@referral-ledger/event-store';
import { createPool, migrate } from '@referral-ledger/postgres';
import { anEvent, createTestDatabase, describeWith, type TestDatabase } from '@referral-ledger/testing';
import { DataKeys } from './data-keys';
import { ForgottenSubjectError, PiiCipher } from './pii-cipher';
import { PRIVACY_MIGRATIONS } from './schema';

describeWith(['postgres'], 'PII encryption with per-customer keys (crypto-shredding)', () => {
  let database: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;
  let cipher: PiiCipher;
  const masterKey = randomBytes(32);

  beforeAll(async () => {
    database = await createTestDatabase('privacy');
    pool = createPool(database.url);
    await migrate(pool, [EVENT_STORE_MIGRATIONS, PRIVACY_MIGRATIONS]);
    store = await PostgresEventStore.create(pool);
    cipher = new PiiCipher(new DataKeys(pool, masterKey));
  });
  afterAll(async () => {
    await store.close();
    await pool.end();
    await database.drop();
  });

  it('stores no plaintext, reads it back with the key, and makes it unreadable after forget while the stream still replays', async () => {
    const customerId = `customer-${randomUUID()}`;
    const email = await cipher.encrypt(customerId, 'ada@example.com');
    await store.appendToStream(`customer-${customerId}`, [anEvent('customer.signed_up', { customerId, email })], { expectedVersion: 'no_stream' });
    const { rows } = await pool.query(`SELECT data::text FROM event_store.events WHERE stream_name = $1`, [`customer-${customerId}`]);
    expect(rows[0].data).not.toContain('ada@example.com');

    const [stored] = await store.readStream(`customer-${customerId}`);
    expect(await cipher.decrypt(customerId, (stored.data as { email: string }).email)).toBe('ada@example.com');

    await new DataKeys(pool, masterKey).forget(customerId);
    const forgettingCipher = new PiiCipher(new DataKeys(pool, masterKey));
    const [replayed] = await store.readStream(`customer-${customerId}`);
    expect(replayed.id).toBe(stored.id);
    expect(await forgettingCipher.decrypt(customerId, (replayed.data as { email: string }).email)).toBeNull();
    await expect(forgettingCipher.encrypt(customerId, 'ada@example.com')).rejects.toBeInstanceOf(ForgottenSubjectError);
  });

  it('binds a ciphertext to its subject: it cannot be decrypted as someone else', async () => {
    const value = await cipher.encrypt('alice', 'alice@example.com');
    await cipher.encrypt('bob', 'bob@example.com');
    await expect(cipher.decrypt('bob', value)).rejects.toThrow();
  });

  it('refuses to unwrap keys with another master key', async () => {
    await cipher.encrypt('carol', 'carol@example.com');
    await expect(new DataKeys(pool, randomBytes(32)).existingKeyFor('carol')).rejects.toThrow();
  });

  it('creates the keys asked for together in one statement: one key per subject, none for a forgotten one', async () => {
    const [dana, erin, forgotten] = ['dana', 'erin', 'frank'].map((name) => `${name}-${randomUUID()}`);
    await new DataKeys(pool, masterKey).forget(forgotten);
    const keys = new DataKeys(pool, masterKey);
    const query = jest.spyOn(pool, 'query');
    const [first, again, other, none] = await Promise.all([keys.keyFor(dana), keys.keyFor(dana), keys.keyFor(erin), keys.keyFor(forgotten)]);
    expect(query).toHaveBeenCalledTimes(1);
    query.mockRestore();
    expect(first).toEqual(again);
    expect(other).not.toEqual(first);
    expect(none).toBeNull();
    expect(await new DataKeys(pool, masterKey).existingKeyFor(dana)).toEqual(first);
  });
});
