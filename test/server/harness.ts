/**
 * Runs the API in-process on a fresh database of either engine: PGlite in memory, or a new
 * database on the test PostgreSQL server. Requests go through Fastify's inject (no sockets).
 */
import { inject } from 'vitest';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { openDatabase, type Db } from '../../server/db/db.ts';
import { buildApp } from '../../server/app.ts';
import { configFromEnv, type ServerConfig } from '../../server/config.ts';
import { hashPassword } from '../../server/office/password.ts';

export type Engine = 'pglite' | 'postgres';

export const ENGINES: Engine[] = ['pglite', 'postgres'];

export const pgAvailable = () => Boolean(inject('pgUrl'));

/** A new, empty database of the engine. */
export async function freshDb(engine: Engine): Promise<Db> {
  if (engine === 'pglite') return openDatabase({});
  return openDatabase({ url: await freshPostgresUrl(), poolSize: 5 });
}

/** The address of a new, empty database on the test PostgreSQL server. */
export async function freshPostgresUrl(): Promise<string> {
  const admin = inject('pgUrl')!;
  const name = `t_${randomUUID().replace(/-/g, '')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.href;
}

export function testConfig(over: Partial<ServerConfig> = {}): ServerConfig {
  return { ...configFromEnv({}), powMin: 5, powMax: 40, rateComments: 1000, ...over };
}

export async function testApp(db: Db, over: Partial<ServerConfig> = {}): Promise<FastifyInstance> {
  return buildApp(testConfig(over), db, { serveApp: false });
}

/** Fetches a challenge and solves it as the browser does. */
export async function solvedPow(app: FastifyInstance, headers: Record<string, string> = {}) {
  const r = await app.inject({ method: 'GET', url: '/api/comments/challenge', headers });
  if (r.statusCode !== 200) throw new Error(`challenge: ${r.statusCode} ${r.body}`);
  const challenge = r.json();
  const solution = await solveChallenge({ challenge, deriveKey });
  return { challenge, solution };
}

export const PINGYAO = { kind: 'point', lon: 112.1745, lat: 37.2007 } as const;

export function commentBody(over: Record<string, unknown> = {}) {
  return { idempotencyKey: randomUUID(), kind: 'opinion', text: '平遥古城城墙东段有裂缝，建议尽快检查。', lang: 'zh', target: PINGYAO, ...over };
}

export async function submit(app: FastifyInstance, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const pow = (body.pow as object) ?? (await solvedPow(app, headers));
  return app.inject({ method: 'POST', url: '/api/comments', payload: { ...body, pow }, headers });
}

/** An office account (scrypt at a test cost: 2^10 instead of 2^15 — the format and code are the same). */
export async function addOfficeUser(db: Db, username = 'office', password = 'correct horse battery') {
  await db.query('INSERT INTO office_users (username, display_name, password_hash) VALUES ($1, $2, $3)', [username, '规划科', await hashPassword(password, 10)]);
  return { username, password };
}

/** Signs in; returns the session cookie and the CSRF token. */
export async function signIn(app: FastifyInstance, username = 'office', password = 'correct horse battery') {
  const r = await app.inject({ method: 'POST', url: '/api/office/login', payload: { username, password } });
  if (r.statusCode !== 200) throw new Error(`login: ${r.statusCode} ${r.body}`);
  const cookie = r.cookies.find((c) => c.name === 'office_session')!;
  return { cookie: `office_session=${cookie.value}`, csrf: r.json().csrf as string, setCookie: cookie };
}
