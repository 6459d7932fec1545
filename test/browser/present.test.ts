/**
 * User stories for meeting mode: a presenter steps through the plan with a clicker on any
 * projector, blanks the screen, leaves for the planner; a planner builds their own deck, which
 * survives a reload and travels as a file; bad files are refused; a lost network mid-talk and
 * a catalog that changed do not stop the talk.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Page } from 'playwright-core';
import { readFileSync, readdirSync } from 'node:fs';
import { launch, waitIdle, BASE_URL, type Browser } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const tour = JSON.parse(readFileSync('scenes/plan-tour.json', 'utf8')).deck as {
  scenes: { id: string; title: { zh: string }; state: { layers: string[]; view: { bounds: [number, number, number, number] } } }[];
};

async function newPage(width = 1366, height = 768) {
  const page = await browser.context.newPage();
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  await page.setViewportSize({ width, height });
  return page;
}

const present = (p: Page) => p.getByTestId('present');

/**
 * One talk at 1366×768 shared by the stories that step through it and check what a key does
 * (starting a talk — every data file loaded, every scene rehearsed — is this file's dearest
 * step): opened on first use, or again when a story has left it; otherwise moved to scene `n`
 * with the keys the first story tests (a number + Enter). Stories that are about the start
 * itself, another screen size or another base map open their own.
 */
let talk: Page | undefined;
async function talkAt(n: number): Promise<Page> {
  if (!talk || talk.isClosed() || (await present(talk).count()) === 0) {
    if (talk && !talk.isClosed()) await talk.close();
    talk = await newPage();
    await openPresent(talk, `v=2&mode=present&scene=${n}`, n);
    return talk;
  }
  await talk.bringToFront(); // other stories' pages opened since: a tab not in front draws no frames
  if ((await present(talk).getAttribute('data-scene')) !== String(n)) {
    await talk.keyboard.type(String(n));
    await talk.keyboard.press('Enter');
    await waitScene(talk, n);
  }
  return talk;
}

/** The data files of every layer the built-in tour shows (from the catalog files). */
function deckFiles(): string[] {
  const dataOf = new Map<string, string>();
  for (const f of readdirSync('layers').filter((n) => n.endsWith('.json') && n !== 'sources.json')) {
    for (const l of JSON.parse(readFileSync(`layers/${f}`, 'utf8')).layers) dataOf.set(l.id, l.data);
  }
  return [...new Set(tour.scenes.flatMap((s) => s.state.layers.map((id) => dataOf.get(id)!)))];
}

/** Open a hash and wait until the presentation shows scene `n` drawn. */
async function openPresent(p: Page, hash: string, n: number) {
  await p.goto(`${BASE_URL()}#${hash}`);
  await waitScene(p, n);
}

async function waitScene(p: Page, n: number) {
  await p.waitForSelector(`[data-testid=present][data-scene="${n}"][data-scene-ready=true]`);
}

const drawnLayers = (p: Page) => p.locator('#map').getAttribute('data-layers').then((s) => (s ?? '').split(',').filter(Boolean));
const hashParam = (p: Page, key: string) => new URL(p.url()).hash.slice(1).split('&').find((kv) => kv.startsWith(`${key}=`))?.slice(key.length + 1);

/** Where a scene's bounds land on screen, and the free area the chrome leaves. */
async function frameCheck(p: Page, bounds: [number, number, number, number]) {
  return p.evaluate((b) => {
    const map = (window as any).planningMap.map;
    const pts = [
      [b[0], b[1]],
      [b[0], b[3]],
      [b[2], b[1]],
      [b[2], b[3]],
    ].map((c) => map.project(c));
    const title = document.querySelector('[data-testid=present-title]')!.getBoundingClientRect();
    const legend = document.querySelector('[data-testid=present-legend]')?.getBoundingClientRect();
    return {
      left: Math.min(...pts.map((q: any) => q.x)),
      right: Math.max(...pts.map((q: any) => q.x)),
      top: Math.min(...pts.map((q: any) => q.y)),
      bottom: Math.max(...pts.map((q: any) => q.y)),
      freeTop: title.bottom,
      freeRight: legend ? legend.left : innerWidth,
      width: innerWidth,
      height: innerHeight,
    };
  }, bounds);
}

