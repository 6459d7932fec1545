/**
 * Shared browser harness: Debian's Chromium driven by playwright-core (no downloaded browsers),
 * software WebGL through SwiftShader, and a page helper that waits for the map's real state
 * (MapLibre idle + deck.gl's first frame) instead of sleeping.
 */
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
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

export interface Browser {
  context: BrowserContext;
  /** a new tab whose uncaught page errors are printed with the story's output */
  page: () => Promise<Page>;
  close: () => Promise<void>;
}

export async function launch(opts: { width?: number; height?: number; args?: string[]; touch?: boolean } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run "sudo scripts/ensure-chromium.sh" (installs Debian chromium + fonts-wqy-zenhei)`);
  const dir = mkdtempSync(join(tmpdir(), 'planning-map-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, ...(opts.args ?? [])],
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 },
    locale: 'zh-CN',
    // a phone: touch events, a mobile viewport, a 2× screen
    ...(opts.touch ? { hasTouch: true, isMobile: true, deviceScaleFactor: 2 } : {}),
  });
  return {
    context,
    page: async () => {
      const p = await context.newPage();
      p.on('pageerror', (e) => console.error('pageerror:', e.message));
      return p;
    },
    close: async () => {
      await context.close();
      // Chromium may still be flushing its profile after close: retry, and never fail a story on cleanup
      try { rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }); } catch { /* a tmp dir */ }
    },
  };
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
  await page.waitForSelector('#map[data-map-state="idle"]', { timeout: 45_000 });
  if (overlay) await page.waitForSelector('#map[data-overlay="drawn"]', { timeout: 45_000 });
  await waitIdle(page);
}

/** Wait for the next MapLibre idle (after a change that triggers a repaint). */
export async function waitIdle(page: Page) {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = (window as any).planningMap.map;
        if (map.loaded() && !map.isMoving()) {
          map.once('render', () => map.once('idle', () => resolve()));
          map.triggerRepaint();
          setTimeout(resolve, 5000);
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
