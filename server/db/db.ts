/**
 * One small database interface over the two engines the server runs on: PostgreSQL through `pg`
 * (DATABASE_URL set) and PGlite, Postgres compiled to WebAssembly, in-process with its files in a
 * data folder (the default). The same SQL runs on both: `$1` parameters, jsonb, text[], ON CONFLICT.
 * Results keep to types both drivers return alike (int4, text, jsonb, timestamptz → Date);
 * counts are cast to int in SQL.
 */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Db extends Queryable {
  readonly engine: 'pglite' | 'postgres';
  /** Runs fn in one transaction (BEGIN … COMMIT; ROLLBACK and rethrow on error). */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /** Several statements in one string, no parameters (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export interface DbOptions {
  /** postgres://… — a real PostgreSQL server; otherwise the embedded engine */
  url?: string;
  /** the embedded engine's data folder; omitted = in memory (tests) */
  dataDir?: string;
  /** connections per API process (PostgreSQL only) */
  poolSize?: number;
}

export async function openDatabase(opts: DbOptions): Promise<Db> {
  if (opts.url) {
    const { openPostgres } = await import('./postgres.ts');
    return openPostgres(opts.url, opts.poolSize ?? 10);
  }
  const { openPglite } = await import('./pglite.ts');
  return openPglite(opts.dataDir);
}
