/**
 * Self-hosted proof of work (ALTCHA v2, altcha-lib; no third-party CAPTCHA service). The server
 * picks a secret counter and sends the key it derives; the browser counts up to it (SHA-256),
 * which costs it a second or two and the server one hash. A solved challenge is spent once:
 * its hash goes into pow_spent (shared by every API process) until it expires.
 */
import { createHash } from 'node:crypto';
import { createChallenge, randomInt, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import type { Queryable } from './db/db.ts';

export const POW_ALGORITHM = 'SHA-256';
const TTL_SECONDS = 20 * 60;

export async function newChallenge(hmacSecret: string, min: number, max: number) {
  return createChallenge({
    algorithm: POW_ALGORITHM,
    cost: 1,
    counter: randomInt(min, max),
    deriveKey,
    hmacSignatureSecret: hmacSecret,
    expiresAt: Math.floor(Date.now() / 1000) + TTL_SECONDS,
  });
}

export type PowCheck = 'ok' | 'invalid' | 'expired' | 'spent';

export async function spendSolution(db: Queryable, hmacSecret: string, payload: { challenge: unknown; solution: unknown }): Promise<PowCheck> {
  let result;
  try {
    result = await verifySolution({
      challenge: payload.challenge as never,
      solution: payload.solution as never,
      deriveKey,
      hmacSignatureSecret: hmacSecret,
    });
  } catch {
    return 'invalid';
  }
  if (result.expired) return 'expired';
  if (!result.verified) return 'invalid';
  const key = createHash('sha256').update(JSON.stringify(payload.challenge)).digest('base64url');
  const rows = await db.query(
    `INSERT INTO pow_spent (challenge_hash, expires_at) VALUES ($1, now() + make_interval(secs => $2))
     ON CONFLICT (challenge_hash) DO NOTHING RETURNING 1`,
    [key, TTL_SECONDS],
  );
  return rows.length ? 'ok' : 'spent';
}

export async function sweepSpent(db: Queryable) {
  await db.query('DELETE FROM pow_spent WHERE expires_at < now()');
}
