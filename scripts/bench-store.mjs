// Issue 23's figures (`npm run bench -- --store`, or node scripts/bench-store.mjs [--no-build] [--cycles N]):
// - the page after N import → remove cycles of one 我的数据 layer: DOM nodes (live and detached, as
//   Chromium counts them after a garbage collection) and JS heap, at the start and after 10 and N cycles;
// - a valid 99 MB GeoJSON imported through the UI: the longest main-thread task meanwhile (≤ 1 s);
// - lying files through the UI: how long until the refusal (a 4 GiB zip bomb, a .dbf claiming 4e9 records).
// Headless Debian Chromium, SwiftShader; a shared machine makes these noisy: say under what load.
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { build, preview, runnerImport } from 'vite';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const CYCLES = Number(args[args.indexOf('--cycles') + 1]) || 50;
/** the big file: 185 000 points × 10 attributes ≈ 99 MB, just under the 100 MB cap */
const BIG_POINTS = 185_000;
const BIG_ATTRS = 7;
const BIG_DIR = resolve('.bench/fixtures');
const BIG_NAME = `points-${BIG_POINTS}-wide${BIG_ATTRS}.geojson`;
const only = (name) => !args.includes('--only') || args[args.indexOf('--only') + 1] === name;
if (!args.includes('--no-build') || !existsSync('dist/index.html')) await build({ logLevel: 'warn' });
const { module: fx } = await runnerImport(resolve('test/fixtures/fixtures.ts'));
const { module: lying } = await runnerImport(resolve('test/fixtures/lying.ts'));
const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'silent' });
const url = server.resolvedUrls.local[0];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage'],
});
const dir = mkdtempSync(join(tmpdir(), 'bench-store-'));
const onDisk = (f) => {
  const path = join(dir, f.name);
  if (!existsSync(path)) writeFileSync(path, f.bytes);
  return path;
};
console.log(`\nKeeping what users make (issue 23); load average at start ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${(await import('node:os')).cpus().length} cores`);

async function open() {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${url}#v=2&m=111.95,37.1,112.6,37.85`, { waitUntil: 'commit', timeout: 120_000 });
  await page.locator('#map[data-overlay="drawn"]').waitFor({ timeout: 180_000, state: 'attached' });
  await page.waitForFunction(() => window.planningMap.map.loaded(), undefined, { timeout: 120_000, polling: 200 });
  return { context, page };
}

// ---- DOM and heap over import → remove cycles ----------------------------------------------
if (only('cycles')) {
  const { context, page } = await open();
  const cdp = await context.newCDPSession(page);
  const counters = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const dom = await cdp.send('Memory.getDOMCounters');
    const heap = await cdp.send('Runtime.getHeapUsage');
    return { nodes: dom.nodes, listeners: dom.jsEventListeners, heapMB: heap.usedSize / 2 ** 20 };
  };
  const file = fx.manyPoints(50_000);
  const path = onDisk(file);
  // waits through locators only: an ElementHandle (waitForSelector's answer) keeps the removed row alive
  const cycle = async () => {
    await page.getByLabel('导入数据', { exact: true }).setInputFiles(path);
    await page.locator('[data-testid=my-data-layers] li').first().waitFor({ timeout: 300_000 });
    await page.waitForFunction(() => {
      const map = window.planningMap.map;
      const id = Object.keys(map.getStyle().sources).find((s) => /^user-(?!sketches)/.test(s));
      return id && document.getElementById('map').dataset.userLayers !== 'drawing' && map.isSourceLoaded(id) && map.loaded();
    }, undefined, { timeout: 300_000, polling: 100 });
    const row = page.getByTestId('my-data-layers').locator('li').first();
    await row.getByRole('button', { name: '删除', exact: true }).dispatchEvent('click');
    await row.getByTestId('remove-confirm').dispatchEvent('click');
    await page.locator('[data-testid=my-data-layers]').waitFor({ state: 'detached', timeout: 60_000 });
    await page.waitForFunction(() => !Object.keys(window.planningMap.map.getStyle().sources).some((s) => /^user-(?!sketches)/.test(s)), undefined, { timeout: 60_000, polling: 100 });
  };
  const start = await counters();
  const rows = [['start', start]];
  for (let i = 1; i <= CYCLES; i++) {
    await cycle();
    if (i === 1 || i === 10 || i === CYCLES) rows.push([`after ${i}`, await counters()]);
  }
  console.log(`  ${CYCLES} import → remove cycles of a ${(file.bytes.length / 2 ** 20).toFixed(1)} MB GeoJSON (50 000 points), after a garbage collection:`);
  for (const [label, c] of rows) console.log(`    ${label.padEnd(10)} DOM nodes ${String(c.nodes).padStart(6)}   listeners ${String(c.listeners).padStart(5)}   JS heap ${c.heapMB.toFixed(1).padStart(6)} MB`);
  const first = rows[1][1];
  const last = rows.at(-1)[1];
  const perCycle = (last.nodes - first.nodes) / Math.max(1, CYCLES - 1);
  console.log(`    DOM nodes per cycle after the first: ${perCycle.toFixed(1)} (target: flat, ≤ 1)  ${perCycle <= 1 ? 'OK' : 'OVER'}`);
  await context.close();
}

