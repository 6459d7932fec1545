/**
 * User stories for the plan's structure (issue 3) and the ecology / inventory / public mode
 * (issue 4).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Page } from 'playwright-core';
import { launch, openMap, project, waitIdle, BASE_URL, type Browser } from './browser';

const LINXIAN = [110.99, 37.96] as const; // 临县 seat (37°57′N 110°59′E), clear of the legend box
const PINGYAO = [112.17806, 37.2025] as const; // 平遥县 seat (GeoNames)

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const page = () => browser.page();
/**
 * A map a story opened, kept for the next story that asks for the same link and only acts on it
 * (one map load for both): `shared(hash)` reuses it — brought to front — or opens it.
 */
let kept: { hash: string; page: Page } | undefined;
async function shared(hash: string): Promise<Page> {
  if (kept && kept.hash === hash && !kept.page.isClosed()) {
    await kept.page.bringToFront(); // a tab not in front draws no frames
    return kept.page;
  }
  if (kept && !kept.page.isClosed()) await kept.page.close();
  const p = await page();
  await openMap(p, hash);
  kept = { hash, page: p };
  return p;
}

const drawn = (p: Page) => p.locator('#map').getAttribute('data-layers').then((s) => (s ?? '').split(',').filter(Boolean));

describe('planner reads the 一核四带多组团 structure', () => {
  it('clicks a belt, sees its 17 members, and clicking a member selects that county', async () => {
    const p = await shared('v=1&l=plan-belts');
    const at = await project(p, ...LINXIAN);
    await p.mouse.click(at.x, at.y);
    const panel = p.getByTestId('inspect');
    await expect.poll(() => panel.locator('h2').textContent()).toBe('沿黄城镇带');
    const members = panel.locator('.refs').first().locator('button');
    await p.waitForFunction(() => document.querySelector('[data-testid=inspect] .refs button')?.textContent !== '141102');
    await expect.poll(() => members.count()).toBe(17);
    await members.filter({ hasText: /^兴县$/ }).click();
    await expect.poll(() => panel.locator('h2').textContent()).toBe('兴县');
    await expect.poll(() => panel.locator('[data-attr="code"]').textContent()).toBe('141123');
    expect(await drawn(p)).toContain('counties');
    expect(p.url()).toContain('s=counties/141123');
  });

  it('switches one belt off and on without hiding the others', async () => {
    const p = await shared('v=1&l=plan-belts'); // (the belt story's map: a county selected there changes no belt)
    const shown = () => p.evaluate(async () => (await (window as any).planningMap.layerFeatures('plan-belts')).map((f: any) => f.properties.id));
    await p.locator('details.elements:has([data-element^="plan-belts/"]) > summary').click();
    const box = p.locator('input[data-element="plan-belts/belt-yellow-river"]');
    await box.uncheck();
    await p.waitForFunction(async () => (await (window as any).planningMap.layerFeatures('plan-belts')).length === 3);
    expect(await shown()).not.toContain('belt-yellow-river');
    await box.check();
    await p.waitForFunction(async () => (await (window as any).planningMap.layerFeatures('plan-belts')).length === 4);
    kept = undefined;
    await p.close();
  });

  it("a county's panel lists every plan element that includes it", async () => {
    const p = await page();
    await openMap(p, 'v=1&l=counties&s=counties/140728');
    const partOf = p.getByTestId('inspect').locator('.part-of').first();
    await expect.poll(() => partOf.textContent()).toContain('汾河谷地城镇带');
    await expect.poll(() => partOf.textContent()).toContain('平介祁灵');
    await p.close();
  });

  it('search finds a zone by Chinese name and a county by English name', async () => {
    const p = await page();
    await openMap(p);
    const box = p.getByTestId('search');
    await box.fill('中北');
    await p.getByTestId('search-option').first().waitFor();
    await expect.poll(() => p.getByTestId('search-option').first().textContent()).toContain('中北高新区');
    await box.press('Enter');
    await expect.poll(() => p.getByTestId('inspect').locator('h2').textContent()).toContain('中北高新区');
    await box.fill('Pingyao');
    await p.getByTestId('search-option').first().waitFor();
    await box.press('ArrowDown');
    await box.press('Enter');
    await expect.poll(() => p.getByTestId('inspect').locator('h2').textContent()).toMatch(/平遥/);
    await p.close();
  });
});

