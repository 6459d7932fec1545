// `npm run bench`: builds the app and prints figures — bytes per chunk (raw/gzip), what the
// first paint needs, time to the first complete map and pan frame times, the last two as
// ratios against bare MapLibre pages in the same run (bench/bare.ts): one drawing the same GeoJSON
// plainly, one drawing the app's own style (what the app adds to MapLibre's drawing).
//   node scripts/bench.mjs [--runs N] [--no-build] [--only a,b] [--skip a,b] [--save-reference]
// Sections (each printed under its own heading; --only / --skip choose among them):
//   timings   first complete map and pan frames, app vs the bare pages
//   present   the talk's start and scene switches (ratios to the app's first complete map)
//   reports   "what applies here" report times
//   sheets    map sheet export times
//   compare   pan with two maps in step vs one (scripts/bench-compare.mjs)
//   imports   large imports (我的数据)                        (--imports-only = --only imports)
//   pixels    the map at three views against reference pictures (bench/pixels.mjs;
//             --save-reference writes new references from this build)
//   comments  the comments server's load run, scripts/bench-comments.mjs (last; --comments-only
//             runs it alone, --no-comments = --skip comments)
//   node scripts/bench.mjs --compare-only [--no-build] [--runs N]   (issue 18: scripts/bench-compare.mjs)
//   node scripts/bench.mjs --store [--no-build] [--cycles N] [--only cycles|big|lying]   (issue 23: scripts/bench-store.mjs)
import { build, preview } from 'vite';
import { chromium } from 'playwright-core';
import { readFileSync, readdirSync, statSync, mkdtempSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';

const args = process.argv.slice(2);
// issue 23's figures (DOM and heap over import/remove cycles, a 99 MB GeoJSON, lying files) are their own run
if (args.includes('--store')) {
  await import('./bench-store.mjs');
  process.exit(0);
}
if (args.includes('--compare-only')) {
  if (!args.includes('--no-build') || !existsSync('dist/index.html')) await build({ logLevel: 'warn' });
  const { benchCompare } = await import('./bench-compare.mjs');
  await benchCompare({ runs: Number(args[args.indexOf('--runs') + 1]) || 3 });
  process.exit(0);
}
if (args.includes('--comments-only')) {
  const { benchComments } = await import('./bench-comments.mjs');
  await benchComments(args);
  process.exit(0);
}
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 5;
const listArg = (name) => (args.includes(name) ? String(args[args.indexOf(name) + 1] ?? '').split(',').filter(Boolean) : null);
const only = listArg('--only') ?? (args.includes('--imports-only') ? ['imports'] : null);
const skip = listArg('--skip') ?? [];
/** whether a section runs (see the list above) */
const want = (section) => (!only || only.includes(section)) && !skip.includes(section);
const root = resolve('.');
const kB = (n) => (n / 1000).toFixed(1); // kB = 1000 bytes, as Vite reports
const gz = (buf) => gzipSync(buf).length; // default level, as a typical server sends

process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING = 'true';
if (!args.includes('--no-build') || !existsSync('dist/index.html')) {
  await build({ logLevel: 'warn' });
  // the baseline page goes next to the app, sharing its data files
  await build({
    logLevel: 'warn',
    configFile: false,
    base: './',
    build: { outDir: 'dist', emptyOutDir: false, rolldownOptions: { input: { bare: resolve('bench/bare.html') } } },
  });
}

// ---- bytes ----------------------------------------------------------------------------------
const assets = readdirSync('dist/assets').filter((f) => !f.startsWith('bare'));
const rows = assets
  .map((f) => {
    const buf = readFileSync(join('dist/assets', f));
    return { f, raw: buf.length, gz: gz(buf) };
  })
  .sort((a, b) => b.gz - a.gz);
console.log('\nChunks (dist/assets)');
for (const r of rows) console.log(`  ${r.f.padEnd(44)} ${kB(r.raw).padStart(8)} kB raw ${kB(r.gz).padStart(7)} kB gzip`);

// JS the first base-map paint needs: the entry, its static imports, and MapLibre's worker
const html = readFileSync('dist/index.html', 'utf8');
const entry = html.match(/<script type="module"[^>]*src="\.\/assets\/([^"]+)"/)[1];
const staticDeps = (file, seen = new Set()) => {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(join('dist/assets', file), 'utf8');
  for (const m of code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[^'"()]*?from\s*)?["']\.\/([^"']+\.js)["']/g)) staticDeps(m[1], seen);
  return seen;
};
const firstPaint = [...staticDeps(entry), ...assets.filter((f) => f.startsWith('maplibre-gl-worker'))];
const fpRows = rows.filter((r) => firstPaint.includes(r.f));
const fpGz = fpRows.reduce((s, r) => s + r.gz, 0);
const fpRaw = fpRows.reduce((s, r) => s + r.raw, 0);
console.log(`\nFirst-paint JS: ${fpRows.map((r) => r.f).join(', ')}`);
console.log(`  total ${kB(fpRaw)} kB raw, ${kB(fpGz)} kB gzip   (target ≤ 450 kB gzip: ${fpGz / 1000 <= 450 ? 'OK' : 'OVER'})`);

// base data: every file under public/data/base (the offline style draws them all)
const baseFiles = readdirSync('public/data/base').filter((f) => f.endsWith('.geojson'));
let baseRaw = 0;
let baseGz = 0;
for (const f of baseFiles) {
  const buf = readFileSync(join('public/data/base', f));
  baseRaw += buf.length;
  baseGz += gz(buf);
}
console.log(`Base data (${baseFiles.length} files): ${kB(baseRaw)} kB raw, ${kB(baseGz)} kB gzip   (target ≤ 300 kB gzip: ${baseGz / 1000 <= 300 ? 'OK' : 'OVER'})`);

// default visible catalog layers (drawn by deck.gl in the app, natively in the baseline)
const { loadCatalogFromDisk } = await import('./vite-plugin-catalog.ts').catch(() => ({}));
let defaults = [];
if (loadCatalogFromDisk) {
  defaults = loadCatalogFromDisk(root).catalog.groups.flatMap((g) => g.layers).filter((l) => l.visible);
} else {
  // Node 20 cannot import .ts: read the catalog JSON directly (validation happened at build)
  for (const f of readdirSync('layers').filter((n) => n.endsWith('.json') && n !== 'sources.json')) {
    const g = JSON.parse(readFileSync(join('layers', f), 'utf8'));
    defaults.push(...g.layers.filter((l) => l.visible));
  }
}
let ovGz = 0;
for (const l of defaults) ovGz += gz(readFileSync(join('public', l.data)));
console.log(`Default overlay data (${defaults.map((l) => l.id).join(', ')}): ${kB(ovGz)} kB gzip`);

const m = (xs, k) => median(xs.map((x) => x[k]));
/** Frame intervals (ms) while the map pans by a few pixels every animation frame, `count` frames. */
function panFrames(page, count) {
  return page.evaluate(
    (n0) =>
      new Promise((resolveFrames) => {
        const map = window.planningMap.map;
        const times = [];
        let last = performance.now();
        let n = 0;
        const step = () => {
          const now = performance.now();
          if (n > 0) times.push(now - last);
          last = now;
          if (n++ >= n0) return resolveFrames(times);
          map.panBy([n % 60 < 30 ? 12 : -12, 4 * Math.sin(n / 8)], { animate: false });
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      }),
    count,
  );
}

/** Waits until the map has nothing left to load or animate, then a second more. */
async function settled(page) {
  await page.waitForFunction(() => window.planningMap.map.loaded() && !window.planningMap.map.isMoving(), undefined, { timeout: 0, polling: 100 });
  await page.waitForTimeout(1000);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ratio = (a, b) => (a / b).toFixed(2);
if (want('timings') || want('present') || want('reports') || want('pixels')) {
// ---- timings --------------------------------------------------------------------------------
const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'silent' });
const url = server.resolvedUrls.local[0];
const bareUrl = `${url}bench/bare.html?layers=${defaults.map((l) => `${l.data}:${l.geometry}`).join(',')}`;
const dir = mkdtempSync(join(tmpdir(), 'bench-'));
const ctx = await chromium.launchPersistentContext(dir, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage'],
  viewport: { width: 1280, height: 800 },
  // the app's service worker would answer the bare page's navigation with the app's page
  serviceWorkers: 'block',
});

async function measure(pageUrl) {
  const page = await ctx.newPage();
  await page.goto(pageUrl);
  await page.waitForSelector('#map[data-overlay="drawn"]', { timeout: 0 });
  const marks = await page.evaluate(() =>
    Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])),
  );
  // pan: 90 frames, moving the camera every animation frame, timing frame intervals
  const frames = await panFrames(page, 90);
  await page.close();
  frames.sort((a, b) => a - b);
  return {
    firstIdle: marks['planning-map:first-idle'],
    overlays: marks['planning-map:overlays-drawn'] ?? marks['planning-map:first-idle'],
    module: marks['planning-map:overlay-module'] ?? 0,
    layersSet: marks['planning-map:overlay-layers-set'] ?? 0,
    frameMean: frames.reduce((s, v) => s + v, 0) / frames.length,
    frameP95: frames[Math.floor(frames.length * 0.95)],
  };
}

