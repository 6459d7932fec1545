/**
 * The server's settings, from the environment (README › Comments server lists them). Every value
 * has a default that works for `npm start` on one machine.
 */
import { resolve } from 'node:path';

export interface ServerConfig {
  port: number;
  host: string;
  /** folder of the built app (vite build) */
  staticDir: string;
  /** folder whose data/ holds the plan layers for the spatial join (public/ of the repository) */
  dataRoot: string;
  databaseUrl?: string;
  /** embedded engine's folder (ignored with databaseUrl); undefined = in memory */
  dataDir?: string;
  /** addresses (or CIDR ranges) of reverse proxies whose X-Forwarded-For is believed; none by default */
  trustProxy: string[];
  /** days after which a comment's contact details and client hash are deleted */
  retentionDays: number;
  /** proof of work: the counter the browser must find lies in [powMin, powMax] (SHA-256 rounds) */
  powMin: number;
  powMax: number;
  /** comments per client per window; challenges per client per window */
  rateComments: number;
  rateWindowSeconds: number;
  /** session cookie flagged Secure (set behind TLS) */
  cookieSecure: boolean;
  /** longest comment text, in characters */
  maxText: number;
  /** how often the retention purge runs (ms) */
  purgeEveryMs: number;
}

const num = (v: string | undefined, d: number) => (v !== undefined && v !== '' && Number.isFinite(Number(v)) ? Number(v) : d);

export function configFromEnv(env: NodeJS.ProcessEnv = process.env, root = process.cwd()): ServerConfig {
  return {
    port: num(env.PORT, 4173),
    host: env.HOST || 'localhost',
    staticDir: resolve(root, env.STATIC_DIR || 'dist'),
    dataRoot: resolve(root, env.PLAN_DATA_DIR || 'public'),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DATABASE_URL ? undefined : resolve(root, env.DATA_DIR || '.data/pglite'),
    trustProxy: (env.TRUST_PROXY ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    retentionDays: num(env.RETENTION_DAYS, 180),
    powMin: num(env.POW_MIN, 20_000),
    powMax: num(env.POW_MAX, 60_000),
    rateComments: num(env.RATE_COMMENTS, 10),
    rateWindowSeconds: num(env.RATE_WINDOW_SECONDS, 600),
    cookieSecure: env.COOKIE_SECURE === '1',
    maxText: num(env.MAX_TEXT, 2000),
    purgeEveryMs: num(env.PURGE_EVERY_MS, 3_600_000),
  };
}
