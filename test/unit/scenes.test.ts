import { describe, it, expect } from 'vitest';
import { checkDeckFile, DECK_FORMAT, DECK_VERSION, Deck as DeckSchema } from '../../src/scenes/schema';
import { captureState, deckDataFiles, missingLayers, sceneIndex, sceneLegendLayers, sceneMapState, sceneText } from '../../src/scenes/scene';
import { addScene, createDeck, duplicateDeck, editSceneText, freshSceneId, moveScene, newId, recaptureScene, removeScene, restoreScene } from '../../src/scenes/deckEdit';
import { exportDeck, importDeck, deckFileName } from '../../src/scenes/deckFile';
import { isTypingTarget, presentAction } from '../../src/scenes/keys';
import { defaultState, normalizeState, type MapState, type StateContext } from '../../src/state/mapState';
import type { Deck, Scene } from '../../src/scenes/types';

const ctx: StateContext = {
  layerIds: ['counties', 'cities', 'plan-core', 'plan-belts', 'inventory-items'],
  defaultLayers: ['counties', 'plan-core'],
  defaultOpacity: { counties: 1, cities: 1, 'plan-core': 1, 'plan-belts': 1, 'inventory-items': 1 },
};

const scene = (id: string, over: Partial<Scene> = {}): Scene => ({
  id,
  title: { zh: `场景${id}`, en: `Scene ${id}` },
  state: { view: { bounds: [112, 37, 113, 38], bearing: 0 }, layers: ['plan-core'] },
  ...over,
});
const deckOf = (...scenes: Scene[]): Deck => ({ id: 'd1', title: { zh: '演示', en: 'Deck' }, scenes });
const file = (deck: unknown, extra: Record<string, unknown> = {}) => ({ format: DECK_FORMAT, version: DECK_VERSION, deck, ...extra });

describe('deck schema', () => {
  it('accepts a valid deck file and applies defaults (bearing 0)', () => {
    const r = checkDeckFile('x.json', file({ id: 'd1', title: { zh: '演示', en: '' }, scenes: [{ id: 'a', title: { zh: '甲', en: '' }, state: { view: { bounds: [112, 37, 113, 38] }, layers: [] } }] }));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.deck.scenes[0].state.view.bearing).toBe(0);
  });

  it('names the file, the scene and the field of an error', () => {
    const bad = file(deckOf(scene('a'), scene('core', { state: { view: { bounds: [113, 37, 112, 38], bearing: 0 }, layers: ['plan-core'] } })));
    const r = checkDeckFile('scenes/plan-tour.json', bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('\n')).toMatch(/^scenes\/plan-tour\.json › scene 2 "core" › state\.view\.bounds: .*west < east/m);
  });

  it('refuses zoom levels, unknown fields, duplicate ids, a legend naming a layer the scene does not show', () => {
    const withZoom = file(deckOf({ ...scene('a'), state: { view: { bounds: [112, 37, 113, 38], bearing: 0 }, layers: [], zoom: 7 } as never }));
    const r1 = checkDeckFile('f.json', withZoom);
    expect(!r1.ok && r1.errors.join()).toMatch(/scene 1 "a" › state: .*zoom/);
    const dup = checkDeckFile('f.json', file(deckOf(scene('a'), scene('a'))));
    expect(!dup.ok && dup.errors.join()).toMatch(/scene 2 "a" › id: duplicate scene id/);
    const legend = checkDeckFile('f.json', file(deckOf(scene('a', { legend: ['plan-belts'] }))));
    expect(!legend.ok && legend.errors.join()).toMatch(/scene 1 "a" › legend: legend names "plan-belts"/);
    const empty = checkDeckFile('f.json', file(deckOf()));
    expect(!empty.ok && empty.errors.join()).toMatch(/at least one scene/);
  });

  it('the built-in tour needs both languages, a caption and a citation for every scene', () => {
    const r = checkDeckFile('scenes/plan-tour.json', file(deckOf(scene('a', { title: { zh: '甲', en: '' } }))), { builtIn: true });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const text = r.errors.join('\n');
      expect(text).toMatch(/scene 1 "a" › title: .*English/);
      expect(text).toMatch(/scene 1 "a" › caption/);
      expect(text).toMatch(/scene 1 "a" › citation/);
    }
  });
});

