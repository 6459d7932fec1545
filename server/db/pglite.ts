/**
 * The embedded engine: PGlite (Postgres 17 in WebAssembly) in this process, its files in a data
 * folder. One process owns the folder; for several API processes use PostgreSQL (DATABASE_URL).
 */
import { PGlite } from '@electric-sql/pglite';
import { mkdirSync } from 'node:fs';
import type { Db, Queryable } from './db.ts';

export async function openPglite(dataDir?: string): Promise<Db> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // relaxedDurability off (the default): a commit is on disk before the API answers
  const db = await PGlite.create(dataDir, { relaxedDurability: false });
  const q = (c: Pick<PGlite, 'query'>): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      return (await c.query<T>(sql, params)).rows;
    },
  });
  return {
    engine: 'pglite',
    ...q(db),
    tx: (fn) => db.transaction((t) => fn(q(t))),
    async exec(sql) {
      await db.exec(sql);
    },
    close: () => db.close(),
  };
}
