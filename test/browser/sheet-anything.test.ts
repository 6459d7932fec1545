/**
 * User stories for issue 24: a map sheet of whatever is on the map — the base map alone, one
 * imported layer, sketches — with no plan layer on. The export used to wait ≈90 s for a deck.gl
 * frame that never came and then blame the data. Each sheet is made as a PDF and a PNG, and its
 * legend, sources and title say what is actually in the frame.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Page } from 'playwright-core';
import { BASE_URL, launch, openMap, project, type Browser } from './browser';

let browser: Browser;
const dir = mkdtempSync(join(tmpdir(), 'sheet-anything-'));
beforeAll(async () => {
  browser = await launch({ width: 1440, height: 900 });
});
afterAll(async () => {
  await browser?.close();
});


/** The preview has finished: ready, or an error (which fails the story with its message). */
async function settled(p: Page) {
  const dialog = p.getByTestId('sheet-preview');
  await p.waitForSelector('[data-testid=sheet-preview]:is([data-sheet-state="ready"], [data-sheet-state="error"])');
  const state = await dialog.getAttribute('data-sheet-state');
  // the message, read as it is now: a locator's textContent() would wait up to WAIT_MS for a message
  // that a ready sheet does not have (it cost each story here five minutes)
  const message = await p.evaluate(() => document.querySelector('[data-testid=sheet-message]')?.textContent ?? '');
  expect(state, message).toBe('ready');
}

async function download(p: Page, kind: 'PDF' | 'PNG', file: string) {
  const [dl] = await Promise.all([p.waitForEvent('download'), p.getByRole('button', { name: `下载 ${kind} / Download ${kind}` }).click()]);
  const out = join(dir, file);
  await dl.saveAs(out);
  return out;
}

/** Both files of the sheet now previewed: the PDF's text, and the PNG's size in px. */
async function bothFiles(p: Page, name: string) {
  const pdf = await download(p, 'PDF', `${name}.pdf`);
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  // a page image to look at (kept in the temp dir with the files)
  execFileSync('pdftoppm', ['-r', '50', '-png', '-singlefile', pdf, join(dir, `${name}-pdf`)]);
  const png = readFileSync(await download(p, 'PNG', `${name}.png`));
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  return { text, size: [png.readUInt32BE(16), png.readUInt32BE(20)] };
}

async function closeSheet(p: Page) {
  await p.getByTestId('sheet-preview').getByRole('button', { name: '关闭' }).click();
  await p.getByTestId('sheet-preview').waitFor({ state: 'detached' });
}

/** A click on the map at a lon/lat. */
async function clickAt(p: Page, lonLat: readonly [number, number]) {
  const at = await project(p, lonLat[0], lonLat[1]);
  await p.mouse.move(at.x, at.y, { steps: 2 });
  await p.mouse.click(at.x, at.y);
}

/** a view of Taiyuan's south-west, where every sheet in this file is made */
const TAIYUAN = 'm=112.2,37.55,112.75,37.95';

