// Compare (issue 18): pan frame time with a swipe on — two MapLibre maps, each with its own deck.gl
// overlay, cameras in step — as a ratio to the same page with one map drawing side A's layers
// (target ≤ 1.8×). Alternating runs in one browser; the pan moves the main map by a few pixels
// every animation frame (side B follows it in the same frame), as the main bench's pan does.
// Called by scripts/bench.mjs; alone: `node scripts/bench-compare.mjs [--runs N]` on a built dist/.
import { preview } from 'vite';
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const LAYERS = 'counties,plan-core,plan-belts';
/** one map: side A's set (现状) */
const ONE = `v=2&l=${LAYERS}&t=2020`;
/** the same, with side B (2035) swiped in at the middle */
const SWIPE = `${ONE}&cmp=swipe&cp=0.50&tb=2035&lb=${LAYERS}`;

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

export async function benchCompare({ runs = 3 } = {}) {
  const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'silent' });
  const url = server.resolvedUrls.local[0];
  const dir = mkdtempSync(join(tmpdir(), 'bench-compare-'));
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage'],
    viewport: { width: 1280, height: 800 },
    serviceWorkers: 'block',
  });
  const T = { timeout: 600_000 };
  const once = async (hash, two) => {
    const page = await ctx.newPage();
    await page.goto(`${url}#${hash}`);
    await page.waitForSelector('#map[data-overlay="drawn"]', T);
    await page.waitForSelector('#map[data-map-state="idle"]', T);
    if (two) {
      await page.waitForSelector('#map-b[data-overlay="drawn"]', T);
      await page.waitForSelector('#map-b[data-map-state="idle"]', T);
    }
    const frames = (await panFrames(page, 90)).sort((a, b) => a - b);
    await page.close();
    return { mean: frames.reduce((s, v) => s + v, 0) / frames.length, p95: frames[Math.floor(frames.length * 0.95)] };
  };
  const one = [];
  const two = [];
  try {
    for (let i = 0; i < runs; i++) {
      one.push(await once(ONE, false));
      two.push(await once(SWIPE, true));
    }
  } finally {
    await ctx.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const m = (xs, k) => median(xs.map((x) => x[k]));
  console.log(`\nCompare (swipe, two maps in step) vs one map, pan frame time, median of ${runs} alternating runs (${LAYERS})`);
  for (const k of ['mean', 'p95']) {
    const a = m(two, k);
    const b = m(one, k);
    console.log(`  pan frame time, ${k.padEnd(4)}             compare ${a.toFixed(0).padStart(5)} ms   one map ${b.toFixed(0).padStart(5)} ms   ratio ${(a / b).toFixed(2)}×   (target ≤ 1.8×: ${a / b <= 1.8 ? 'OK' : 'OVER'})`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  await benchCompare({ runs: Number(args[args.indexOf('--runs') + 1]) || 3 });
}
