/**
 * Personal data is kept for the retention period (RETENTION_DAYS, 180 by default) and then
 * deleted by the server itself: a comment's contact and its client hash go; the comment, its
 * place and the office's answer stay. The same pass drops expired sessions, spent challenges
 * and old rate-limit windows.
 */
import type { Queryable } from './db/db.ts';
import { sweepRateLimits } from './rateLimit.ts';
import { sweepSpent } from './pow.ts';
import { sweepSessions } from './office/session.ts';

export async function purge(db: Queryable, retentionDays: number): Promise<number> {
  const rows = await db.query(
    `UPDATE comments SET contact = NULL, client_hash = NULL, personal_data_purged_at = now()
     WHERE personal_data_purged_at IS NULL AND created_at < now() - make_interval(days => $1) RETURNING id`,
    [retentionDays],
  );
  await sweepRateLimits(db);
  await sweepSpent(db);
  await sweepSessions(db);
  return rows.length;
}
