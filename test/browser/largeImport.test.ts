/**
 * Issue 23 #4: a large file imports without holding the page, shows where it is, and is kept.
 * A 99 MB file is too slow for the suite (`npm run bench -- --store --only big` measures that one,
 * with the page's long tasks); 25 000 points prove the mechanism: the layer goes to MapLibre's
 * worker in parts (more than FEED_ABOVE = 20 000 features: three parts of at most 10 000), 我的数据 shows each step and the drawing
 * progress, every point reaches the map, and after a reload the stored layer comes back (read in the
 * import worker, in chunks) with every point again.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Page } from 'playwright-core';
import { launch, openMap, waitForMap, type Browser } from './browser';
import * as fx from '../fixtures/fixtures';

let browser: Browser;
beforeAll(async () => {
  browser = await launch({ width: 1440, height: 900 });
});
afterAll(async () => {
  await browser?.close();
});

const N = 25_000;
const file = (f: fx.Fixture) => ({ name: f.name, mimeType: 'application/octet-stream', buffer: Buffer.from(f.bytes) });

/** The imported layer's source id, once the map holds all of it (no part still on its way to the worker). */
const drawnSource = (p: Page) =>
  p.waitForFunction(() => {
    const map = (window as any).planningMap?.map;
    const id = map && Object.keys(map.getStyle().sources).find((s: string) => /^user-(?!sketches)/.test(s));
    return id && document.getElementById('map')!.dataset.userLayers === 'drawn' && map.isSourceLoaded(id) && map.loaded() ? id : null;
  });
/** What MapLibre's source holds (its own copy of the data it sent to its worker). */
const sourceCount = (p: Page, id: string) => p.evaluate(async (sid) => (await (window as any).planningMap.map.getSource(sid).getData()).features.length, id);

describe('我的数据: a large file', () => {
  it('25 000 points: every step shown, drawn in parts with its progress, all on the map, and all back after a reload', async () => {
    const p = await browser.page();
    await openMap(p, 'v=2');
    // what the status line said, as it said it (the steps pass quickly on a fast machine)
    await p.evaluate(() => {
      const seen = ((window as any).__seen = { phases: [] as string[], drawing: [] as string[] });
      new MutationObserver(() => {
        const phase = document.querySelector('[data-testid=my-data-progress]')?.getAttribute('data-phase');
        if (phase && seen.phases.at(-1) !== phase) seen.phases.push(phase);
        const d = document.querySelector('[data-testid=my-data-drawing]')?.textContent?.replace(/\s+/g, ' ').trim();
        if (d && seen.drawing.at(-1) !== d) seen.drawing.push(d);
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await p.getByLabel('导入数据', { exact: true }).setInputFiles(file(fx.manyPoints(N)));
    const id = (await (await drawnSource(p)).jsonValue()) as string;
    await expect.poll(() => p.getByTestId('my-data-layers').locator('li').first().textContent()).toContain(String(N));
    expect(await sourceCount(p, id)).toBe(N);
    const seen = await p.evaluate(() => (window as any).__seen);
    // the worker's steps in order, then the page's
    expect(seen.phases.filter((x: string) => ['parse', 'check', 'store', 'receive', 'add'].includes(x))).toEqual(['parse', 'check', 'store', 'receive', 'add']);
    // the map side: named, with a share, in parts
    expect(seen.drawing.length).toBeGreaterThan(0);
    expect(seen.drawing[0]).toMatch(new RegExp(`^正在绘制 points-${N} · \\d+%.*${N} 个要素分批送往地图`));
    await expect.poll(() => p.getByTestId('my-data-drawing').count()).toBe(0);
    await expect.poll(() => p.getByTestId('my-data-progress').count()).toBe(0);

    // stored: a reload brings all of it back
    await p.reload(); // the same link: the layer is shown in it
    await waitForMap(p);
    const again = (await (await drawnSource(p)).jsonValue()) as string;
    expect(again).toBe(id);
    expect(await sourceCount(p, again)).toBe(N);
    await p.close();
  });
});
