// Issue 23's figures (`npm run bench -- --store`, or node scripts/bench-store.mjs [--no-build] [--cycles N]):
// - the page after N import → remove cycles of one 我的数据 layer: DOM nodes (live and detached, as
//   Chromium counts them after a garbage collection) and JS heap, at the start and after 10 and N cycles;
// - a valid 99 MB GeoJSON imported through the UI: the longest main-thread task meanwhile (≤ 1 s);
// - lying files through the UI: how long until the refusal (a 4 GiB zip bomb, a .dbf claiming 4e9 records).
// Headless Debian Chromium, SwiftShader; a shared machine makes these noisy: say under what load.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { build, preview, runnerImport } from 'vite';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const CYCLES = Number(args[args.indexOf('--cycles') + 1]) || 50;
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
      return id && map.isSourceLoaded(id);
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
if (only('big')) {
  const { context, page } = await open();
  const file = fx.manyPoints(195_000, true);
  const path = onDisk(file);
  await page.evaluate(() => {
    window.__long = { task: 0, on: true };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (window.__long.on) window.__long.task = Math.max(window.__long.task, e.duration);
    }).observe({ type: 'longtask' });
  });
  const t0 = Date.now();
  await page.getByLabel('导入数据', { exact: true }).setInputFiles(path);
  await page.locator('[data-testid=my-data-layers] li').first().waitFor({ timeout: 600_000 });
  await page.waitForFunction(() => {
    const map = window.planningMap.map;
    const id = Object.keys(map.getStyle().sources).find((s) => /^user-(?!sketches)/.test(s));
    return id && map.isSourceLoaded(id) && map.loaded();
  }, undefined, { timeout: 600_000, polling: 100 });
  const ms = Date.now() - t0;
  const task = await page.evaluate(() => ((window.__long.on = false), window.__long.task));
  console.log(`  a ${(file.bytes.length / 2 ** 20).toFixed(1)} MB GeoJSON (195 000 points × 15 attributes): on the map after ${ms} ms; longest main-thread task ${task.toFixed(0)} ms (target ≤ 1000 ms: ${task <= 1000 ? 'OK' : 'OVER'})`);
  await context.close();
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