describe('a scene as map state', () => {
  const current: MapState = { ...defaultState(ctx), lang: 'en', basemap: 'blank', layers: ['counties', 'cities'], selection: { layer: 'counties', id: '140703' } };

  it('replaces layers, filters and selection, keeps the language and (unless named) the base map', () => {
    const s = scene('b', {
      state: {
        view: { bounds: [112, 37, 113, 38], bearing: 0 },
        layers: ['plan-belts', 'inventory-items'],
        hidden: { 'plan-belts': ['belt-taihang'] },
        inventory: { classes: [], categories: ['world-heritage'], levels: [], cities: [], query: '' },
      },
    });
    const out = sceneMapState(s, current, ctx);
    expect(out.layers).toEqual(['plan-belts', 'inventory-items']);
    expect(out.hidden).toEqual({ 'plan-belts': ['belt-taihang'] });
    expect(out.inventory.categories).toEqual(['world-heritage']);
    expect(out.selection).toBeNull();
    expect(out.lang).toBe('en');
    expect(out.basemap).toBe('blank');
    expect(out.view).toEqual({ bounds: [112, 37, 113, 38], bearing: 0 });
    expect(sceneMapState({ ...s, state: { ...s.state, basemap: 'offline' } }, current, ctx).basemap).toBe('offline');
  });

  it('takes the frame it is given (present mode fits the bounds to the screen)', () => {
    const view = { bounds: [111, 36.5, 114, 38.5] as [number, number, number, number], bearing: 0 };
    expect(sceneMapState(scene('a'), current, ctx, { view }).view).toEqual(view);
  });

  it('after an online base map failed, stays offline', () => {
    const s = scene('a', { state: { view: { bounds: [112, 37, 113, 38], bearing: 0 }, layers: [], basemap: 'osm' } });
    expect(sceneMapState(s, current, ctx).basemap).toBe('osm');
    expect(sceneMapState(s, current, ctx, { offlineOnly: true }).basemap).toBe('offline');
  });

  it('a scene naming layers the catalog lacks still plays the rest, and names what is missing', () => {
    const s = scene('a', {
      state: { view: { bounds: [112, 37, 113, 38], bearing: 0 }, layers: ['plan-core', 'gone-layer'], selection: { layer: 'old-sites', id: 'x' }, opacity: { 'gone-layer': 0.5 } },
      legend: ['plan-core', 'gone-layer'],
    });
    expect(missingLayers(s, ctx)).toEqual(['gone-layer', 'old-sites']);
    const out = sceneMapState(s, current, ctx);
    expect(out.layers).toEqual(['plan-core']);
    expect(out.selection).toBeNull();
    expect(out.opacity).toEqual({});
    expect(sceneLegendLayers(s, ctx)).toEqual(['plan-core']);
    expect(missingLayers(scene('b'), ctx)).toEqual([]);
  });

  it('the legend lists the scene’s choice or all it shows, in catalog order', () => {
    expect(sceneLegendLayers(scene('a', { state: { view: { bounds: [112, 37, 113, 38], bearing: 0 }, layers: ['plan-belts', 'counties'] } }), ctx)).toEqual(['counties', 'plan-belts']);
    expect(sceneLegendLayers(scene('a', { state: { view: { bounds: [112, 37, 113, 38], bearing: 0 }, layers: ['plan-belts', 'counties'] }, legend: ['plan-belts'] }), ctx)).toEqual(['plan-belts']);
  });

  it('captures the whole state (view, layers, filters, selection, base map) and plays it back identically', () => {
    const s: MapState = normalizeState(
      {
        view: { bounds: [111.9, 37.1, 113.4, 38.3], bearing: 0 },
        basemap: 'blank',
        layers: ['counties', 'plan-belts', 'inventory-items'],
        opacity: { counties: 0.4 },
        hidden: { 'plan-belts': ['belt-taihang'] },
        inventory: { classes: ['culture'], categories: [], levels: [], cities: ['太原市'], query: '晋祠' },
        selection: { layer: 'counties', id: '140703' },
        lang: 'zh',
      },
      ctx,
    );
    const captured = captureState(s, [110, 36, 115, 40]);
    expect(DeckSchema.safeParse(deckOf(scene('c', { state: captured }))).success).toBe(true);
    expect(sceneMapState(scene('c', { state: captured }), { ...defaultState(ctx), lang: 'zh' }, ctx)).toEqual(s);
    // the whole region (no view in the state) is captured as the region's bounds
    expect(captureState(defaultState(ctx), [110, 36, 115, 40]).view).toEqual({ bounds: [110, 36, 115, 40], bearing: 0 });
    expect(captureState(defaultState(ctx), [110, 36, 115, 40])).not.toHaveProperty('basemap');
  });

  it('text falls back to the other language; scene numbers clamp to the deck', () => {
    expect(sceneText({ zh: '甲', en: '' }, 'en')).toBe('甲');
    expect(sceneText({ zh: '甲', en: 'A' }, 'en')).toBe('A');
    const d = deckOf(scene('a'), scene('b'), scene('c'));
    expect([sceneIndex(d, undefined), sceneIndex(d, 1), sceneIndex(d, 3), sceneIndex(d, 99), sceneIndex(d, 0)]).toEqual([0, 0, 2, 2, 0]);
  });

  it('lists every data file a deck draws, once', () => {
    const d = deckOf(scene('a'), scene('b', { state: { view: { bounds: [112, 37, 113, 38], bearing: 0 }, layers: ['plan-core', 'counties', 'nope'] } }));
    const data: Record<string, string> = { 'plan-core': 'data/plan/core.geojson', counties: 'data/base/counties.geojson' };
    expect(deckDataFiles(d, (id) => data[id])).toEqual(['data/plan/core.geojson', 'data/base/counties.geojson']);
  });
});

