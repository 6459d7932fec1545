// The comments server under load, on loopback (`npm run bench`, or alone with
// `node scripts/bench.mjs --comments-only`): 50 concurrent clients send 2 000 comments (each:
// fetch a proof-of-work challenge, solve it, POST the comment with its idempotency key);
// prints throughput, p95 latency and the number stored, which must equal the number
// acknowledged — nothing lost, nothing twice — on the embedded engine and on PostgreSQL
// (a throwaway Debian server, scripts/postgres.mjs). Then the same run with the server killed
// (SIGKILL) half-way and restarted: clients retry with the same key until acknowledged, and no
// acknowledged comment may be missing.
//   node scripts/bench-comments.mjs [--clients 50] [--comments 2000] [--no-build]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { build } from 'vite';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { startPostgres, postgresBin } from './postgres.mjs';

const POINTS = [
  [112.17806, 37.2025], // 平遥古城
  [112.55, 37.87], // 太原
  [112.74, 37.69], // 榆次
  [112.73, 38.41], // 忻州
  [111.14, 37.52], // 离石
  [113.58, 37.86], // 阳泉
  [113.59, 39.01], // 五台山
];

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });

function startServer(env) {
  const child = spawn('node', ['dist-server/main.mjs'], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${env.PORT}/`;
  const ready = (async () => {
    for (;;) {
      if (child.exitCode !== null) throw new Error('server exited while starting');
      try {
        if ((await fetch(`${url}api/config`)).ok) return;
      } catch {
        /* not yet */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return { child, url, ready, stopped: new Promise((r) => child.once('exit', r)) };
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))];
};

/**
 * Sends `total` comments from `clients` concurrent clients. A comment is retried (same key, new
 * challenge) on a network error or a 5xx until acknowledged; `onAck(n)` sees the running count.
 */
async function load(getUrl, { clients, total, onAck = () => undefined }) {
  const acked = new Map(); // key → receipt
  const latencies = [];
  let next = 0;
  let retries = 0;
  const t0 = performance.now();
  async function one(i) {
    const key = randomUUID();
    const [lon, lat] = POINTS[i % POINTS.length];
    const body = { idempotencyKey: key, kind: i % 3 ? 'opinion' : 'report', text: `负载测试意见 ${i}`, lang: 'zh', target: { kind: 'point', lon, lat } };
    for (;;) {
      const start = performance.now();
      try {
        const url = getUrl();
        const challenge = await (await fetch(`${url}api/comments/challenge`)).json();
        const solution = await solveChallenge({ challenge, deriveKey });
        const r = await fetch(`${url}api/comments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...body, pow: { challenge, solution } }) });
        if (r.status === 201 || r.status === 200) {
          const { receipt } = await r.json();
          latencies.push(performance.now() - start);
          acked.set(key, receipt);
          onAck(acked.size);
          return;
        }
        if (r.status < 500) throw new Error(`refused: ${r.status} ${await r.text()}`);
      } catch (e) {
        if (String(e.message).startsWith('refused')) throw e;
      }
      retries++;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < total) await one(next++);
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { acked, seconds, latencies, retries };
}

/** Rows stored, and whether every acknowledged receipt is among them exactly once. */
async function verify(query, acked) {
  const rows = await query('SELECT receipt, idempotency_key::text AS key FROM comments');
  const byKey = new Map(rows.map((r) => [r.key, r.receipt]));
  const missing = [...acked].filter(([k, receipt]) => byKey.get(k) !== receipt).length;
  const dupKeys = rows.length - byKey.size;
  return { stored: rows.length, missing, dupKeys };
}

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
        let srv = startServer({ ...common, ...setup.env, PORT: port });
        await srv.ready;
        let killed = false;
        const r = await load(() => srv.url, {
          clients,
          total,
          onAck: (n) => {
            if (!crash || killed || n < total / 2) return;
            killed = true;
            // a crash half-way: no goodbye, then a new process on the same port and database
            srv.child.kill('SIGKILL');
            void srv.stopped.then(() => {
              srv = startServer({ ...common, ...setup.env, PORT: port });
            });
          },
        });
        srv.child.kill('SIGTERM');
        await srv.stopped;
        const v = await verify(setup.query, r.acked);
        line(`${engine === 'pglite' ? 'embedded (PGlite)' : 'PostgreSQL 15'}${crash ? ', killed at half' : ''}`, r, v);
      } finally {
        setup.cleanup();
      }
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchComments(process.argv.slice(2));
