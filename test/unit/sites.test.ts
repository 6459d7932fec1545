import { describe, it, expect } from 'vitest';
import { toSite, querySites, distinct, siteHash, levelAfterDesignation } from '../../src/public/sites';
import type { Layer } from '../../src/catalog/types';
import type { Feature } from 'geojson';
import { parseHash } from '../../src/state/url';

const layer = { id: 'inventory-items', title: { zh: '清单', en: 'Inventory' }, accuracy: 'approximate', source: { doc: 'x' } } as unknown as Layer;
const pt = (id: string, name: string, lon: number, lat: number, extra: Record<string, unknown> = {}): Feature => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [lon, lat] },
  properties: { id, name, category_zh: '重点文保单位', city: '忻州市', accuracy: 'approximate', source_doc: 'x', ...extra },
});

describe('public site list', () => {
  const sites = [
    toSite(layer, pt('a', '雁门关', 112.87, 39.19)),
    toSite(layer, pt('b', '五台山', 113.59, 39.01, { category_zh: '世界遗产' })),
    toSite(layer, pt('c', '兰村泉', 112.43, 38.0, { city: '太原市' })),
    toSite(layer, pt('d', '监测点', 112.5, 38.0, { public: false })),
  ].filter((s) => s !== null);

  it('never lists a feature marked non-public', () => {
    expect(sites.map((s) => s.id)).toEqual(['a', 'b', 'c']);
  });

  it('filters by text, category and city', () => {
    expect(querySites(sites, { text: '五台' }).map((s) => s.id)).toEqual(['b']);
    expect(querySites(sites, { category: '世界遗产' }).map((s) => s.id)).toEqual(['b']);
    expect(querySites(sites, { city: '太原市' }).map((s) => s.id)).toEqual(['c']);
    expect(querySites(sites, { text: '<img src=x onerror=alert(1)>' })).toEqual([]);
  });

  it('sorts by distance from the user when a position is given', () => {
    const near = querySites(sites, { near: { lon: 113.6, lat: 39.0 } });
    expect(near.map((s) => s.id)).toEqual(['b', 'a', 'c']);
    expect(near[0].km).toBeLessThan(2);
  });

  it('lists categories and cities for the filters', () => {
    expect(distinct(sites, 'city')).toEqual(['太原市', '忻州市'].sort((a, b) => a.localeCompare(b, 'zh')));
  });

  it('gives each site a link that opens the public map on it', () => {
    const s = parseHash(siteHash(sites[0]), { layerIds: ['inventory-items'], defaultLayers: [], defaultOpacity: {} });
    expect(s.route.mode).toBe('public');
    expect(s.state.selection).toEqual({ layer: 'inventory-items', id: 'a' });
  });
});

describe('the public list, filters and card in English', () => {
  it('every listed site of the real catalog has its category, city, level, section, description and note in English', async () => {
    const { readFileSync } = await import('node:fs');
    const { loadCatalogFromDisk } = await import('../../scripts/vite-plugin-catalog');
    const { listedLayers, siteCategory, siteCity, siteLevel, siteSection } = await import('../../src/public/sites');
    const catalog = loadCatalogFromDisk(process.cwd()).catalog!;
    const CJK = /[\u3400-\u9fff]/;
    const bad: string[] = [];
    let n = 0;
    for (const layer of listedLayers(catalog)) {
      for (const f of JSON.parse(readFileSync(`public/${layer.data}`, 'utf8')).features as Feature[]) {
        const s = toSite(layer, f);
        if (!s) continue;
        n++;
        const texts: [string, string | undefined][] = [
          ['name', s.name_en],
          ['category', siteCategory(s, 'en')],
          ['city', siteCity(s.city, 'en')],
          ['level', siteLevel(s.level, 'en')],
          ['section', siteSection(s.sourceSection, 'en')],
          ['description', s.description ? s.description_en : ''],
          ['note', s.note ? s.note_en : ''],
        ];
        for (const [k, v] of texts) if (v === undefined || CJK.test(v)) bad.push(`${s.layerId}/${s.id} ${k}: ${v}`);
      }
    }
    expect(n).toBeGreaterThan(20);
    expect(bad).toEqual([]);
  });
});

describe('a designation and its level on the site card', () => {
  it('says the designation once, in Chinese and in English', () => {
    expect(levelAfterDesignation('世界文化遗产', '世界文化遗产（文化景观，2009 年列入）')).toBe('（文化景观，2009 年列入）');
    expect(levelAfterDesignation('World cultural heritage', 'World cultural heritage (1997)')).toBe(' (1997)');
    expect(levelAfterDesignation('World cultural heritage', 'world  cultural heritage')).toBe('');
  });
  it('keeps a level that does not repeat the designation, after a separator', () => {
    expect(levelAfterDesignation('重点文保单位', '全国重点文物保护单位')).toBe(' · 全国重点文物保护单位');
    expect(levelAfterDesignation('Scenic area', 'National scenic area')).toBe(' · National scenic area');
    expect(levelAfterDesignation('Scenic area', undefined)).toBe('');
  });
});