/**
 * Present mode: open the talk, then step through the built-in deck with PageDown and back with
 * PageUp, as a presenter does: a scene is on screen a while (here: until the talk has rehearsed
 * the next one, `data-rehearsed`) before the key. Each switch is timed in the page from the key
 * event to the map idle with the scene's layers drawn (the 'planning-map:scene-switch' measure).
 * Also: when the talk started (scene 1 drawn, keys live: 'planning-map:present-ready'), and how
 * long the rehearsal of the whole deck took.
 */
async function measureScenes(pageUrl) {
  const page = await ctx.newPage();
  await page.goto(`${pageUrl}#v=2&mode=present&scene=1`);
  await page.waitForSelector('[data-testid=present][data-scene="1"][data-scene-ready=true]', { timeout: 0 });
  const total = Number((await page.getByTestId('present-counter').textContent()).match(/\/\s*(\d+)/)[1]);
  const rehearsedHas = (n) =>
    page.waitForFunction((k) => (document.querySelector('[data-testid=present]')?.getAttribute('data-rehearsed') ?? '').split(',').includes(String(k)), n, { timeout: 0, polling: 50 });
  const step = async (key, n) => {
    await rehearsedHas(n);
    await page.keyboard.press(key);
    await page.waitForSelector(`[data-testid=present][data-scene="${n}"][data-scene-ready=true]`, { timeout: 0 });
  };
  for (let n = 2; n <= total; n++) await step('PageDown', n);
  // every scene rehearsed: how long after the start that took
  await page.waitForFunction((k) => (document.querySelector('[data-testid=present]')?.getAttribute('data-rehearsed') ?? '').split(',').length >= k, total, { timeout: 0, polling: 100 });
  const rehearsedAt = await page.evaluate(() => performance.now());
  for (let n = total - 1; n >= 1; n--) await step('PageUp', n);
  const times = await page.evaluate(() => performance.getEntriesByName('planning-map:scene-switch').map((e) => e.duration));
  const ready = await page.evaluate(() => performance.getEntriesByName('planning-map:present-ready')[0]?.startTime ?? NaN);
  await page.close();
  return Object.assign(times, { ready, rehearsedAt });
}