describe('a map sheet of anything (issue 24)', () => {
  let p: Page;
  beforeAll(async () => {
    p = await browser.page();
  });
  afterAll(async () => {
    await p?.close();
  });

  it('(c) the base map alone: a PDF and a PNG with the base map’s own legend, citing only its data', async () => {
    // no plan layer, no import, no sketch: only the offline base map around Taiyuan
    await openMap(p, `v=2&${TAIYUAN}&l=`);
    await p.getByRole('button', { name: '导出图件 / Export map' }).click();
    await settled(p);
    await expect.poll(() => p.getByTestId('sheet-title').inputValue()).toBe('山西中部城市群区域图');
    const { text, size } = await bothFiles(p, 'base-only');
    expect(size).toEqual([1754, 1240]); // A4 landscape at 150 dpi
    for (const s of ['山西中部城市群区域图', '底图', '县界', '河流', '数据来源：底图：', '示意图，行政区划界线不作为权属争议依据']) expect(text, s).toContain(s);
    expect(text).not.toContain('图框内没有可见的规划要素');
    expect(text).not.toContain('依据《');
    await closeSheet(p);
  });

  it('(a) one imported GeoJSON layer alone: titled after it, its rows in the legend, its file cited', async () => {
    const geojson = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { 名称: '晋祠' }, geometry: { type: 'Point', coordinates: [112.437, 37.707] } },
        { type: 'Feature', properties: { 名称: '双塔寺' }, geometry: { type: 'Point', coordinates: [112.593, 37.848] } },
        { type: 'Feature', properties: { 名称: '调查范围' }, geometry: { type: 'Polygon', coordinates: [[[112.45, 37.75], [112.6, 37.75], [112.6, 37.85], [112.45, 37.85], [112.45, 37.75]]] } },
      ],
    };
    await p.getByLabel('导入数据', { exact: true }).setInputFiles({ name: '太原调查点.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(geojson)) });
    const row = p.getByTestId('my-data-layers').locator('li').first();
    await expect.poll(() => row.getByTestId('user-layer-name').textContent()).toBe('太原调查点');
    const id = (await row.getAttribute('data-user-layer'))!;
    await p.waitForFunction((sid) => (window as any).planningMap.map.getSource(sid) && location.hash.includes(sid), id);
    // the import framed itself: back to the same view, so every sheet here shows the same area
    await p.evaluate(() => (window as any).planningMap.map.jumpTo({ center: [112.475, 37.75], zoom: 9.6 }));
    await p.waitForSelector('#map[data-map-state="idle"]');
    await p.getByRole('button', { name: '导出图件 / Export map' }).click();
    await settled(p);
    await expect.poll(() => p.getByTestId('sheet-title').inputValue()).toBe('太原调查点');
    const { text, size } = await bothFiles(p, 'import-only');
    expect(size).toEqual([1754, 1240]);
    for (const s of ['太原调查点（面）', '太原调查点（点）', '用户导入：太原调查点.geojson', '底图']) expect(text, s).toContain(s);
    expect(text).not.toContain('山西中部城市群高质量发展规划');
    await closeSheet(p);
  });

  it('(b) sketches alone: a PDF and a PNG, a legend row per kind drawn, cited as 用户草图', async () => {
    // the imported layer off: sketches only
    await p.getByTestId('my-data-layers').locator('li').first().locator('input[type=checkbox]').uncheck();
    await p.waitForFunction(() => !/[#&]l=[^&]*user-/.test(location.hash));
    await p.click('[data-tool=polygon]');
    await p.waitForSelector('#map[data-drawing=drawing]');
    const box: [number, number][] = [[112.45, 37.7], [112.6, 37.7], [112.6, 37.8], [112.45, 37.8]];
    for (const c of box) await clickAt(p, c);
    await clickAt(p, box[0]);
    await p.waitForSelector('#map[data-drawing=off]');
    await p.click('[data-tool=point]');
    await p.waitForSelector('#map[data-drawing=drawing]');
    await clickAt(p, [112.55, 37.88]);
    await p.waitForSelector('#map[data-drawing=off]');
    await p.waitForFunction(() => (window as any).planningMap.sketchFeatures().length === 2);
    await p.getByRole('button', { name: '导出图件 / Export map' }).click();
    await settled(p);
    await expect.poll(() => p.getByTestId('sheet-title').inputValue()).toBe('山西中部城市群规划草图');
    const { text, size } = await bothFiles(p, 'sketches-only');
    expect(size).toEqual([1754, 1240]);
    for (const s of ['草图（面）', '草图（点）', '数据来源：用户草图；底图：']) expect(text, s).toContain(s);
    await closeSheet(p);
  });
});

describe('sheets from present mode, and the preview’s progress (issue 22 items 9, 11)', () => {
  it('a scene’s sheet frames the scene’s bounds, not the projector screen; the progress line is painted before any sheet work', async () => {
    const p = await browser.page();
    await p.setViewportSize({ width: 1024, height: 768 });
    await p.goto(`${BASE_URL()}#v=2&mode=present&scene=1`);
    await p.waitForSelector('[data-testid=present][data-scene="1"][data-scene-ready=true]');
    // every painted frame from the click on: is the progress line on screen, and which phase
    await p.evaluate(() => {
      const w = window as any;
      w.__frames = [];
      const loop = () => {
        const el = document.querySelector('[data-testid=sheet-progress]');
        w.__frames.push({ t: performance.now(), progress: Boolean(el && (el as HTMLElement).offsetHeight > 0), phase: el?.getAttribute('data-phase') ?? null });
        if (w.__frames.length < 100_000) requestAnimationFrame(loop);
      };
      requestAnimationFrame(loop);
    });
    await p.mouse.move(600, 300);
    const clicked = await p.evaluate(() => performance.now());
    await p.getByRole('button', { name: /导出图件/ }).click();
    await settled(p);
    const { frames, marks } = await p.evaluate(() => ({
      frames: (window as any).__frames as { t: number; progress: boolean; phase: string | null }[],
      marks: Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('sheet:')).map((m) => [m.name, m.startTime])),
    }));
    // item 11: the progress line is painted before any sheet work starts (nothing blocks it any more)
    const first = frames.find((f) => f.t > clicked && f.progress);
    expect(first, 'a frame with the progress line').toBeDefined();
    expect(first!.t).toBeLessThan(marks['sheet:plan-start']);
    // and it said what it was doing while the map was drawn
    expect(frames.some((f) => f.phase === 'map' && f.t < marks['sheet:capture-drawn'])).toBe(true);

    // item 9: the frame is the scene's bounds, fitted (the projector's whole screen gave 1:4 000 000)
    const scene = [110.37, 36.65, 114.14, 39.67];
    const frame = (await p.getByTestId('sheet-preview').getAttribute('data-sheet-frame'))!.split(',').map(Number);
    expect(frame[0]).toBeLessThanOrEqual(scene[0]);
    expect(frame[1]).toBeLessThanOrEqual(scene[1]);
    expect(frame[2]).toBeGreaterThanOrEqual(scene[2]);
    expect(frame[3]).toBeGreaterThanOrEqual(scene[3]);
    // the scene fills the frame in one direction (to the next round scale)
    const fill = Math.max((scene[2] - scene[0]) / (frame[2] - frame[0]), (scene[3] - scene[1]) / (frame[3] - frame[1]));
    expect(fill).toBeGreaterThan(0.75);
    expect(await p.getByTestId('sheet-preview').getAttribute('data-sheet-scale')).toBe('2500000');
    await p.screenshot({ path: join(dir, 'present-sheet-1024.png') });
    await p.keyboard.press('Escape');
    await p.getByTestId('sheet-preview').waitFor({ state: 'detached' });
    await p.close();
  });
});
