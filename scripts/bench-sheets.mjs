// Map sheets of anything (issue 24): an A4 300 dpi PDF of (a) one imported GeoJSON layer, (b)
// sketches alone, (c) the base map alone — no plan layer on — timed from the click on “下载 PDF”
// to the download, as a ratio to the same page's first complete map (the sheet target of
// `npm run bench`). Each run in a fresh browser profile (imports are kept in IndexedDB).
// Called by scripts/bench.mjs; alone: `node scripts/bench-sheets.mjs [--runs N]` on a built dist/.
import { preview } from 'vite';
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** one imported layer: 400 points and 40 squares around Taiyuan, with a name column */
function importFile() {
  const features = [];
  for (let i = 0; i < 400; i++) features.push({ type: 'Feature', properties: { 名称: `调查点 ${i}` }, geometry: { type: 'Point', coordinates: [112.3 + (i % 20) * 0.02, 37.6 + Math.floor(i / 20) * 0.02] } });
  for (let i = 0; i < 40; i++) {
    const x = 112.2 + (i % 8) * 0.07;
    const y = 37.5 + Math.floor(i / 8) * 0.08;
    features.push({ type: 'Feature', properties: { 名称: `地块 ${i}` }, geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 0.04, y], [x + 0.04, y + 0.04], [x, y + 0.04], [x, y]]] } });
  }
  return { name: '调查点.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify({ type: 'FeatureCollection', features })) };
}

/** sketches as the planner's tools hand them to the engine: an area, a line, two points */
const SKETCHES = [
  { type: 'Feature', properties: { id: 'a', kind: 'polygon', label: '规划用地 A', selected: false }, geometry: { type: 'Polygon', coordinates: [[[112.45, 37.7], [112.6, 37.7], [112.6, 37.8], [112.45, 37.8], [112.45, 37.7]]] } },
  { type: 'Feature', properties: { id: 'b', kind: 'line', label: '绿道', selected: false }, geometry: { type: 'LineString', coordinates: [[112.3, 37.6], [112.5, 37.75], [112.7, 37.9]] } },
  { type: 'Feature', properties: { id: 'c', kind: 'point', label: '节点 1', selected: false }, geometry: { type: 'Point', coordinates: [112.55, 37.88] } },
  { type: 'Feature', properties: { id: 'd', kind: 'point', label: '节点 2', selected: false }, geometry: { type: 'Point', coordinates: [112.4, 37.65] } },
];

const VIEW = 'm=112.1,37.45,112.85,38.0';

export async function benchSheetsOfAnything({ runs = 3 } = {}) {
  const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'silent' });
  const url = server.resolvedUrls.local[0];
  const once = async (kind) => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-sheet-any-'));
    const ctx = await chromium.launchPersistentContext(dir, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      acceptDownloads: true,
      args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage'],
      viewport: { width: 1280, height: 800 },
    });
    try {
      const page = await ctx.newPage();
      await page.goto(`${url}#v=2&${VIEW}&l=`);
      await page.waitForSelector('#map[data-overlay="drawn"]', { timeout: 600_000 });
      if (kind === 'import') {
        await page.getByLabel('导入数据', { exact: true }).setInputFiles(importFile());
        await page.waitForFunction(() => /[#&]l=[^&]*user-/.test(location.hash), undefined, { timeout: 600_000 });
        await page.evaluate((b) => window.planningMap.map.fitBounds(b, { duration: 0 }), [112.1, 37.45, 112.85, 38.0]);
      }
      if (kind === 'sketches') await page.evaluate((f) => window.planningMap.setSketchFeatures(f), SKETCHES);
      await page.waitForSelector('#map[data-map-state="idle"]', { timeout: 600_000 });
      const firstMap = await page.evaluate(() => performance.getEntriesByName('planning-map:overlays-drawn')[0]?.startTime ?? NaN);
      await page.getByRole('button', { name: '导出图件 / Export map' }).click();
      await page.getByLabel('300 dpi').check();
      await page.waitForSelector('[data-testid=sheet-preview][data-sheet-state="ready"]', { timeout: 600_000 });
      const t0 = Date.now();
      const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 600_000 }), page.getByRole('button', { name: /下载 PDF/ }).click()]);
      await dl.path();
      return { ms: Date.now() - t0, firstMap };
    } finally {
      await ctx.close();
      rmSync(dir, { recursive: true, force: true });
    }
  };
  console.log(`\nMap sheets of anything, no plan layer on (A4 landscape 300 dpi PDF, click → download; median of ${runs}; ratio to the same page's first complete map)`);
  for (const [kind, label] of [['import', 'one imported layer'], ['sketches', 'sketches alone'], ['base', 'the base map alone']]) {
    const r = [];
    for (let i = 0; i < runs; i++) r.push(await once(kind));
    const ms = median(r.map((x) => x.ms));
    const base = median(r.map((x) => x.firstMap));
    const ratio = ms / base;
    console.log(`  ${label.padEnd(24)} ${ms.toFixed(0).padStart(6)} ms   first map ${base.toFixed(0).padStart(5)} ms   ratio ${ratio.toFixed(2)}×   (target ≤ 2×: ${ratio <= 2 ? 'OK' : 'OVER'})`);
  }
  await server.close();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  await benchSheetsOfAnything({ runs: Number(args[args.indexOf('--runs') + 1]) || 3 });
}