const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

/**
 * "What applies here": report times in the app as the user gets them (request → report on the
 * main thread, through the report worker), from the performance measures the report client
 * records. The first report of a page also loads the data and builds the index in the worker.
 * Points: county seats; polygons: county outlines and the core (≈ 300 to 3 000 vertices).
 */
async function measureReports() {
  const points = ['112.32583,37.61748', '112.55639,37.73639', '112.17806,37.2025', '112.73194,37.68028', '111.16664,38.48064', '112.65946,38.07514', '113.1,38.4'];
  const polygons = ['counties/140121', 'counties/140105', 'counties/140727', 'counties/140922', 'plan-core/core-taiyuan-yuci-taigu', 'counties/141102', 'counties/140123'];
  const page = await ctx.newPage();
  await page.goto(`${url}#v=2&q=${points[0]}`);
  await page.waitForSelector('#map[data-overlay="drawn"]', { timeout: 0 });
  const ask = async (q, kind, n) => {
    await page.evaluate((hash) => (location.hash = hash), `#v=2&q=${q}`);
    await page.waitForFunction(([k, count]) => performance.getEntriesByName(`planning-map:report-${k}`).length >= count, [kind, n], { timeout: 0 });
  };
  await page.waitForFunction(() => performance.getEntriesByName('planning-map:report-point').length >= 1, null, { timeout: 0 });
  for (let i = 1; i < points.length; i++) await ask(points[i], 'point', i + 1);
  for (let i = 0; i < polygons.length; i++) await ask(polygons[i], 'polygon', i + 1);
  const entries = await page.evaluate(() =>
    ['point', 'polygon'].map((k) => performance.getEntriesByName(`planning-map:report-${k}`).map((m) => ({ total: m.duration, compute: m.detail?.computeMs ?? 0 }))),
  );
  await page.close();
  return { point: entries[0], polygon: entries[1] };
}