describe('presenter steps through the plan with a clicker', () => {
  it('PageDown/PageUp/End/Home and a number + Enter change the scene, its layers and the URL; MapLibre’s own keys are off', async () => {
    if (talk && !talk.isClosed()) await talk.close();
    const p = await talkAt(1); // a talk opened here, at scene 1
    expect(await p.evaluate(() => (window as any).planningMap.map.keyboard.isEnabled())).toBe(false);
    expect((await drawnLayers(p)).sort()).toEqual([...tour.scenes[0].state.layers].sort());
    await expect.poll(() => p.getByTestId('present-counter').textContent()).toContain(`1 / ${tour.scenes.length}`);

    await p.keyboard.press('PageDown');
    await waitScene(p, 2);
    expect(hashParam(p, 'scene')).toBe('2');
    expect((await drawnLayers(p)).sort()).toEqual([...tour.scenes[1].state.layers].sort());
    await expect.poll(() => p.locator('[data-testid=present-title] h1').textContent()).toBe(tour.scenes[1].title.zh);
    await expect.poll(() => p.getByTestId('present-citation').textContent()).toContain('第三章第一节');

    await p.keyboard.press('PageUp');
    await waitScene(p, 1);
    expect(hashParam(p, 'scene')).toBe('1');

    const last = tour.scenes.length;
    await p.keyboard.press('End');
    await waitScene(p, last);
    expect(hashParam(p, 'scene')).toBe(String(last));
    expect((await drawnLayers(p)).sort()).toEqual([...tour.scenes[last - 1].state.layers].sort());

    await p.keyboard.press('Home');
    await waitScene(p, 1);
    await p.keyboard.type('5');
    await expect.poll(() => p.getByTestId('present-counter').textContent()).toContain('→ 5');
    await p.keyboard.press('Enter');
    await waitScene(p, 5);
    expect((await drawnLayers(p)).sort()).toEqual([...tour.scenes[4].state.layers].sort());

    // keys typed into a field are not the presentation's
    await p.evaluate(() => {
      const input = document.createElement('input');
      input.id = 'typing-here';
      document.body.append(input);
      input.focus();
    });
    await p.keyboard.press('PageDown');
    await p.keyboard.type('2');
    expect(await present(p).getAttribute('data-scene')).toBe('5');
    expect(await p.inputValue('#typing-here')).toBe('2');

    // a reload resumes where the talk was
    await p.reload();
    await waitScene(p, 5);
  });

  it('B (or .) blanks the screen and brings it back', async () => {
    const p = await talkAt(3);
    await p.keyboard.press('b');
    await p.getByTestId('present-blank').waitFor();
    const top = await p.evaluate(() => document.elementFromPoint(innerWidth / 2, innerHeight / 2)?.getAttribute('data-testid'));
    expect(top).toBe('present-blank');
    await p.keyboard.press('.');
    await p.getByTestId('present-blank').waitFor({ state: 'detached' });
    await p.keyboard.press('.');
    await p.getByTestId('present-blank').waitFor();
    // stepping on brings the picture back
    await p.keyboard.press('PageDown');
    await waitScene(p, 4);
    await expect.poll(() => p.getByTestId('present-blank').count()).toBe(0);
  });

  it('before scene 1 shows, every data file the deck draws is loaded, with progress', async () => {
    const p = await newPage();
    await p.goto(`${BASE_URL()}#v=2&mode=present&scene=1`);
    await p.getByTestId('present-loading').waitFor();
    await waitScene(p, 1);
    const loadedBeforeReady = await p.evaluate(() => {
      const ready = performance.getEntriesByName('planning-map:present-ready')[0].startTime;
      return (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((r) => r.responseEnd > 0 && r.responseEnd <= ready)
        .map((r) => new URL(r.name).pathname.replace(/^.*?\/(data\/)/, '$1'));
    });
    const files = deckFiles();
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) expect(loadedBeforeReady, f).toContain(f);
    await expect.poll(() => p.getByTestId('present-loading').count()).toBe(0);
    await p.close();
  });
});

