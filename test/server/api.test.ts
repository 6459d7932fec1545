/**
 * The comments API, end to end through Fastify, on both engines (the same tests): a citizen's
 * comment is stored once per idempotency key with its place (county, city, plan elements,
 * clause), read back by receipt, answered by the office, exported, deleted on request; the
 * consultation window closes the form; personal data is purged after the retention period.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import { unzipSync, strFromU8 } from 'fflate';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../server/db/db.ts';
import { migrate, MIGRATIONS } from '../../server/db/migrate.ts';
import { purge } from '../../server/retention.ts';
import { ENGINES, pgAvailable, freshDb, testApp, submit, commentBody, addOfficeUser, signIn, PINGYAO } from './harness.ts';

describe.each(ENGINES)('comments API on %s', (engine) => {
  let db: Db;
  let app: FastifyInstance;
  // one sign-in per engine: scrypt is slow on purpose
  let s: { cookie: string; csrf: string };
  const skip = engine === 'postgres' && !pgAvailable();

  beforeAll(async () => {
    if (skip) return;
    db = await freshDb(engine);
    app = await testApp(db);
    await addOfficeUser(db);
    s = await signIn(app);
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it.skipIf(skip)('migrations are versioned files, applied once', async () => {
    const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await migrate(db)).toEqual([]);
  });

  it.skipIf(skip)('a comment on a point near 平遥古城 gets a receipt and its place', async () => {
    const r = await submit(app, commentBody());
    expect(r.statusCode).toBe(201);
    const { receipt, status } = r.json();
    expect(receipt).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(status).toBe('received');
    const [row] = await db.query<{ counties: string[]; cities: string[]; county_codes: string[]; elements: { layer: string; name: string }[]; clause: { section: string } | null }>(
      'SELECT counties, cities, county_codes, elements, clause FROM comments WHERE receipt = $1',
      [receipt],
    );
    expect(row.counties).toEqual(['平遥县']);
    expect(row.cities).toEqual(['晋中市']);
    expect(row.county_codes).toEqual(['140728']);
    // 平遥 lies in plan elements (belts, clusters …): at least one, each with its clause
    expect(row.elements.length).toBeGreaterThan(0);
    expect(row.clause?.section).toBeTruthy();
  });

  it.skipIf(skip)('a comment on the site feature names the site as its plan element', async () => {
    const r = await submit(app, commentBody({ target: { kind: 'feature', layer: 'plan-sites', id: 'site-pingyao-ancient-city' }, kind: 'report', text: '城墙破损' }));
    expect(r.statusCode).toBe(201);
    const [row] = await db.query<{ elements: { layer: string; id: string; name: string }[]; counties: string[]; target: { label: string } }>(
      'SELECT elements, counties, target FROM comments WHERE receipt = $1',
      [r.json().receipt],
    );
    expect(row.elements[0]).toMatchObject({ layer: 'plan-sites', id: 'site-pingyao-ancient-city', name: '平遥古城' });
    expect(row.counties).toEqual(['平遥县']);
    expect(row.target.label).toBe('平遥古城');
  });

  it.skipIf(skip)('a comment on a clause keeps the clause', async () => {
    const r = await submit(app, commentBody({ target: { kind: 'clause', doc: Object.keys((await import('../../src/catalog/catalog.ts')).catalog.sources)[0], section: '第三章 第二节', title: '构建一核四带多组团' } }));
    expect(r.statusCode).toBe(201);
    const [row] = await db.query<{ clause: { section: string; title: string } }>('SELECT clause FROM comments WHERE receipt = $1', [r.json().receipt]);
    expect(row.clause).toMatchObject({ section: '第三章 第二节', title: '构建一核四带多组团' });
  });

  it.skipIf(skip)('an unknown feature or document is refused', async () => {
    expect((await submit(app, commentBody({ target: { kind: 'feature', layer: 'plan-sites', id: 'nowhere' } }))).statusCode).toBe(400);
    expect((await submit(app, commentBody({ target: { kind: 'clause', doc: 'no-such-doc', section: '1' } }))).statusCode).toBe(400);
  });

  it.skipIf(skip)('exactly once: a retry with the same key returns the same receipt and stores nothing new', async () => {
    const body = commentBody();
    const a = await submit(app, body);
    const b = await submit(app, body);
    const c = await submit(app, body);
    expect(a.statusCode).toBe(201);
    expect([b.statusCode, c.statusCode]).toEqual([200, 200]);
    expect(b.json().receipt).toBe(a.json().receipt);
    expect(c.json().duplicate).toBe(true);
    const [n] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM comments WHERE idempotency_key = $1', [body.idempotencyKey]);
    expect(n.n).toBe(1);
    // the same key with another text is a client bug, not a retry
    expect((await submit(app, { ...body, text: '另一条' })).statusCode).toBe(409);
  });

  it.skipIf(skip)('the same comment sent twice at once is stored once', async () => {
    const body = commentBody();
    const [a, b] = await Promise.all([submit(app, body), submit(app, body)]);
    const ok = [a, b].filter((r) => r.statusCode < 300);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(new Set(ok.map((r) => r.json().receipt)).size).toBe(1);
    const [n] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM comments WHERE idempotency_key = $1', [body.idempotencyKey]);
    expect(n.n).toBe(1);
  });

  it.skipIf(skip)('contact needs consent and must be a phone or e-mail', async () => {
    expect((await submit(app, commentBody({ contact: '13800000000' }))).json().error).toBe('consent');
    expect((await submit(app, commentBody({ contact: 'call me maybe', consent: true }))).json().error).toBe('contact');
    const r = await submit(app, commentBody({ contact: 'citizen@example.cn', consent: true }));
    expect(r.statusCode).toBe(201);
    const [row] = await db.query<{ contact: string; consent_at: Date }>('SELECT contact, consent_at FROM comments WHERE receipt = $1', [r.json().receipt]);
    expect(row.contact).toBe('citizen@example.cn');
    expect(row.consent_at).toBeInstanceOf(Date);
  });

  it.skipIf(skip)('a wrong, reused or missing proof of work is refused', async () => {
    const first = await submit(app, commentBody());
    expect(first.statusCode).toBe(201);
    const ch = await app.inject({ method: 'GET', url: '/api/comments/challenge' });
    const forged = { challenge: ch.json(), solution: { counter: 1, derivedKey: '00' } };
    expect((await submit(app, commentBody({ pow: forged }))).json().error).toBe('pow-invalid');
    const { solvedPow } = await import('./harness.ts');
    const pow = await solvedPow(app);
    expect((await submit(app, commentBody({ pow }))).statusCode).toBe(201);
    expect((await submit(app, commentBody({ pow }))).json().error).toBe('pow-spent');
    const r = await app.inject({ method: 'POST', url: '/api/comments', payload: commentBody() });
    expect(r.statusCode).toBe(400);
  });

  it.skipIf(skip)('the citizen reads the status and the office answer with the receipt', async () => {
    const r = await submit(app, commentBody({ text: '建议在古城外设置停车场。' }));
    const receipt = r.json().receipt as string;
    const before = await app.inject({ method: 'GET', url: `/api/comments/${receipt.toLowerCase().replace(/-/g, ' ')}` });
    expect(before.statusCode).toBe(200);
    expect(before.json()).toMatchObject({ receipt, status: 'received', answer: null, text: '建议在古城外设置停车场。' });

    const list = await app.inject({ method: 'GET', url: '/api/office/comments?status=received', headers: { cookie: s.cookie } });
    const item = list.json().comments.find((c: { receipt: string }) => c.receipt === receipt);
    expect(item).toBeTruthy();
    const patch = await app.inject({
      method: 'PATCH',
      url: `/api/office/comments/${item.id}`,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      payload: { answer: '已转交平遥县，将在古城东侧规划停车场。' },
    });
    expect(patch.statusCode).toBe(200);
    expect(patch.json().comment.status).toBe('answered');

    const after = (await app.inject({ method: 'GET', url: `/api/comments/${receipt}` })).json();
    expect(after).toMatchObject({ status: 'answered', answer: '已转交平遥县，将在古城东侧规划停车场。' });
    expect(after.answeredAt).toBeTruthy();
    const detail = await app.inject({ method: 'GET', url: `/api/office/comments/${item.id}`, headers: { cookie: s.cookie } });
    expect(detail.json().events.map((e: { actor: string }) => e.actor)).toContain('office');
  });

  it.skipIf(skip)('the office list filters by type, status, county, plan element and date', async () => {
    const get = async (q: string) => (await app.inject({ method: 'GET', url: `/api/office/comments?${q}`, headers: { cookie: s.cookie } })).json();
    const all = await get('');
    expect(all.total).toBeGreaterThan(3);
    const reports = await get('kind=report');
    expect(reports.comments.every((c: { kind: string }) => c.kind === 'report')).toBe(true);
    expect(reports.total).toBeGreaterThan(0);
    const [located] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM comments WHERE '140728' = ANY(county_codes) AND moderation = 'ok' AND withdrawn_at IS NULL`);
    expect(located.n).toBeGreaterThan(3);
    expect((await get('county=140728')).total).toBe(located.n);
    expect((await get('county=140105')).total).toBe(0);
    expect((await get('element=plan-sites/site-pingyao-ancient-city')).total).toBe(1);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    expect((await get(`from=${today}&to=${today}`)).total).toBe(all.total);
    expect((await get('to=2020-01-01')).total).toBe(0);
    expect(all.counties).toContainEqual({ code: '140728', name: '平遥县', n: expect.any(Number) });
    expect(all.elements.some((e: { id: string }) => e.id === 'site-pingyao-ancient-city')).toBe(true);
  });

  it.skipIf(skip)('意见汇总表: CSV and .xlsx name county, city and plan element — and no contact', async () => {
    await submit(app, commentBody({ contact: '13912345678', consent: true, target: { kind: 'feature', layer: 'plan-sites', id: 'site-pingyao-ancient-city' } }));
    const csv = await app.inject({ method: 'GET', url: '/api/office/export.csv', headers: { cookie: s.cookie } });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toContain(encodeURIComponent('意见汇总表'));
    expect(csv.body.startsWith('\uFEFF序号,回执编号,提交时间,类型,状态,所在县（市、区）,所在市,涉及规划要素,涉及条款')).toBe(true);
    expect(csv.body).toContain('平遥县');
    expect(csv.body).toContain('晋中市');
    expect(csv.body).toContain('平遥古城');
    expect(csv.body).not.toContain('13912345678');
    expect(csv.body).not.toContain('citizen@example.cn');

    const x = await app.inject({ method: 'GET', url: '/api/office/export.xlsx', headers: { cookie: s.cookie } });
    expect(x.headers['content-type']).toContain('spreadsheetml');
    const files = unzipSync(new Uint8Array(x.rawPayload));
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']);
    expect(sheet).toContain('平遥县');
    expect(sheet).toContain('平遥古城');
    expect(sheet).not.toContain('13912345678');
    expect(strFromU8(files['xl/workbook.xml'])).toContain('意见汇总表');

    const contacts = await app.inject({ method: 'GET', url: '/api/office/export.csv?contacts=1', headers: { cookie: s.cookie } });
    expect(contacts.body).toContain('13912345678');
    expect(contacts.body).toContain('citizen@example.cn');
    expect(contacts.body.split('\r\n').filter(Boolean).length).toBe(3);
  });

  it.skipIf(skip)('moderation hides spam from the list, the export and the public counts', async () => {
    const r = await submit(app, commentBody({ text: '广告：优惠券' }));
    const [row] = await db.query<{ id: number }>('SELECT id FROM comments WHERE receipt = $1', [r.json().receipt]);
    const before = (await app.inject({ method: 'GET', url: '/api/stats/counties' })).json().counties.find((c: { code: string }) => c.code === '140728').count;
    await app.inject({ method: 'PATCH', url: `/api/office/comments/${row.id}`, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, payload: { moderation: 'spam' } });
    const list = (await app.inject({ method: 'GET', url: '/api/office/comments', headers: { cookie: s.cookie } })).json();
    expect(list.comments.some((c: { id: number }) => c.id === row.id)).toBe(false);
    const spam = (await app.inject({ method: 'GET', url: '/api/office/comments?moderation=spam', headers: { cookie: s.cookie } })).json();
    expect(spam.comments.map((c: { id: number }) => c.id)).toEqual([row.id]);
    const csv = (await app.inject({ method: 'GET', url: '/api/office/export.csv', headers: { cookie: s.cookie } })).body;
    expect(csv).not.toContain('优惠券');
    const after = (await app.inject({ method: 'GET', url: '/api/stats/counties' })).json().counties.find((c: { code: string }) => c.code === '140728').count;
    expect(after).toBe(before - 1);
  });

  it.skipIf(skip)('outside the consultation window the form is closed, with the reason', async () => {
    const past = { opensAt: '2020-01-01T00:00:00Z', closesAt: '2020-02-01T00:00:00Z', reasonZh: '2020年公示期已结束', reasonEn: 'The 2020 consultation has ended' };
    expect((await app.inject({ method: 'PUT', url: '/api/office/consultation', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, payload: past })).statusCode).toBe(200);
    const cfg = (await app.inject({ method: 'GET', url: '/api/config' })).json().comments;
    expect(cfg).toMatchObject({ open: false, closedBecause: 'closed', reason: { zh: '2020年公示期已结束' } });
    const r = await submit(app, commentBody());
    expect(r.statusCode).toBe(403);
    expect(r.json().message.zh).toContain('2020年公示期已结束');
    await app.inject({ method: 'PUT', url: '/api/office/consultation', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, payload: { opensAt: null, closesAt: null } });
    expect((await app.inject({ method: 'GET', url: '/api/config' })).json().comments.open).toBe(true);
  });

  it.skipIf(skip)('a deletion request by receipt removes the text and the contact at once', async () => {
    const r = await submit(app, commentBody({ contact: '13700000000', consent: true, text: '我的名字是张三' }));
    const receipt = r.json().receipt;
    const del = await app.inject({ method: 'DELETE', url: `/api/comments/${receipt}` });
    expect(del.statusCode).toBe(200);
    const [row] = await db.query<{ body: string | null; contact: string | null; client_hash: string | null; withdrawn_at: Date }>(
      'SELECT body, contact, client_hash, withdrawn_at FROM comments WHERE receipt = $1',
      [receipt],
    );
    expect(row).toMatchObject({ body: null, contact: null, client_hash: null });
    expect(row.withdrawn_at).toBeInstanceOf(Date);
    expect((await app.inject({ method: 'GET', url: `/api/comments/${receipt}` })).json().status).toBe('withdrawn');
    expect((await app.inject({ method: 'DELETE', url: '/api/comments/0000-0000-0000' })).statusCode).toBe(404);
  });

  it.skipIf(skip)('personal data is purged after the retention period', async () => {
    const r = await submit(app, commentBody({ contact: '13600000000', consent: true }));
    const receipt = r.json().receipt;
    await db.query(`UPDATE comments SET created_at = now() - interval '181 days' WHERE receipt = $1`, [receipt]);
    expect(await purge(db, 180)).toBeGreaterThanOrEqual(1);
    const [row] = await db.query<{ contact: string | null; client_hash: string | null; body: string; personal_data_purged_at: Date | null }>(
      'SELECT contact, client_hash, body, personal_data_purged_at FROM comments WHERE receipt = $1',
      [receipt],
    );
    expect(row.contact).toBeNull();
    expect(row.client_hash).toBeNull();
    expect(row.body).toBeTruthy();
    expect(row.personal_data_purged_at).toBeInstanceOf(Date);
    // younger comments keep their contact
    const [young] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM comments WHERE contact = '13912345678'`);
    expect(young.n).toBe(1);
  });

  it.skipIf(skip)('stateless: a second API process on the same database sees the same comments and sessions', async () => {
    const other = await testApp(db);
    try {
        const r = await submit(other, commentBody());
      const list = (await other.inject({ method: 'GET', url: '/api/office/comments', headers: { cookie: s.cookie } })).json();
      expect(list.comments.some((c: { receipt: string }) => c.receipt === r.json().receipt)).toBe(true);
    } finally {
      await other.close();
    }
  });

  it.skipIf(skip)('the public point sits where asked', () => {
    expect(PINGYAO.lon).toBeGreaterThan(112);
    expect(randomUUID()).toMatch(/-/);
  });
});
