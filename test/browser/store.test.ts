/**
 * User stories for issue 23 ("nothing a user makes is ever lost"): two tabs of the planner on one
 * browser profile, each making work in every store, keep both tabs' work; a browser that refuses
 * every write says so in every store (never "saved"), keeps the work in the page and offers an
 * export; the sketch cap is enforced where sketches are made; files that lie about their size are
 * refused with the right reason. Each story has a fresh profile of
 * its own (nothing to clear, one map load fewer).
 */
import { describe, it, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { launch, project, waitForMap, BASE_URL, WAIT_MS } from './browser';
import * as fx from '../fixtures/fixtures';
import * as lying from '../fixtures/lying';
import { sketchesToKML } from '../../src/sketch/export';

/** what another tab or the browser's storage does arrives in its own time: poll for it (the suite's WAIT_MS), never sleep */
const LATER = { timeout: WAIT_MS, interval: 200 };
const FRAME = 'v=2&m=111.95,37.1,112.6,37.85';

/**
 * Installed before the app: `window.__failWrites = true` makes every IndexedDB put/add throw
 * QuotaExceededError, as a full disk or a private window does (deletes still work, as they do then).
 */
function failingStorage() {
  const w = window as unknown as { __failWrites?: boolean };
  for (const m of ['put', 'add'] as const) {
    const orig = IDBObjectStore.prototype[m];
    IDBObjectStore.prototype[m] = function (this: IDBObjectStore, ...args: [unknown, IDBValidKey?]) {
      if (w.__failWrites) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return orig.apply(this, args);
    } as never;
  }
}
const setFailing = (p: Page, on: boolean) => p.evaluate((v) => ((window as unknown as { __failWrites?: boolean }).__failWrites = v), on);

/**
 * Open the map and wait until it is drawn, as openMap does, but without waiting for the page's
 * load event (a tab not in front may get it late): the map's own states are what counts.
 */
async function openMap(p: Page, hash: string) {
  await p.goto(`${BASE_URL()}#${hash}`, { waitUntil: 'commit' });
  await waitForMap(p);
}

const file = (f: fx.Fixture) => ({ name: f.name, mimeType: 'application/octet-stream', buffer: Buffer.from(f.bytes) });

async function clickAt(p: Page, lonLat: readonly [number, number]) {
  const at = await project(p, lonLat[0], lonLat[1]);
  await p.mouse.move(at.x, at.y, { steps: 2 });
  await p.mouse.click(at.x, at.y);
}

/** Draw a point sketch and name it. */
async function drawPoint(p: Page, at: readonly [number, number], name: string) {
  // a dispatched click: a tab not in front draws no frames, so Playwright's "stable" check would wait forever
  await p.locator('[data-tool=point]').dispatchEvent('click');
  await p.waitForSelector('#map[data-drawing=drawing]');
  await clickAt(p, at);
  await p.waitForSelector('#map[data-drawing=off]');
  const input = p.locator('[data-testid=sketch-panel] li input.name').last();
  await input.fill(name);
  await input.press('Enter');
}

const sketchNames = (p: Page) => p.locator('[data-testid=sketch-panel] li input.name').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
const storageState = (p: Page) => p.getByTestId('sketch-storage').getAttribute('data-saved');

const layerNames = (p: Page) => p.getByTestId('user-layer-name').allTextContents();
const deckOptions = (p: Page) => p.getByTestId('deck-pick').locator('option').allTextContents();
const importedNote = (p: Page) => p.getByTestId('inventory-imported').textContent();

async function importLayer(p: Page, f: fx.Fixture) {
  const before = await p.getByTestId('user-layer-name').count();
  await p.getByLabel('导入数据', { exact: true }).setInputFiles(file(f));
  await expect.poll(() => p.getByTestId('user-layer-name').count(), LATER).toBe(before + 1);
}

async function importInventory(p: Page, f: fx.Fixture) {
  const section = p.getByTestId('inventory-section');
  if (!(await section.evaluate((d) => (d as HTMLDetailsElement).open))) await section.locator('summary').dispatchEvent('click');
  await p.getByTestId('inventory-import').locator('input[type=file]').setInputFiles(file(f));
  await p.getByTestId('inventory-confirm').dispatchEvent('click');
}


describe('two tabs on one browser profile', () => {
  it('work made in tab A and then in tab B is kept in every store (sketches, 我的数据, decks, 清单): each tab sees the other\'s, and a reload has both', async () => {
    const browser = await launch({ width: 1440, height: 900 });
    try {
      const a = await browser.page();
      await openMap(a, FRAME);
      const b = await browser.page();
      await b.bringToFront();
      await openMap(b, FRAME);

      // sketches
      await a.bringToFront();
      await drawPoint(a, [112.3, 37.6], '甲的点');
      await a.locator('[data-testid=sketch-storage][data-saved=saved]').waitFor();
      await b.locator('[data-tool=sketches]').dispatchEvent('click');
      await expect.poll(() => sketchNames(b), LATER).toEqual(['甲的点']); // B hears of A's sketch without a reload
      await b.bringToFront();
      await drawPoint(b, [112.4, 37.5], '乙的点');
      await b.locator('[data-testid=sketch-storage][data-saved=saved]').waitFor();
      await expect.poll(() => sketchNames(a), LATER).toEqual(['甲的点', '乙的点']);

      // 我的数据 (the tab a user works in is in front: a background tab draws no frames, so nothing there is "stable" to click)
      await a.bringToFront();
      await importLayer(a, fx.geojsonPolygons());
      await expect.poll(() => layerNames(b), LATER).toEqual(['片区']);
      await b.bringToFront();
      await importLayer(b, fx.kmlWithFolders());
      await expect.poll(() => layerNames(a), LATER).toEqual(['片区', '调研点']);

      // decks: A adds the map to a new deck; B makes a deck of its own
      await a.bringToFront();
      await a.getByTestId('add-to-presentation').dispatchEvent('click');
      await a.locator('[data-testid=deck-panel][data-save-state=saved]').waitFor();
      await b.bringToFront();
      await b.getByTestId('open-decks').dispatchEvent('click');
      await b.locator('[data-testid=deck-panel][data-loaded=true]').waitFor();
      await b.getByTestId('deck-new').dispatchEvent('click');
      await b.getByTestId('deck-capture').dispatchEvent('click');
      await b.locator('[data-testid=deck-panel][data-save-state=saved]').waitFor();
      await expect.poll(() => deckOptions(a), LATER).toHaveLength(3); // built-in + A's + B's

      // 清单: both import; the second import's ids do not overwrite the first's
      await a.bringToFront();
      await importInventory(a, fx.inventoryExcel('gbk'));
      await expect.poll(() => importedNote(a), LATER).toContain('已导入 3 条，保存在本浏览器中');
      await b.bringToFront();
      await importInventory(b, fx.inventoryMany(2));
      await expect.poll(() => importedNote(b), LATER).toContain('已导入 5 条，保存在本浏览器中');
      await expect.poll(() => importedNote(a), LATER).toContain('已导入 5 条');

      await a.bringToFront();
      await a.reload({ waitUntil: 'commit' });
      await waitForMap(a);
      await a.locator('[data-tool=sketches]').dispatchEvent('click');
      await expect.poll(() => sketchNames(a), LATER).toEqual(['甲的点', '乙的点']);
      await expect.poll(() => layerNames(a), LATER).toEqual(['片区', '调研点']);
      await a.getByTestId('inventory-section').locator('summary').dispatchEvent('click');
      await expect.poll(() => importedNote(a), LATER).toContain('已导入 5 条');
      await a.getByTestId('open-decks').dispatchEvent('click');
      await a.locator('[data-testid=deck-panel][data-loaded=true]').waitFor();
      await expect.poll(() => deckOptions(a)).toHaveLength(3);
    } finally {
      await browser.close();
    }
  });
});

describe('a browser that refuses to store', () => {
  it('every store says "not saved" with the reason, keeps the work and offers an export; a retry stores it; the sketch cap of 2 000 is kept where sketches are made', async () => {
    const browser = await launch({ width: 1440, height: 900 });
    try {
      const p = await browser.page();
      await p.addInitScript(failingStorage);
      await openMap(p, FRAME);
      await setFailing(p, true);

      // sketches
      await drawPoint(p, [112.3, 37.6], '存不下的点');
      await p.locator('[data-testid=sketch-storage][data-saved=failed]').waitFor();
      const text = await p.getByTestId('sketch-storage').textContent();
      expect(text).toContain('未能保存');
      expect(text).toContain('存储空间已满');
      expect(text).not.toContain('不会丢失');
      await expect.poll(() => p.getByRole('button', { name: '导出 GeoJSON' }).first().isEnabled()).toBe(true);
      await expect.poll(() => sketchNames(p)).toEqual(['存不下的点']);

      // 我的数据 (the import worker has no fault: the layer's description is what cannot be stored)
      await importLayer(p, fx.geojsonPolygons());
      const unsaved = p.getByTestId('user-layer-unsaved');
      await expect.poll(() => unsaved.textContent()).toContain('未能保存到本浏览器（浏览器的存储空间已满）');
      const [geo] = await Promise.all([p.waitForEvent('download'), p.getByTestId('user-layer-export').click()]);
      expect(geo.suggestedFilename()).toBe('片区.geojson');

      // decks
      await p.getByTestId('add-to-presentation').click();
      await p.locator('[data-testid=deck-panel][data-save-state=failed]').waitFor();
      await expect.poll(() => p.getByTestId('deck-save-state').textContent()).toContain('未能保存（浏览器的存储空间已满）');
      await expect.poll(() => p.getByTestId('deck-export-unsaved').isVisible()).toBe(true);
      await p.getByTestId('open-decks').click(); // closed

      // 清单
      await importInventory(p, fx.inventoryExcel('gbk'));
      await p.getByTestId('inventory-unsaved').waitFor();
      await expect.poll(() => p.getByTestId('inventory-imported').textContent()).not.toContain('刷新不丢失');
      const [csv] = await Promise.all([p.waitForEvent('download'), p.getByTestId('inventory-export-imported').click()]);
      expect(csv.suggestedFilename()).toMatch(/\.csv$/);

      // space again: a retry writes what was refused
      await setFailing(p, false);
      await p.getByTestId('sketch-retry').click();
      await p.locator('[data-testid=sketch-storage][data-saved=saved]').waitFor();
      await p.getByTestId('inventory-retry').click();
      await p.getByTestId('inventory-saved').waitFor();

      // 1 998 more sketches, as if drawn over the months: 1 999 after the reload, nothing dropped
      await p.evaluate(() => {
        const ring = [[112.3, 37.6], [112.31, 37.6], [112.31, 37.61], [112.3, 37.6]];
        return new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('planning-map-user');
          open.onsuccess = () => {
            const tx = open.result.transaction('data', 'readwrite');
            for (let i = 0; i < 1998; i++) {
              const id = `sk-seed-${String(i).padStart(4, '0')}`;
              tx.objectStore('data').put({ id, kind: 'polygon', name: `旧 ${i}`, note: '', geometry: { type: 'Polygon', coordinates: [ring] }, created: i, updated: i }, ['sketches', id]);
            }
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(tx.error);
          };
        });
      });
      // (the link still names the layer the browser could not keep: open the map without it)
      await p.goto('about:blank');
      await openMap(p, FRAME);
      await p.click('[data-tool=sketches]');
      await expect.poll(() => p.locator('[data-testid=sketch-panel] li').count(), LATER).toBe(1999);
      expect(await storageState(p)).toBe('saved');
      await expect.poll(() => sketchNames(p).then((n) => n.at(-1))).toBe('存不下的点');
      // the 清单 items written by the retry are there too
      await p.getByTestId('inventory-section').locator('summary').click();
      await expect.poll(() => importedNote(p), LATER).toContain('已导入 3 条，保存在本浏览器中');
      // the 2 000th may be drawn; the 2 001st is refused with a message before anything is drawn
      await drawPoint(p, [112.35, 37.55], '第 2000 个');
      await p.locator('[data-testid=sketch-storage][data-saved=saved]').waitFor();
      await p.getByTestId('sketch-cap').waitFor();
      await p.click('[data-tool=point]');
      await expect.poll(() => p.locator('#map').getAttribute('data-drawing')).toBe('off');
      await expect.poll(() => p.locator('body').textContent(), LATER).toContain('达到本浏览器的上限 2000 个');
    } finally {
      await browser.close();
    }
  });
});

