import { describe, it, expect } from 'vitest';
import {
  defaultState,
  normalizeState,
  setLayerVisible,
  setLayers,
  setLayerOpacity,
  setElementVisible,
  setInventoryFilter,
  select,
  setLayerColor,
  dropLayer,
  sameState,
  setViewFromMap,
  type StateContext,
  type MapState,
} from '../../src/state/mapState';
import { parseHash, formatHash, stateFromHash, readEntry } from '../../src/state/url';
import { boundsOfCamera, frameBounds } from '../../src/state/view';

const ctx: StateContext = {
  layerIds: ['counties', 'cities', 'rivers', 'plan-core', 'plan-belts', 'inventory-items'],
  defaultLayers: ['counties', 'plan-core'],
  defaultOpacity: { counties: 0.5, cities: 1, rivers: 1, 'plan-core': 0.8, 'plan-belts': 0.7, 'inventory-items': 1 },
};

const full: MapState = {
  view: { bounds: [111.91, 37.12, 113.42, 38.31], bearing: 0 },
  basemap: 'blank',
  layers: ['counties', 'rivers', 'plan-belts', 'inventory-items'],
  opacity: { counties: 0.3, 'plan-belts': 0.45 },
  colors: {},
  hidden: { 'plan-belts': ['belt-yellow-river', 'belt.2'] },
  inventory: { classes: ['cultural'], categories: ['heritage', 'a~b'], levels: ['国家级', ''], cities: ['太原市'], query: '晋祠 & 天龙山' },
  selection: { layer: 'counties', id: '140703' },
  lang: 'en',
  sketches: { show: false, hidden: ['sk-1', 'sk.2'] },
  report: { kind: 'point', at: [112.32583, 37.61748] },
  stop: 2025,
  later: 'planned',
  compare: null,
  text: null,
};

describe('map state', () => {
  it('defaults come from the catalog', () => {
    const d = defaultState(ctx);
    expect(d).toMatchObject({ view: null, basemap: 'offline', layers: ['counties', 'plan-core'], selection: null, lang: 'zh' });
  });

  it('garbage in → defaults, field by field', () => {
    for (const junk of [null, undefined, 42, 'x', [], { layers: 'counties' }]) expect(normalizeState(junk, ctx)).toEqual(defaultState(ctx));
    const s = normalizeState(
      {
        view: { bounds: [200, 0, 1, 2], bearing: 0 },
        basemap: 'javascript:alert(1)',
        layers: ['rivers', '<script>', 'nope', 'counties', 'rivers'],
        opacity: { counties: 7, rivers: 0.5, nope: 0.2 },
        hidden: { 'plan-belts': ['ok-id', '../../etc'], nope: ['x'] },
        inventory: { classes: 'cultural', query: 5 },
        selection: { layer: 'counties', id: '<img>' },
        lang: 'fr',
      },
      ctx,
    );
    expect(s.view).toBeNull();
    expect(s.basemap).toBe('offline');
    expect(s.layers).toEqual(['counties', 'rivers']); // catalog order, no duplicates
    expect(s.opacity).toEqual({ rivers: 0.5 });
    expect(s.hidden).toEqual({ 'plan-belts': ['ok-id'] });
    expect(s.inventory).toEqual({ classes: [], categories: [], levels: [], cities: [], query: '' });
    expect(s.selection).toBeNull();
    expect(s.lang).toBe('zh');
  });

  it('actions: hiding a layer drops its selection; an element toggle round-trips; opacity at default is not stored', () => {
    let s: MapState = { ...defaultState(ctx), selection: { layer: 'plan-core', id: 'core' } };
    s = setLayerVisible(s, 'rivers', true, ctx);
    expect(s.layers).toEqual(['counties', 'rivers', 'plan-core']);
    s = setLayerVisible(s, 'plan-core', false, ctx);
    expect(s.selection).toBeNull();
    expect(setLayerVisible(s, 'nope', true, ctx)).toBe(s);
    s = setElementVisible(s, 'plan-belts', 'b1', false);
    expect(s.hidden).toEqual({ 'plan-belts': ['b1'] });
    s = setElementVisible(s, 'plan-belts', 'b1', true);
    expect(s.hidden).toEqual({});
    s = setLayerOpacity(s, 'counties', 0.2, ctx);
    expect(s.opacity).toEqual({ counties: 0.2 });
    s = setLayerOpacity(s, 'counties', 0.5, ctx);
    expect(s.opacity).toEqual({});
    expect(setLayerOpacity(s, 'counties', 9, ctx).opacity).toEqual({ counties: 1 });
    s = setLayers(select(s, { layer: 'counties', id: '140703' }), ['rivers'], ctx);
    expect(s.selection).toBeNull();
    const f = setInventoryFilter(s, { categories: ['heritage'] });
    expect(f.inventory.categories).toEqual(['heritage']);
    expect(setInventoryFilter(f, { categories: ['heritage'] })).toBe(f);
  });
});