/**
 * The app's map as a style a bare page can load: MapLibre's own style of the app's map once its
 * default view is drawn (the base map, the planning layers with their hatching, dashes and labels),
 * each inline GeoJSON source written to its own file (a bare page's fastest path: fetched and parsed
 * in MapLibre's worker), and the pattern images the hatching samples. Written beside the bare page;
 * returns the bare page's address that draws it.
 */
async function writeAppStyle() {
  const page = await ctx.newPage();
  await page.goto(url);
  await page.waitForSelector('#map[data-overlay="drawn"]', { timeout: 0 });
  await page.waitForFunction(() => window.planningMap.map.loaded(), undefined, { timeout: 0, polling: 100 });
  const { style, images } = await page.evaluate(() => {
    const map = window.planningMap.map;
    const images = {};
    for (const id of map.listImages()) {
      const im = map.getImage(id);
      if (!im || !id.startsWith('cat-')) continue; // the app's own images; the base map's come with its sprite
      let bin = '';
      for (const b of im.data.data) bin += String.fromCharCode(b);
      images[id] = { width: im.data.width, height: im.data.height, pixelRatio: im.pixelRatio, rgba: btoa(bin) };
    }
    return { style: map.getStyle(), images };
  });
  await page.close();
  let n = 0;
  for (const source of Object.values(style.sources)) {
    if (source.type !== 'geojson' || typeof source.data !== 'object' || !(source.data.features?.length > 0)) continue;
    const file = `app-source-${n++}.geojson`;
    writeFileSync(join('dist/bench', file), JSON.stringify(source.data));
    source.data = file; // beside the page: bench/bare.ts resolves it
  }
  writeFileSync('dist/bench/app-style.json', JSON.stringify({ style, images }));
  return `${url}bench/bare.html?style=app-style.json`;
}

const app = [];
const bare = [];
/** the bare page drawing the app's own style (see writeAppStyle) */
const same = [];
if (want('timings') || want('present')) {
  await measure(url); // warm the HTTP cache and shader caches for all pages alike
  const sameUrl = want('timings') ? await writeAppStyle() : null;
  if (want('timings')) await measure(bareUrl);
  if (sameUrl) await measure(sameUrl);
  for (let i = 0; i < (want('timings') ? RUNS : 3); i++) {
    if (want('timings')) bare.push(await measure(bareUrl));
    if (sameUrl) same.push(await measure(sameUrl));
    app.push(await measure(url));
  }
}
const sceneSwitches = want('present') ? await measureScenes(url) : null;
const reportTimes = want('reports') ? await measureReports() : null;
const pixelLines = want('pixels') ? await (await import('../bench/pixels.mjs')).pixelCheck(ctx, url, { save: args.includes('--save-reference') }) : null;
await ctx.close();
await server.close();
rmSync(dir, { recursive: true, force: true });

const line = (label, a, b, target, [na, nb] = ['app', 'bare']) =>
  console.log(`  ${label.padEnd(34)} ${na} ${a.toFixed(0).padStart(6)} ms   ${nb} ${b.toFixed(0).padStart(6)} ms   ratio ${ratio(a, b)}×${target ? `   (target ≤ ${target}×: ${a / b <= target ? 'OK' : 'OVER'})` : ''}`);
