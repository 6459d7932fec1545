/**
 * User stories for importing (issues 10 and 13): "我的数据" layers from real office files (a GBK
 * shapefile in a Gauss-Krüger zone, a CSV whose zone must be confirmed), the attribute table,
 * a base-map switch, and imports (layers and 清单 items) surviving a reload with a link that
 * selects an imported feature.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Page } from 'playwright-core';
import { launch, openMap, waitIdle, BASE_URL, type Browser } from './browser';
import * as fx from '../fixtures/fixtures';

let browser: Browser;
beforeAll(async () => {
  browser = await launch({ width: 1440, height: 900 });
});
afterAll(async () => {
  await browser?.close();
});

const page = () => browser.page();
const file = (f: fx.Fixture) => ({ name: f.name, mimeType: 'application/octet-stream', buffer: Buffer.from(f.bytes) });
const userSources = (p: Page) =>
  p.evaluate(() => Object.keys((window as any).planningMap.map.getStyle().sources).filter((id) => id.startsWith('user-')));
/** Number of features MapLibre holds for a user layer (from its source, whatever is on screen). */
const sourceCount = (p: Page, id: string) => p.evaluate((sid) => (window as any).planningMap.map.getSource(sid)?._data?.features?.length ?? (window as any).planningMap.map.getSource(sid)?.serialize()?.data?.features?.length ?? -1, id);

/** Empty the app's IndexedDB store (what earlier tests imported). */
async function clearStorage(p: Page) {
  await p.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('planning-map-user');
        open.onupgradeneeded = () => open.result.createObjectStore('data');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('data', 'readwrite');
          tx.objectStore('data').clear();
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
        };
      }),
  );
}

/**
 * A new page on the map with nothing stored from earlier tests: the store is emptied from a
 * light document of the app's origin (its icon) before the map opens — one map load, not two.
 */
async function emptyMap(): Promise<Page> {
  const p = await page();
  await p.goto(`${BASE_URL()}icon.svg`);
  await clearStorage(p);
  await openMap(p, 'v=2&l=counties');
  return p;
}

