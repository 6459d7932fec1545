/**
 * The office's API (/api/office/…): sign-in with lock-out, the comment list with filters, one
 * comment with its history, status / answer / moderation, the consultation window and the
 * exports. Every route but the sign-in needs a session; every write also the session's CSRF
 * token and a same-origin request.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fail, limited, type Ctx } from '../context.ts';
import { consultation, setConsultation } from '../consultation.ts';
import { DUMMY_HASH, verifyPassword } from './password.ts';
import { COOKIE, clearSessionCookie, createSession, crossOrigin, csrfMatches, endSession, sessionUser, setSessionCookie, type OfficeUser } from './session.ts';
import { filterSchema, whereOf, type Filters } from './filters.ts';
import { contactFile, summaryFile, cst, type ExportRow } from './export.ts';

export const MAX_FAILED = 5;
export const LOCK_MINUTES = 15;

declare module 'fastify' {
  interface FastifyRequest {
    officeUser?: OfficeUser;
  }
}

const LIST_COLUMNS = `id, receipt, kind, body, target, lon, lat, counties, county_codes, cities, elements, clause, status, answer,
  answered_at, answered_by, moderation, created_at, updated_at, withdrawn_at, contact IS NOT NULL AS has_contact, personal_data_purged_at`;

export function officeRoutes(app: FastifyInstance, ctx: Ctx) {
  const { db, config } = ctx;
  const loginLimit = { name: 'login', max: 20, windowSeconds: config.rateWindowSeconds };
  const secure = (req: FastifyRequest) => config.cookieSecure || req.protocol === 'https';

  app.post<{ Body: { username: string; password: string } }>(
    '/api/office/login',
    {
      schema: {
        body: {
          type: 'object',
          required: ['username', 'password'],
          additionalProperties: false,
          properties: { username: { type: 'string', minLength: 1, maxLength: 64 }, password: { type: 'string', minLength: 1, maxLength: 256 } },
        },
      },
    },
    async (req, reply) => {
      if (crossOrigin(req)) return fail(reply, 403, 'cross-origin', '拒绝来自其他网站的请求。', 'Requests from other sites are refused.');
      if (await limited(ctx, req, reply, loginLimit)) return reply;
      const [u] = await db.query<{ id: number; password_hash: string; locked: boolean; disabled: boolean; minutes: number }>(
        `SELECT id, password_hash, disabled, coalesce(locked_until > now(), false) AS locked,
           ceil(extract(epoch FROM (locked_until - now())) / 60)::int AS minutes FROM office_users WHERE username = $1`,
        [req.body.username],
      );
      const ok = await verifyPassword(req.body.password, u?.password_hash ?? DUMMY_HASH);
      if (u?.locked) return fail(reply, 423, 'locked', `登录失败次数过多，账户已锁定，请 ${u.minutes} 分钟后再试。`, `Too many failed sign-ins: the account is locked for ${u.minutes} min.`);
      if (!u || !ok || u.disabled) {
        if (u) {
          await db.query(
            `UPDATE office_users SET failed_attempts = CASE WHEN failed_attempts + 1 >= $2 THEN 0 ELSE failed_attempts + 1 END,
               locked_until = CASE WHEN failed_attempts + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
             WHERE id = $1`,
            [u.id, MAX_FAILED, LOCK_MINUTES],
          );
        }
        return fail(reply, 401, 'bad-credentials', '用户名或密码错误。', 'Wrong user name or password.');
      }
      await db.query('UPDATE office_users SET failed_attempts = 0, locked_until = NULL WHERE id = $1', [u.id]);
      const s = await createSession(db, u.id);
      setSessionCookie(reply, s.token, secure(req));
      const user = await sessionUser(db, s.token);
      return { user: { username: user!.username, displayName: user!.displayName }, csrf: s.csrf };
    },
  );

  /** Every other office route: a live session; writes also a same-origin request and the CSRF token. */
  const guard = async (req: FastifyRequest, reply: FastifyReply) => {
    const write = req.method !== 'GET' && req.method !== 'HEAD';
    if (write && crossOrigin(req)) return fail(reply, 403, 'cross-origin', '拒绝来自其他网站的请求。', 'Requests from other sites are refused.');
    const user = await sessionUser(db, req.cookies[COOKIE]);
    if (!user) return fail(reply, 401, 'signed-out', '请先登录。', 'Please sign in.');
    if (write && !csrfMatches(req, user)) return fail(reply, 403, 'csrf', '请求校验失败，请刷新页面。', 'The request check failed; reload the page.');
    req.officeUser = user;
  };

  app.register(async (office) => {
    office.addHook('preHandler', guard);

    office.get('/api/office/session', async (req) => ({
      user: { username: req.officeUser!.username, displayName: req.officeUser!.displayName },
      csrf: req.officeUser!.csrf,
    }));

    office.post('/api/office/logout', async (req, reply) => {
      await endSession(db, req.cookies[COOKIE]);
      clearSessionCookie(reply, secure(req));
      return { ok: true };
    });

    office.get<{ Querystring: Filters & { limit?: number; offset?: number } }>('/api/office/comments', { schema: { querystring: filterSchema } }, async (req) => {
      const w = whereOf(req.query);
      const limit = req.query.limit ?? 100;
      const offset = req.query.offset ?? 0;
      const [total] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM comments ${w.sql}`, w.params);
      const rows = await db.query(`SELECT ${LIST_COLUMNS} FROM comments ${w.sql} ORDER BY created_at DESC, id DESC LIMIT ${limit} OFFSET ${offset}`, w.params);
      // what the filters can choose from: counties and plan elements that have comments
      const counties = await db.query<{ code: string; name: string; n: number }>(
        `SELECT c.code, c.name, count(*)::int AS n FROM comments, unnest(county_codes, counties) AS c(code, name)
         WHERE withdrawn_at IS NULL GROUP BY c.code, c.name ORDER BY c.code`,
      );
      const elements = await db.query<{ layer: string; id: string; name: string; n: number }>(
        `SELECT e->>'layer' AS layer, e->>'id' AS id, min(e->>'name') AS name, count(*)::int AS n
         FROM comments, jsonb_array_elements(elements) AS e WHERE withdrawn_at IS NULL GROUP BY 1, 2 ORDER BY 3`,
      );
      return { total: total.n, comments: rows, counties, elements };
    });

    office.get<{ Params: { id: number } }>(
      '/api/office/comments/:id',
      { schema: { params: { type: 'object', properties: { id: { type: 'integer', minimum: 1 } } } } },
      async (req, reply) => {
        // the contact only here, one comment at a time, to staff who are signed in
        const [row] = await db.query(`SELECT ${LIST_COLUMNS}, contact, consent_at FROM comments WHERE id = $1`, [req.params.id]);
        if (!row) return fail(reply, 404, 'not-found', '没有这条意见。', 'No such comment.');
        const events = await db.query('SELECT at, actor, action, detail FROM comment_events WHERE comment_id = $1 ORDER BY at, id', [req.params.id]);
        return { comment: row, events };
      },
    );

    office.patch<{ Params: { id: number }; Body: { status?: string; answer?: string; moderation?: string } }>(
      '/api/office/comments/:id',
      {
        schema: {
          params: { type: 'object', properties: { id: { type: 'integer', minimum: 1 } } },
          body: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            properties: {
              status: { enum: ['received', 'processing', 'answered'] },
              answer: { type: 'string', maxLength: 5000 },
              moderation: { enum: ['ok', 'spam', 'abuse'] },
            },
          },
        },
      },
      async (req, reply) => {
        const b = req.body;
        const actor = req.officeUser!.username;
        const answer = b.answer === undefined ? undefined : b.answer.replace(/\r\n?/g, '\n').trim();
        // an answer given makes the comment answered unless a status is said
        const status = b.status ?? (answer ? 'answered' : undefined);
        const row = await db.tx(async (q) => {
          const [r] = await q.query<{ id: number }>(
            `UPDATE comments SET
               status = coalesce($2, status),
               answer = CASE WHEN $3::boolean THEN nullif($4, '') ELSE answer END,
               answered_at = CASE WHEN $3::boolean AND nullif($4, '') IS NOT NULL THEN now() WHEN $3::boolean THEN NULL ELSE answered_at END,
               answered_by = CASE WHEN $3::boolean THEN $6 ELSE answered_by END,
               moderation = coalesce($5, moderation),
               updated_at = now()
             WHERE id = $1 AND withdrawn_at IS NULL RETURNING id`,
            [req.params.id, status ?? null, answer !== undefined, answer ?? '', b.moderation ?? null, actor],
          );
          if (r) await q.query('INSERT INTO comment_events (comment_id, actor, action, detail) VALUES ($1, $2, $3, $4)', [r.id, actor, 'update', JSON.stringify({ status, moderation: b.moderation, answered: answer !== undefined })]);
          return r;
        });
        if (!row) return fail(reply, 404, 'not-found', '没有这条意见（或已撤回）。', 'No such comment (or it was withdrawn).');
        const [c] = await db.query(`SELECT ${LIST_COLUMNS} FROM comments WHERE id = $1`, [req.params.id]);
        return { comment: c };
      },
    );

    office.get('/api/office/consultation', async () => consultation(db));

    office.put<{ Body: { opensAt: string | null; closesAt: string | null; reasonZh?: string; reasonEn?: string } }>(
      '/api/office/consultation',
      {
        schema: {
          body: {
            type: 'object',
            required: ['opensAt', 'closesAt'],
            additionalProperties: false,
            properties: {
              opensAt: { type: ['string', 'null'], format: 'date-time' },
              closesAt: { type: ['string', 'null'], format: 'date-time' },
              reasonZh: { type: 'string', maxLength: 500 },
              reasonEn: { type: 'string', maxLength: 500 },
            },
          },
        },
      },
      async (req, reply) => {
        const b = req.body;
        if (b.opensAt && b.closesAt && new Date(b.opensAt) >= new Date(b.closesAt)) return fail(reply, 400, 'window', '结束时间须晚于开始时间。', 'The window must close after it opens.');
        await setConsultation(db, { opensAt: b.opensAt, closesAt: b.closesAt, reasonZh: b.reasonZh?.trim() || null, reasonEn: b.reasonEn?.trim() || null }, req.officeUser!.username);
        return consultation(db);
      },
    );

    office.get<{ Params: { format: 'csv' | 'xlsx' }; Querystring: Filters & { contacts?: string } }>(
      '/api/office/export.:format',
      { schema: { params: { type: 'object', properties: { format: { enum: ['csv', 'xlsx'] } } }, querystring: filterSchema } },
      async (req, reply) => {
        const contacts = req.query.contacts === '1';
        const w = whereOf(req.query);
        const rows = await db.query<ExportRow>(
          `SELECT receipt, created_at, kind, status, counties, cities, elements, clause, target, body, answer, answered_at, lon, lat
             ${contacts ? ', contact, consent_at' : ''}
           FROM comments ${w.sql} ORDER BY created_at, id`,
          w.params,
        );
        const fmt = req.params.format;
        const day = cst(new Date()).slice(0, 10);
        const name = `${contacts ? '联系人名单' : '意见汇总表'}-${day}.${fmt}`;
        const body = contacts ? contactFile(rows, fmt) : summaryFile(rows, fmt);
        if (contacts) {
          // who took the contact list, and when: personal data leaving the system is logged
          console.log(`office export of the contact list by ${req.officeUser!.username}: ${rows.filter((r) => r.contact).length} contacts`);
        }
        reply
          .header('content-type', fmt === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="export.${fmt}"; filename*=UTF-8''${encodeURIComponent(name)}`);
        return reply.send(typeof body === 'string' ? body : Buffer.from(body));
      },
    );
  });
}
