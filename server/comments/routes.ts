/**
 * The public side of the comments API (no account): the form's settings, a proof-of-work
 * challenge, sending a comment (exactly once per idempotency key), reading its status and the
 * office's answer by receipt code, and deleting it by receipt code.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { fail, limited, type Ctx } from '../context.ts';
import { consultation } from '../consultation.ts';
import { newChallenge, spendSolution } from '../pow.ts';
import { newReceipt, normaliseReceipt } from './receipt.ts';
import { cleanText, validContact } from './text.ts';
import type { Target } from './place.ts';

export const KINDS = ['opinion', 'report'] as const;

const lonLat = { lon: { type: 'number', minimum: -180, maximum: 180 }, lat: { type: 'number', minimum: -90, maximum: 90 } };
const id = { type: 'string', minLength: 1, maxLength: 120 };

export const targetSchema = {
  oneOf: [
    { type: 'object', required: ['kind', 'lon', 'lat'], additionalProperties: false, properties: { kind: { const: 'point' }, ...lonLat } },
    { type: 'object', required: ['kind', 'layer', 'id'], additionalProperties: false, properties: { kind: { const: 'feature' }, layer: id, id } },
    {
      type: 'object',
      required: ['kind', 'doc', 'section'],
      additionalProperties: false,
      properties: {
        kind: { const: 'clause' },
        doc: id,
        section: { type: 'string', minLength: 1, maxLength: 200 },
        title: { type: 'string', maxLength: 200 },
        quote: { type: 'string', maxLength: 1000 },
        ...lonLat,
      },
    },
  ],
};

const submitSchema = (maxText: number) => ({
  type: 'object',
  required: ['idempotencyKey', 'kind', 'text', 'target', 'pow'],
  additionalProperties: false,
  properties: {
    idempotencyKey: { type: 'string', format: 'uuid' },
    kind: { enum: KINDS },
    text: { type: 'string', minLength: 1, maxLength: maxText },
    contact: { type: 'string', maxLength: 100 },
    consent: { type: 'boolean' },
    lang: { enum: ['zh', 'en'] },
    target: targetSchema,
    pow: {
      type: 'object',
      required: ['challenge', 'solution'],
      additionalProperties: false,
      properties: { challenge: { type: 'object' }, solution: { type: 'object' } },
    },
  },
});

interface SubmitBody {
  idempotencyKey: string;
  kind: (typeof KINDS)[number];
  text: string;
  contact?: string;
  consent?: boolean;
  lang?: 'zh' | 'en';
  target: Target;
  pow: { challenge: object; solution: object };
}

interface Row {
  receipt: string;
  request_hash: string;
  status: string;
  created_at: Date;
}

export function commentRoutes(app: FastifyInstance, ctx: Ctx) {
  const { db, config } = ctx;
  const commentLimit = { name: 'comment', max: config.rateComments, windowSeconds: config.rateWindowSeconds };
  const challengeLimit = { name: 'challenge', max: config.rateComments * 3, windowSeconds: config.rateWindowSeconds };
  const lookupLimit = { name: 'lookup', max: 60, windowSeconds: config.rateWindowSeconds };

  app.get('/api/config', async () => ({
    comments: { ...(await consultation(db)), maxText: config.maxText, kinds: KINDS, retentionDays: config.retentionDays },
  }));

  app.get('/api/comments/challenge', async (req, reply) => {
    if (await limited(ctx, req, reply, challengeLimit)) return reply;
    return newChallenge(ctx.powSecret, config.powMin, config.powMax);
  });

  app.post<{ Body: SubmitBody }>('/api/comments', { schema: { body: submitSchema(config.maxText) } }, async (req, reply) => {
    if (await limited(ctx, req, reply, commentLimit)) return reply;
    const b = req.body;
    const text = cleanText(b.text);
    const contact = b.contact ? cleanText(b.contact) : '';
    if (!text) return fail(reply, 400, 'empty', '意见内容不能为空。', 'The comment is empty.');
    if (contact && !validContact(contact)) return fail(reply, 400, 'contact', '联系方式应为电话号码或电子邮箱。', 'A contact is a phone number or an e-mail address.');
    if (contact && b.consent !== true) return fail(reply, 400, 'consent', '留下联系方式须勾选同意个人信息说明。', 'Leaving a contact needs your consent to the personal-information notice.');
    if (!ctx.placer.knows(b.target)) return fail(reply, 400, 'target', '意见所针对的对象不存在。', 'What the comment is about does not exist.');
    const requestHash = createHash('sha256').update(JSON.stringify([b.kind, text, contact, b.target])).digest('base64url');

    // a retry of a comment already stored: the same receipt, whether or not its first answer arrived
    const replay = async (): Promise<unknown> => {
      const [row] = await db.query<Row>('SELECT receipt, request_hash, status, created_at FROM comments WHERE idempotency_key = $1', [b.idempotencyKey]);
      if (!row) return null;
      if (row.request_hash !== requestHash) return fail(reply, 409, 'idempotency-conflict', '此提交编号已用于另一条意见。', 'This submission key was used for a different comment.');
      return reply.code(200).send({ receipt: row.receipt, status: row.status, createdAt: row.created_at, duplicate: true });
    };
    const earlier = await replay();
    if (earlier) return earlier;

    const window = await consultation(db);
    if (!window.open) {
      return fail(
        reply,
        403,
        'closed',
        `征求意见${window.closedBecause === 'not-yet-open' ? '尚未开始' : '已结束'}。${window.reason?.zh ?? ''}`,
        `The consultation ${window.closedBecause === 'not-yet-open' ? 'has not opened yet' : 'has closed'}. ${window.reason?.en ?? ''}`,
      );
    }
    const pow = await spendSolution(db, ctx.powSecret, b.pow);
    // the same comment sent twice at once: the other request spent the challenge and stores it
    if (pow === 'spent') {
      const other = await replay();
      if (other) return other;
    }
    if (pow !== 'ok') return fail(reply, 400, `pow-${pow}`, '验证未通过，请重新提交。', 'The anti-spam check failed; please send again.');

    const placed = ctx.placer.place(b.target);
    const rows = await db.query<Row>(
      `INSERT INTO comments (receipt, idempotency_key, request_hash, kind, body, contact, consent_at, target, lon, lat,
         county_codes, counties, cities, elements, clause, lang, client_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING receipt, request_hash, status, created_at`,
      [
        newReceipt(),
        b.idempotencyKey,
        requestHash,
        b.kind,
        text,
        contact || null,
        contact ? new Date() : null,
        JSON.stringify({ ...b.target, label: placed.label }),
        placed.lon,
        placed.lat,
        placed.countyCodes,
        placed.counties,
        placed.cities,
        JSON.stringify(placed.elements),
        placed.clause ? JSON.stringify(placed.clause) : null,
        b.lang ?? 'zh',
        ctx.clientOf(req),
      ],
    );
    if (!rows.length) return (await replay()) ?? fail(reply, 500, 'lost', '提交失败，请重试。', 'Not stored; please try again.');
    return reply.code(201).send({ receipt: rows[0].receipt, status: rows[0].status, createdAt: rows[0].created_at });
  });

  app.get<{ Params: { receipt: string } }>('/api/comments/:receipt', async (req, reply) => {
    if (await limited(ctx, req, reply, lookupLimit)) return reply;
    const receipt = normaliseReceipt(req.params.receipt);
    const [row] = receipt
      ? await db.query<Record<string, unknown>>(
          `SELECT receipt, kind, body, target, counties, cities, status, answer, answered_at, created_at, withdrawn_at,
             contact IS NOT NULL AS has_contact, personal_data_purged_at
           FROM comments WHERE receipt = $1`,
          [receipt],
        )
      : [];
    if (!row) return fail(reply, 404, 'no-receipt', '未找到该回执编号。', 'No comment has this receipt code.');
    return {
      receipt: row.receipt,
      kind: row.kind,
      text: row.body,
      about: (row.target as { label?: string }).label ?? '',
      counties: row.counties,
      cities: row.cities,
      status: row.withdrawn_at ? 'withdrawn' : row.status,
      answer: row.answer,
      answeredAt: row.answered_at,
      createdAt: row.created_at,
      hasContact: row.has_contact,
      personalDataPurgedAt: row.personal_data_purged_at,
    };
  });

  // a deletion request: the text and the contact go at once; the office keeps that a comment was withdrawn
  app.delete<{ Params: { receipt: string } }>('/api/comments/:receipt', async (req, reply) => {
    if (await limited(ctx, req, reply, lookupLimit)) return reply;
    const receipt = normaliseReceipt(req.params.receipt);
    const rows = receipt
      ? await db.tx(async (q) => {
          const r = await q.query<{ id: number }>(
            `UPDATE comments SET body = NULL, contact = NULL, client_hash = NULL, withdrawn_at = coalesce(withdrawn_at, now()),
               personal_data_purged_at = coalesce(personal_data_purged_at, now()), updated_at = now()
             WHERE receipt = $1 RETURNING id`,
            [receipt],
          );
          if (r.length) await q.query(`INSERT INTO comment_events (comment_id, actor, action) VALUES ($1, 'citizen', 'deleted')`, [r[0].id]);
          return r;
        })
      : [];
    if (!rows.length) return fail(reply, 404, 'no-receipt', '未找到该回执编号。', 'No comment has this receipt code.');
    return { receipt, status: 'withdrawn' };
  });

  // anonymous counts per county (no text, no ids): what the public map may show
  app.get('/api/stats/counties', async () => {
    const rows = await db.query<{ code: string; count: number }>(
      `SELECT code, count(*)::int AS count FROM comments, unnest(county_codes) AS code
       WHERE moderation = 'ok' AND withdrawn_at IS NULL GROUP BY code ORDER BY code`,
    );
    return { counties: rows };
  });
}