describe('editing a deck', () => {
  const t = '2026-01-01T00:00:00.000Z';
  it('adds, moves, renames, captions, recaptures; the input deck is never changed', () => {
    const d0 = createDeck({ zh: '我的演示', en: '' }, 'deck-1', t);
    const d1 = addScene(addScene(addScene(d0, scene('a'), t), scene('b'), t), scene('c'), t);
    expect(d0.scenes).toEqual([]);
    expect(d1.scenes.map((s) => s.id)).toEqual(['a', 'b', 'c']);
    const d2 = moveScene(d1, 2, 0, t);
    expect(d2.scenes.map((s) => s.id)).toEqual(['c', 'a', 'b']);
    expect(moveScene(d2, 0, -5, t)).toBe(d2);
    expect(moveScene(d2, 0, 99, t).scenes.map((s) => s.id)).toEqual(['a', 'b', 'c']);
    const d3 = editSceneText(d2, 'a', 'zh', { title: '一核', caption: '太原榆次太谷发展核。' }, t);
    expect(d3.scenes[1].title).toEqual({ zh: '一核', en: 'Scene a' });
    expect(d3.scenes[1].caption).toEqual({ zh: '太原榆次太谷发展核。', en: '' });
    expect(editSceneText(d3, 'a', 'zh', { caption: '' }, t).scenes[1].caption).toBeUndefined();
    expect(d2.scenes[1].title.zh).toBe('场景a');
    const newState = { view: { bounds: [111, 36, 112, 37] as [number, number, number, number], bearing: 0 }, layers: ['counties'] };
    const d4 = recaptureScene(d3, 'a', newState, t);
    expect(d4.scenes[1].state).toEqual(newState);
    expect(d4.scenes[1].title.zh).toBe('一核');
  });

  it('deletes with undo: the scene comes back where it was', () => {
    const d = deckOf(scene('a'), scene('b'), scene('c'));
    const { deck: without, removed } = removeScene(d, 'b', 'now');
    expect(without.scenes.map((s) => s.id)).toEqual(['a', 'c']);
    expect(restoreScene(without, removed!, 'now').scenes.map((s) => s.id)).toEqual(['a', 'b', 'c']);
    expect(removeScene(d, 'zzz', 'now').removed).toBeNull();
  });

  it('duplicates a deck (e.g. the built-in tour) under a new id, deep-copied', () => {
    const d = deckOf(scene('a'));
    const copy = duplicateDeck(d, 'deck-2', { zh: '副本', en: 'Copy' }, 'now');
    expect(copy.id).toBe('deck-2');
    expect(copy.scenes).toEqual(d.scenes);
    copy.scenes[0].state.layers.push('counties');
    expect(d.scenes[0].state.layers).toEqual(['plan-core']);
  });

  it('makes ids that are valid in a URL and unused in the deck', () => {
    expect(newId('deck', 1_700_000_000_000, () => 0.5)).toMatch(/^deck-[0-9a-z]+$/);
    let i = 0;
    const ids = ['a', 'a', 'b'];
    expect(freshSceneId(deckOf(scene('a')), () => ids[i++])).toBe('b');
  });
});