describe('any projector: the scene is framed the same way and fully in view', () => {
  for (const [w, h] of [
    [1024, 768],
    [1920, 1080],
  ] as const) {
    it(`at ${w}×${h} no layer list is shown and each scene's bounds are fully on screen, clear of the chrome`, async () => {
      const p = await newPage(w, h);
      // the frame is what this story checks, not the flight to it: a presenter who prefers reduced
      // motion gets the same frame by a jump (the next story), and the jump draws a few frames
      // instead of a flight's dozens in software WebGL
      await p.emulateMedia({ reducedMotion: 'reduce' });
      await openPresent(p, 'v=2&mode=present&scene=1', 1);
      expect(await p.locator('input[data-layer]').count()).toBe(0);
      expect(await p.locator('.sidebar').count()).toBe(0);
      for (const n of [1, 2, 6, 9]) {
        if (n !== 1) {
          await p.keyboard.type(String(n));
          await p.keyboard.press('Enter');
          await waitScene(p, n);
        }
        const f = await frameCheck(p, tour.scenes[n - 1].state.view.bounds);
        const where = `scene ${n} at ${w}×${h}: ${JSON.stringify(f)}`;
        expect(f.left, where).toBeGreaterThanOrEqual(0);
        expect(f.right, where).toBeLessThanOrEqual(f.freeRight + 1);
        expect(f.top, where).toBeGreaterThanOrEqual(f.freeTop - 1);
        expect(f.bottom, where).toBeLessThanOrEqual(f.height - 20);
        // and it fills the free area on one axis (not a small map in a corner)
        const fill = Math.max((f.right - f.left) / f.freeRight, (f.bottom - f.top) / (f.height - f.freeTop));
        expect(fill, where).toBeGreaterThan(0.8);
      }
      await p.close();
    });
  }

  it('transitions jump instead of flying when the user prefers reduced motion', async () => {
    const p = await talkAt(1);
    // the preference is read at each transition (src/engine/MapEngine.ts), so it may change mid-talk
    await p.emulateMedia({ reducedMotion: 'reduce' });
    await p.evaluate(() => {
      (window as any).__moves = 0;
      (window as any).planningMap.map.on('move', () => (window as any).__moves++);
    });
    await p.keyboard.press('PageDown');
    await waitScene(p, 2);
    expect(await p.evaluate(() => (window as any).__moves)).toBeLessThanOrEqual(1);
    await p.emulateMedia({ reducedMotion: null });
  });
});

describe('presenter prints the scene on screen', () => {
  it('“导出图件” opens the sheet of the current scene, titled after it; the clicker waits while it is open, Esc closes it and the talk goes on', async () => {
    const p = await talkAt(3);
    await p.mouse.move(600, 300);
    await p.getByRole('button', { name: /导出图件/ }).click();
    await p.waitForSelector('[data-testid=sheet-preview][data-sheet-state="ready"]');
    await expect.poll(() => p.getByTestId('sheet-title').inputValue()).toBe(tour.scenes[2].title.zh);
    expect(hashParam(p, 'print')).toBe('1');
    await p.keyboard.press('PageDown');
    // the key has been handled once two frames were drawn (a scene change shows on the next one)
    await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await present(p).getAttribute('data-scene')).toBe('3');
    await p.keyboard.press('Escape');
    await p.getByTestId('sheet-preview').waitFor({ state: 'detached' });
    expect(await present(p).count()).toBe(1);
    expect(hashParam(p, 'mode')).toBe('present');
    expect(hashParam(p, 'print')).toBeUndefined();
    await p.keyboard.press('PageDown');
    await waitScene(p, 4);
  });
});