describe('我的数据: a planner brings an office file', () => {
  it('imports a GBK shapefile in a GK zone, reads its table, selects a row, and finds it all again after a reload', async () => {
    const p = await emptyMap();
    const input = p.getByLabel('导入数据', { exact: true });
    await input.setInputFiles(file(fx.shpGk3Zone38Gbk()));
    const row = p.getByTestId('my-data-layers').locator('li').first();
    await expect.poll(() => row.getByTestId('user-layer-name').textContent()).toBe('控制点');
    await expect.poll(() => p.getByTestId('my-data-status').textContent()).toContain('4 个要素');
    const layerId = (await row.getAttribute('data-user-layer'))!;
    expect(layerId).toMatch(/^user-[a-z0-9]+$/);
    await p.waitForFunction((id) => (window as any).planningMap.map.getSource(id), layerId);
    expect(p.url()).toContain(`l=counties,${layerId}`);

    // the attribute table: decoded GBK text, sortable, a row selects and flies to the feature
    await row.getByTestId('open-table').click();
    const table = p.getByTestId('attribute-table');
    await expect.poll(() => table.locator('[role=columnheader]').allTextContents()).toEqual(['#', '名称', '类型', '面积']);
    await table.locator('button[data-sort="面积"]').click();
    await expect.poll(() => table.locator('.tr').first().locator('.cell').nth(1).textContent()).toBe('平遥古城');
    await table.locator('.tr', { hasText: '清源镇' }).click();
    const inspect = p.getByTestId('inspect');
    await expect.poll(() => inspect.locator('h2').textContent()).toBe('清源镇');
    await expect.poll(() => inspect.textContent()).toContain('控制点_3度带38带.zip');
    await expect.poll(() => inspect.textContent()).toContain('按来源提供'); // an import's accuracy is 'as supplied' until the user sets it (issue 22, item 6)
    await p.waitForFunction((id) => location.hash.includes(`s=${id}/1`), layerId);
    await expect.poll(() => table.locator('.tr[aria-selected=true]').textContent()).toContain('清源镇');
    // the map flew there: 清源镇 (112.32583, 37.61748) is in view, zoomed in, clear of the inspect panel and the table
    await waitIdle(p);
    const seen = await p.evaluate(() => {
      const map = (window as any).planningMap.map;
      const q = map.project([112.32583, 37.61748]);
      const r = map.getContainer().getBoundingClientRect();
      const pt = { x: r.left + q.x, y: r.top + q.y };
      const under = ['[data-testid=inspect]', '[data-testid=attribute-table]'].some((sel) => {
        const b = document.querySelector(sel)?.getBoundingClientRect();
        return b && pt.x >= b.left && pt.x <= b.right && pt.y >= b.top && pt.y <= b.bottom;
      });
      return { inView: map.getBounds().contains([112.32583, 37.61748]), zoom: map.getZoom(), under };
    });
    expect(seen.inView).toBe(true);
    expect(seen.zoom).toBeGreaterThan(8);
    expect(seen.under).toBe(false);

    // a click on the point on the map selects it too
    await inspect.locator('button.close').click();
    const at = await p.evaluate(() => {
      const map = (window as any).planningMap.map;
      const q = map.project([112.32583, 37.61748]);
      const r = map.getContainer().getBoundingClientRect();
      return { x: r.left + q.x, y: r.top + q.y };
    });
    await p.mouse.click(at.x, at.y);
    await expect.poll(() => inspect.locator('h2').textContent()).toBe('清源镇');

    // reload: the layer, its visibility and the selected feature come back from IndexedDB + the URL
    const url = p.url();
    await p.goto('about:blank');
    await p.goto(url);
    await openMap(p, url.split('#')[1]);
    await expect.poll(() => p.getByTestId('my-data-layers').locator('li').first().getByTestId('user-layer-name').textContent()).toBe('控制点');
    await expect.poll(() => p.getByTestId('inspect').locator('h2').textContent()).toBe('清源镇');
    await p.waitForFunction((id) => (window as any).planningMap.map.getSource(id), layerId);
    await p.close();
  });

  it('asks for the zone of projected numbers with no .prj, and keeps user layers across a base-map switch', async () => {
    const p = await emptyMap();
    await p.getByLabel('导入数据', { exact: true }).setInputFiles(file(fx.csvGk3NoPrefix()));
    const confirm = p.getByTestId('crs-confirm');
    await expect.poll(() => confirm.textContent()).toContain('中央经线 114°E');
    await expect.poll(() => confirm.locator('input[type=radio]:checked').getAttribute('value')).toBe('EPSG:4547');
    await p.getByTestId('crs-ok').click();
    const row = p.getByTestId('my-data-layers').locator('li').first();
    await expect.poll(() => row.getByTestId('user-layer-name').textContent()).toBe('3度带_无带号');
    await expect.poll(() => row.locator('details.info').textContent()).toContain('推断并经确认');
    const id = (await row.getAttribute('data-user-layer'))!;
    await p.waitForFunction((sid) => (window as any).planningMap.map.getSource(sid), id);

    // base map switch: the source and its layers are put back
    await p.locator('input[value="blank"]').check();
    await p.waitForFunction(() => document.getElementById('map')!.dataset.basemap === 'blank');
    await p.waitForFunction((sid) => !!(window as any).planningMap.map.getLayer(`${sid}-circle`), id);
    expect(await userSources(p)).toEqual([id]);

    // remove: gone from the list, the map and the URL
    await row.getByRole('button', { name: '删除' }).click();
    await p.getByTestId('remove-confirm').click();
    await p.waitForFunction(() => !document.querySelector('[data-testid=my-data-layers] li'));
    await p.waitForFunction((sid) => !(window as any).planningMap.map.getSource(sid) && !location.hash.includes(sid), id);
    await p.close();
  });

  it('refuses bad files with our own messages and imports nothing', async () => {
    const p = await emptyMap();
    await p.getByLabel('导入数据', { exact: true }).setInputFiles([
      { name: '总规.dwg', mimeType: 'application/octet-stream', buffer: Buffer.from([0x41, 0x43, 0x31, 0x30]) },
      file(fx.deepNesting()),
    ]);
    const problems = p.getByTestId('my-data-problems');
    await p.waitForFunction(() => (document.querySelector('[data-testid=my-data-problems]')?.children.length ?? 0) >= 2, undefined);
    const text = await problems.textContent();
    expect(text).toContain('不支持CAD 图纸');
    expect(text).toContain('导出为 Shapefile');
    expect(text).toContain('嵌套过深');
    expect(text).not.toMatch(/call stack|undefined|TypeError/i);
    await expect.poll(() => p.getByTestId('my-data-layers').count()).toBe(0);
    await p.close();
  });

  it('a survey of 20 000 points shows as counted groups that account for every point; clicking a group zooms in to its points', async () => {
    const p = await emptyMap();
    await p.getByLabel('导入数据', { exact: true }).setInputFiles(file(fx.manyPoints(20_000)));
    const row = p.getByTestId('my-data-layers').locator('li').first();
    await expect.poll(() => row.getByTestId('grouped-note').textContent()).toContain('聚合');
    const id = (await row.getAttribute('data-user-layer'))!;
    await p.waitForFunction((sid) => (window as any).planningMap.map.getLayer(`${sid}-cluster`) && (window as any).planningMap.map.isSourceLoaded(sid), id);
    await waitIdle(p);
    /** groups and single points on screen: the groups' counts plus the singles */
    const onScreen = () =>
      p.evaluate((sid) => {
        const map = (window as any).planningMap.map;
        const groups = new Map<number, { n: number; at: [number, number] }>();
        for (const f of map.queryRenderedFeatures({ layers: [`${sid}-cluster`] })) groups.set(f.properties.cluster_id, { n: f.properties.point_count, at: f.geometry.coordinates });
        const singles = new Set(map.queryRenderedFeatures({ layers: [`${sid}-circle`] }).map((f: any) => f.id));
        const top = [...groups.values()].sort((a, b) => b.n - a.n)[0];
        const { width, height } = map.getCanvas().getBoundingClientRect();
        const centre = map.project(map.getCenter());
        return { groups: groups.size, grouped: [...groups.values()].reduce((s, g) => s + g.n, 0), singles: singles.size, top, zoom: map.getZoom(), width, height, centre };
      }, id);
    // the import framed its data: every one of the 20 000 points is in a group or drawn on its own
    const before = await onScreen();
    expect(before.groups).toBeGreaterThan(20);
    expect(before.groups).toBeLessThan(2000);
    expect(before.grouped + before.singles).toBe(20_000);
    // the legend says so (the overlay is open at this width)
    await expect.poll(() => p.getByTestId('legend-overlay').textContent()).toContain('points-20000（缩小时聚合，圆内数字为点数）');
    // the count is written on the group
    expect(await p.evaluate((sid) => (window as any).planningMap.map.getLayoutProperty(`${sid}-count`, 'text-field'), id)).toEqual(['get', 'point_count_abbreviated']);
    // click the largest group: the map zooms in on it (not a selection of one point)
    const at = await p.evaluate((c) => {
      const map = (window as any).planningMap.map;
      const pt = map.project(c);
      const r = map.getCanvas().getBoundingClientRect();
      return { x: r.left + pt.x, y: r.top + pt.y };
    }, before.top.at);
    expect(await p.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.tagName, at)).toBe('CANVAS');
    await p.mouse.click(at.x, at.y);
    await p.waitForFunction((z) => (window as any).planningMap.map.getZoom() > z + 0.5, before.zoom);
    await waitIdle(p);
    expect(await p.evaluate(() => location.hash)).not.toMatch(/[#&]s=/);
    // zoomed in past the grouping: points one by one, no groups
    await p.evaluate(() => (window as any).planningMap.map.jumpTo({ zoom: 13 }));
    await waitIdle(p);
    const close = await onScreen();
    expect(close.groups).toBe(0);
    expect(close.singles).toBeGreaterThan(0);
    await p.close();
  });
});

describe('清单 imports survive a reload', () => {
  it('an imported GBK list (as Excel saves it) stays after a reload, a link to an item resolves, and clearing can be undone', async () => {
    const p = await emptyMap();
    await p.getByTestId('inventory-section').locator('summary').click();
    await p.getByTestId('inventory-import').locator('input[type=file]').setInputFiles(file(fx.inventoryExcel('gbk')));
    await p.getByTestId('inventory-confirm').click();
    await p.locator('[data-testid="inventory-item"]', { hasText: '双林寺（测试）' }).click();
    await expect.poll(() => p.getByTestId('inspect').locator('h2').textContent()).toBe('双林寺（测试）');
    await p.waitForFunction(() => /s=inventory-items\/import-\d+/.test(location.hash));
    const url = p.url();

    await p.goto('about:blank');
    await p.goto(url);
    await openMap(p, url.split('#')[1]);
    await expect.poll(() => p.getByTestId('inspect').locator('h2').textContent()).toBe('双林寺（测试）');
    await p.getByTestId('inventory-section').locator('summary').click();
    await expect.poll(() => p.getByTestId('inventory-imported').textContent()).toContain('已导入 3 条');

    await p.getByTestId('inventory-clear').click();
    await p.getByTestId('inventory-clear-confirm').click();
    await expect.poll(() => p.getByTestId('inventory-imported').textContent()).toContain('已清除 3 条');
    await expect.poll(() => p.locator('[data-testid="inventory-item"]', { hasText: '双林寺（测试）' }).count()).toBe(0);
    await p.getByTestId('inventory-undo').click();
    await expect.poll(() => p.locator('[data-testid="inventory-item"]', { hasText: '双林寺（测试）' }).count()).toBe(1);
    // undo was saved too: the panel says so once the browser has stored it
    await expect.poll(() => p.getByTestId('inventory-restored').textContent()).toContain('已保存');
    await p.reload();
    await openMap(p, new URL(p.url()).hash);
    await p.getByTestId('inventory-section').locator('summary').click();
    await expect.poll(() => p.locator('[data-testid="inventory-item"]', { hasText: '双林寺（测试）' }).count()).toBe(1);
    await p.close();
  });
});
