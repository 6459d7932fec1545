// Comments sent to the real API server as browsers send them (a proof-of-work challenge, its
// solution, the POST with an idempotency key; retried with the same key until acknowledged),
// and the check that every acknowledged comment is stored exactly once. Used by the load bench
// (scripts/bench-comments.mjs) and by the test that kills the server mid-request
// (test/server/killed.test.ts).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { randomUUID } from 'node:crypto';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';

const POINTS = [
  [112.17806, 37.2025], // 平遥古城
  [112.55, 37.87], // 太原
  [112.74, 37.69], // 榆次
  [112.73, 38.41], // 忻州
  [111.14, 37.52], // 离石
  [113.58, 37.86], // 阳泉
  [113.59, 39.01], // 五台山
];

export const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });

export function startServer(env, entry = 'dist-server/main.mjs') {
  const child = spawn(process.execPath, [entry], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
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

/**
 * Sends `total` comments from `clients` concurrent clients. A comment is retried (same key, new
 * challenge) on a network error or a 5xx until acknowledged; `onAck(n)` sees the running count.
 */
export async function load(getUrl, { clients, total, onAck = () => undefined }) {
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
export async function verify(query, acked) {
  const rows = await query('SELECT receipt, idempotency_key::text AS key FROM comments');
  const byKey = new Map(rows.map((r) => [r.key, r.receipt]));
  const missing = [...acked].filter(([k, receipt]) => byKey.get(k) !== receipt).length;
  const dupKeys = rows.length - byKey.size;
  return { stored: rows.length, missing, dupKeys };
}

/**
 * `load` against a server from `start()` (a `startServer`); with `crashAt`, the process is killed
 * (SIGKILL, no goodbye) when that many comments are acknowledged and a new one is started on the
 * same port and database while the clients retry. The last server is stopped at the end.
 */
export async function loadServer(start, { clients, total, crashAt = Infinity }) {
  let srv = start();
  await srv.ready;
  let killed = false;
  const r = await load(() => srv.url, {
    clients,
    total,
    onAck: (n) => {
      if (killed || n < crashAt) return;
      killed = true;
      srv.child.kill('SIGKILL');
      void srv.stopped.then(() => {
        srv = start();
        srv.ready.catch(() => undefined); // the clients' retries wait for it either way
      });
    },
  });
  srv.child.kill('SIGTERM');
  await srv.stopped;
  return r;
}
