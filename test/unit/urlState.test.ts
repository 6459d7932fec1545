import { describe, it, expect } from 'vitest';
import { parseHash, formatHash } from '../../src/state/urlState';

const known = new Set(['counties', 'rivers', 'plan-core']);

describe('URL state', () => {
  it('round-trips view, base map, layers, selection and language', () => {
    const state = {
      view: { zoom: 9.25, lat: 37.4264, lon: 112.5442 },
      basemap: 'blank' as const,
      layers: ['counties', 'rivers'],
      selection: { layer: 'counties', id: '140703' },
      lang: 'en' as const,
    };
    const hash = formatHash(state);
    expect(hash).toMatch(/^v=1&/);
    expect(hash.length).toBeLessThan(90);
    const back = parseHash(`#${hash}`, known);
    expect(back.basemap).toBe('blank');
    expect(back.layers).toEqual(['counties', 'rivers']);
    expect(back.selection).toEqual({ layer: 'counties', id: '140703' });
    expect(back.lang).toBe('en');
    expect(back.view!.zoom).toBeCloseTo(9.25, 2);
    expect(back.view!.lat).toBeCloseTo(37.4264, 3);
    expect(back.view!.lon).toBeCloseTo(112.5442, 3);
  });

  it('keeps an empty layer list distinct from "use defaults"', () => {
    expect(parseHash('#v=1&l=', known).layers).toEqual([]);
    expect(parseHash('#v=1', known).layers).toBeUndefined();
  });

  it.each([
    ['#v=1&m=abc/1/2', {}],
    ['#v=1&m=30/100/500', {}],
    ['#v=1&b=javascript:alert(1)', {}],
    ['#v=1&s=../../etc/passwd', {}],
    ['#v=1&s=nolayer/1', {}],
    ['#v=1&lang=fr', {}],
    ['#%E0%A4%A', {}],
    ['#&&&==&', {}],
  ])('ignores garbage: %s', (hash, expected) => {
    expect(() => parseHash(hash, known)).not.toThrow();
    const s = parseHash(hash, known);
    expect({ ...s, layers: undefined }).toMatchObject(expected);
  });

  it('drops unknown and malformed layer ids but keeps the rest', () => {
    expect(parseHash('#v=1&l=<script>,nope,counties,counties,rivers', known).layers).toEqual(['counties', 'rivers']);
  });

  it('reads links from a future version with the fields it understands', () => {
    expect(parseHash('#v=7&l=counties&zz=1', known).layers).toEqual(['counties']);
  });

  it('keeps the public viewing mode', () => {
    expect(parseHash(`#${formatHash({ mode: 'public' })}`).mode).toBe('public');
  });
});