describe('files that lie', () => {
  it('a zip bomb, a .dbf claiming 4 000 000 000 records and a 2 MB deck of Chinese text are refused with the right reason; KML links and empty placemarks are skipped with a note; a KML name with `]]>` is well-formed; the DOM stays flat over 20 import → remove cycles', async () => {
    const browser = await launch({ width: 1440, height: 900 });
    try {
      const p = await browser.page();
      await openMap(p, FRAME);
      const input = p.getByLabel('导入数据', { exact: true });
      const problems = p.getByTestId('my-data-problems');

      await input.setInputFiles(file(lying.zipBomb(true)));
      await expect.poll(() => problems.textContent()).toContain('zip 文件解压后超过 200.0 MB（上限），文件过大');
      await input.setInputFiles(file(lying.lyingDbf()));
      await expect.poll(() => problems.textContent(), LATER).toContain('lie.dbf 的文件头声称有 4,000,000,000 条记录');
      await expect.poll(() => p.getByTestId('user-layer-name').count()).toBe(0);

      await input.setInputFiles(file(lying.kmlWithLinks()));
      await expect.poll(() => p.getByTestId('user-layer-name').allTextContents(), LATER).toEqual(['链接与空地标']);
      await expect.poll(() => p.getByTestId('my-data-status').textContent()).toContain('跳过 1 个网络链接（NetworkLink）');

      await p.getByTestId('open-decks').click();
      await p.locator('[data-testid=deck-panel][data-loaded=true]').waitFor();
      await p.getByTestId('deck-file').setInputFiles(file(lying.bigChineseDeck()));
      await expect.poll(() => p.getByTestId('deck-message').textContent()).toContain('“big.deck.json” 太大');

      // the sketch KML with `]]>` in a name, through the browser's strict XML parser
      const kml = sketchesToKML([{ id: 'sk-x', kind: 'point', name: 'CDATA ]]> <b>&', note: '控制\u0001字符', geometry: { type: 'Point', coordinates: [112.5, 37.8] }, created: 1, updated: 1 }]);
      const parsed = await p.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, 'application/xml');
        return { error: doc.querySelector('parsererror')?.textContent ?? null, name: doc.getElementsByTagName('name')[0]?.textContent };
      }, kml);
      expect(parsed).toEqual({ error: null, name: 'CDATA ]]> <b>&' });

      // the page does not grow with import → remove cycles (DOM nodes, live and detached, after a GC).
      // Waits go through locators: an ElementHandle (waitForSelector's answer) would itself keep each
      // removed row alive — the ~90 nodes per cycle the hostile replay measured
      const cdp = await browser.context.newCDPSession(p);
      const nodes = async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        return (await cdp.send('Memory.getDOMCounters')).nodes;
      };
      const rows = p.getByTestId('my-data-layers').locator('li');
      const cycle = async () => {
        await input.setInputFiles(file(fx.geojsonPolygons()));
        await expect.poll(() => rows.count(), LATER).toBe(2);
        const row = p.locator('[data-testid=my-data-layers] li', { hasText: '片区' });
        await row.getByRole('button', { name: '删除', exact: true }).dispatchEvent('click');
        await row.getByTestId('remove-confirm').dispatchEvent('click');
        await expect.poll(() => rows.count(), LATER).toBe(1);
      };
      await cycle();
      const before = await nodes();
      for (let i = 0; i < 20; i++) await cycle();
      const after = await nodes();
      console.log(`DOM nodes after 1 and 21 import → remove cycles: ${before} → ${after}`);
      expect(after - before).toBeLessThan(20 * 10); // flat: not 20 × 90 (measured here: 3072 → 3179)
    } finally {
      await browser.close();
    }
  });
});