describe('deck files', () => {
  const d = deckOf(scene('a'), scene('b'));

  it('round-trips through export and import', () => {
    const r = importDeck('my.deck.json', exportDeck(d));
    expect(r).toEqual({ ok: true, deck: d });
    expect(deckFileName({ ...d, title: { zh: '我的 演示/1', en: '' } })).toBe('我的-演示-1.deck.json');
  });

  it('refuses malformed, foreign, newer and invalid files with a clear message', () => {
    const cases: [string, string][] = [
      ['{"format": "planning-map-deck", "version": 1, "deck": ', 'not-json'],
      [JSON.stringify({ type: 'FeatureCollection', features: [] }), 'foreign'],
      ['[1,2,3]', 'foreign'],
      [JSON.stringify({ format: DECK_FORMAT, version: DECK_VERSION + 1, deck: {} }), 'newer'],
      [JSON.stringify(file({ ...d, scenes: [{ ...d.scenes[0], title: { zh: '', en: '' } }] })), 'invalid'],
      ['x'.repeat(2_000_001), 'too-large'],
    ];
    for (const [text, reason] of cases) {
      const r = importDeck('f.json', text);
      expect(r.ok, reason).toBe(false);
      if (!r.ok) {
        expect(r.reason).toBe(reason);
        expect(r.message.zh).toContain('未导入');
        expect(r.message.en).toContain('nothing was imported');
      }
    }
    const invalid = importDeck('f.json', JSON.stringify(file({ ...d, scenes: [{ ...d.scenes[0], title: { zh: '', en: '' } }] })));
    expect(!invalid.ok && invalid.details.join()).toMatch(/f\.json › scene 1 "a" › title/);
    const newer = importDeck('f.json', JSON.stringify({ format: DECK_FORMAT, version: 7, deck: {} }));
    expect(!newer.ok && newer.message.en).toContain('format 7');
  });
});

describe('presentation keys', () => {
  const act = (key: string, mods: Record<string, boolean> = {}, digits = '') => presentAction({ key, ...mods }, digits);
  it('clicker and keyboard keys step through the deck', () => {
    for (const k of ['PageDown', 'ArrowRight', 'ArrowDown', ' ', 'Enter']) expect(act(k), k).toEqual({ type: 'next' });
    for (const k of ['PageUp', 'ArrowLeft', 'ArrowUp']) expect(act(k), k).toEqual({ type: 'prev' });
    expect(act(' ', { shiftKey: true })).toEqual({ type: 'prev' });
    expect(act('Home')).toEqual({ type: 'first' });
    expect(act('End')).toEqual({ type: 'last' });
  });
  it('a number + Enter jumps; Esc cancels a number, else leaves', () => {
    expect(act('1')).toEqual({ type: 'digits', digits: '1' });
    expect(act('2', {}, '1')).toEqual({ type: 'digits', digits: '12' });
    expect(act('Enter', {}, '12')).toEqual({ type: 'goto', scene: 12 });
    expect(act('Enter', {}, '0')).toEqual({ type: 'digits', digits: '' });
    expect(act('Backspace', {}, '12')).toEqual({ type: 'digits', digits: '1' });
    expect(act('Escape', {}, '12')).toEqual({ type: 'digits', digits: '' });
    expect(act('Escape')).toEqual({ type: 'exit' });
  });
  it('B or . blanks, F is full screen, P toggles autoplay; shortcuts and F5 stay the browser’s', () => {
    for (const k of ['b', 'B', '.']) expect(act(k)).toEqual({ type: 'blank' });
    expect(act('f')).toEqual({ type: 'fullscreen' });
    expect(act('p')).toEqual({ type: 'toggle-autoplay' });
    expect(act('PageDown', { ctrlKey: true })).toBeNull();
    expect(act('r', { metaKey: true })).toBeNull();
    expect(act('F5')).toBeNull();
    expect(act('x')).toBeNull();
  });
  it('keys typed into a field are not the presentation’s', () => {
    expect(isTypingTarget({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(isTypingTarget({ tagName: 'input', type: 'search' })).toBe(true);
    expect(isTypingTarget({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTypingTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});
