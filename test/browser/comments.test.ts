/**
 * Public participation (issue 20), against the built app served by the project's server (app +
 * comments API, embedded database; scripts/browser-tests.mjs): a citizen comments on 平遥古城 from
 * a phone and gets a receipt; offline, a comment waits and arrives exactly once after reconnecting.
 */
import { describe, it, expect } from 'vitest';
import { mkdirSync } from 'node:fs';
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

/** The office's view of the comments whose text contains q (through the office API, signed in). */
export async function officeSearch(q: string): Promise<{ total: number; comments: { receipt: string; body: string; counties: string[]; elements: { name: string }[] }[] }> {
  const base = BASE_URL();
  const login = await fetch(new URL('api/office/login', base), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: process.env.OFFICE_USER, password: process.env.OFFICE_PASSWORD }),
  });
  if (!login.ok) throw new Error(`office login: ${login.status}`);
  const cookie = login.headers.get('set-cookie')!.split(';')[0];
  const r = await fetch(new URL(`api/office/comments?q=${encodeURIComponent(q)}`, base), { headers: { cookie } });
  return r.json();
}

describe('a citizen on a phone (390×844)', () => {
  it('comments on 平遥古城 from its card and gets a receipt', async () => {
    const b = await launch({ width: 390, height: 844, touch: true });
    try {
      const p = await b.page();
      await openMap(p, 'v=2&mode=public&s=heritage-region/hr-wh-pingyao');
      const card = p.getByTestId('site-card');
      await card.getByRole('heading', { name: '平遥古城' }).waitFor();
      await card.getByRole('button', { name: '提意见 / Comment' }).tap();
      const form = p.getByTestId('comment-form');
      await form.waitFor();
      await expect(form.getByText('平遥古城')).toBeTruthy();
      await form.getByLabel('问题反映').check();
      const text = `城墙东段有新的裂缝 ${Date.now()}`;
      await form.getByTestId('comment-text').fill(text);
      // a contact needs the consent box
      await form.getByTestId('comment-contact').fill('13800000000');
      await expect.poll(() => form.getByTestId('comment-send').isDisabled()).toBe(true);
      await form.getByTestId('comment-consent').check();
      await shot(p, 'comment-form-390');
      await form.getByTestId('comment-send').tap();
      const code = await p.getByTestId('receipt-code').textContent();
      expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      await expect.poll(() => p.getByTestId('receipt').textContent()).toContain('回执编号 / Receipt');
      await shot(p, 'comment-receipt-390');
      // the office has it once, placed in 平遥县 with 平遥古城 as its plan element
      const found = await officeSearch(text);
      expect(found.total).toBe(1);
      expect(found.comments[0].receipt).toBe(code);
      expect(found.comments[0].counties).toEqual(['平遥县']);
      expect(found.comments[0].elements[0].name).toBe('平遥古城');
    } finally {
      await b.close();
    }
  });
});

describe('a comment written offline', () => {
  it('waits in the browser, visible and cancellable, and arrives exactly once after reconnecting', async () => {
    const b = await launch({ width: 1440, height: 900 });
    try {
      const p = await b.page();
      await openMap(p, 'v=2&mode=public&s=heritage-region/hr-wh-pingyao');
      await p.getByTestId('site-card').getByRole('button', { name: '提意见 / Comment' }).click();
      await shot(p, 'comment-form-1440');
      await b.context.setOffline(true);
      const text = `建议增加古城步行导览 ${Date.now()}`;
      const form = p.getByTestId('comment-form');
      await form.getByTestId('comment-text').fill(text);
      await form.getByTestId('comment-send').click();
      await p.getByTestId('comment-queued').waitFor();
      // a second one, then cancelled from the queue
      await p.keyboard.press('Escape');
      await p.getByTestId('site-card').getByRole('button', { name: '提意见 / Comment' }).click();
      await p.getByTestId('comment-text').fill(`不要发送 ${text}`);
      await p.getByTestId('comment-send').click();
      await p.getByTestId('comment-queued').waitFor();
      await p.keyboard.press('Escape');
      await p.waitForSelector('[data-testid=outbox-badge][data-count="2"]');
      await p.getByTestId('outbox-badge').click();
      const queue = p.getByTestId('comment-queue');
      await expect.poll(() => queue.getByTestId('queued-comment').count()).toBe(2);
      await shot(p, 'comment-queue-1440');
      await queue.getByTestId('queued-comment').filter({ hasText: '不要发送' }).getByTestId('cancel-queued').click();
      // the list follows once the store has deleted it (an IndexedDB write): wait for it, do not sample
      await expect.poll(() => queue.getByTestId('queued-comment').count()).toBe(1);
      // a reload offline keeps it (IndexedDB)
      expect((await officeSearch(text)).total).toBe(0);

      await b.context.setOffline(false);
      // sent by itself once the browser is online: the receipt arrives in "my comments"
      await p.getByTestId('sent-comment').first().waitFor();
      await p.waitForSelector('[data-testid=comment-queue]', { state: 'detached' });
      const code = await p.getByTestId('sent-comment').first().getByTestId('receipt-code').textContent();
      const found = await officeSearch(text);
      expect(found.total).toBe(1);
      expect(found.comments[0].receipt).toBe(code);
      expect((await officeSearch(`不要发送 ${text}`)).total).toBe(0);
      // a reload sends nothing again
      await p.reload();
      await p.waitForSelector('#map[data-map-state="idle"]');
      expect((await officeSearch(text)).total).toBe(1);
    } finally {
      await b.close();
    }
  });
});
