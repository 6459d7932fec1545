/**
 * User stories for printing and querying a comparison (issue 18): an A3 side-by-side sheet with two
 * frames at the same 1:N, each with its own subtitle and legend; "此处适用" asked on either side,
 * read at that side's plan period; the compare view at 1024×768 and on a phone (zoom buttons
 * reachable, attributions compact, the bar not covering the map); and a swipe printed as one frame
 * with the divider drawn as a rule. One page, one map load (later stories change the link in place).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Page } from 'playwright-core';
import { launch, BASE_URL, waitIdle, type Browser } from './browser';
import { sheetLayout } from '../../src/print/layout';
import { splitFrames } from '../../src/print/comparison';

let browser: Browser;
let p: Page;
/** screenshots and sheets land here (SHOTS_DIR to keep them for a look) */
const dir = process.env.SHOTS_DIR ?? mkdtempSync(join(tmpdir(), 'compare-sheet-'));
beforeAll(async () => {
  browser = await launch({ width: 1440, height: 900 });
  p = await browser.page();
});
afterAll(async () => {
  await browser?.close();
});

// side A today (现状), side B in 2035: the plan core and the belts (due by 2035) are on side B only
const LAYERS = 'counties,plan-core,plan-belts';
const SPLIT = `v=2&m=111.6,37.0,113.5,38.5&l=${LAYERS}&t=2020&cmp=split&cp=0.50&tb=2035&lb=${LAYERS}`;
const CORE: [number, number] = [112.72, 37.62];

const hashParam = (page: Page, key: string) => page.evaluate((k) => new URLSearchParams(location.hash.slice(1)).get(k), key);

async function bothReady(page: Page) {
  await page.waitForSelector('#map[data-overlay="drawn"]');
  await page.waitForSelector('#map-b[data-overlay="drawn"]');
  await page.waitForSelector('#map-b[data-map-state="idle"]');
  await page.waitForSelector('#map[data-map-state="idle"]');
}

/** Share of a PNG region's pixels in the core's red, and how many colours it has. */
async function analyse(page: Page, png: Buffer, r: { x: number; y: number; w: number; h: number }) {
  return page.evaluate(
    async ({ b64, r }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(Math.round(r.x * img.width), Math.round(r.y * img.height), Math.round(r.w * img.width), Math.round(r.h * img.height)).data;
      let red = 0;
      const colours = new Set<number>();
      for (let i = 0; i < d.length; i += 4) {
        if (d[i] - d[i + 1] > 25 && d[i] - d[i + 2] > 15) red++;
        colours.add((d[i] >> 4) * 256 + (d[i + 1] >> 4) * 16 + (d[i + 2] >> 4));
      }
      return { red: red / (d.length / 4), colours: colours.size };
    },
    { b64: png.toString('base64'), r },
  );
}

