// Where the first complete map's milliseconds go, under software WebGL: the app's default view and
// the bench's bare MapLibre page, each opened in a fresh context (warm HTTP cache: one load first),
// with a timeline of the page's marks and MapLibre's events (style, each source loaded, idle), the
// requests (when each finished), the main thread's busy time by kind (script, parse, layout, GPU
// waits) and the page's JavaScript by self time, from navigation to the overlays drawn.
//   node scripts/profile-load.mjs [--dist DIR] [--hash '#v=2&…'] [--out DIR] [--runs N]
// Needs a build with the bench's bare page (`npm run bench` makes one).
import { preview } from 'vite';
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const DIST = resolve(opt('--dist', 'dist'));
const HASH = opt('--hash', '');
const OUT = resolve(opt('--out', '.profile'));
const RUNS = Number(opt('--runs', 1));
mkdirSync(OUT, { recursive: true });
process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING = 'true';

const defaults = [];
for (const f of readdirSync('layers').filter((n) => n.endsWith('.json') && n !== 'sources.json')) {
  defaults.push(...JSON.parse(readFileSync(join('layers', f), 'utf8')).layers.filter((l) => l.visible));
}
const server = await preview({ build: { outDir: DIST }, preview: { port: 0, host: '127.0.0.1' }, logLevel: 'silent' });
const url = server.resolvedUrls.local[0];
const bareUrl = `${url}bench/bare.html?layers=${defaults.map((l) => `${l.data}:${l.geometry}`).join(',')}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage'],
});
const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'toplevel', 'blink', 'disabled-by-default-v8.cpu_profiler'];

// MapLibre's events, timestamped, from the moment the page sets window.planningMap
const HOOK = () => {
  const log = (window.__loadLog = []);
  const at = (what) => log.push([performance.now(), what]);
  let held;
  Object.defineProperty(window, 'planningMap', {
    configurable: true,
    get: () => held,
    set(v) {
      held = v;
      const map = v.map;
      at('map created');
      map.once('style.load', () => at('style.load'));
      map.once('load', () => at('load'));
      map.on('idle', () => at('idle'));
      const seen = new Set();
      map.on('sourcedata', (e) => {
        if (e.isSourceLoaded && e.sourceId && !seen.has(e.sourceId) && map.isSourceLoaded(e.sourceId)) {
          seen.add(e.sourceId);
          at(`source loaded: ${e.sourceId}`);
        }
      });
      let frames = 0;
      let loaded = false;
      map.once('load', () => (loaded = true));
      // after "load" (every tile in), each frame until idle: what the last stretch is made of
      map.on('render', () => {
        frames++;
        if (loaded && !log.some(([, w]) => w === 'idle')) at(`render (frame ${frames})`);
      });
      map.on('idle', () => at(`(${frames} frames rendered so far)`));
    },
  });
};

async function once(pageUrl, { trace }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
  await context.addInitScript(HOOK);
  const page = await context.newPage();
  const requests = [];
  page.on('requestfinished', (r) => requests.push([r.url().replace(url, ''), r.timing().responseEnd]));
  let cdp, events, traced;
  if (trace) {
    cdp = await context.newCDPSession(page);
    events = [];
    cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
    traced = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES, recordMode: 'recordAsMuchAsPossible' }, transferMode: 'ReportEvents' });
    await cdp.send('Profiler.start');
  }
  await page.goto(pageUrl);
  await page.waitForSelector('#map[data-overlay="drawn"]', { timeout: 0 });
  const { log, marks, nav } = await page.evaluate(() => ({
    log: window.__loadLog,
    marks: performance.getEntriesByType('mark').map((m) => [m.startTime, `mark ${m.name}`]),
    nav: performance.timeOrigin,
  }));
  let cpu;
  if (trace) {
    cpu = (await cdp.send('Profiler.stop')).profile;
    await cdp.send('Tracing.end');
    await traced;
  }
  await context.close();
  return { timeline: [...log, ...marks].sort((a, b) => a[0] - b[0]), requests, cpu, events, nav };
}

/** Self time per function in a CPU profile, grouped as "function (file)". */
function cpuSelf(cpu) {
  const byId = new Map(cpu.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < cpu.samples.length; i++) {
    const f = byId.get(cpu.samples[i]).callFrame;
    const file = (f.url || '').split('/').pop().replace(/-[\w-]{8}\.js$/, '.js');
    const key = `${f.functionName || '(anonymous)'}${file ? ` (${file})` : ''}`;
    self.set(key, (self.get(key) ?? 0) + (cpu.timeDeltas[i] ?? 0) / 1000);
  }
  return [...self].sort((a, b) => b[1] - a[1]);
}
/** Self time per script file in a CPU profile. */
function cpuByFile(cpu) {
  const byId = new Map(cpu.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < cpu.samples.length; i++) {
    const f = byId.get(cpu.samples[i]).callFrame;
    const key = (f.url || `(${f.functionName})`).split('/').pop().replace(/-[\w-]{8}\.js$/, '.js');
    self.set(key, (self.get(key) ?? 0) + (cpu.timeDeltas[i] ?? 0) / 1000);
  }
  return [...self].sort((a, b) => b[1] - a[1]);
}

/** The renderer main thread's top-level busy time by event name. */
function mainThread(events) {
  const names = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
  const byThread = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || typeof e.dur !== 'number') continue;
    const k = `${e.pid}:${e.tid}`;
    if (!byThread.has(k)) byThread.set(k, []);
    byThread.get(k).push(e);
  }
  const out = [];
  for (const [k, evs] of byThread) {
    const name = names.get(k) ?? k;
    if (!/CrRendererMain|DedicatedWorker/.test(name)) continue;
    evs.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    let end = 0;
    let busy = 0;
    const top = new Map();
    // self time by name: children subtract from their parent
    const stack = [];
    for (const e of evs) {
      while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
      if (stack.length) stack.at(-1)._c = (stack.at(-1)._c ?? 0) + e.dur;
      else if (e.ts >= end) {
        busy += e.dur;
        end = e.ts + e.dur;
      }
      stack.push(e);
    }
    for (const e of evs) top.set(e.name, (top.get(e.name) ?? 0) + e.dur - (e._c ?? 0));
    out.push({ name, busy: busy / 1000, top: [...top].sort((a, b) => b[1] - a[1]).slice(0, 8) });
  }
  return out.sort((a, b) => b.busy - a.busy);
}

for (const [name, u] of [['bare', bareUrl], ['app', `${url}${HASH}`]]) {
  await once(u, { trace: false }); // warm the HTTP cache
  for (let run = 0; run < RUNS; run++) {
    const r = await once(u, { trace: run === RUNS - 1 });
    console.log(`\n=== ${name} (${u}) run ${run + 1}`);
    for (const [t, what] of r.timeline) console.log(`  ${t.toFixed(0).padStart(7)} ms  ${what}`);
    console.log('  requests finished (ms after navigation start):');
    for (const [p, t] of r.requests) console.log(`  ${t.toFixed(0).padStart(7)} ms  ${p.slice(0, 90)}`);
    if (!r.cpu) continue;
    writeFileSync(join(OUT, `load-${name}.cpuprofile`), JSON.stringify(r.cpu));
    writeFileSync(join(OUT, `load-${name}.trace.json`), JSON.stringify({ traceEvents: r.events }));
    for (const t of mainThread(r.events).slice(0, 4)) {
      console.log(`  busy ${t.busy.toFixed(0)} ms on ${t.name}; self time by event:`);
      for (const [n, v] of t.top) console.log(`    ${(v / 1000).toFixed(0).padStart(7)} ms  ${n}`);
    }
    console.log('  page JavaScript by file (self ms):');
    for (const [k, v] of cpuByFile(r.cpu).slice(0, 12)) console.log(`    ${v.toFixed(0).padStart(7)}  ${k}`);
    console.log('  page JavaScript by function (self ms):');
    for (const [k, v] of cpuSelf(r.cpu).slice(0, 25)) console.log(`    ${v.toFixed(0).padStart(7)}  ${k}`);
  }
}
await browser.close();
await server.close();
console.log(`\nprofiles and traces written to ${OUT} (load-*.cpuprofile / load-*.trace.json: open in Chrome DevTools' Performance panel)`);
