import { describe, it, expect } from 'vitest';
import { defaultState, normalizeState, setReport, setSketchVisible, setSketchesShown, forgetSketch, sameState, type StateContext } from '../../src/state/mapState';
import { parseHash, formatHash, stateFromHash } from '../../src/state/url';

const ctx: StateContext = { layerIds: ['counties', 'plan-core'], defaultLayers: ['counties'], defaultOpacity: { counties: 1, 'plan-core': 1 } };

describe('the report point in the URL: #v=2&q=LON,LAT', () => {
  it('q=LON,LAT opens the point report; it round-trips at 5 decimals (about 1 m)', () => {
    const p = parseHash('#v=2&l=counties&q=112.32583,37.61748', ctx);
    expect(p.state.report).toEqual({ kind: 'point', at: [112.32583, 37.61748] });
    const s = setReport(defaultState(ctx), { kind: 'point', at: [112.325834449, 37.617481] });
    const hash = formatHash(s, { mode: 'planner' }, ctx);
    expect(hash).toContain('q=112.32583,37.61748');
    expect(stateFromHash(parseHash(hash, ctx), ctx).report).toEqual({ kind: 'point', at: [112.32583, 37.61748] });
  });

  it('q=layer/id names a polygon to report on (a sketch, or a feature of a known layer)', () => {
    expect(parseHash('#v=2&q=sketches/sk-abc.1', ctx).state.report).toEqual({ kind: 'feature', layer: 'sketches', id: 'sk-abc.1' });
    expect(parseHash('#v=2&q=counties/140121', ctx).state.report).toEqual({ kind: 'feature', layer: 'counties', id: '140121' });
    const s = setReport(defaultState(ctx), { kind: 'feature', layer: 'sketches', id: 'sk-1' });
    expect(formatHash(s, { mode: 'planner' }, ctx)).toContain('q=sketches/sk-1');
  });

  it('a malformed q is dropped and the rest of the link still applies', () => {
    for (const q of ['200,37', '112', '112,37,5', 'abc,def', '112,95', 'nope/<x>', '/x', 'javascript:alert(1)', '']) {
      const p = parseHash(`#v=2&l=plan-core&q=${encodeURIComponent(q)}`, ctx);
      expect(p.state.report, q).toBeUndefined();
      expect(p.state.layers).toEqual(['plan-core']);
    }
    expect(normalizeState({ report: { kind: 'point', at: ['1', 2] } }, ctx).report).toBeNull();
    expect(normalizeState({ report: { kind: 'feature', layer: 'unknown-layer', id: 'x' } }, ctx).report).toBeNull();
  });

  it('opening and closing the report are state changes (the URL follows)', () => {
    const a = defaultState(ctx);
    const b = setReport(a, { kind: 'point', at: [112, 37] });
    expect(sameState(a, b)).toBe(false);
    expect(setReport(b, { kind: 'point', at: [112, 37] })).toBe(b);
    expect(setReport(b, null).report).toBeNull();
  });
});

describe('sketches in the state', () => {
  it('shown by default; hidden all at once (k=0) or one by one (kh=id~id); garbage dropped', () => {
    expect(defaultState(ctx).sketches).toEqual({ show: true, hidden: [] });
    let s = setSketchVisible(defaultState(ctx), 'sk-1', false);
    s = setSketchVisible(s, 'sk-2', false);
    s = setSketchesShown(s, false);
    const hash = formatHash(s, { mode: 'planner' }, ctx);
    expect(hash).toContain('k=0');
    expect(hash).toContain('kh=sk-1~sk-2');
    const back = stateFromHash(parseHash(hash, ctx), ctx);
    expect(back.sketches).toEqual({ show: false, hidden: ['sk-1', 'sk-2'] });
    expect(formatHash(defaultState(ctx), { mode: 'planner' }, ctx)).not.toMatch(/k=|kh=/);
    expect(normalizeState({ sketches: { show: 'no', hidden: ['ok', '<bad>', 3] } }, ctx).sketches).toEqual({ show: true, hidden: ['ok'] });
    expect(setSketchVisible(s, 'sk-1', true).sketches.hidden).toEqual(['sk-2']);
  });

  it('forgetting a deleted sketch drops its hidden flag and a report on it', () => {
    let s = setSketchVisible(defaultState(ctx), 'sk-1', false);
    s = setReport(s, { kind: 'feature', layer: 'sketches', id: 'sk-1' });
    s = forgetSketch(s, 'sk-1');
    expect(s.sketches.hidden).toEqual([]);
    expect(s.report).toBeNull();
  });
});