describe('a comparison printed and queried', () => {
  it('an A3 side-by-side PDF: two frames whose 1:N are equal, each with its subtitle and a legend of only its side’s classes', async () => {
    await p.goto(`${BASE_URL()}#${SPLIT}&print=1&paper=a3-landscape&dpi=150`);
    await bothReady(p);
    await p.waitForSelector('[data-testid=sheet-preview][data-sheet-state="ready"]');
    const [dl] = await Promise.all([p.waitForEvent('download'), p.getByRole('button', { name: /^下载 PDF/ }).click()]);
    const pdf = join(dir, 'compare-a3.pdf');
    await dl.saveAs(pdf);
    const text = execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' });
    // each frame's strip and the scale block print the same 1:N
    const ratios = [...text.matchAll(/1:[\d ]*\d/g)].map((m) => m[0].trim());
    expect(ratios.length, text).toBeGreaterThanOrEqual(3);
    expect(new Set(ratios).size, ratios.join(' | ')).toBe(1);
    // each frame's strip names its side
    expect(text).toMatch(/A\s+现状\s+比例尺 1:/);
    expect(text).toMatch(/B\s+2035年\s+比例尺 1:/);
    for (const s of ['图例 · A 现状', '图例 · B 2035年', '对比：A 现状 ↔ B 2035年']) expect(text, s).toContain(s);
    const legendA = text.slice(text.indexOf('图例 · A 现状'), text.indexOf('图例 · B 2035年'));
    const legendB = text.slice(text.indexOf('图例 · B 2035年'), text.indexOf('数据来源'));
    expect(legendA).toContain('县级单元界');
    expect(legendA).not.toContain('一核');
    expect(legendA).not.toContain('城镇带');
    expect(legendB).toContain('一核（太原六区');
    expect(legendB).toContain('城镇带');

    // the page as printed: both frames drawn; the core's red only in side B's frame
    execFileSync('pdftoppm', ['-r', '50', '-png', '-singlefile', pdf, join(dir, 'compare-a3')]);
    const png = readFileSync(join(dir, 'compare-a3.png'));
    const L = sheetLayout('a3-landscape', 0);
    const frames = splitFrames(L.map, L.k);
    const rel = (r: { x: number; y: number; w: number; h: number }) => ({ x: r.x / 420, y: r.y / 297, w: r.w / 420, h: r.h / 297 });
    // the legend room may have grown (a narrower map): look at the frames' inner parts
    const inner = (r: { x: number; y: number; w: number; h: number }) => rel({ x: r.x + r.w * 0.15, y: r.y + r.h * 0.15, w: r.w * 0.5, h: r.h * 0.7 });
    const a = await analyse(p, png, inner(frames.a));
    const b = await analyse(p, png, inner(frames.b));
    expect(a.colours).toBeGreaterThan(20);
    expect(b.colours).toBeGreaterThan(20);
    expect(b.red, JSON.stringify({ a, b })).toBeGreaterThan(a.red + 0.005);
    await p.getByRole('button', { name: '关闭' }).first().click();
    await p.waitForSelector('[data-testid=sheet-preview]', { state: 'detached' });
  });

  it('"此处适用" asked on side B is read at side B’s plan period; asked on side A, at side A’s', async () => {
    const ask = async (map: 'planningMap' | 'planningMapB', side: 'a' | 'b') => {
      await p.locator('[data-tool=query]').click();
      await p.waitForSelector('#map[data-drawing="picking"]');
      const pt = await p.evaluate(
        ([m, lon, lat]) => {
          const map = (window as any)[m].map;
          const q = map.project([lon, lat]);
          const r = map.getContainer().getBoundingClientRect();
          return { x: r.left + q.x, y: r.top + q.y };
        },
        [map, ...CORE] as const,
      );
      await p.mouse.click(pt.x, pt.y);
      await p.waitForSelector(`[data-testid=report][aria-busy="false"] [data-testid=report-side][data-side=${side}]`);
      const text = (await p.getByTestId('report').textContent()) ?? '';
      // the click asked the question and selected nothing (on either map)
      const { qs, sel } = await p.evaluate(() => {
        const h = new URLSearchParams(location.hash.slice(1));
        return { qs: h.get('qs'), sel: h.get('s') };
      });
      expect(sel).toBeNull();
      await p.getByTestId('report').getByRole('button', { name: '关闭' }).click();
      await p.waitForSelector('[data-testid=report]', { state: 'detached' });
      return { qs, text };
    };
    const b = await ask('planningMapB', 'b');
    expect(b.qs).toBe('b');
    expect(b.text).toContain('2035');
    expect(b.text).toContain('太原榆次太谷发展核');
    expect(b.text).not.toContain('规划期：现状');
    const a = await ask('planningMap', 'a');
    expect(a.qs).toBeNull();
    expect(a.text).toContain('规划期：现状');
    expect(a.text).not.toContain('太原榆次太谷发展核');
  });

  it('at 1024×768 side by side: one set of zoom buttons at the map’s right edge, not covered; attributions compact; on a phone the bar leaves the map', async () => {
    await p.setViewportSize({ width: 1024, height: 768 });
    await bothReady(p);
    await waitIdle(p);
    // the zoom-in button shown is on top where it is drawn (nothing lies over it)
    const zoom = await p.evaluate(() => {
      const shown = [...document.querySelectorAll<HTMLElement>('.maplibregl-ctrl-zoom-in')].filter((b) => b.getClientRects().length && getComputedStyle(b).visibility !== 'hidden');
      return shown.map((b) => {
        const r = b.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return { right: r.right, onTop: hit === b || b.contains(hit), map: b.closest('#map-b') ? 'b' : 'a' };
      });
    });
    expect(zoom).toHaveLength(1);
    expect(zoom[0].onTop).toBe(true);
    expect(zoom[0].right).toBeGreaterThan(1024 - 60);
    // the attributions are their ⓘ buttons (full lines ran under the divider and the compare bar)
    await expect.poll(() => p.locator('#map .maplibregl-ctrl-attrib.maplibregl-compact').count()).toBe(1);
    await expect.poll(() => p.locator('#map-b .maplibregl-ctrl-attrib.maplibregl-compact').count()).toBe(1);
    await p.screenshot({ path: join(dir, 'split-1024.png') });

    await p.setViewportSize({ width: 390, height: 844 });
    await p.waitForSelector('[data-testid=compare-bar].phone');
    const bar = (await p.getByTestId('compare-bar').boundingBox())!;
    expect(bar.height / 844).toBeLessThan(0.15);
    // the bar leaves both maps' ⓘ and scale bars uncovered, and the map's tools are one row (wrapped, five rows)
    const phone = await p.evaluate(() => {
      const b = document.querySelector('[data-testid=compare-bar]')!.getBoundingClientRect();
      const covered = [...document.querySelectorAll('#map .maplibregl-ctrl-attrib, #map-b .maplibregl-ctrl-attrib, #map .maplibregl-ctrl-scale, #map-b .maplibregl-ctrl-scale')]
        .map((el) => el.getBoundingClientRect())
        .filter((r) => r.width > 0 && r.left < b.right && r.right > b.left && r.top < b.bottom && r.bottom > b.top).length;
      const tools = document.querySelector('.map-tools')!;
      return { covered, toolsHeight: tools.getBoundingClientRect().height, scrolls: tools.scrollWidth > tools.clientWidth };
    });
    expect(phone.covered).toBe(0);
    expect(phone.toolsHeight).toBeLessThan(60);
    expect(phone.scrolls).toBe(true);
    // its hidden end is faded (more tools wait there); scrolled to the end, the start fades instead
    await expect.poll(() => p.locator('.map-tools').getAttribute('data-more')).toBe('end');
    await p.locator('.map-tools').evaluate((el) => (el.scrollLeft = el.scrollWidth));
    await expect.poll(() => p.locator('.map-tools').getAttribute('data-more')).toBe('start');
    expect(await p.locator('.map-tools').evaluate((el) => getComputedStyle(el).maskImage)).toContain('gradient');
    // the presets fold behind a button and open on demand
    await expect.poll(() => p.locator('[data-preset=now-2035]').count()).toBe(0);
    await p.getByTestId('compare-presets-open').click();
    await p.locator('[data-preset=now-2035]').waitFor();
    await p.screenshot({ path: join(dir, 'phone-390-presets.png') });
    await p.getByTestId('compare-presets-open').click();
    await p.screenshot({ path: join(dir, 'phone-390.png') });
  });

  it('a swipe prints as one frame: the divider drawn as a rule where it runs on the ground, side A’s classes before it, side B’s past it', async () => {
    await p.setViewportSize({ width: 1440, height: 900 });
    // the same comparison as a swipe, changed in place (no new map load)
    const SWIPE = `v=2&m=111.6,37.0,113.5,38.5&l=${LAYERS}&t=2020&cmp=swipe&cp=0.50&tb=2035&lb=${LAYERS}`;
    await p.evaluate((h) => (location.hash = h), SWIPE);
    await p.waitForSelector('#map-b[data-layout="swipe"]');
    await bothReady(p);
    await waitIdle(p);
    // the divider moved onto the plan core (drawn at 2035 only: side B)
    const cp = await p.evaluate(([lon, lat]) => {
      const m = (window as any).planningMap.map;
      return Math.round((m.project([lon, lat]).x / m.getContainer().clientWidth) * 100) / 100;
    }, CORE);
    expect(cp).toBeGreaterThan(0.1);
    expect(cp).toBeLessThan(0.9);
    // (a link's print=1 opens a sheet on load only: the sheet is asked for as a user does, with 导出图件)
    await p.evaluate((h) => (location.hash = h), SWIPE.replace('cp=0.50', `cp=${cp.toFixed(2)}`));
    await expect.poll(() => hashParam(p, 'cp')).toBe(cp.toFixed(2));
    await bothReady(p);
    await p.getByTestId('export-map').click();
    await p.getByTestId('sheet-paper').selectOption('a3-landscape');
    await p.waitForSelector('[data-testid=sheet-preview][data-sheet-state="ready"]');
    const [dl] = await Promise.all([p.waitForEvent('download'), p.getByRole('button', { name: /^下载 PDF/ }).click()]);
    const pdf = join(dir, 'compare-swipe-a3.pdf');
    await dl.saveAs(pdf);
    const text = execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' });
    // each side named in its corner, each side's legend with only its classes
    for (const s of ['A 现状', 'B 2035年', '图例 · A 现状', '图例 · B 2035年']) expect(text, s).toContain(s);
    const legendA = text.slice(text.indexOf('图例 · A 现状'), text.indexOf('图例 · B 2035年'));
    expect(legendA).not.toContain('一核');
    expect(text.slice(text.indexOf('图例 · B 2035年'))).toContain('一核（太原六区');

    // the page as printed, 100 dpi: one frame; in it, one straight dark rule across the whole height
    execFileSync('pdftoppm', ['-r', '100', '-png', '-singlefile', pdf, join(dir, 'compare-swipe-a3')]);
    const png = readFileSync(join(dir, 'compare-swipe-a3.png'));
    const frame = sheetLayout('a3-landscape', 0).map;
    const found = await p.evaluate(
      async ({ b64, f }) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.width;
        c.height = img.height;
        const ctx = c.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        const { data, width } = ctx.getImageData(0, 0, img.width, img.height);
        const px = (x: number, y: number) => data.subarray((y * width + x) * 4, (y * width + x) * 4 + 3);
        const mm = img.width / 420;
        const y0 = Math.round((f.y + 0.02 * f.h) * mm);
        const y1 = Math.round((f.y + 0.98 * f.h) * mm);
        // columns inside the frame (not its left border) dark over nearly all of its height
        const rule: number[] = [];
        for (let x = Math.round((f.x + 3) * mm); x < Math.round((f.x + f.w - 3) * mm); x++) {
          let dark = 0;
          for (let y = y0; y < y1; y++) {
            const [r, g, b] = px(x, y);
            if (r + g + b < 3 * 110) dark++;
          }
          if (dark / (y1 - y0) > 0.9) rule.push(x);
        }
        // the map on both sides of a rule: not paper white (the frame's right border has paper or the legend past it)
        const band = (from: number, to: number) => {
          let red = 0, white = 0, n = 0;
          for (let x = from; x < to; x++)
            for (let y = y0; y < y1; y++) {
              const [r, g, b] = px(x, y);
              n++;
              if (r > 248 && g > 248 && b > 248) white++;
              if (r - g > 25 && r - b > 15) red++;
            }
          return { red: red / n, white: white / n };
        };
        // the first run of such columns (the frame's right border may come after it, where the legend narrowed the map)
        const x = rule[0];
        if (x === undefined) return null;
        let columns = 1;
        while (rule[columns] === x + columns) columns++;
        const w = Math.min(x - Math.round((f.x + 3) * mm), Math.round(50 * mm));
        return { x: x / mm, columns, left: band(x - 14, x - 3), right: band(x + columns + 3, x + columns + 14), sideA: band(x - w, x - 3), sideB: band(x + columns + 3, x + columns + w) };
      },
      { b64: png.toString('base64'), f: frame },
    );
    expect(found, 'a dark rule across the map frame').not.toBeNull();
    const r = found!;
    // one rule (a line a few pixels wide), with the map on both sides of it
    expect(r.columns, JSON.stringify(r)).toBeLessThanOrEqual(4);
    expect(r.left.white, JSON.stringify(r)).toBeLessThan(0.2);
    expect(r.right.white, JSON.stringify(r)).toBeLessThan(0.2);
    // through the plan core, as on screen: the core's red just past the rule (side B, 2035), none just before it (side A, 现状)
    expect(r.right.red, JSON.stringify(r)).toBeGreaterThan(0.03);
    expect(r.left.red, JSON.stringify(r)).toBeLessThan(0.005);
    expect(r.sideB.red, JSON.stringify(r)).toBeGreaterThan(r.sideA.red + 0.005);
  });
});

