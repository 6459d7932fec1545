/** PostgreSQL through node-postgres: a pool per API process; the API itself keeps no state. */
import pg from 'pg';
import type { Db, Queryable } from './db.ts';

export async function openPostgres(url: string, max: number): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max });
  // an idle client that loses its server (restart, failover) must not crash the process
  pool.on('error', (e) => console.error('postgres pool:', e.message));
  await pool.query('SELECT 1');
  const q = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      return (await c.query(sql, params as unknown[])).rows as T[];
    },
  });
  return {
    engine: 'postgres',
    ...q(pool),
    async tx(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const r = await fn(q(client));
        await client.query('COMMIT');
        return r;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}
