/**
 * Office sessions, kept in the database (any API process can answer): a random token in an
 * HttpOnly, SameSite=Strict cookie (Secure behind TLS), stored only as its SHA-256; a CSRF token
 * per session that every state-changing request repeats in X-CSRF-Token; requests from another
 * origin (Origin / Sec-Fetch-Site) are refused before anything else.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Queryable } from '../db/db.ts';

export const COOKIE = 'office_session';
export const SESSION_HOURS = 8;

export interface OfficeUser {
  id: number;
  username: string;
  displayName: string | null;
  csrf: string;
}

const sha = (s: string) => createHash('sha256').update(s).digest('base64url');

export async function createSession(db: Queryable, userId: number): Promise<{ token: string; csrf: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  await db.query(
    `INSERT INTO office_sessions (token_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, now() + make_interval(hours => $4))`,
    [sha(token), userId, csrf, SESSION_HOURS],
  );
  return { token, csrf };
}

export async function sessionUser(db: Queryable, token: string | undefined): Promise<OfficeUser | null> {
  if (!token || token.length > 100) return null;
  const [row] = await db.query<{ id: number; username: string; display_name: string | null; csrf_token: string }>(
    `SELECT u.id, u.username, u.display_name, s.csrf_token FROM office_sessions s JOIN office_users u ON u.id = s.user_id
     WHERE s.token_hash = $1 AND s.expires_at > now() AND NOT u.disabled`,
    [sha(token)],
  );
  return row ? { id: row.id, username: row.username, displayName: row.display_name, csrf: row.csrf_token } : null;
}

export async function endSession(db: Queryable, token: string | undefined) {
  if (token) await db.query('DELETE FROM office_sessions WHERE token_hash = $1', [sha(token)]);
}

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean) {
  reply.setCookie(COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure, maxAge: SESSION_HOURS * 3600 });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean) {
  reply.clearCookie(COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure });
}

/** True when the request comes from a page of another origin (checked on every office write and the sign-in). */
export function crossOrigin(req: FastifyRequest): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site && site !== 'same-origin' && site !== 'none') return true;
  const origin = req.headers.origin;
  if (!origin) return false;
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}

export function csrfMatches(req: FastifyRequest, user: OfficeUser): boolean {
  const sent = req.headers['x-csrf-token'];
  if (typeof sent !== 'string' || sent.length !== user.csrf.length) return false;
  return timingSafeEqual(Buffer.from(sent), Buffer.from(user.csrf));
}

export async function sweepSessions(db: Queryable) {
  await db.query('DELETE FROM office_sessions WHERE expires_at < now()');
}
