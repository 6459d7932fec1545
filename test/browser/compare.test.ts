/**
 * User stories for time and compare (issue 18): the plan period as a stepped control (a
 * radiogroup), the map, legend and URL following it; compare (swipe, side by side, flip) on the one
 * map state. One browser, few map loads: each story continues on the page of the one before where
 * it can.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Page } from 'playwright-core';
import { launch, waitIdle, BASE_URL, type Browser } from './browser';

let browser: Browser;
let p: Page;
beforeAll(async () => {
  browser = await launch({ width: 1440, height: 900 });
  p = await browser.page();
});
afterAll(async () => {
  await browser?.close();
});


async function open(page: Page, hash: string) {
  await page.goto(`${BASE_URL()}#${hash}`);
  await page.waitForSelector('#map[data-map-state="idle"]');
  await page.waitForSelector('#map[data-overlay="drawn"]');
  await waitIdle(page);
}

const hashParam = (page: Page, key: string) => page.evaluate((k) => new URLSearchParams(location.hash.slice(1)).get(k), key);

describe('the plan period (规划期)', () => {
  it('a stepped control: arrow keys move between 现状 · 2025 · 2035; the map, the legend and the URL follow; the counts are the phases’', async () => {
    await open(p, 'v=2&l=counties,plan-core,plan-belts,plan-roads&t=2025');
    const group = p.getByRole('radiogroup', { name: '规划期 / Plan period' });
    await expect(group.getByRole('radio', { checked: true }).textContent()).resolves.toContain('2025');
    // what the engine draws at each stop is what the data's phases say
    const counts = async () =>
      p.evaluate(async () => {
        const e = (window as any).planningMap;
        const drawn = (await e.layerFeatures('plan-roads')).length;
        const all = (await (await fetch('data/plan/roads.geojson')).json()).features as { properties: { phase_due: number } }[];
        return { drawn, due: all.filter((f) => f.properties.phase_due <= e.getStop().t).length, all: all.length };
      });
    const at2025 = await counts();
    expect(at2025.drawn).toBe(at2025.due);
    expect(at2025.drawn).toBeLessThan(at2025.all);
    await expect(p.getByTestId('stop-legend').textContent()).resolves.toContain('规划期：2025年');

    await group.getByRole('radio', { checked: true }).focus();
    await p.keyboard.press('ArrowLeft');
    await p.waitForSelector('#map[data-stop="2020"]');
    expect(await hashParam(p, 't')).toBe('2020');
    await expect(group.getByRole('radio', { checked: true }).textContent()).resolves.toContain('现状');
    await expect(p.getByTestId('stop-legend').textContent()).resolves.toContain('规划期：现状');
    const at2020 = await counts();
    expect(at2020.drawn).toBe(at2020.due);
    expect(at2020.drawn).toBeLessThanOrEqual(at2025.drawn);
    // the plan core is due by 2035: its layer leaves the legend at 现状
    await p.waitForFunction(() => !document.querySelector('[data-legend-layer="plan-core"]'), null);

    await p.keyboard.press('End');
    await p.waitForSelector('#map[data-stop="2035"]');
    expect(await hashParam(p, 't')).toBeNull(); // the default stop is not written
    expect((await counts()).drawn).toBe(at2025.all);
    await waitIdle(p);
  });
});