describe('planner checks the ecological pattern and the inventory', () => {
  it('toggles the ecological layers', async () => {
    const p = await shared('v=1&l=counties');
    await p.locator('details:has(input[data-layer="eco-axis"]) > summary').click();
    for (const id of ['eco-axis', 'eco-barriers', 'eco-corridors']) {
      await p.locator(`input[data-layer="${id}"]`).check();
      await p.waitForFunction((l) => document.getElementById('map')!.dataset.layers?.split(',').includes(l), id);
    }
    await p.locator('input[data-layer="eco-barriers"]').uncheck();
    await p.waitForFunction(() => !document.getElementById('map')!.dataset.layers?.split(',').includes('eco-barriers'));
    expect(await drawn(p)).toEqual(['counties', 'eco-axis', 'eco-corridors']);
  });

  it('filters the inventory: the map and the counts follow', async () => {
    const p = await page();
    await openMap(p, 'v=1&l=counties,inventory-items');
    await p.getByTestId('inventory-section').locator('summary').click();
    const count = p.getByTestId('inventory-count-key-heritage-site');
    await expect.poll(() => count.textContent()).toMatch(/110.*[1-9]/);
    const shownOnMap = () => p.evaluate(async () => (await (window as any).planningMap.layerFeatures('inventory-items')).length);
    const before = await shownOnMap();
    await p.locator('input[data-category="key-heritage-site"]').uncheck();
    await p.waitForFunction((n) => (window as any).planningMap.layerFeatures('inventory-items').then((f: unknown[]) => f.length < n), before);
    await expect.poll(() => count.textContent()).toMatch(/110.*已上图 0/);
    const after = await shownOnMap();
    expect(after).toBeLessThan(before);
    await p.close();
  });

  it('imports a list, reports each row, and shows imported text as text', async () => {
    const p = await shared('v=1&l=counties'); // (the ecology story's map, if it ran: the list goes in beside those layers)
    await p.getByTestId('inventory-section').locator('summary').click();
    const csv = 'name,category,lon,lat\n<img src=x onerror="window.__xss=1">,重点文保单位,112.60,38.10\n未知类别的点,森林,112.6,38.1\n';
    await p.getByTestId('inventory-import').locator('input[type=file]').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await p.waitForFunction(() => document.querySelector('[data-testid=inventory-report]')?.textContent?.includes('森林'));
    await expect.poll(() => p.getByTestId('inventory-confirm').count()).toBe(0);

    const good = 'name,category,lon,lat\n<img src=x onerror="window.__xss=1">,重点文保单位,112.60,38.10\n';
    await p.getByTestId('inventory-import').locator('input[type=file]').setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await p.getByTestId('inventory-confirm').click();
    await p.waitForFunction(() => document.getElementById('map')!.dataset.layers?.includes('inventory-items'));
    await p.locator('[data-testid="inventory-item"]', { hasText: '<img' }).click();
    await expect.poll(() => p.getByTestId('inspect').locator('h2').textContent()).toBe('<img src=x onerror="window.__xss=1">');
    expect(await p.evaluate(() => (window as any).__xss)).toBeUndefined();
    await expect.poll(() => p.locator('img[src="x"]').count()).toBe(0);
    kept = undefined;
    await p.close();
  });
});

describe('a member of the public views protected sites', () => {
  it('sees only public layers and a list of sites synced with the map', async () => {
    const b = await launch({ width: 390, height: 844 });
    const p = await b.context.newPage();
    await openMap(p, 'v=1&mode=public');
    // planner-only layers are neither offered nor drawn
    await expect.poll(() => p.locator('input[data-layer="plan-zones"]').count()).toBe(0);
    await expect.poll(() => p.locator('input[data-layer="industry-poles"]').count()).toBe(0);
    for (const id of await drawn(p)) expect(['plan-zones', 'industry-poles', 'plan-railways']).not.toContain(id);
    await expect.poll(() => p.getByTestId('inventory-import').count()).toBe(0);

    // list → map
    const items = p.getByTestId('site-item');
    await expect.poll(() => items.count()).toBeGreaterThan(5);
    await p.getByTestId('site-search').fill('五台山');
    await items.first().click();
    await expect.poll(() => p.getByTestId('site-card').locator('h2').textContent()).toBe('五台山');
    expect(p.url()).toMatch(/mode=public.*s=/);

    // map → list: click another site on the map
    await p.getByTestId('site-search').fill('');
    await waitIdle(p);
    const target = await p.evaluate(async () => {
      const f = (await (window as any).planningMap.layerFeatures('heritage-region')).find((x: any) => x.properties.name === '平遥古城');
      return f.geometry.coordinates;
    });
    await p.evaluate((c) => (window as any).planningMap.map.jumpTo({ center: c, zoom: 11 }), target);
    await waitIdle(p);
    const at = await project(p, target[0], target[1]);
    // the point is on the map itself, not under a card or a control
    expect(await p.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.className, at)).toContain('maplibregl-canvas');
    await p.mouse.click(at.x, at.y);
    await expect.poll(() => p.getByTestId('site-card').locator('h2').textContent()).toMatch(/平遥/);
    await expect.poll(() => p.locator('[data-testid="site-item"][aria-current="true"]').textContent()).toMatch(/平遥/);
    await b.close();
  });

  it('a site link opens the map on that site', async () => {
    const p = await page();
    await openMap(p, 'v=1&mode=public&s=inventory-items/inv-wh-wutaishan');
    await expect.poll(() => p.getByTestId('site-card').locator('h2').textContent()).toBe('五台山');
    await waitIdle(p);
    // the map flew to the site and shows it in the part of the map the card leaves free
    const where = await p.evaluate(() => {
      const m = (window as any).planningMap.map;
      const pt = m.project([113.594, 39.012]);
      const map = m.getContainer().getBoundingClientRect();
      const card = document.querySelector('[data-testid=site-card]')!.getBoundingClientRect();
      const x = map.left + pt.x;
      const y = map.top + pt.y;
      const inMap = x > map.left && x < map.right && y > map.top && y < map.bottom;
      const underCard = x >= card.left && x <= card.right && y >= card.top && y <= card.bottom;
      return { inMap, underCard, zoom: m.getZoom() };
    });
    expect(where.inMap).toBe(true);
    expect(where.underCard).toBe(false);
    expect(where.zoom).toBeGreaterThan(7); // the site with 60 km of its surroundings (issue 22 item 13) in the free part of the map
    await p.close();
  });
});
