/**
 * Server secrets (the proof-of-work HMAC key, the salt of client hashes) live in the database:
 * the first process to start makes them, every other process behind the same load balancer
 * reads the same ones.
 */
import { randomBytes } from 'node:crypto';
import type { Queryable } from './db/db.ts';

export async function secret(db: Queryable, name: string): Promise<string> {
  await db.query('INSERT INTO server_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, randomBytes(32).toString('base64url')]);
  const [row] = await db.query<{ value: string }>('SELECT value FROM server_secrets WHERE name = $1', [name]);
  return row.value;
}
