/**
 * Versioned migrations: server/migrations/NNNN_name.sql, applied in order, each once, each in its
 * own transaction, recorded in schema_migrations. An advisory lock lets several API processes start
 * at once against one PostgreSQL: one migrates, the others wait and find nothing left to do.
 */
import type { Db } from './db.ts';

const files = import.meta.glob('../migrations/*.sql', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = Object.entries(files)
  .map(([path, sql]) => {
    const m = /\/(\d{4})_([\w-]+)\.sql$/.exec(path);
    if (!m) throw new Error(`migration file name must be NNNN_name.sql: ${path}`);
    return { version: Number(m[1]), name: m[2], sql };
  })
  .sort((a, b) => a.version - b.version);

const LOCK = 20_2035; // any constant shared by every process of this app

export async function migrate(db: Db): Promise<number[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    const done = await db.tx(async (q) => {
      await q.query('SELECT pg_advisory_xact_lock($1)', [LOCK]);
      const seen = await q.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
      if (seen.length) return false;
      // statements one by one: the extended protocol (pg with no params still) takes one per call
      for (const stmt of splitSql(m.sql)) await q.query(stmt);
      await q.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      return true;
    });
    if (done) applied.push(m.version);
  }
  return applied;
}

/** Statements of a migration file, split at semicolons that end a line (no $$ bodies in ours). */
export function splitSql(sql: string): string[] {
  return sql
    .replace(/--.*$/gm, '')
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter(Boolean);
}
