/**
 * Fixed-window rate limits kept in the database, so every API process counts the same hits:
 * one upsert per request returns the hits of the current window.
 */
import type { Queryable } from './db/db.ts';

export interface Limit {
  /** what is limited ('comment', 'challenge', 'login' …) */
  name: string;
  max: number;
  windowSeconds: number;
}

/** Counts a hit; true while the client is within the limit. */
export async function hit(db: Queryable, limit: Limit, client: string, now = Date.now()): Promise<{ ok: boolean; retryAfter: number }> {
  const windowMs = limit.windowSeconds * 1000;
  const start = Math.floor(now / windowMs) * windowMs;
  const [row] = await db.query<{ hits: number }>(
    `INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1)
     ON CONFLICT (bucket) DO UPDATE SET
       hits = CASE WHEN rate_limits.window_start = EXCLUDED.window_start THEN rate_limits.hits + 1 ELSE 1 END,
       window_start = EXCLUDED.window_start
     RETURNING hits`,
    [`${limit.name}:${client}`, new Date(start)],
  );
  return { ok: row.hits <= limit.max, retryAfter: Math.ceil((start + windowMs - now) / 1000) };
}

/** Drops windows that have ended (run with the retention purge). */
export async function sweepRateLimits(db: Queryable, olderThanSeconds = 86_400) {
  await db.query(`DELETE FROM rate_limits WHERE window_start < now() - make_interval(secs => $1)`, [olderThanSeconds]);
}
