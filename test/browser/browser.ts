/**
 * Shared browser harness: Debian's Chromium driven by playwright-core (no downloaded browsers),
 * software WebGL (`STORY_GL`, below), and a page helper that waits for the map's real state
 * (MapLibre idle + deck.gl's first frame) instead of sleeping.
 *
 * One Chromium serves each worker of the browser suite (a worker runs its files one after another
 * in one process; one worker on a 2-core machine, test/browser/vitest.config.ts): `launch()` gives
 * each story file a fresh browser context of its own (own storage, cache, service workers,
 * viewport) in that one browser. A story
 * that needs its own process — other Chromium flags, or a profile on disk that must survive a
 * browser restart — says so (`args`, or `launchPersistentContext` with `CHROMIUM_ARGS`).
 *
 * Waits: no story sleeps, and no wait has a deadline a slow machine could meet while the app
 * works. Every wait is on a state the app exposes; `WAIT_MS` only ends a wait for something that
 * will never come (a broken app), with the name of what was awaited.
 *
 * RULES FOR EVERY STORY FILE (README, "Tests", says why):
 *  - pages come from `launch()` here (never a `chromium.launch` of your own);
 *  - wait on app states only: openMap / waitForMap / waitIdle, `[data-…]` selectors,
 *    `locator.waitFor()`, `expect.poll(…)`; add a `data-*` attribute to the app if one is missing;
 *  - never sleep (`waitForTimeout`, a `setTimeout` promise) and never assert a duration;
 *  - pass no `timeout:` anywhere: the defaults are WAIT_MS (five minutes a wait, twenty a story);
 *    Playwright's own 30 s default is one a loaded 2-core machine hits;
 *  - a tab not in front draws no frames: click there with `dispatchEvent('click')`.
 */
import { chromium, type Browser as PwBrowser, type BrowserContext, type Page } from 'playwright-core';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GL_ARGS } from '../../scripts/software-gl.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The stories' WebGL: `STORY_GL`, which scripts/browser-tests.mjs sets once per run after asking
 * Chromium which renderer it really gets — Mesa's llvmpipe when it works, else Chrome's
 * SwiftShader (scripts/software-gl.mjs says why). A story can ask for the other (`gl`);
 * foundation.test.ts draws the map with SwiftShader too, as an office PC without a GPU does.
 */
export type SoftwareGl = keyof typeof GL_ARGS;
export const STORY_GL: SoftwareGl = process.env.STORY_GL === 'llvmpipe' ? 'llvmpipe' : 'swiftshader';

/** Chromium's flags for the stories, but the renderer's (GL_ARGS). */
const BASE_ARGS = [
  '--no-sandbox',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-sync',
  '--no-first-run',
  '--metrics-recording-only',
  '--disable-features=Translate,OptimizationHints,MediaRouter',
];
export const CHROMIUM_ARGS = [...GL_ARGS[STORY_GL], ...BASE_ARGS];
/** A browser of its own: its renderer's flags (`gl`, else the suite's), the base flags, the story's own. */
const chromiumArgs = (opts: LaunchOptions) => [...GL_ARGS[opts.gl ?? STORY_GL], ...BASE_ARGS, ...(opts.args ?? [])];

/**
 * How long any single wait on the app may take before the story fails naming it: far beyond
 * what the slowest machine needs for one step (a 300 dpi sheet under software WebGL on a busy
 * 2-core machine takes a minute or two), so reaching it means the awaited state never comes.
 */
export const WAIT_MS = 5 * 60_000;

export interface Browser {
  context: BrowserContext;
  /** a new tab whose uncaught page errors are printed with the story's output */
  page: () => Promise<Page>;
  close: () => Promise<void>;
}

export interface LaunchOptions {
  width?: number;
  height?: number;
  /** extra Chromium flags: this browser gets a process of its own */
  args?: string[];
  /** a phone: touch events, a mobile viewport, a 2× screen */
  touch?: boolean;
  /** draw with this renderer rather than the suite's (`STORY_GL`): the browser gets a process of its own */
  gl?: SoftwareGl;
}

