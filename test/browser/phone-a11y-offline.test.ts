/**
 * The public map on a phone (390×844, touch), accessibility (axe-core, injected by the test) on
 * the planner and public views, and a second visit with the network off (service worker).
 */
import { describe, it, expect, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { preview } from 'vite';
import type { Page } from 'playwright-core';
import { launch, openMap, waitIdle, project, BASE_URL, type Browser } from './browser';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

async function phone(): Promise<{ b: Browser; p: Page }> {
  const b = await launch({ width: 390, height: 844, touch: true });
  // the context's own first page: a second tab would be a background tab, whose timers Chromium throttles
  return { b, p: b.context.pages()[0] ?? (await b.context.newPage()) };
}

/**
 * The public map the first story opened on a phone, kept for the accessibility story's phone
 * check (a site link applied in place: one map load fewer). A story run alone opens its own.
 */
let publicPhone: { b: Browser; p: Page } | undefined;
afterAll(async () => {
  await publicPhone?.b.close();
});

const inViewport = async (p: Page, testId: string) =>
  p.getByTestId(testId).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight + 0.5 && r.right <= innerWidth + 0.5 && r.height > 40;
  });

/** Every rendered control measured: buttons/fields/toggles ≥ 44 px both ways, links ≥ 24 px. */
async function undersized(p: Page) {
  return p.evaluate(() => {
    const bad: string[] = [];
    const seen = new Set<Element>();
    const name = (el: Element) => `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : ''} “${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 20)}”`;
    for (const el of document.querySelectorAll('button, select, input, textarea, summary, a[href], [role=button]')) {
      // a checkbox or radio is reached through its label
      const target = el.matches('input[type=checkbox], input[type=radio]') ? (el.closest('label') ?? el) : el;
      if (seen.has(target)) continue;
      seen.add(target);
      const r = target.getBoundingClientRect();
      // hidden, or inside a closed <details> (its summary still counts)
      if (r.width === 0 || r.height === 0 || !target.checkVisibility({ visibilityProperty: true } as any)) continue;
      const closed = target.closest('details:not([open])');
      if (closed && !(target.matches('summary') && target.parentElement === closed)) continue;
      if ((el as HTMLInputElement).type === 'hidden') continue;
      const min = el.matches('a[href]') ? 24 : 44;
      // text inputs and selects fill the width; their height is what a finger hits
      if (r.height < min - 0.5 || r.width < min - 0.5) bad.push(`${name(target)} ${Math.round(r.width)}×${Math.round(r.height)} < ${min}`);
    }
    return bad;
  });
}

