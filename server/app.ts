/**
 * The server: one Fastify app that answers the API (/api/…) and serves the built app and the
 * office page from dist/, so both share one origin and one strict Content-Security-Policy.
 * Stateless: everything it remembers (comments, sessions, rate limits, spent challenges,
 * secrets) is in the database, so several processes can run behind a load balancer.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import { contentSecurityPolicy } from '../scripts/csp.ts';
import type { Db } from './db/db.ts';
import type { ServerConfig } from './config.ts';
import { migrate } from './db/migrate.ts';
import { secret } from './secrets.ts';
import { clientHasher } from './clients.ts';
import { createPlacer, type Placer } from './comments/place.ts';
import { commentRoutes } from './comments/routes.ts';
import { officeRoutes } from './office/routes.ts';
import { serveStatic } from './static.ts';
import { purge } from './retention.ts';
import type { Ctx } from './context.ts';

export const CSP = contentSecurityPolicy();

let placerCache: Promise<Placer> | null = null;
let placerRoot = '';

export async function buildApp(config: ServerConfig, db: Db, opts: { logger?: boolean; serveApp?: boolean } = {}): Promise<FastifyInstance> {
  await migrate(db);
  if (!placerCache || placerRoot !== config.dataRoot) ((placerRoot = config.dataRoot), (placerCache = createPlacer(config.dataRoot)));
  const [placer, powSecret, clientSalt] = await Promise.all([placerCache, secret(db, 'pow-hmac'), secret(db, 'client-salt')]);
  const hashClient = clientHasher(clientSalt);

  const app = Fastify({
    logger: opts.logger ? { level: 'warn' } : false,
    // X-Forwarded-For is believed only from these proxies (none by default)
    trustProxy: config.trustProxy.length ? config.trustProxy : false,
    bodyLimit: 32 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  });
  await app.register(cookie);

  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    else reply.header('content-security-policy', CSP);
    if (req.url.startsWith('/office')) reply.header('x-frame-options', 'DENY');
    return payload;
  });

  app.setErrorHandler((err: { statusCode?: number; validation?: unknown; message: string; code?: string }, req, reply) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) req.log.error(err);
    const en = err.validation ? `Invalid request: ${err.message}` : status === 413 ? 'The request is too large.' : status >= 500 ? 'Server error.' : err.message;
    const zh = err.validation ? `请求无效：${err.message}` : status === 413 ? '提交内容过大。' : status >= 500 ? '服务器错误。' : err.message;
    return reply.code(status).send({ error: err.validation ? 'invalid' : status === 413 ? 'too-large' : (err.code ?? 'error'), message: { zh, en } });
  });

  const ctx: Ctx = { db, config, placer, powSecret, clientOf: (req) => hashClient(req.ip) };
  commentRoutes(app, ctx);
  officeRoutes(app, ctx);
  if (opts.serveApp !== false) serveStatic(app, config.staticDir);
  else app.all('/*', async (_req, reply) => reply.code(404).send({ error: 'not-found' }));
  return app;
}

/** Runs the retention purge now and then every `everyMs` (the timer does not keep the process alive). */
export function schedulePurge(db: Db, config: ServerConfig) {
  const run = () => purge(db, config.retentionDays).catch((e) => console.error('retention purge:', e.message));
  void run();
  const t = setInterval(run, config.purgeEveryMs);
  t.unref();
  return () => clearInterval(t);
}
