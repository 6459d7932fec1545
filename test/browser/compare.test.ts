/**
 * User stories for time and compare (issue 18): the plan period as a stepped control (a
 * radiogroup), the map, legend and URL following it; compare (swipe, side by side, flip) on the one
 * map state. One browser, few map loads: each story continues on the page of the one before where
 * it can.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { launch, waitIdle, BASE_URL, type Browser } from './browser';

let browser: Browser;
let p: Page;
beforeAll(async () => {
  browser = await launch({ width: 1440, height: 900 });
  p = await browser.page();
});
afterAll(async () => {
  await browser?.close();
});

async function open(page: Page, hash: string) {
  await page.goto(`${BASE_URL()}#${hash}`);
  await page.waitForSelector('#map[data-map-state="idle"]');
  await page.waitForSelector('#map[data-overlay="drawn"]');
  await waitIdle(page);
}

const hashParam = (page: Page, key: string) => page.evaluate((k) => new URLSearchParams(location.hash.slice(1)).get(k), key);

describe('the plan period (规划期)', () => {
  it('a stepped control: arrow keys move between 现状 · 2025 · 2035; the map, the legend and the URL follow; the counts are the phases’', async () => {
    await open(p, 'v=2&l=counties,plan-core,plan-belts,plan-roads&t=2025');
    const group = p.getByRole('radiogroup', { name: '规划期 / Plan period' });
    await expect.poll(() => group.getByRole('radio', { checked: true }).textContent()).toContain('2025');
    // what the engine draws at each stop is what the data's phases say
    const counts = async () =>
      p.evaluate(async () => {
        const e = (window as any).planningMap;
        const drawn = (await e.layerFeatures('plan-roads')).length;
        const all = (await (await fetch('data/plan/roads.geojson')).json()).features as { properties: { phase_due: number } }[];
        return { drawn, due: all.filter((f) => f.properties.phase_due <= e.getStop().t).length, all: all.length };
      });
    const at2025 = await counts();
    expect(at2025.drawn).toBe(at2025.due);
    expect(at2025.drawn).toBeLessThan(at2025.all);
    await expect.poll(() => p.getByTestId('stop-legend').textContent()).toContain('规划期：2025年');

    await group.getByRole('radio', { checked: true }).focus();
    await p.keyboard.press('ArrowLeft');
    await p.waitForSelector('#map[data-stop="2020"]');
    expect(await hashParam(p, 't')).toBe('2020');
    await expect.poll(() => group.getByRole('radio', { checked: true }).textContent()).toContain('现状');
    await expect.poll(() => p.getByTestId('stop-legend').textContent()).toContain('规划期：现状');
    const at2020 = await counts();
    expect(at2020.drawn).toBe(at2020.due);
    expect(at2020.drawn).toBeLessThanOrEqual(at2025.drawn);
    // the plan core is due by 2035: its layer leaves the legend at 现状
    await p.waitForFunction(() => !document.querySelector('[data-legend-layer="plan-core"]'), null);

    await p.keyboard.press('End');
    await p.waitForSelector('#map[data-stop="2035"]');
    expect(await hashParam(p, 't')).toBeNull(); // the default stop is not written
    expect((await counts()).drawn).toBe(at2025.all);
    await waitIdle(p);
  });
});

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
async function axe(page: Page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const r = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
      .map((v: any) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')).join(' | ')}`);
  });
}

/** Both maps drawn and still. */
async function bothReady(page: Page) {
  await page.waitForSelector('#map-b[data-overlay="drawn"]');
  await page.waitForSelector('#map-b[data-map-state="idle"]');
  await page.waitForSelector('#map[data-map-state="idle"]');
}

/** The next idle of both maps (after a change that redraws them). */
const idleBoth = (page: Page) =>
  page.evaluate(() =>
    Promise.all(
      [(window as any).planningMap.map, (window as any).planningMapB.map].map(
        (map) =>
          new Promise<void>((resolve) => {
            map.once('idle', () => resolve());
            map.triggerRepaint();
          }),
      ),
    ),
  );

