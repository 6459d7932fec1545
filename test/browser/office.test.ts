/**
 * The planning office (issue 20): signs in at /office/, finds a citizen's comment on 平遥古城,
 * answers it — and the citizen sees the answer through the receipt code; the 意见汇总表 export
 * names the county and the plan element of each comment, and never the contact.
 */
import { describe, it, expect } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { unzipSync, strFromU8 } from 'fflate';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import type { Page } from 'playwright-core';
import { launch, waitIdle, BASE_URL } from './browser';

/** openMap with the patience of a loaded 2-core machine (the first idle took 60 s there with 8 sessions running). */
async function openMap(p: Page, hash: string) {
  await p.goto(`${BASE_URL()}#${hash}`);
  await p.waitForSelector('#map[data-map-state="idle"]');
  await p.waitForSelector('#map[data-overlay="drawn"]');
  await waitIdle(p);
}

const SHOTS = process.env.SHOTS_DIR;
const shot = async (p: import('playwright-core').Page, name: string) => {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await p.screenshot({ path: `${SHOTS}/${name}.png` });
};

/** A citizen's comment sent straight to the API (the form itself is covered by comments.test.ts). */
async function citizenComment(text: string, extra: Record<string, unknown> = {}): Promise<string> {
  const base = BASE_URL();
  const challenge = await (await fetch(new URL('api/comments/challenge', base))).json();
  const solution = await solveChallenge({ challenge, deriveKey });
  const r = await fetch(new URL('api/comments', base), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ idempotencyKey: randomUUID(), kind: 'report', text, lang: 'zh', target: { kind: 'feature', layer: 'heritage-region', id: 'hr-wh-pingyao' }, pow: { challenge, solution }, ...extra }),
  });
  if (r.status !== 201) throw new Error(`comment: ${r.status} ${await r.text()}`);
  return (await r.json()).receipt;
}

describe('the planning office', () => {
  it('signs in, answers a comment — shown as text — and the citizen sees the answer by receipt', async () => {
    const text = `<img src=x onerror="window.__xss=1">城墙东段砖石松动 ${Date.now()}`;
    const receipt = await citizenComment(text, { contact: '13911112222', consent: true });
    const b = await launch({ width: 1440, height: 900 });
    try {
      const p = await b.page();
      await p.goto(new URL('office/', BASE_URL()).href);
      const login = p.getByTestId('office-login');
      await login.getByLabel('用户名').fill(process.env.OFFICE_USER!);
      await login.getByLabel('密码').fill('wrong password');
      await login.getByRole('button', { name: '登录' }).click();
      await login.getByRole('alert').waitFor();
      await login.getByLabel('密码').fill(process.env.OFFICE_PASSWORD!);
      await login.getByRole('button', { name: '登录' }).click();
      const item = p.locator(`[data-testid=office-item][data-receipt="${receipt}"]`);
      await item.click();
      const detail = p.getByTestId('office-detail');
      // markup from the citizen is text, not markup
      await expect.poll(() => detail.getByTestId('office-body').textContent()).toBe(text);
      expect(await p.evaluate(() => (window as any).__xss)).toBeUndefined();
      expect(await detail.locator('img').count()).toBe(0);
      await expect.poll(() => detail.getByTestId('office-county').textContent()).toBe('平遥县');
      await expect.poll(() => detail.getByTestId('office-elements').textContent()).toContain('平遥古城');
      await detail.getByText('13911112222').waitFor();
      await p.waitForSelector('[data-testid=office-map][data-map-state=idle]');
      await detail.getByTestId('office-answer').fill('已转平遥县文物局核查，将于本月内修缮。');
      await detail.getByTestId('office-save').click();
      await detail.getByTestId('office-saved').waitFor();
      await expect.poll(() => detail.getByTestId('office-status').inputValue()).toBe('answered');
      await p.evaluate(() => window.scrollTo(0, 0));
      await shot(p, 'office-1440x900');
      await p.setViewportSize({ width: 1024, height: 768 });
      await p.evaluate(() => window.scrollTo(0, 0));
      await shot(p, 'office-1024x768');

      // the citizen, on the public map: 我的意见 → the receipt code → the answer
      const c = await b.page();
      await openMap(c, 'v=2&mode=public');
      await c.getByTestId('open-my-comments').click();
      await c.getByTestId('receipt-lookup').fill(receipt.toLowerCase());
      await c.getByTestId('my-comments').getByRole('button', { name: '查询', exact: true }).click();
      const answer = c.getByTestId('comment-answer');
      await expect.poll(() => answer.textContent()).toContain('已转平遥县文物局核查，将于本月内修缮。');
      await expect.poll(() => c.getByTestId('comment-status').last().getAttribute('data-status')).toBe('answered');
      await shot(c, 'citizen-answer-1440');
    } finally {
      await b.close();
    }
  });

  it('exports the 意见汇总表 naming county and plan element, without contacts', async () => {
    const text = `建议在古城外围增设停车场 ${Date.now()}`;
    await citizenComment(text, { contact: 'someone@example.cn', consent: true });
    const b = await launch({ width: 1440, height: 900 });
    try {
      const p = await b.page();
      await p.goto(new URL('office/', BASE_URL()).href);
      const login = p.getByTestId('office-login');
      await login.getByLabel('用户名').fill(process.env.OFFICE_USER!);
      await login.getByLabel('密码').fill(process.env.OFFICE_PASSWORD!);
      await login.getByRole('button', { name: '登录' }).click();
      await p.getByTestId('office-list').getByText(text.slice(0, 20)).first().waitFor();
      const download = p.waitForEvent('download');
      await p.getByTestId('export-xlsx').click();
      const file = await (await download).path();
      const files = unzipSync(new Uint8Array(readFileSync(file)));
      const sheet = strFromU8(files['xl/worksheets/sheet1.xml']);
      expect(sheet).toContain('所在县（市、区）');
      expect(sheet).toContain('涉及规划要素');
      expect(sheet).toContain(text);
      expect(sheet).toContain('平遥县');
      expect(sheet).toContain('晋中市');
      expect(sheet).toContain('平遥古城');
      expect(sheet).not.toContain('someone@example.cn');
      const csv = p.waitForEvent('download');
      await p.getByTestId('export-csv').click();
      const body = readFileSync(await (await csv).path(), 'utf8');
      const row = body.split('\r\n').find((l) => l.includes(text))!;
      expect(row).toContain('平遥县');
      expect(row).toContain('平遥古城');
      expect(body).not.toContain('someone@example.cn');
    } finally {
      await b.close();
    }
  });
});