// ---- a 99 MB GeoJSON ------------------------------------------------------------------------
// Generated once and kept in .bench/ (a 99 MB file takes a while to build on a shared machine).
if (only('big')) {
  const { context, page } = await open();
  const path = join(BIG_DIR, BIG_NAME);
  if (!existsSync(path)) {
    const f = fx.manyPoints(BIG_POINTS, BIG_ATTRS);
    mkdirSync(BIG_DIR, { recursive: true });
    writeFileSync(path, f.bytes);
  }
  const size = statSync(path).size;
  await page.evaluate(() => {
    // every main-thread task over 50 ms, and what the 我的数据 status said when (the phases)
    window.__long = { tasks: [], on: true, status: [] };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (window.__long.on) window.__long.tasks.push([Math.round(e.startTime), Math.round(e.duration)]);
    }).observe({ type: 'longtask' });
    const seen = () => {
      const t = (document.querySelector('[data-testid=my-data-status]')?.textContent ?? '').replace(/\s+/g, ' ').trim();
      const last = window.__long.status.at(-1);
      if (window.__long.on && t !== last?.[1]) window.__long.status.push([Math.round(performance.now()), t]);
    };
    new MutationObserver(seen).observe(document.body, { subtree: true, childList: true, characterData: true });
    window.__long.t0 = Math.round(performance.now());
  });
  // --profile: a CPU profile of the page's main thread, summarised per busy stretch over 300 ms
  const cdp = args.includes('--profile') ? await context.newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 2000 });
    await cdp.send('Profiler.start');
  }
  const t0 = Date.now();
  await page.getByLabel('导入数据', { exact: true }).setInputFiles(path);
  // the layer on the map, or a refusal in the problems list (a bench must not wait 10 minutes for a refusal)
  await page.waitForFunction(() => {
    if (document.querySelector('[data-testid=my-data-problems]')) return true;
    const map = window.planningMap.map;
    const id = Object.keys(map.getStyle().sources).find((s) => /^user-(?!sketches)/.test(s));
    // all of it: a large layer goes to MapLibre's worker in parts (#map[data-user-layers=drawing] meanwhile)
    return id && document.getElementById('map').dataset.userLayers !== 'drawing' && map.isSourceLoaded(id) && map.loaded() && document.querySelector('[data-testid=my-data-layers] li');
  }, undefined, { timeout: 900_000, polling: 250 });
  const drawnCount = await page.evaluate(async () => {
    const map = window.planningMap.map;
    const id = Object.keys(map.getStyle().sources).find((s) => /^user-(?!sketches)/.test(s));
    return id ? (await map.getSource(id).getData()).features.length : 0;
  });
  const ms = Date.now() - t0;
  const { tasks, status, t0: p0 } = await page.evaluate(() => ((window.__long.on = false), window.__long));
  const profile = cdp && (await cdp.send('Profiler.stop')).profile;
  const problems = await page.locator('[data-testid=my-data-problems]').textContent({ timeout: 100 }).catch(() => null);
  // stored = the layer's features are a record of the app's IndexedDB (count them there, not on screen)
  const stored = await page.evaluate(() => new Promise((done) => {
    const open = indexedDB.open('planning-map-user');
    open.onerror = () => done(null);
    open.onsuccess = () => {
      const tx = open.result.transaction('data', 'readonly');
      const keys = tx.objectStore('data').getAllKeys();
      keys.onsuccess = () => {
        const key = keys.result.find((k) => typeof k === 'string' && k.startsWith('user-layer:'));
        if (!key) return done({ saved: false, count: 0 });
        const r = tx.objectStore('data').get(key);
        r.onsuccess = () => done({ saved: true, count: r.result?.length ?? 0 });
      };
    };
  })).catch(() => null);
  const task = Math.max(0, ...tasks.map((t) => t[1]));
  console.log(`  a ${(size / 2 ** 20).toFixed(1)} MB GeoJSON (${BIG_POINTS} points × ${BIG_ATTRS + 3} attributes): ${problems ? `REFUSED after ${ms} ms: ${problems.slice(0, 160)}` : `on the map after ${ms} ms (${drawnCount} features in MapLibre's source)`}${stored ? `; stored: ${stored.saved}, ${stored.count} features` : ''}`);
  console.log(`    longest main-thread task ${task.toFixed(0)} ms (target ≤ 1000 ms: ${task <= 1000 ? 'OK' : 'OVER'}); tasks over 50 ms: ${tasks.length}, ${tasks.reduce((n, t) => n + t[1], 0)} ms in all`);
  if (args.includes('--verbose')) {
    for (const [t, d] of tasks) console.log(`      task at ${String(t - p0).padStart(7)} ms: ${d} ms`);
    for (const [t, text] of status) console.log(`      status at ${String(t - p0).padStart(7)} ms: ${text.slice(0, 90)}`);
  }
  if (profile) summarise(profile);
  if (!problems && !args.includes('--no-reload')) {
    // a reload: the stored layer comes back from IndexedDB (long tasks observed from the page's first script)
    await page.addInitScript(() => {
      window.__long = { tasks: [] };
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__long.tasks.push([Math.round(e.startTime), Math.round(e.duration)]);
      }).observe({ type: 'longtask', buffered: true });
    });
    if (cdp) await cdp.send('Profiler.start');
    const r0 = Date.now();
    await page.reload({ waitUntil: 'commit' });
    await page.waitForFunction(() => {
      const map = window.planningMap?.map;
      const id = map && Object.keys(map.getStyle().sources).find((s) => /^user-(?!sketches)/.test(s));
      return id && document.getElementById('map').dataset.userLayers === 'drawn' && map.isSourceLoaded(id) && map.loaded();
    }, undefined, { timeout: 900_000, polling: 250 });
    const back = await page.evaluate(() => window.__long.tasks);
    const longest = Math.max(0, ...back.map((t) => t[1]));
    console.log(`    after a reload: back on the map after ${Date.now() - r0} ms; longest main-thread task ${longest} ms (page start included; target ≤ 1000 ms: ${longest <= 1000 ? 'OK' : 'OVER'})`);
    if (args.includes('--verbose')) for (const [t, d] of back) console.log(`      task at ${String(t).padStart(7)} ms: ${d} ms`);
    if (cdp) summarise((await cdp.send('Profiler.stop')).profile);
  }
  await context.close();
}