describe('presenter leaves the talk', () => {
  it('Esc returns to the planner with the scene’s layers, selection and frame', async () => {
    const p = await talkAt(2); // (the talk ends here: the next story to need one opens it again)
    const scene = tour.scenes[1];
    await p.keyboard.press('Escape');
    await p.locator('input[data-layer="plan-core"]').waitFor();
    await waitIdle(p);
    expect(p.url()).not.toContain('mode=present');
    expect(await p.getByTestId('present').count()).toBe(0);
    for (const id of scene.state.layers) expect(await p.locator(`input[data-layer="${id}"]`).isChecked(), id).toBe(true);
    expect(await p.locator('input[data-layer="plan-belts"]').isChecked()).toBe(false);
    expect(hashParam(p, 's')).toBe('plan-core/core-taiyuan-yuci-taigu');
    expect(await p.evaluate(() => (window as any).planningMap.map.keyboard.isEnabled())).toBe(true);
    // the talk's frame, now beside the sidebar: the scene's bounds are still in view
    const inView = await p.evaluate((b) => {
      const map = (window as any).planningMap.map;
      const r = map.getContainer().getBoundingClientRect();
      const sw = map.project([b[0], b[1]]);
      const ne = map.project([b[2], b[3]]);
      return sw.x >= -1 && ne.x <= r.width + 1 && ne.y >= -1 && sw.y <= r.height + 1;
    }, scene.state.view.bounds);
    expect(inView).toBe(true);
    await p.close();
  });
});