describe('URL hash (v2)', () => {
  it('round-trips every field', () => {
    const hash = formatHash(full, { mode: 'planner' }, ctx);
    expect(hash).toMatch(/^v=2&/);
    const back = stateFromHash(parseHash(`#${hash}`, ctx), ctx);
    expect(back.view!.bounds.map((x, i) => Math.abs(x - full.view!.bounds[i]) < 1e-3).every(Boolean)).toBe(true);
    expect(sameState({ ...back, view: full.view }, full)).toBe(true);
  });

  it('keeps links short', () => {
    // every field set, Chinese filter values percent-encoded: still well under what chat apps cut
    expect(formatHash(full, { mode: 'planner' }, ctx).length).toBeLessThan(400);
    const typical = { ...defaultState(ctx), view: full.view, layers: full.layers, selection: full.selection };
    expect(formatHash(typical, { mode: 'planner' }, ctx).length).toBeLessThan(110);
    expect(formatHash(defaultState(ctx), { mode: 'planner' }, ctx)).toBe('v=2&l=counties,plan-core');
  });

  it('keeps an empty layer list distinct from "use defaults"', () => {
    expect(parseHash('#v=2&l=', ctx).state.layers).toEqual([]);
    expect(parseHash('#v=2', ctx).state.layers).toBeUndefined();
  });

  it('a list naming only unknown layers keeps the defaults and reports them', () => {
    const p = parseHash('#v=2&l=gone,also-gone', ctx);
    expect(p.state.layers).toBeUndefined();
    expect(p.unknownLayers).toEqual(['gone', 'also-gone']);
    expect(stateFromHash(p, ctx).layers).toEqual(['counties', 'plan-core']);
    expect(parseHash('#v=2&l=gone,rivers', ctx)).toMatchObject({ state: { layers: ['rivers'] }, unknownLayers: ['gone'] });
  });

  it.each([
    '#v=2&m=abc,1,2,3',
    '#v=2&m=113,30,112,31',
    '#v=1&m=30/100/500',
    '#v=2&b=javascript:alert(1)',
    '#v=2&s=../../etc/passwd',
    '#v=2&s=nolayer/1',
    '#v=2&lang=fr',
    '#v=2&o=counties:NaN,rivers:-1',
    '#v=2&h=:x&h=counties',
    '#%E0%A4%A',
    '#&&&==&',
    '#v=2&iq=%E0%A4%A',
  ])('ignores garbage: %s', (hash) => {
    expect(() => parseHash(hash, ctx)).not.toThrow();
    const s = stateFromHash(parseHash(hash, ctx), ctx);
    expect({ ...s, layers: defaultState(ctx).layers }).toEqual(defaultState(ctx));
  });

  it('migrates v1 links: centre + zoom become the bounds that show the same area on the same screen', () => {
    const viewport = { width: 1200, height: 800 };
    const p = parseHash('#v=1&m=9.25/37.4264/112.5442&b=blank&l=counties,rivers&s=counties/140703&lang=en', ctx, viewport);
    expect(p.version).toBe(1);
    expect(p.state).toMatchObject({ basemap: 'blank', layers: ['counties', 'rivers'], selection: { layer: 'counties', id: '140703' }, lang: 'en' });
    const cam = frameBounds(p.state.view!.bounds, viewport);
    expect(cam.zoom).toBeCloseTo(9.25, 6);
    expect(cam.center[0]).toBeCloseTo(112.5442, 6);
    expect(cam.center[1]).toBeCloseTo(37.4264, 6);
  });

  it('reads links from a future version with the fields it understands', () => {
    expect(parseHash('#v=7&l=counties&zz=1', ctx).state.layers).toEqual(['counties']);
  });

  it('reads routes: public, present with scene/deck/autoplay, print setups', () => {
    expect(parseHash('#v=2&mode=public', ctx).route).toEqual({ mode: 'public' });
    expect(parseHash('#v=2&mode=present&scene=3&deck=my-deck_1&autoplay=20', ctx).route).toEqual({ mode: 'present', scene: 3, deck: 'my-deck_1', autoplay: 20 });
    expect(parseHash('#v=2&mode=present&scene=0&deck=../x&autoplay=0', ctx).route).toEqual({ mode: 'present' });
    expect(parseHash('#v=2&print=1&paper=a3-portrait&dpi=300', ctx).route.print).toEqual({ paper: 'a3-portrait', dpi: 300 });
    expect(parseHash('#v=2&print=1&paper=letter&dpi=600', ctx).route.print).toEqual({ paper: 'a4-landscape', dpi: 150 });
    expect(formatHash(defaultState(ctx), { mode: 'present', scene: 2 }, ctx)).toBe('v=2&mode=present&scene=2&l=counties,plan-core');
    expect(readEntry('#v=2&mode=public&m=112,37,113,38&b=osm', { width: 800, height: 600 })).toEqual({
      route: { mode: 'public' },
      view: { bounds: [112, 37, 113, 38], bearing: 0 },
      basemap: 'osm',
    });
  });

  it('the entry chunk reads route, view and base map exactly as the full codec does', () => {
    const vp = { width: 1024, height: 768 };
    const hashes = [
      '', '#', '#v=2', '#v=1&m=8/37.8/112.5', '#v=2&m=112,37,113,38&r=370', '#v=2&m=113,37,112,38', '#v=2&m=1,2,3',
      '#v=2&b=tianditu&mode=present&scene=4&deck=d1', '#v=2&b=nonsense&mode=public', '#v=2&b=custom&m=112.1,37.2,112.9,37.9&r=-45',
      '#v=2&print=1&paper=a3-landscape&dpi=300&area=region&scale=500000', '#m=%E4%B8%AD&b=%ZZ', '#v=2&m=-200,0,10,10',
    ];
    for (const h of hashes) {
      const full = parseHash(h, ctx, vp);
      const state = stateFromHash(full, ctx);
      expect(readEntry(h, vp), h).toEqual({ route: full.route, view: state.view, basemap: state.basemap });
    }
  });
});