/** Busy stretches of a CPU profile (no idle sample for 300 ms or more): where their time went. */
function summarise(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
  const stack = (id) => {
    const out = [];
    for (let x = id; x !== undefined; x = parent.get(x)) out.push(byId.get(x));
    return out.reverse().slice(1); // root first, without (root)
  };
  let t = 0;
  let run = [];
  const flush = () => {
    const ms = run.reduce((n, [, d]) => n + d, 0) / 1000;
    if (ms >= 300) {
      const self = new Map();
      const outer = new Map();
      for (const [id, d] of run) {
        const st = stack(id);
        const top = name(st.at(-1));
        self.set(top, (self.get(top) ?? 0) + d);
        const app = st.filter((n) => n.callFrame.url).slice(0, 3).map(name).join(' > ') || top;
        outer.set(app, (outer.get(app) ?? 0) + d);
      }
      const top = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, d]) => `${(d / 1000).toFixed(0)} ms ${k}`);
      console.log(`    busy ${ms.toFixed(0)} ms at ${((run[0][2] - profile.startTime) / 1000).toFixed(0)} ms of the profile\n      self: ${top(self).join('\n            ')}\n      from: ${top(outer).join('\n            ')}`);
    }
    run = [];
  };
  t = profile.startTime;
  profile.samples.forEach((id, i) => {
    const d = profile.timeDeltas[i + 1] ?? 0;
    t += profile.timeDeltas[i];
    const n = byId.get(id);
    if (n.callFrame.functionName === '(idle)') flush();
    else run.push([id, d, t]);
  });
  flush();
}

// ---- lying files -----------------------------------------------------------------------------
if (only('lying')) {
  const { context, page } = await open();
  let previous = '';
  for (const f of [lying.zipBomb(true), lying.zipBomb(false), lying.lyingDbf(), lying.kmzBomb()]) {
    const t0 = Date.now();
    await page.getByLabel('导入数据', { exact: true }).setInputFiles(onDisk(f));
    // the refusal of this file (each import replaces the problems listed)
    await page.waitForFunction((prev) => {
      const t = document.querySelector('[data-testid=my-data-problems]')?.textContent ?? '';
      return t && t !== prev;
    }, previous, { timeout: 300_000, polling: 50 });
    previous = await page.getByTestId('my-data-problems').textContent();
    const text = previous.slice(0, 70);
    console.log(`  ${f.name.padEnd(16)} ${(f.bytes.length / 2 ** 20).toFixed(1).padStart(4)} MB → refused after ${String(Date.now() - t0).padStart(5)} ms: ${text}…`);
  }
  await context.close();
}

await browser.close();
await server.close();
rmSync(dir, { recursive: true, force: true });
