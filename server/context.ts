/** What every route module is given: the database, the settings and the shared helpers. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from './db/db.ts';
import type { ServerConfig } from './config.ts';
import type { Placer } from './comments/place.ts';
import { hit, type Limit } from './rateLimit.ts';

export interface Ctx {
  db: Db;
  config: ServerConfig;
  placer: Placer;
  powSecret: string;
  /** the salted hash of the request's client address */
  clientOf(req: FastifyRequest): string;
}

export interface ApiError {
  error: string;
  message: { zh: string; en: string };
}

export function fail(reply: FastifyReply, code: number, error: string, zh: string, en: string) {
  return reply.code(code).send({ error, message: { zh, en } } satisfies ApiError);
}

/** Counts the hit; answers 429 (with Retry-After) and returns false past the limit. */
export async function limited(ctx: Ctx, req: FastifyRequest, reply: FastifyReply, limit: Limit): Promise<boolean> {
  const r = await hit(ctx.db, limit, ctx.clientOf(req));
  if (r.ok) return false;
  reply.header('retry-after', String(r.retryAfter));
  fail(reply, 429, 'rate-limited', `提交过于频繁，请 ${Math.ceil(r.retryAfter / 60)} 分钟后再试。`, `Too many requests: try again in ${Math.ceil(r.retryAfter / 60)} min.`);
  return true;
}