if (want('timings')) {
  console.log(`\nTimings, median of ${RUNS} alternating runs (headless Chromium, SwiftShader WebGL)`);
  line('first complete base map (idle)', m(app, 'firstIdle'), m(bare, 'firstIdle'));
  line('… with the default overlays drawn', m(app, 'overlays'), m(bare, 'firstIdle'), 1.1);
  const deckAt = m(app, 'module');
  console.log(`  (app: planning layers handed over at ${m(app, 'layersSet').toFixed(0)} ms; ${deckAt ? `deck.gl module ready at ${deckAt.toFixed(0)} ms` : 'deck.gl not loaded: nothing shown needs it'})`);
  line('pan frame time, mean', m(app, 'frameMean'), m(bare, 'frameMean'), 1.1);
  line('pan frame time, p95', m(app, 'frameP95'), m(bare, 'frameP95'), 1.1);
  console.log(`  against a bare page drawing the app's own style (the same layers, hatching, dashes and labels; no UI):`);
  line('first complete map', m(app, 'overlays'), m(same, 'firstIdle'), 1.1, ['app', 'same']);
  line('pan frame time, mean', m(app, 'frameMean'), m(same, 'frameMean'), 1.1, ['app', 'same']);
  line('pan frame time, p95', m(app, 'frameP95'), m(same, 'frameP95'), 1.1, ['app', 'same']);
  console.log(`  the bare page drawing the app's style against the plain one (what the plan's symbology costs MapLibre itself):`);
  line('first complete map', m(same, 'firstIdle'), m(bare, 'firstIdle'), undefined, ['same', 'bare']);
  line('pan frame time, mean', m(same, 'frameMean'), m(bare, 'frameMean'), undefined, ['same', 'bare']);
  line('pan frame time, p95', m(same, 'frameP95'), m(bare, 'frameP95'), undefined, ['same', 'bare']);
}
if (sceneSwitches) {
  const firstComplete = m(app, 'overlays');
  const sceneLine = (label, v, target) =>
    console.log(`  ${label.padEnd(34)} app ${v.toFixed(0).padStart(6)} ms   vs the app's first complete map ${firstComplete.toFixed(0)} ms   ratio ${ratio(v, firstComplete)}×${target ? `   (target ≤ ${target}×: ${v / firstComplete <= target ? 'OK' : 'OVER'})` : ''}`);
  console.log(`\nPresent mode (the app's first complete map: median of ${app.length} loads of the default view)`);
  sceneLine('the talk starts (scene 1, keys live)', sceneSwitches.ready, 3);
  console.log(`  key press → map idle with the scene's layers drawn (${sceneSwitches.length} switches through the built-in deck and back, transitions included; each key after the next scene was rehearsed)`);
  sceneLine('scene switch, median', median(sceneSwitches), 0.5);
  sceneLine('scene switch, p95', p95(sceneSwitches));
  console.log(`  (every scene rehearsed ${(sceneSwitches.rehearsedAt / 1000).toFixed(1)} s after the page was opened, while the first scenes were shown; scenes cut instead of easing where a frame takes over 66 ms)`);
}
if (pixelLines) {
  console.log(`\nPixels: the map at ${pixelLines.length} views, this build vs the references in bench/reference (taken with the planning polygons and lines drawn by deck.gl)`);
  for (const l of pixelLines) console.log(l);
}
if (reportTimes) {
const rp = reportTimes;
const med = (xs, k) => median(xs.map((x) => x[k]));
const verdict = (v, t) => `(target ≤ ${t} ms: ${v <= t ? 'OK' : 'OVER'})`;
console.log(`\n"What applies here" reports (in the app, through the report worker; ${rp.point.length} points, ${rp.polygon.length} polygons)`);
console.log(`  first report of the page (worker start, data, index)  ${rp.point[0].total.toFixed(0)} ms`);
const pw = rp.point.slice(1);
console.log(`  point, median                      request→report ${med(pw, 'total').toFixed(1).padStart(6)} ms   computing ${med(pw, 'compute').toFixed(1).padStart(6)} ms   ${verdict(med(pw, 'total'), 50)}`);
console.log(`  point, slowest                     request→report ${Math.max(...pw.map((x) => x.total)).toFixed(1).padStart(6)} ms`);
console.log(`  polygon, median                    request→report ${med(rp.polygon, 'total').toFixed(1).padStart(6)} ms   computing ${med(rp.polygon, 'compute').toFixed(1).padStart(6)} ms   ${verdict(med(rp.polygon, 'total'), 300)}`);
console.log(`  polygon, slowest                   request→report ${Math.max(...rp.polygon.map((x) => x.total)).toFixed(1).padStart(6)} ms`);
}
}
// ---- map sheets (issue 9): export time through the preview's download button, as a ratio to the
// app's first complete map (overlays drawn) in the same page, and the PDF's size ----------------
if (want('sheets')) {
  const sheetServer = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'silent' });
  const sheetUrl = sheetServer.resolvedUrls.local[0];
  const sheetDir = mkdtempSync(join(tmpdir(), 'bench-sheet-'));
  const sctx = await chromium.launchPersistentContext(sheetDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    acceptDownloads: true,
    args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage'],
    viewport: { width: 1280, height: 800 },
  });
  const exportOnce = async (paper, dpi) => {
    const page = await sctx.newPage();
    await page.goto(`${sheetUrl}#v=2&print=1&paper=${paper}&dpi=${dpi}`);
    await page.waitForSelector('[data-testid=sheet-preview][data-sheet-state="ready"]', { timeout: 0 });
    const firstMap = await page.evaluate(() => performance.getEntriesByName('planning-map:overlays-drawn')[0]?.startTime ?? NaN);
    const t0 = Date.now();
    const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 0 }), page.getByRole('button', { name: /下载 PDF/ }).click()]);
    const path = await dl.path();
    const ms = Date.now() - t0;
    const bytes = statSync(path).size;
    await page.close();
    return { ms, bytes, firstMap };
  };
  const sheetRuns = Math.min(RUNS, 3);
  console.log(`\nMap sheet export (PDF, click → download; median of ${sheetRuns}; ratio to the same page's first complete map)`);
  for (const [paper, dpi, target] of [['a4-landscape', 150], ['a4-landscape', 300, 1.5], ['a3-landscape', 300]]) {
    const runs = [];
    for (let i = 0; i < sheetRuns; i++) runs.push(await exportOnce(paper, dpi));
    const ms = median(runs.map((r) => r.ms));
    const size = median(runs.map((r) => r.bytes));
    const base = median(runs.map((r) => r.firstMap));
    console.log(
      `  ${`${paper} @ ${dpi} dpi`.padEnd(24)} ${ms.toFixed(0).padStart(6)} ms   first map ${base.toFixed(0).padStart(5)} ms   ratio ${(ms / base).toFixed(2)}×${target ? `   (target ≤ ${target}×: ${ms / base <= target ? 'OK' : 'OVER'})` : ''}   PDF ${(size / 1e6).toFixed(2)} MB`,
    );
  }
  await sctx.close();
  await sheetServer.close();
  rmSync(sheetDir, { recursive: true, force: true });
}

