/**
 * Serves the built app (dist/) with @fastify/send: conditional GETs, ranges, no directory
 * listings, nothing outside the folder. Hashed files under assets/ are cached for a year; the
 * rest (index.html, sw.js, data) is revalidated. The CSP header is added for every response by
 * the app (./app.ts).
 */
import send from '@fastify/send';
import type { FastifyInstance } from 'fastify';

export function serveStatic(app: FastifyInstance, root: string) {
  app.route({
    method: ['GET', 'HEAD'],
    url: '/*',
    handler: async (req, reply) => {
      const path = req.url.split('?')[0];
      if (path.startsWith('/api/')) return reply.code(404).send({ error: 'not-found' });
      const immutable = path.startsWith('/assets/');
      const r = await send(req.raw, path, { root, index: ['index.html'], dotfiles: 'ignore', immutable, maxAge: immutable ? '365d' : 0 });
      if (r.type === 'error') return reply.code(r.statusCode).type('text/plain; charset=utf-8').send(r.statusCode === 404 ? 'Not found' : 'Error');
      reply.code(r.statusCode);
      for (const [k, v] of Object.entries(r.headers)) if (v !== undefined) reply.header(k, v);
      if (!immutable) reply.header('cache-control', 'no-cache');
      return reply.send(r.stream);
    },
  });
}
