/**
 * Nothing acknowledged is lost when the API process is killed mid-request. The real server
 * (server/main.ts, built here as `npm start` builds it) on each engine: 8 clients send 80
 * comments as browsers do (scripts/comments-load.mjs: challenge, solution, POST with an
 * idempotency key, the same key again after a failure); at the 40th acknowledgement the process
 * is killed with SIGKILL while the others are in flight and a new one starts on the same
 * database. Then every acknowledged receipt is stored, and stored once.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { freePort, startServer, loadServer, verify } from '../../scripts/comments-load.mjs';
import { openDatabase } from '../../server/db/db.ts';
import { ENGINES, pgAvailable, freshPostgresUrl } from './harness.ts';

// inside the project, so the bundle's external packages resolve from its node_modules
const SERVER_DIR = resolve('node_modules/.cache/killed-test-server');
let tmp: string;

beforeAll(async () => {
  await build({ configFile: resolve('vite.server.config.ts'), logLevel: 'error', build: { outDir: SERVER_DIR } });
  tmp = mkdtempSync(join(tmpdir(), 'killed-'));
  writeFileSync(join(tmp, 'index.html'), '<!doctype html><title>API only</title>'); // the server wants a built app to serve
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.each(ENGINES)('the API process killed mid-request, on %s', (engine) => {
  const skip = engine === 'postgres' && !pgAvailable();

  it.skipIf(skip)('every comment it acknowledged is stored once after the restart; the cut-off ones are sent again', async () => {
    const db: Record<string, string> =
      engine === 'pglite' ? { DATA_DIR: mkdtempSync(join(tmp, 'pglite-')), DATABASE_URL: '' } : { DATABASE_URL: await freshPostgresUrl() };
    const env = { ...db, HOST: '127.0.0.1', PORT: String(await freePort()), STATIC_DIR: tmp, POW_MIN: '5', POW_MAX: '20', RATE_COMMENTS: '1000000000' };
    const r = await loadServer(() => startServer(env, join(SERVER_DIR, 'main.mjs')), { clients: 8, total: 80, crashAt: 40 });
    expect(r.acked.size).toBe(80);
    expect(r.retries).toBeGreaterThan(0); // requests were cut off by the kill and sent again

    const stored = await openDatabase(engine === 'pglite' ? { dataDir: db.DATA_DIR } : { url: db.DATABASE_URL });
    try {
      const v = await verify((sql: string) => stored.query(sql), r.acked);
      expect(v).toEqual({ stored: 80, missing: 0, dupKeys: 0 });
    } finally {
      await stored.close();
    }
  });
});