/** The screen pixel (page CSS px) of a lon/lat on side A. */
const at = (page: Page, lon: number, lat: number) =>
  page.evaluate(([lo, la]) => {
    const m = (window as any).planningMap.map;
    const p = m.project([lo, la]);
    const r = m.getContainer().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  }, [lon, lat] as const);

/** Mean colour of a few pixels of a page screenshot around (x, y). */
async function colourAt(page: Page, x: number, y: number) {
  const png = await page.screenshot({ clip: { x: x - 2, y: y - 2, width: 5, height: 5 } });
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
    const n = d.length / 4;
    let r = 0, g = 0, b = 0;
    for (let i = 0; i < d.length; i += 4) { r += d[i]; g += d[i + 1]; b += d[i + 2]; }
    return { r: r / n, g: g / n, b: b / n };
  }, png.toString('base64'));
}

// side A today (现状), side B in 2035: the plan core (due by 2035) is drawn on side B only
const SWIPE = 'v=2&l=counties,plan-core&t=2020&cmp=swipe&cp=0.50&tb=2035&lb=counties,plan-core';
const CORE: [number, number] = [112.72, 37.62];

describe('compare: swipe, side by side, flip', () => {
  it('a swipe link: both maps drawn from the same layers; an animated move keeps side B’s camera on side A’s (the same ground, the same zoom) in every frame', async () => {
    await open(p, SWIPE);
    await bothReady(p);
    expect(await p.locator('#map-b').getAttribute('data-layers')).toBe('counties,plan-core');
    expect(await p.locator('#map').getAttribute('data-stop')).toBe('2020');
    expect(await p.locator('#map-b').getAttribute('data-stop')).toBe('2035');
    // an animated move of side A; a loaded machine may draw only a frame or two of a short ease, so
    // the ease is made longer until it has been drawn in at least 3 frames
    let frames = { frames: 0, lagging: 0, worst: 0 };
    for (let duration = 1500, zoom = 1; frames.frames < 3 && duration <= 24_000; duration *= 2, zoom = -zoom) {
      frames = await p.evaluate(
        ([ms, dz]) =>
          new Promise<{ frames: number; lagging: number; worst: number }>((resolve) => {
            const a = (window as any).planningMap.map;
            const bmap = (window as any).planningMapB.map;
            let moving = false;
            let frames = 0;
            let lagging = 0;
            let worst = 0;
            let drawnB: { lng: number; lat: number; z: number } | null = null;
            // side B's camera as it was last drawn
            const onB = () => {
              const c = bmap.getCenter();
              drawnB = { lng: c.lng, lat: c.lat, z: bmap.getZoom() };
            };
            // side B's map is the part past the divider: its centre is side A's ground at that part's centre
            const ra = a.getContainer().getBoundingClientRect();
            const rb = bmap.getContainer().getBoundingClientRect();
            const mid = [rb.left - ra.left + bmap.getContainer().clientWidth / 2, rb.top - ra.top + bmap.getContainer().clientHeight / 2];
            // each frame side A draws during the move: side B drew the same ground at the same zoom in it
            const onA = () => {
              if (!moving) return;
              frames++;
              const c = a.unproject(mid);
              const d = drawnB ? Math.max(Math.abs(drawnB.lng - c.lng), Math.abs(drawnB.lat - c.lat), Math.abs(drawnB.z - a.getZoom())) : Infinity;
              worst = Math.max(worst, d);
              if (d > 1e-7) lagging++; // 1e-7° ≈ 1 cm: the same ground
            };
            bmap.on('render', onB);
            a.on('render', onA);
            moving = true;
            a.easeTo({ center: dz > 0 ? [112.6, 37.8] : [112.55, 37.7], zoom: a.getZoom() + dz, duration: ms });
            // after the ease has started (starting it ends any move still under way, with its own moveend)
            a.once('moveend', () => {
              moving = false;
              bmap.off('render', onB);
              a.off('render', onA);
              resolve({ frames, lagging, worst });
            });
          }),
        [duration, zoom] as const,
      );
    }
    expect(frames.frames).toBeGreaterThan(2);
    expect(frames.lagging, `worst ${frames.worst}`).toBe(0);
  });

  it('pixels just left and right of the divider show side A’s and side B’s fill; a click right of it inspects a side-B feature', async () => {
    await bothReady(p);
    // a known view (the move above may have ended at another zoom), then both maps drawn at it
    await p.evaluate(() => (window as any).planningMap.map.jumpTo({ center: [112.6, 37.8], zoom: 8.3 }));
    await idleBoth(p);
    const core = await at(p, ...CORE);
    // drag the divider onto the core
    const handle = p.getByRole('slider', { name: '对比分隔 / Compare divider' });
    const box = (await handle.boundingBox())!;
    // by its grip, as a user would (the rule's top runs under the map's tool bars)
    const y = box.y + box.height / 2;
    await p.mouse.move(box.x + box.width / 2, y);
    await p.mouse.down();
    await p.mouse.move(core.x, y, { steps: 4 });
    await p.mouse.up();
    await p.waitForFunction((x) => Math.abs((document.querySelector('[role=slider]') as HTMLElement).getBoundingClientRect().left + 12 - x) < 8, core.x);
    await waitIdle(p);
    const left = await colourAt(p, core.x - 10, core.y + 60);
    const right = await colourAt(p, core.x + 10, core.y + 60);
    // the core's light red fill (#c8102e at 18 %) on side B only
    expect(right.r - right.g, JSON.stringify({ left, right })).toBeGreaterThan(20);
    expect(left.r - left.g, JSON.stringify({ left, right })).toBeLessThan(10);
    await p.mouse.click(core.x + 40, core.y + 60);
    await expect.poll(() => p.locator('.inspect h2').textContent()).toContain('太原榆次太谷发展核');
    await p.keyboard.press('Escape');
  });

  it('Tab reaches the divider; ArrowRight ×5 moves it 5 % and the URL follows; a reload restores both sides exactly; axe passes', async () => {
    const before = Number(await hashParam(p, 'cp'));
    await p.getByTestId('compare-toggle').focus();
    for (let i = 0; i < 80; i++) {
      await p.keyboard.press('Tab');
      if (await p.evaluate(() => document.activeElement?.getAttribute('role') === 'slider')) break;
    }
    expect(await p.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('对比分隔 / Compare divider');
    for (let i = 0; i < 5; i++) await p.keyboard.press('ArrowRight');
    // the URL follows the divider once the keys are handled: poll it, never sample it at once
    await expect.poll(async () => Math.round((Number(await hashParam(p, 'cp')) - before) * 100)).toBe(5);
    const after = Number(await hashParam(p, 'cp'));
    const slider = p.getByRole('slider', { name: '对比分隔 / Compare divider' });
    await expect.poll(async () => Number(await slider.getAttribute('aria-valuenow'))).toBe(Math.round(after * 100));
    await expect.poll(() => slider.getAttribute('aria-valuetext')).toContain('现状');
    await expect.poll(() => slider.getAttribute('aria-valuetext')).toContain('2035');

    // the link as it stands once the view has rested (the view is written then: src/state/urlBinding.ts) …
    const rested = () => p.waitForFunction(() => !document.documentElement.dataset.urlPending);
    await rested();
    const hash = await p.evaluate(() => location.hash);
    await p.reload();
    await bothReady(p);
    // … is the same link after the reload, once the reopened view has rested too
    await rested();
    expect(await p.evaluate(() => location.hash)).toBe(hash);
    expect(await p.locator('#map').getAttribute('data-stop')).toBe('2020');
    expect(await p.locator('#map-b').getAttribute('data-stop')).toBe('2035');
    expect(await p.locator('#map-b').getAttribute('data-layers')).toBe('counties,plan-core');
    expect(Number(await p.getByRole('slider', { name: '对比分隔 / Compare divider' }).getAttribute('aria-valuenow'))).toBe(Math.round(after * 100));
    expect(await axe(p)).toEqual([]);
  });

  it('side by side: two half maps at the same scale and a crosshair on both; leaving compare returns to side A', async () => {
    await p.getByTestId('compare-bar').getByRole('radio', { name: '并排' }).click();
    await p.waitForSelector('#map-b[data-layout="split"]');
    await bothReady(p);
    const [ra, rb] = await p.evaluate(() => [document.getElementById('map')!.getBoundingClientRect().toJSON(), document.getElementById('map-b')!.getBoundingClientRect().toJSON()]);
    expect(Math.abs(ra.width - rb.width)).toBeLessThan(4);
    expect(rb.left).toBeGreaterThanOrEqual(ra.right - 1);
    expect(await p.evaluate(() => Math.abs((window as any).planningMap.map.getZoom() - (window as any).planningMapB.map.getZoom()))).toBeLessThan(1e-9);
    // the legend folded to its button when compare opened (open, it covered a third of side A); one click opens it
    await expect.poll(() => p.getByTestId('legend-toggle').getAttribute('aria-expanded')).toBe('false');
    // a point of side A's map clear of the legend and the compare bar
    await p.mouse.move(ra.left + ra.width * 0.78, ra.top + ra.height * 0.3);
    await p.mouse.move(ra.left + ra.width * 0.78 + 5, ra.top + ra.height * 0.3 + 5);
    await expect.poll(() => p.getByTestId('compare-crosshair').count()).toBe(2);
    const marks = await p.getByTestId('compare-crosshair').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
    expect(Math.abs(marks[0] - marks[1])).toBeLessThan(2); // the same place, at the same height on both maps

    await p.getByTestId('compare-exit').click();
    await p.waitForFunction(() => !document.getElementById('map-b'));
    expect(await hashParam(p, 'cmp')).toBeNull();
    expect(await hashParam(p, 't')).toBe('2020');
    expect(await hashParam(p, 'l')).toBe('counties,plan-core');
    expect(await p.evaluate(() => document.getElementById('map')!.getBoundingClientRect().width)).toBeGreaterThan(rb.right - ra.left - 4);
  });

  it('a machine that cannot hold two WebGL contexts falls back to flip, with a message; flip shows side B on the one map', async () => {
    // from now on this page cannot make a second map's WebGL context
    await p.evaluate(() => {
      const orig = HTMLCanvasElement.prototype.getContext;
      (HTMLCanvasElement.prototype as any).getContext = function (this: HTMLCanvasElement, kind: string, ...rest: unknown[]) {
        if ((kind === 'webgl2' || kind === 'webgl') && this.closest('#map-b')) return null;
        return (orig as any).call(this, kind, ...rest);
      };
    });
    await p.getByRole('button', { name: '对比 / Compare' }).click();
    await p.waitForFunction(() => new URLSearchParams(location.hash.slice(1)).get('cmp') === 'flip');
    await expect.poll(() => p.getByTestId('notices').textContent()).toContain('翻转');
    expect(await p.locator('#map-b').count()).toBe(0);
    await p.getByTestId('compare-flip').click();
    await p.waitForSelector('#map[data-stop="2035"]');
    expect(await hashParam(p, 'cf')).toBe('b');
    await p.getByTestId('compare-flip').click();
    await p.waitForSelector('#map[data-stop="2020"]');
  });
});

describe('compare links with what the map does not have', () => {
  it('keeps what it can and says what it dropped', async () => {
    const q = await browser.page();
    await open(q, 'v=2&l=counties&cmp=zoom&tb=1999');
    expect(await hashParam(q, 'cmp')).toBeNull();
    await open(q, 'v=2&l=counties,plan-core&cmp=flip&tb=2031&lb=plan-core,nope&bb=mars');
    expect(await hashParam(q, 'cmp')).toBe('flip');
    expect(await hashParam(q, 'lb')).toBe('plan-core');
    expect(await hashParam(q, 'tb')).toBe('2035');
    const notice = (await q.getByTestId('notices').textContent()) ?? '';
    expect(notice).toContain('cmp=zoom');
    expect(notice).toContain('nope');
    expect(notice).toContain('tb=2031');
    expect(notice).toContain('bb=mars');
    await q.close();
  });
});
