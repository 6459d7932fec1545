import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature, FeatureCollection } from 'geojson';
import { buildSearchIndex, searchEntries, normalize, type SearchCatalog, type SearchEntry } from '../../src/search/searchIndex';

const root = process.cwd();

interface RawLayer {
  id: string;
  title: { zh: string; en: string };
  data: string;
  geometry: 'polygon' | 'line' | 'point';
}
interface RawGroup {
  order: number;
  layers: RawLayer[];
}

// The real catalog and data, read from disk.
const groups: RawGroup[] = readdirSync(join(root, 'layers'))
  .filter((n) => n.endsWith('.json') && n !== 'sources.json')
  .sort()
  .map((n) => JSON.parse(readFileSync(join(root, 'layers', n), 'utf8')) as RawGroup)
  .sort((a, b) => a.order - b.order);
const dataOf = new Map<string, Feature[]>();
for (const g of groups) {
  for (const l of g.layers) {
    const fc = JSON.parse(readFileSync(join(root, 'public', l.data), 'utf8')) as FeatureCollection;
    dataOf.set(l.id, fc.features);
  }
}
const catalog: SearchCatalog = { groups };
const index = buildSearchIndex(catalog, (id) => dataOf.get(id) ?? []);

const label = (e: SearchEntry) => `${e.layerId}:${e.name}`;

describe('search index', () => {
  it('has one entry per (layer, id) for every named feature', () => {
    const keys = index.map((e) => `${e.layerId}/${e.id}`);
    expect(new Set(keys).size).toBe(keys.length);
    const layerIds = new Set(index.map((e) => e.layerId));
    for (const id of ['counties', 'cities', 'rivers', 'plan-belts', 'plan-zones', 'plan-railways', 'eco-corridors']) {
      expect(layerIds).toContain(id);
    }
    const taigu = index.find((e) => e.layerId === 'counties' && e.name === '太谷区')!;
    expect(taigu.layerTitle.zh).toBeTruthy();
    expect(taigu.layerTitle.en).toBeTruthy();
    expect(taigu.geometry).toBe('polygon');
  });

  it('"太谷" finds 太谷区 (counties) first', () => {
    const r = searchEntries(index, '太谷');
    expect(label(r[0])).toBe('counties:太谷区');
    // other features that mention 太谷 are found too, after it
    expect(r.some((e) => e.name.includes('太谷') && e.layerId !== 'counties')).toBe(true);
  });

  it('"Taigu" (any case, full-width, padded) finds 太谷区', () => {
    for (const q of ['Taigu', 'taigu', ' TAIGU ', 'Ｔａｉｇｕ', 'taigu district']) {
      expect(searchEntries(index, q).map(label)).toContain('counties:太谷区');
    }
    expect(label(searchEntries(index, 'Taigu')[0])).toBe('counties:太谷区');
  });

  it('county short forms: 平遥 → 平遥县, 阳泉城区 → 阳泉市城区', () => {
    expect(searchEntries(index, '平遥').map(label)).toContain('counties:平遥县');
    const r = searchEntries(index, '阳泉城区');
    expect(r[0].layerId).toBe('counties');
    expect(r[0].name_full).toBe('阳泉市城区');
    expect(label(searchEntries(index, '阳泉市城区')[0])).toBe('counties:城区');
    expect(searchEntries(index, '阳泉 城区').map(label)).toContain('counties:城区');
  });

  it('"沿黄" finds the 沿黄城镇带 belt', () => {
    const r = searchEntries(index, '沿黄');
    const belt = r.find((e) => e.layerId === 'plan-belts');
    expect(belt?.name).toBe('沿黄城镇带');
    // prefix matches (shorter first) rank above names that only contain 沿黄
    expect(r[0].name).toBe('沿黄城镇带');
    const firstInner = r.findIndex((e) => !e.name.startsWith('沿黄'));
    if (firstInner >= 0) expect(r.slice(firstInner).every((e) => !e.name.startsWith('沿黄'))).toBe(true);
  });

  it('"fen" finds features on the 汾河 by English name, at word starts only', () => {
    const r = searchEntries(index, 'fen');
    expect(r.length).toBeGreaterThan(0);
    expect(r.some((e) => e.name.includes('汾河'))).toBe(true);
    for (const e of r) {
      const all = [e.name_en ?? '', ...e.alt].map(normalize);
      expect(all.some((s) => /(^|[^a-z0-9])fen/.test(s))).toBe(true);
    }
    expect(searchEntries(index, 'Fen River').some((e) => e.layerId === 'rivers' && e.name === '汾河')).toBe(true);
  });

  it('"中北" finds 中北高新区 in plan-zones', () => {
    const r = searchEntries(index, '中北');
    expect(r.map(label)).toContain('plan-zones:中北高新区');
    expect(label(r[0])).toBe('plan-zones:中北高新区');
  });

  it('"大西" finds the 大西 railway', () => {
    const r = searchEntries(index, '大西');
    expect(r.find((e) => e.layerId === 'plan-railways')?.name).toBe('大西高铁');
  });

  it('empty and whitespace queries return nothing', () => {
    for (const q of ['', ' ', '   \t\n', '\u3000']) expect(searchEntries(index, q)).toEqual([]);
  });

  it('regex and HTML characters are plain text', () => {
    for (const q of ['<img', '(.*', '<img src=x onerror=alert(1)>', '.*', '[', '\\', '$^|?+']) {
      expect(() => searchEntries(index, q)).not.toThrow();
    }
    expect(searchEntries(index, '<img')).toEqual([]);
    expect(searchEntries(index, '(.*')).toEqual([]);
    expect(searchEntries(index, '.*')).toEqual([]);
  });

  it('respects the limit', () => {
    expect(searchEntries(index, '太原').length).toBeLessThanOrEqual(12);
    expect(searchEntries(index, '太原', 3)).toHaveLength(3);
    expect(searchEntries(index, 'a', 5)).toHaveLength(5);
    expect(searchEntries(index, '太原', 0)).toEqual([]);
  });

  it('shorter names first on ties, stable otherwise', () => {
    const r = searchEntries(index, '太原', 50);
    const twice = searchEntries(index, '太原', 50);
    expect(twice).toEqual(r);
    // exact 太原 names (the city's short form, heritage entries) precede longer names
    expect(r[0].name.startsWith('太原')).toBe(true);
  });

  it('skips features without id or name', () => {
    const small = buildSearchIndex(
      { groups: [{ layers: [{ id: 'x', title: { zh: '甲', en: 'A' }, geometry: 'point' }] }] },
      () => [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [112.5, 37.8] }, properties: { id: 'a', name: '甲地' } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [112.5, 37.8] }, properties: { id: 'a', name: '重复' } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [112.5, 37.8] }, properties: { name: '无编号' } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [112.5, 37.8] }, properties: { id: 'c' } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [112.5, 37.8] }, properties: null },
      ],
    );
    expect(small.map((e) => e.id)).toEqual(['a']);
  });
});
