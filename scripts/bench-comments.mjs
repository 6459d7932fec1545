// The comments server under load, on loopback (`npm run bench`, or alone with
// `node scripts/bench.mjs --comments-only`): 50 concurrent clients send 2 000 comments (each:
// fetch a proof-of-work challenge, solve it, POST the comment with its idempotency key);
// prints throughput, p95 latency and the number stored, which must equal the number
// acknowledged — nothing lost, nothing twice — on the embedded engine and on PostgreSQL
// (a throwaway Debian server, scripts/postgres.mjs). Then the same run with the server killed
// (SIGKILL) half-way and restarted: clients retry with the same key until acknowledged, and no
// acknowledged comment may be missing.
//   node scripts/bench-comments.mjs [--clients 50] [--comments 2000] [--no-build]
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { startPostgres, postgresBin } from './postgres.mjs';
import { freePort, startServer, loadServer, verify } from './comments-load.mjs';

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))];
};

async function engineSetup(engine) {
  if (engine === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'bench-pglite-'));
    return {
      env: { DATA_DIR: dir, DATABASE_URL: '' },
      async query(sql) {
        const db = await PGlite.create(dir);
        try {
          return (await db.query(sql)).rows;
        } finally {
          await db.close();
        }
      },
      cleanup: () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const server = await startPostgres();
  return {
    env: { DATABASE_URL: server.url },
    async query(sql) {
      const c = new pg.Client({ connectionString: server.url });
      await c.connect();
      try {
        return (await c.query(sql)).rows;
      } finally {
        await c.end();
      }
    },
    cleanup: () => server.stop(),
  };
}

const line = (label, r, v) =>
  console.log(
    `  ${label.padEnd(36)} ${(r.acked.size / r.seconds).toFixed(0).padStart(5)} comments/s   p95 ${pct(r.latencies, 0.95).toFixed(0).padStart(5)} ms   median ${pct(r.latencies, 0.5).toFixed(0).padStart(4)} ms   acknowledged ${r.acked.size}   stored ${v.stored}   ${v.stored === r.acked.size && v.missing === 0 && v.dupKeys === 0 ? 'OK' : `LOST ${v.missing}, TWICE ${v.dupKeys}`}${r.retries ? `   (retries ${r.retries})` : ''}`,
  );

export async function benchComments(args = []) {
  const opt = (name, d) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : d);
  const clients = opt('--clients', 50);
  const total = opt('--comments', 2000);
  if (!args.includes('--no-build') || !existsSync('dist-server/main.mjs')) await build({ configFile: 'vite.server.config.ts', logLevel: 'warn' });
  const engines = ['pglite', ...(postgresBin() || process.env.DATABASE_URL ? ['postgres'] : [])];
  console.log(`\nComments server on loopback: ${clients} concurrent clients, ${total} comments (challenge + solve + POST each; proof-of-work cost kept tiny so the server is measured)`);
  if (engines.length === 1) console.log('  (PostgreSQL not installed: bash scripts/ensure-postgres.sh — embedded engine only)');
  const common = { HOST: '127.0.0.1', POW_MIN: '5', POW_MAX: '20', RATE_COMMENTS: '1000000000', PURGE_EVERY_MS: '3600000' };
  for (const engine of engines) {
    for (const crash of [false, true]) {
      const setup = await engineSetup(engine);
      try {
        const port = String(await freePort());
        const r = await loadServer(() => startServer({ ...common, ...setup.env, PORT: port }), { clients, total, crashAt: crash ? total / 2 : Infinity });
        const v = await verify(setup.query, r.acked);
        line(`${engine === 'pglite' ? 'embedded (PGlite)' : 'PostgreSQL 15'}${crash ? ', killed at half' : ''}`, r, v);
      } finally {
        setup.cleanup();
      }
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchComments(process.argv.slice(2));
