// Where a frame's milliseconds go, under software WebGL: a Chrome trace (every process and
// thread: the page's main thread, MapLibre's workers, the GPU process where SwiftShader draws)
// and a CPU profile of the page's JavaScript, while the map pans — for the app with its default
// overlays and for the bare MapLibre page of the bench, side by side.
//   node scripts/profile-draw.mjs [--dist DIR] [--frames N] [--hash '#v=2&…'] [--out DIR]
// Needs a build with the bench's bare page (`npm run bench` makes one; so does --build).
import { preview, build } from 'vite';
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const DIST = resolve(opt('--dist', 'dist'));
const FRAMES = Number(opt('--frames', 60));
const HASH = opt('--hash', '');
const OUT = resolve(opt('--out', '.profile'));
mkdirSync(OUT, { recursive: true });
process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING = 'true';

if (args.includes('--build') || !existsSync(join(DIST, 'bench/bare.html'))) {
  await build({ logLevel: 'warn', build: { outDir: DIST } });
  await build({ logLevel: 'warn', configFile: false, base: './', build: { outDir: DIST, emptyOutDir: false, rolldownOptions: { input: { bare: resolve('bench/bare.html') } } } });
}

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

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame', 'v8.execute', 'gpu', 'gpu.angle', 'viz', 'toplevel', 'blink', 'cc', 'disabled-by-default-v8.cpu_profiler'];

async function profile(name, pageUrl) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(pageUrl);
  await page.waitForSelector('#map[data-overlay="drawn"]', { timeout: 0 });
  await page.waitForFunction(() => window.planningMap.map.loaded() && !window.planningMap.map.isMoving(), undefined, { timeout: 0, polling: 100 });
  // the GPU catches up with what the load issued (a one-pixel read-back waits for it)
  await page.evaluate(() => new Promise((r) => { const m = window.planningMap.map; m.once('render', () => { const gl = m.getCanvas().getContext('webgl2'); gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4)); r(); }); m.triggerRepaint(); }));
  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const traced = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES, recordMode: 'recordAsMuchAsPossible' }, transferMode: 'ReportEvents' });
  await cdp.send('Profiler.start');
  const frames = await page.evaluate(
    (n0) =>
      new Promise((done) => {
        const map = window.planningMap.map;
        const times = [];
        let last = performance.now();
        let n = 0;
        const step = () => {
          const now = performance.now();
          if (n > 0) times.push(now - last);
          last = now;
          if (n++ >= n0) return done(times);
          map.panBy([n % 60 < 30 ? 12 : -12, 4 * Math.sin(n / 8)], { animate: false });
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      }),
    FRAMES,
  );
  const { profile: cpu } = await cdp.send('Profiler.stop');
  await cdp.send('Tracing.end');
  await traced;
  await context.close();
  writeFileSync(join(OUT, `${name}.cpuprofile`), JSON.stringify(cpu));
  writeFileSync(join(OUT, `${name}.trace.json`), JSON.stringify({ traceEvents: events }));
  return { frames, cpu, events };
}

/** Self time per function in a CPU profile, grouped as "function (file)". */
function cpuSelf(cpu) {
  const byId = new Map(cpu.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = cpu.timeDeltas;
  for (let i = 0; i < cpu.samples.length; i++) {
    const n = byId.get(cpu.samples[i]);
    const f = n.callFrame;
    const file = (f.url || '').split('/').pop().replace(/-[\w-]{8}\.js$/, '.js');
    const key = `${f.functionName || '(anonymous)'}${file ? ` (${file})` : ''}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  }
  return [...self].sort((a, b) => b[1] - a[1]);
}

/** Busy time per process/thread (top-level complete events), and the heaviest event names on each by self time. */
function traceSummary(events) {
  const names = new Map();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
    if (e.ph === 'M' && e.name === 'process_name') names.set(`${e.pid}`, e.args.name);
  }
  const threads = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || typeof e.dur !== 'number') continue;
    const k = `${e.pid}:${e.tid}`;
    if (!threads.has(k)) threads.set(k, []);
    threads.get(k).push(e);
  }
  const out = [];
  for (const [k, evs] of threads) {
    evs.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    // self time: an event's duration minus its children's (nesting by time on one thread)
    const stack = [];
    const self = new Map();
    let busy = 0;
    let t0 = Infinity;
    let t1 = 0;
    for (const e of evs) {
      while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
      const parent = stack.at(-1);
      if (parent) parent._child = (parent._child ?? 0) + e.dur;
      else busy += e.dur;
      stack.push(e);
      t0 = Math.min(t0, e.ts);
      t1 = Math.max(t1, e.ts + e.dur);
    }
    for (const e of evs) self.set(e.name, (self.get(e.name) ?? 0) + e.dur - (e._child ?? 0));
    out.push({ thread: `${names.get(k.split(':')[0]) ?? 'pid ' + k.split(':')[0]} / ${names.get(k) ?? 'tid ' + k.split(':')[1]}`, busy: busy / 1000, top: [...self].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([n, v]) => [n, v / 1000]) });
  }
  return out.sort((a, b) => b.busy - a.busy);
}

const results = {};
for (const [name, u] of [['bare', bareUrl], ['app', `${url}${HASH}`]]) {
  const r = await profile(name, u);
  const frames = [...r.frames].sort((a, b) => a - b);
  const mean = frames.reduce((s, v) => s + v, 0) / frames.length;
  results[name] = r;
  console.log(`\n=== ${name}: ${frames.length} pan frames, mean ${mean.toFixed(0)} ms, p95 ${frames[Math.floor(frames.length * 0.95)].toFixed(0)} ms (${u})`);
  console.log('  busy threads (ms per frame, of the whole pan):');
  for (const t of traceSummary(r.events).slice(0, 8)) {
    console.log(`    ${(t.busy / frames.length).toFixed(1).padStart(7)} ms/frame  ${t.thread}`);
    for (const [n, v] of t.top.slice(0, 6)) console.log(`        ${(v / frames.length).toFixed(1).padStart(7)}  ${n}`);
  }
  console.log('  page JavaScript, self time (ms per frame):');
  for (const [k, v] of cpuSelf(r.cpu).slice(0, 25)) console.log(`    ${(v / frames.length).toFixed(2).padStart(7)}  ${k}`);
}
await browser.close();
await server.close();
console.log(`\nprofiles and traces written to ${OUT} (open the .cpuprofile / .trace.json in Chrome DevTools' Performance panel)`);