async function axe(p: Page) {
  await p.evaluate(AXE);
  return p.evaluate(async () => {
    const r = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
      .map((v: any) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')).join(' | ')}`);
  });
}

describe('a member of the public on a phone (390×844, touch)', () => {
  it('sees the attribution collapsed to its button, a card in view when a site is tapped in the list or on the map, and targets big enough', async () => {
    await publicPhone?.b.close();
    publicPhone = await phone();
    const { p } = publicPhone;
    {
    await openMap(p, 'v=2&mode=public');
    // attribution: a button only
    const attrib = p.locator('.maplibregl-ctrl-attrib');
    await expect.poll(() => attrib.evaluate((el) => el.classList.contains('maplibregl-compact-show') || el.hasAttribute('open'))).toBe(false);
    const box = await attrib.boundingBox();
    expect(box!.height).toBeLessThanOrEqual(50);
    expect(box!.width).toBeLessThanOrEqual(50);

    expect(await undersized(p)).toEqual([]);

    // legend: one tap from the map
    await p.getByTestId('legend-toggle').tap();
    await expect.poll(() => p.locator('[data-testid="legend-overlay"] [data-legend-layer]').count()).toBeGreaterThan(1);
    await p.getByTestId('legend-toggle').tap();

    // list → card in view; 五台山 is one entry with its designations together (world heritage once, named by two lists)
    await p.getByTestId('site-search').fill('五台山');
    await expect.poll(() => p.getByTestId('site-item').count()).toBe(1);
    await p.getByTestId('site-item').first().tap();
    await p.getByTestId('site-card').waitFor();
    await expect.poll(() => inViewport(p, 'site-card')).toBe(true);
    await expect.poll(() => p.getByTestId('designations').locator('li').count()).toBe(3);
    const amap = await p.locator('[data-testid="site-card"] a[data-app="amap"]').getAttribute('href');
    expect(amap).toMatch(/^https:\/\/uri\.amap\.com\/navigation\?to=113\.6\d+,39\.01\d+,/);
    expect(await undersized(p)).toEqual([]);
    // share falls back to copying the link (no share sheet in headless Chromium)
    await p.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await p.evaluate(() => Object.defineProperty(navigator, 'share', { value: undefined, configurable: true }));
    await p.getByTestId('share').tap();
    await expect.poll(() => p.locator('[data-testid="site-card"] .status').textContent()).toMatch(/已复制|复制/);

    // map → card in view
    await p.locator('[data-testid="site-card"] button[aria-label="关闭"]').tap();
    await p.getByTestId('site-search').fill('');
    await waitIdle(p);
    const target = await p.evaluate(async () => (await (window as any).planningMap.layerFeatures('heritage-region')).find((x: any) => x.properties.name === '平遥古城').geometry.coordinates);
    await p.evaluate((c) => (window as any).planningMap.map.jumpTo({ center: c, zoom: 11 }), target);
    await waitIdle(p);
    const at = await project(p, target[0], target[1]);
    await p.touchscreen.tap(at.x, at.y);
    await p.getByTestId('site-card').waitFor();
    await expect.poll(() => p.getByTestId('site-card').locator('h2').textContent()).toBe('平遥古城');
    await expect.poll(() => inViewport(p, 'site-card')).toBe(true);
    }
    // (kept open: the accessibility story checks the phone view on this map)
  });
});

describe('accessibility (axe-core): no serious or critical violation', () => {
  it('on the planner, the public desktop and the public phone views', async () => {
    const desk = await launch({ width: 1440, height: 900 });
    try {
      const p1 = desk.context.pages()[0] ?? (await desk.context.newPage());
      await openMap(p1);
      expect(await axe(p1), 'planner').toEqual([]);
      await openMap(p1, 'v=2&mode=public');
      expect(await axe(p1), 'public desktop').toEqual([]);
    } finally {
      await desk.close();
    }
    const SITE = 'v=2&mode=public&s=heritage-region/hr-wh-wutaishan';
    const own = publicPhone && !publicPhone.p.isClosed() ? undefined : await phone();
    const { b, p } = own ?? publicPhone!;
    try {
      // alone: the same link opened over 平遥's frame, where the first story left the shared page
      if (own) await openMap(p, `${SITE}&m=112.05,37.1,112.35,37.3`);
      else {
        // the first story's public map: the site's link applied in place (a hash edit, no reload)
        await p.bringToFront();
        await p.evaluate((h) => (location.hash = h), SITE);
      }
      await expect.poll(() => p.getByTestId('site-card').locator('h2').textContent()).toContain('五台山');
      await waitIdle(p);
      // the link's site is brought on screen, into the map above its card (the frame it came with showed 平遥)
      const site = await p.evaluate(async () => (await (window as any).planningMap.layerFeatures('heritage-region')).find((x: any) => x.properties.id === 'hr-wh-wutaishan').geometry.coordinates);
      const at = await project(p, site[0], site[1]);
      const card = (await p.getByTestId('site-card').boundingBox())!;
      expect(at.x).toBeGreaterThan(0);
      expect(at.x).toBeLessThan(390);
      expect(at.y).toBeGreaterThan(0);
      expect(at.y, 'the site above its card').toBeLessThan(card.y);
      expect(await axe(p), 'public phone').toEqual([]);
    } finally {
      await b.close();
      publicPhone = undefined;
    }
  });
});

describe('offline on a second visit', () => {
  let server: Awaited<ReturnType<typeof preview>> | undefined;
  afterAll(async () => server?.httpServer.listening && (await server.close()));

  it('a phone that opened the public map once opens it again with no network, and says it shows cached data', async () => {
    // its own server, so "no network" can be real: the server is gone on the second visit
    server = await preview({ preview: { port: 0, host: '127.0.0.1', strictPort: false }, logLevel: 'silent' });
    const url = server.resolvedUrls!.local[0];
    const { b, p } = await phone();
    try {
    await p.goto(`${url}#v=2&mode=public`);
    await p.waitForSelector('#map[data-overlay="drawn"]');
    await p.waitForSelector('html[data-offline-ready="true"]');
    await server.close();
    await b.context.setOffline(true);
    await p.reload();
    await p.waitForSelector('#map[data-map-state="idle"]');
    await p.waitForSelector('#map[data-overlay="drawn"]');
    await expect.poll(() => p.getByTestId('offline-notice').textContent()).toMatch(/离线/);
    // read, it can be dismissed (it used to stay over the map)
    await p.getByTestId('offline-dismiss').tap();
    await p.getByTestId('offline-notice').waitFor({ state: 'detached' });
    await expect.poll(() => p.getByTestId('site-item').count()).toBeGreaterThan(10);
    const layers = await p.evaluate(() => document.getElementById('map')!.dataset.layers);
    expect(layers).toContain('heritage-region');
    expect(BASE_URL()).not.toBe(url);
    } finally {
      await b.close();
    }
  });
});