describe('planner makes their own deck', () => {
  it('“加入演示” captures the map; the deck survives a reload, plays, and round-trips through export/import', async () => {
    const p = await newPage(1440, 900);
    await p.goto(`${BASE_URL()}#v=2&l=counties,plan-belts&h=plan-belts:belt-taihang`);
    await p.waitForSelector('#map[data-overlay="drawn"]');
    await p.getByTestId('add-to-presentation').click();
    const panel = p.getByTestId('deck-panel');
    await panel.waitFor();
    const title = panel.locator('input.scene-title').first();
    await expect.poll(() => title.evaluate((el) => el === document.activeElement)).toBe(true);
    await title.fill('我的城镇带');
    await panel.locator('textarea').first().fill('四条城镇带，太行带暂不显示。');
    await p.waitForSelector('[data-testid=deck-panel][data-save-state=saved]');
    // a second scene, then reorder and delete with undo
    await p.locator('input[data-layer="plan-core"]').check();
    await panel.getByTestId('deck-capture').click();
    await expect.poll(() => panel.locator('input.scene-title').count()).toBe(2);
    await panel.getByRole('button', { name: '场景 2 上移' }).click();
    await expect.poll(() => panel.locator('input.scene-title').first().inputValue()).toBe('场景 2');
    await panel.getByTestId('scene-delete').first().click();
    await expect.poll(() => panel.locator('input.scene-title').count()).toBe(1);
    await panel.getByTestId('deck-undo').click();
    await expect.poll(() => panel.locator('input.scene-title').count()).toBe(2);
    await panel.getByRole('button', { name: '场景 1 下移' }).click();
    await expect.poll(() => panel.locator('input.scene-title').first().inputValue()).toBe('我的城镇带');
    await p.waitForSelector('[data-testid=deck-panel][data-save-state=saved]');

    // a reload loses nothing
    await p.reload();
    await p.getByTestId('open-decks').click();
    await p.waitForSelector('[data-testid=deck-panel][data-loaded=true]');
    await expect.poll(() => panel.locator('input.scene-title').first().inputValue()).toBe('我的城镇带');
    await expect.poll(() => panel.locator('textarea').first().inputValue()).toBe('四条城镇带，太行带暂不显示。');
    await expect.poll(() => panel.locator('input.scene-title').count()).toBe(2);

    // export, delete, import: the same deck comes back
    const [download] = await Promise.all([p.waitForEvent('download'), panel.getByTestId('deck-export').click()]);
    const file = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(file).toMatchObject({ format: 'planning-map-deck', version: 1 });
    expect(file.deck.scenes[0]).toMatchObject({ title: { zh: '我的城镇带' }, state: { layers: ['counties', 'plan-belts'], hidden: { 'plan-belts': ['belt-taihang'] } } });
    const deckCount = await panel.locator('#deck-pick option').count();
    await panel.getByTestId('deck-delete').click();
    await expect.poll(() => panel.locator('#deck-pick option').count()).toBe(deckCount - 1);
    await panel.getByTestId('deck-file').setInputFiles({ name: 'meeting.deck.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    await expect.poll(() => panel.getByTestId('deck-message').textContent()).toContain('已导入');
    await expect.poll(() => panel.locator('#deck-pick option').count()).toBe(deckCount);
    await expect.poll(() => panel.locator('input.scene-title').first().inputValue()).toBe('我的城镇带');

    // play it: the captured state, with its caption; a reload resumes the user deck
    await panel.getByTestId('deck-play').click();
    await waitScene(p, 1);
    expect(hashParam(p, 'deck')).toMatch(/^[\w-]+$/);
    await expect.poll(() => p.locator('[data-testid=present-title] h1').textContent()).toBe('我的城镇带');
    await expect.poll(() => p.locator('[data-testid=present-title] .caption').textContent()).toBe('四条城镇带，太行带暂不显示。');
    expect((await drawnLayers(p)).sort()).toEqual(['counties', 'plan-belts']);
    expect(hashParam(p, 'h')).toBe('plan-belts:belt-taihang');
    await p.reload();
    await waitScene(p, 1);
    await p.keyboard.press('PageDown');
    await waitScene(p, 2);
    expect((await drawnLayers(p)).sort()).toEqual(['counties', 'plan-belts', 'plan-core']);
    await p.close();
  });

  /**
   * The planner's default map (`#v=2`, 1440×900) for the two deck-file stories: the refused files
   * change nothing, and the next story imports its deck on the same map (one map load for both).
   * A story run alone opens it itself.
   */
  let deckPlanner: Page | undefined;
  async function onDeckPlanner(): Promise<Page> {
    if (deckPlanner && !deckPlanner.isClosed()) {
      await deckPlanner.bringToFront();
      return deckPlanner;
    }
    deckPlanner = await newPage(1440, 900);
    await deckPlanner.goto(`${BASE_URL()}#v=2`);
    return deckPlanner;
  }

  it('a malformed, foreign or newer deck file is refused with a message and changes nothing', async () => {
    const p = await onDeckPlanner();
    await p.getByTestId('open-decks').click();
    const panel = p.getByTestId('deck-panel');
    await p.waitForSelector('[data-testid=deck-panel][data-loaded=true]');
    const before = await panel.locator('#deck-pick option').allTextContents();
    const files: [string, string, RegExp][] = [
      ['broken.json', '{"format": "planning-map-deck", "version": 1, "deck": {', /不是有效的 JSON/],
      ['sites.geojson.json', JSON.stringify({ type: 'FeatureCollection', features: [] }), /不是本地图的演示文件/],
      ['future.deck.json', JSON.stringify({ format: 'planning-map-deck', version: 9, deck: {} }), /更新版本/],
      ['bad.deck.json', JSON.stringify({ format: 'planning-map-deck', version: 1, deck: { id: 'x', title: { zh: '坏', en: '' }, scenes: [{ id: 'a', title: { zh: '甲', en: '' }, state: { zoom: 7, layers: [] } }] } }), /scene 1 "a" › state/],
    ];
    for (const [name, text, msg] of files) {
      await panel.getByTestId('deck-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
      const m = panel.locator('[data-testid=deck-message][role=alert]');
      await expect.poll(() => m.textContent()).toMatch(msg);
      await expect.poll(() => m.textContent()).toContain('未导入');
      expect(await panel.locator('#deck-pick option').allTextContents()).toEqual(before);
    }
    // (kept open, with its deck panel: the next story imports a deck that plays on this map)
  });

  it('a scene naming a layer the catalog no longer has still plays, and says what is missing', async () => {
    const p = await onDeckPlanner();
    if (!(await p.getByTestId('deck-panel').count())) await p.getByTestId('open-decks').click();
    await p.waitForSelector('[data-testid=deck-panel][data-loaded=true]');
    const deck = {
      format: 'planning-map-deck',
      version: 1,
      deck: {
        id: 'old-deck',
        title: { zh: '旧演示', en: '' },
        scenes: [{ id: 'a', title: { zh: '旧场景', en: '' }, state: { view: { bounds: [112.1, 37.18, 113.2, 38.45] }, layers: ['plan-core', 'retired-layer'] } }],
      },
    };
    await p.getByTestId('deck-file').setInputFiles({ name: 'old.deck.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(deck)) });
    await expect.poll(() => p.getByTestId('deck-message').textContent()).toContain('retired-layer');
    await p.getByTestId('deck-play').click();
    await waitScene(p, 1);
    await expect.poll(() => p.getByTestId('present-missing').textContent()).toContain('retired-layer');
    expect(await drawnLayers(p)).toEqual(['plan-core']);
    await p.close(); // presenting now: no story after this one uses it
    deckPlanner = undefined;
  });
});

describe('no surprises mid-talk', () => {
  // a 1×1 PNG stands in for an online tile while the network is up
  const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==', 'base64');

  it('when the online base map fails mid-talk the offline map takes over and nothing else changes', async () => {
    const p = await newPage();
    let online = true;
    await p.route('https://tile.openstreetmap.org/**', (r) => (online ? r.fulfill({ status: 200, contentType: 'image/png', body: PNG }) : r.abort('internetdisconnected')));
    await openPresent(p, 'v=2&b=osm&mode=present&scene=2', 2);
    expect(await p.locator('#map').getAttribute('data-basemap')).toBe('osm');
    online = false;
    // the deck was rehearsed while loading, so its scenes' tiles are cached: a bigger screen
    // (the projector plugged in) needs new ones, and they fail
    await p.setViewportSize({ width: 1600, height: 1000 });
    // the talk goes on: step until the tiles that fail make the engine give the online map up
    const last = tour.scenes.length;
    let n = 2;
    while (n < last && (await p.locator('#map').getAttribute('data-basemap')) !== 'offline') {
      await p.keyboard.press('PageDown');
      await waitScene(p, ++n);
    }
    await p.waitForSelector('#map[data-basemap="offline"]');
    await waitIdle(p);
    // nothing else changed: the same scene, its layers, its frame, the URL
    expect(await present(p).getAttribute('data-scene')).toBe(String(n));
    expect(hashParam(p, 'scene')).toBe(String(n));
    expect(hashParam(p, 'b')).toBeUndefined();
    expect((await drawnLayers(p)).sort()).toEqual([...tour.scenes[n - 1].state.layers].sort());
    const f = await frameCheck(p, tour.scenes[n - 1].state.view.bounds);
    expect(f.top).toBeGreaterThanOrEqual(f.freeTop - 1);
    expect(f.right).toBeLessThanOrEqual(f.freeRight + 1);
    // later scenes stay offline
    await p.keyboard.press('Home');
    await waitScene(p, 1);
    expect(await p.locator('#map').getAttribute('data-basemap')).toBe('offline');
    await p.close();
  });

  it('autoplay advances once each scene is drawn, pauses on any key, resumes with P', async () => {
    const p = await newPage();
    await openPresent(p, 'v=2&mode=present&scene=1&autoplay=2', 1);
    expect(await present(p).getAttribute('data-autoplay')).toBe('playing');
    await waitScene(p, 2);
    await p.keyboard.press('x');
    await expect.poll(() => present(p).getAttribute('data-autoplay')).toBe('paused');
    await expect.poll(() => p.getByTestId('present-autoplay').textContent()).toContain('已暂停');
    await p.keyboard.press('p');
    await expect.poll(() => present(p).getAttribute('data-autoplay')).toBe('playing');
    await waitScene(p, 3);
    await p.close();
  });
});