describe('framing', () => {
  it('boundsOfCamera and frameBounds are inverses on the same screen', () => {
    const vp = { width: 1366, height: 768 };
    const b = boundsOfCamera([112.5, 37.8], 8.3, vp);
    const cam = frameBounds(b, vp);
    expect(cam.zoom).toBeCloseTo(8.3, 9);
    expect(cam.center[0]).toBeCloseTo(112.5, 9);
    expect(cam.center[1]).toBeCloseTo(37.8, 9);
  });
});

describe('the view the map reports back', () => {
  // the 1280×800 frame of a compare link that a reload once rewrote from 110.778 to 110.7779
  const link = parseHash('#v=2&m=110.778,36.8535,113.2766,38.4432', ctx, { width: 1280, height: 800 }).state.view!;
  const s: MapState = { ...defaultState(ctx), view: link };
  const shifted = (dx: number) => ({ bounds: link.bounds.map((x, i) => (i % 2 === 0 ? x + dx : x)) as typeof link.bounds, bearing: 0 });
  const px = (link.bounds[2] - link.bounds[0]) / 1280; // one pixel of longitude on that screen

  it("keeps a link's own view when the map frames it back with edges moved by rounding, so the link stays the same", () => {
    const back = setViewFromMap(s, shifted(0.00006)); // what the map reported: 110.77794 … — a twentieth of a pixel
    expect(back).toBe(s);
    expect(formatHash(back)).toContain('m=110.778,36.8535,113.2766,38.4432');
  });

  it('takes a move of a pixel or more, and any turn', () => {
    expect(setViewFromMap(s, shifted(px)).view).toEqual(shifted(px));
    expect(setViewFromMap(s, { ...link, bearing: 1 }).view!.bearing).toBe(1);
    expect(setViewFromMap({ ...s, view: null }, link).view).toBe(link);
  });
});

describe('user layers (我的数据) in the state and the URL', () => {
  const withUser: StateContext = { ...ctx, isExtraLayer: (id) => id === 'user-abc123' };
  it('visibility, opacity, colour and a selected feature of a user layer survive the URL round trip', () => {
    let s = normalizeState({ layers: ['counties'] }, withUser);
    s = setLayerVisible(s, 'user-abc123', true, withUser);
    s = setLayerOpacity(s, 'user-abc123', 0.4, withUser);
    s = setLayerColor(s, 'user-abc123', '#E65100', withUser);
    s = select(s, { layer: 'user-abc123', id: '17' });
    const hash = formatHash(s, { mode: 'planner' }, withUser);
    expect(hash).toContain('l=counties,user-abc123');
    expect(hash).toContain('c=user-abc123:e65100');
    expect(hash).toContain('s=user-abc123/17');
    const back = stateFromHash(parseHash(hash, withUser), withUser);
    expect(back.layers).toEqual(['counties', 'user-abc123']);
    expect(back.opacity['user-abc123']).toBe(0.4);
    expect(back.colors).toEqual({ 'user-abc123': '#e65100' });
    expect(back.selection).toEqual({ layer: 'user-abc123', id: '17' });
  });
  it('a user layer this browser does not have is dropped from a link; bad colours are ignored', () => {
    const p = parseHash('v=2&l=counties,user-zzz&c=user-zzz:ff0000,counties:nothex', withUser);
    expect(p.unknownLayers).toEqual(['user-zzz']);
    expect(stateFromHash(p, withUser).colors).toEqual({});
  });
  it('dropLayer forgets a removed layer everywhere', () => {
    let s = normalizeState({ layers: ['counties', 'user-abc123'], opacity: { 'user-abc123': 0.5 }, colors: { 'user-abc123': '#123456' }, selection: { layer: 'user-abc123', id: '1' } }, withUser);
    s = dropLayer(s, 'user-abc123');
    expect(s.layers).toEqual(['counties']);
    expect(s.opacity).toEqual({});
    expect(s.colors).toEqual({});
    expect(s.selection).toBeNull();
  });
});