let shared: Promise<PwBrowser> | undefined;
/** The suite's one Chromium, started on first use (a crashed one is replaced). */
function sharedBrowser(): Promise<PwBrowser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run "sudo scripts/ensure-chromium.sh" (installs Debian chromium + fonts-wqy-zenhei)`);
  shared ??= chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS }).then((b) => {
    b.on('disconnected', () => (shared = undefined));
    return b;
  });
  return shared;
}

function contextOptions(opts: LaunchOptions) {
  return {
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 },
    locale: 'zh-CN',
    ...(opts.touch ? { hasTouch: true, isMobile: true, deviceScaleFactor: 2 } : {}),
  };
}

function withWaits(context: BrowserContext): BrowserContext {
  context.setDefaultTimeout(WAIT_MS);
  context.setDefaultNavigationTimeout(WAIT_MS);
  return context;
}

/** A fresh browser context (own storage and cache) in the suite's shared Chromium, or in a Chromium of its own when `args` are given. */
export async function launch(opts: LaunchOptions = {}): Promise<Browser> {
  let context: BrowserContext;
  let cleanup = async () => {};
  const own = opts.args?.length || (opts.gl && opts.gl !== STORY_GL);
  if (own) {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run "sudo scripts/ensure-chromium.sh" (installs Debian chromium + fonts-wqy-zenhei)`);
    const dir = mkdtempSync(join(tmpdir(), 'planning-map-chromium-'));
    context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, headless: true, args: chromiumArgs(opts), ...contextOptions(opts) });
    // Chromium may still be flushing its profile after close: retry, and never fail a story on cleanup
    cleanup = async () => {
      try { rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }); } catch { /* a tmp dir */ }
    };
  } else {
    context = await (await sharedBrowser()).newContext(contextOptions(opts));
  }
  withWaits(context);
  return {
    context,
    page: async () => {
      const p = await context.newPage();
      p.on('pageerror', (e) => console.error('pageerror:', e.message));
      return p;
    },
    close: async () => {
      await context.close().catch(() => undefined);
      await cleanup();
    },
  };
}

/** A persistent profile on disk (for stories about a browser restart), with the suite's flags and waits. */
export async function launchPersistent(dir: string, opts: LaunchOptions = {}): Promise<BrowserContext> {
  return withWaits(await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, headless: true, args: chromiumArgs(opts), ...contextOptions(opts) }));
}

export const BASE_URL = () => {
  const url = process.env.APP_URL;
  if (!url) throw new Error('APP_URL is not set (the browser suite is started by scripts/browser-tests.mjs)');
  return url;
};

/** Requests to any host but the app's own. */
export function watchForeignRequests(page: Page): string[] {
  const foreign: string[] = [];
  const own = new URL(BASE_URL()).host;
  page.on('request', (r) => {
    const u = new URL(r.url());
    if ((u.protocol === 'http:' || u.protocol === 'https:') && u.host !== own) foreign.push(r.url());
  });
  return foreign;
}

/** Open the app (optionally with a hash) and wait until the base map is idle and deck has drawn. */
export async function openMap(page: Page, hash = '', opts: { overlay?: boolean } = {}) {
  await page.goto(`${BASE_URL()}${hash ? `#${hash.replace(/^#/, '')}` : ''}`);
  await waitForMap(page, opts);
}

export async function waitForMap(page: Page, { overlay = true } = {}) {
  await page.waitForSelector('#map[data-map-state="idle"]');
  if (overlay) await page.waitForSelector('#map[data-overlay="drawn"]');
  await waitIdle(page);
}

/**
 * Wait for the next MapLibre idle (after a change that triggers a repaint): a frame is drawn
 * and nothing is left to load, place or animate. No deadline of its own (see WAIT_MS).
 */
export async function waitIdle(page: Page) {
  // a flight the app has decided on but not begun (data-framing > 0) is waited for first
  await page.waitForFunction(() => ((window as any).planningMap.map.getContainer().dataset.framing ?? '0') === '0');
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = (window as any).planningMap.map;
        if (map.loaded() && !map.isMoving()) {
          map.once('render', () => map.once('idle', () => resolve()));
          map.triggerRepaint();
        } else map.once('idle', () => resolve());
      }),
  );
}

/** Screen position (CSS px, page coordinates) of a lon/lat on the map. */
export async function project(page: Page, lon: number, lat: number) {
  return page.evaluate(
    ([lo, la]) => {
      const map = (window as any).planningMap.map;
      const p = map.project([lo, la]);
      const r = map.getContainer().getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    },
    [lon, lat] as const,
  );
}

/** Share of non-background pixels in a screenshot of the map (a crude "is anything drawn"). */
export async function drawnShare(page: Page): Promise<number> {
  const png = await page.locator('#map canvas').screenshot();
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const bg = [d[0], d[1], d[2]];
    let differ = 0;
    for (let i = 0; i < d.length; i += 16) {
      if (Math.abs(d[i] - bg[0]) + Math.abs(d[i + 1] - bg[1]) + Math.abs(d[i + 2] - bg[2]) > 30) differ++;
    }
    return differ / (d.length / 16);
  }, png.toString('base64'));
}