// ---- map sheets of anything (issue 24): imported layer, sketches, base map alone -------------
if (want('sheets')) {
  const { benchSheetsOfAnything } = await import('./bench-sheets.mjs');
  await benchSheetsOfAnything({ runs: Math.min(RUNS, 3) });
}

// ---- compare (issue 18): pan with two maps in step vs one map -------------------------------
if (want('compare')) {
  const { benchCompare } = await import('./bench-compare.mjs');
  await benchCompare({ runs: Math.min(RUNS, 3) });
}

// ---- large imports (我的数据) ---------------------------------------------------------------
// 100 000 points and 20 000 polygons imported through the real UI (worker, IndexedDB, MapLibre's
// own tiled GeoJSON source), then the same pan as above, as a ratio to the app without them (each
// run in a fresh browser profile so imports never leak into another run). Also: a 50 MB file —
// time until its layer is on the map, and the longest gap between animation frames meanwhile
// (how long the page could not respond).
if (want('imports')) {
  const { runnerImport } = await import('vite');
  const { module: fx } = await runnerImport(resolve('test/fixtures/fixtures.ts'));
  const files = {
    points: fx.manyPoints(100_000),
    polygons: fx.manyPolygons(20_000),
    big: fx.manyPoints(60_000, true),
  };
  const dir2 = mkdtempSync(join(tmpdir(), 'bench-files-'));
  const server2 = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'silent' });
  const url2 = server2.resolvedUrls.local[0];
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
  const pan = (page) => panFrames(page, 60);
  /** one run: fresh profile, open the app, optionally import a file; returns pan frame stats and import timings */
  async function run(fixture) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(url2);
    await page.waitForSelector('#map[data-overlay="drawn"]', { timeout: 0, state: 'attached' });
    // let the app finish its own start (tiles, label fades, the GPU catching up) before anything is measured
    await settled(page);
    let importMs = 0;
    let longestGap = 0;
    let longestTask = 0;
    if (fixture) {
      await page.evaluate(() => {
        // watch the page during the import: the longest gap between frames, and the longest task
        // on its main thread (the time it could not answer a click or a key)
        window.__gaps = { last: performance.now(), max: 0, on: true, task: 0 };
        const tick = () => {
          const g = window.__gaps;
          const now = performance.now();
          g.max = Math.max(g.max, now - g.last);
          g.last = now;
          if (g.on) requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) if (window.__gaps.on) window.__gaps.task = Math.max(window.__gaps.task, e.duration);
        }).observe({ type: 'longtask' });
      });
      const t0 = Date.now();
      // through a file on disk: playwright refuses buffers over 50 MB
      const path = join(dir2, fixture.name);
      if (!existsSync(path)) writeFileSync(path, fixture.bytes);
      await page.getByLabel('导入数据', { exact: true }).setInputFiles(path);
      await page.waitForSelector('[data-testid=my-data-layers] li', { timeout: 0 });
      await page.waitForFunction(() => {
        const map = window.planningMap.map;
        const id = Object.keys(map.getStyle().sources).find((s) => s.startsWith('user-'));
        // a large layer goes to MapLibre's worker in parts: #map[data-user-layers=drawing] until all are in
        return id && document.getElementById('map').dataset.userLayers !== 'drawing' && map.isSourceLoaded(id) && map.loaded();
      }, undefined, { timeout: 0, polling: 100 });
      importMs = Date.now() - t0;
      ({ max: longestGap, task: longestTask } = await page.evaluate(() => ((window.__gaps.on = false), window.__gaps)));
      // back to the same view as the run without the import (the import flies to the data)
      await page.evaluate(() => window.planningMap.resetView());
      await page.waitForFunction(() => !window.planningMap.map.isMoving() && window.planningMap.map.loaded(), undefined, { timeout: 0, polling: 100 });
    }
    const frames = (await pan(page)).sort((a, b) => a - b);
    await context.close();
    return { importMs, longestGap, longestTask, frameMean: frames.reduce((s, v) => s + v, 0) / frames.length, frameP95: frames[Math.floor(frames.length * 0.95)] };
  }
  const IMPORT_RUNS = Math.max(2, Math.ceil(RUNS / 2));
  const base = [];
  const withPoints = [];
  const withPolygons = [];
  await run(null); // warm-up
  for (let i = 0; i < IMPORT_RUNS; i++) {
    base.push(await run(null));
    withPoints.push(await run(files.points));
    withPolygons.push(await run(files.polygons));
  }
  const line2 = (label, a, b, target) =>
    console.log(`  ${label.padEnd(34)} with ${a.toFixed(0).padStart(5)} ms   without ${b.toFixed(0).padStart(5)} ms   ratio ${ratio(a, b)}×${target ? `   (target ≤ ${target}×: ${a / b <= target ? 'OK' : 'OVER'})` : ''}`);
  console.log(`\nLarge imports (我的数据, drawn by MapLibre), median of ${IMPORT_RUNS} runs, app with the import vs without`);
  line2('100 000 points: pan frame, mean', m(withPoints, 'frameMean'), m(base, 'frameMean'), 1.5);
  line2('100 000 points: pan frame, p95', m(withPoints, 'frameP95'), m(base, 'frameP95'), 1.5);
  line2('20 000 polygons: pan frame, mean', m(withPolygons, 'frameMean'), m(base, 'frameMean'), 1.5);
  line2('20 000 polygons: pan frame, p95', m(withPolygons, 'frameP95'), m(base, 'frameP95'), 1.5);
  console.log(`  import to drawn: 100 000 points (${kB(files.points.bytes.length / 1000)} MB) ${m(withPoints, 'importMs')} ms, 20 000 polygons (${kB(files.polygons.bytes.length / 1000)} MB) ${m(withPolygons, 'importMs')} ms`);
  const big = await run(files.big);
  await browser.close();
  await server2.close();
  rmSync(dir2, { recursive: true, force: true });
  console.log(`  a ${kB(files.big.bytes.length / 1000)} MB GeoJSON (60 000 points × 15 attributes): on the map after ${big.importMs} ms`);
  console.log(`    longest main-thread task meanwhile ${big.longestTask.toFixed(0)} ms (target ≤ 1000 ms, no freeze: ${big.longestTask <= 1000 ? 'OK' : 'OVER'})`);
  console.log(`    longest gap between frames meanwhile ${big.longestGap.toFixed(0)} ms; a pan frame of the app without imports: p95 ${m(base, 'frameP95').toFixed(0)} ms`);
}

if (want('comments') && !args.includes('--no-comments')) {
  const { benchComments } = await import('./bench-comments.mjs');
  await benchComments(args);
}
