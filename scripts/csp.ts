/**
 * The app's Content-Security-Policy, one string for both delivery paths: a <meta> tag injected
 * into the built index.html (so any static host serves it) and a response header from
 * `npm start` / `vite preview`. Not applied to the dev server (Vite's HMR injects inline code).
 *
 * - scripts, styles, workers, fonts, the manifest: the app's own origin only — no inline code,
 *   no eval (zod runs jitless; MapLibre's worker is a file of ours, not a blob).
 * - images: own files plus data:/blob: (map sheets, icons) and the online base maps' tiles.
 * - connections: own files plus the online base maps the user can choose. OpenStreetMap and
 *   天地图 are named; a custom MapLibre style can live on any https host the user types, so
 *   https: is allowed for connections and images — scripts stay own-origin only, which is what
 *   keeps injected text from running.
 */
import type { Plugin } from 'vite';

const TILE_HOSTS = ['https://tile.openstreetmap.org', 'https://*.tianditu.gov.cn'];

export const CSP_DIRECTIVES: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:', ...TILE_HOSTS, 'https:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'", 'data:', 'blob:', ...TILE_HOSTS, 'https:'],
  'worker-src': ["'self'", 'blob:'],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
};

export function contentSecurityPolicy(): string {
  return Object.entries(CSP_DIRECTIVES)
    .map(([k, v]) => `${k} ${v.join(' ')}`)
    .join('; ');
}

/** Injects the policy as a meta tag into the built page and sends it as a header from `vite preview`. */
export function cspPlugin(): Plugin {
  const policy = contentSecurityPolicy();
  return {
    name: 'planning-map-csp',
    // the built page and `vite preview`, never the dev server
    apply: (_config, env) => env.command === 'build' || Boolean(env.isPreview),
    transformIndexHtml: {
      order: 'post',
      // right after <meta charset>, before anything the policy governs
      handler: (html) => html.replace(/(<meta charset="[^"]*"\s*\/?>)/i, `$1\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`),
    },
    configurePreviewServer(server) {
      server.middlewares.use((_req, res, next) => {
        res.setHeader('Content-Security-Policy', policy);
        next();
      });
    },
  };
}
