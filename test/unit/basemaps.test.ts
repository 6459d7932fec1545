import { describe, it, expect } from 'vitest';
import { basemapStyle, insertAnchor, BasemapConfigError, OVERLAY_ANCHOR, checkStyleUrl } from '../../src/engine/basemaps';
import type { StyleSpecification } from 'maplibre-gl';

const base = 'http://127.0.0.1:4173/app/';

describe('base maps', () => {
  it('offline style needs nothing but the app: no glyphs, no remote sources', () => {
    const style = basemapStyle('offline', { base }) as StyleSpecification;
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    for (const src of Object.values(style.sources)) {
      expect(src.type).toBe('geojson');
      expect(String((src as { data: string }).data).startsWith(base)).toBe(true);
    }
    expect(style.layers.some((l) => l.id === OVERLAY_ANCHOR)).toBe(true);
  });

  it('every built-in style has the overlay anchor below its labels', () => {
    for (const id of ['offline', 'blank', 'osm'] as const) {
      const style = basemapStyle(id, { base }) as StyleSpecification;
      const anchor = style.layers.findIndex((l) => l.id === OVERLAY_ANCHOR);
      const firstSymbol = style.layers.findIndex((l) => l.type === 'symbol');
      expect(anchor).toBeGreaterThan(-1);
      if (firstSymbol > -1) expect(anchor).toBeLessThan(firstSymbol);
    }
  });

  it('Tianditu needs a 32-hex key and uses vec_w + cva_w', () => {
    expect(() => basemapStyle('tianditu', { base })).toThrow(BasemapConfigError);
    expect(() => basemapStyle('tianditu', { base, tiandituKey: 'abc' })).toThrow(BasemapConfigError);
    const style = basemapStyle('tianditu', { base, tiandituKey: '0123456789abcdef0123456789abcdef' }) as StyleSpecification;
    const tiles = JSON.stringify(style.sources);
    expect(tiles).toContain('vec_w');
    expect(tiles).toContain('cva_w');
  });

  it('a custom style must be an absolute http(s) URL', () => {
    expect(checkStyleUrl('https://demotiles.maplibre.org/style.json')).toBe('https://demotiles.maplibre.org/style.json');
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', '/style.json', '', 'ftp://x/y']) {
      expect(() => checkStyleUrl(bad)).toThrow(BasemapConfigError);
    }
  });

  it('inserts the anchor just below the first label layer of a custom style', () => {
    const style: StyleSpecification = {
      version: 8,
      sources: {},
      layers: [
        { id: 'bg', type: 'background' },
        { id: 'labels', type: 'symbol', source: 'x', layout: {} } as never,
      ],
    };
    expect(insertAnchor(style).layers.map((l) => l.id)).toEqual(['bg', OVERLAY_ANCHOR, 'labels']);
  });
});
