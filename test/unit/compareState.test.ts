// Compare as map state (issue 18): the URL keys cmp, cp, tb, lb, bb (a contract), what a bad link
// keeps and drops, the presets, and the swipe's clip.
import { describe, it, expect } from 'vitest';
import { defaultState, setCompare, setStop, type StateContext } from '../../src/state/mapState';
import { formatHash, parseHash, stateFromHash } from '../../src/state/url';
import { clampPos, openCompare, preset } from '../../src/state/compare';
import { clipFor, orientationOf } from '../../src/engine/compareView';
import { shownSide, sideOf } from '../../src/state/engineBinding';

const ctx: StateContext = {
  layerIds: ['counties', 'cities', 'plan-core', 'plan-belts', 'plan-roads'],
  defaultLayers: ['counties', 'plan-core'],
  defaultOpacity: { counties: 1, cities: 1, 'plan-core': 1, 'plan-belts': 0.8, 'plan-roads': 1 },
};

describe('compare state', () => {
  it('opens on today ↔ 2035 with side A’s layers on both sides', () => {
    const s = defaultState(ctx);
    const { compare, stopA } = openCompare(sideOf(s, 'a'), 'swipe');
    expect(stopA).toBe(2020);
    expect(compare).toEqual({ mode: 'swipe', pos: 0.5, flipped: false, b: { layers: ['counties', 'plan-core'], opacity: {}, stop: 2035, basemap: 'offline' } });
  });

  it('round-trips through the URL keys cmp, cp, tb, lb, bb (+ ob, cf)', () => {
    const s = setCompare(setStop(defaultState(ctx), 2020), { mode: 'swipe', pos: 0.37, flipped: false, b: { layers: ['counties', 'plan-belts'], opacity: { 'plan-belts': 0.5 }, stop: 2025, basemap: 'blank' } });
    const hash = formatHash(s, { mode: 'planner' }, ctx);
    expect(hash).toContain('cmp=swipe&cp=0.37&tb=2025&lb=counties,plan-belts&bb=blank&ob=plan-belts:0.50');
    const back = stateFromHash(parseHash(hash, ctx), ctx);
    expect(back.compare).toEqual(s.compare);
    expect(back.stop).toBe(2020);
    const flip = setCompare(s, { ...s.compare!, mode: 'flip', flipped: true });
    const fh = formatHash(flip, { mode: 'planner' }, ctx);
    expect(fh).toContain('cmp=flip');
    expect(fh).toContain('cp=0.37');
    expect(fh).toContain('cf=b');
    expect(stateFromHash(parseHash(fh, ctx), ctx).compare).toEqual(flip.compare);
    expect(formatHash(defaultState(ctx), { mode: 'planner' }, ctx)).not.toContain('cmp=');
  });

  it('a link naming unknown layers, stops, base maps or modes keeps what it can and names what it dropped', () => {
    let p = parseHash('v=2&l=counties,plan-core&cmp=swipe&cp=7&tb=2031&lb=plan-belts,nope&bb=mars', ctx);
    const s = stateFromHash(p, ctx);
    expect(s.compare).toMatchObject({ mode: 'swipe', pos: 1, b: { layers: ['plan-belts'], stop: 2035, basemap: 'offline' } });
    expect(p.compareDropped).toEqual(['lb: nope', 'tb=2031', 'bb=mars', 'cp=7']);
    p = parseHash('v=2&cmp=zoom', ctx);
    expect(stateFromHash(p, ctx).compare).toBeNull();
    expect(p.compareDropped).toEqual(['cmp=zoom']);
    // side B naming only unknown layers keeps side A's
    p = parseHash('v=2&l=counties,plan-roads&cmp=split&lb=gone', ctx);
    expect(stateFromHash(p, ctx).compare?.b.layers).toEqual(['counties', 'plan-roads']);
    // garbage never throws
    for (const h of ['cmp=', 'cmp=swipe&cp=abc', 'cmp=flip&lb=,,,', 'cmp=swipe&ob=x:y,plan-core:9', 'cmp=swipe&tb=%E0%A4%A']) expect(() => stateFromHash(parseHash(h, ctx), ctx)).not.toThrow();
  });

  it('flip shows one side on the one map; presets set both sides', () => {
    const s = setCompare(setStop(defaultState(ctx), 2020), { mode: 'flip', pos: 0.5, flipped: false, b: { layers: ['plan-belts'], opacity: {}, stop: 2035, basemap: 'blank' } });
    expect(shownSide(s)).toBe('a');
    const f = setCompare(s, { ...s.compare!, flipped: true });
    expect(shownSide(f)).toBe('b');
    expect(sideOf(f, 'b')).toMatchObject({ layers: ['plan-belts'], stop: 2035, basemap: 'blank' });
    const a = sideOf(s, 'a');
    expect(preset('now-2035', a)).toMatchObject({ stopA: 2020, b: { stop: 2035, layers: a.layers } });
    expect(preset('2025-2035', a)).toMatchObject({ stopA: 2025, b: { stop: 2035 } });
    expect(preset('basemaps', a).b).toMatchObject({ basemap: 'blank', stop: 2020 });
    expect(preset('groups', a, { groupA: ['plan-core'], groupB: ['plan-roads'], ground: ['counties'] })).toMatchObject({ layersA: ['counties', 'plan-core'], b: { layers: ['counties', 'plan-roads'] } });
  });

  it('the swipe clips side B past the divider; a tall screen lays the divider across', () => {
    expect(clipFor('swipe', 'cols', 0.5)).toBe('inset(0 0 0 50.00%)');
    expect(clipFor('swipe', 'rows', 0.25)).toBe('inset(25.00% 0 0 0)');
    expect(clipFor('split', 'cols', 0.3)).toBe('none');
    expect(orientationOf(1120, 900)).toBe('cols');
    expect(orientationOf(390, 844)).toBe('rows');
    expect(clampPos(1.234)).toBe(1);
    expect(clampPos(0.555)).toBe(0.56);
  });
});
