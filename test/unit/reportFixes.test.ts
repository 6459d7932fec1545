/**
 * Issue 22, item 8: a report names each thing once (汾河 is a river and a corridor: one entry), the
 * city-wide "named, not mapped" items are marked so the panel folds them into one line, and the
 * report's numbers read like the sketch panel's.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadCatalogFromDisk } from '../../scripts/vite-plugin-catalog';
import type { Catalog } from '../../src/catalog/types';
import { PlanIndex } from '../../src/report/spatialIndex';
import { buildReport, mergeSameName, type ReportEntry } from '../../src/report/report';
import { parseLedger } from '../../src/report/ledger';
import { placeText, reportRows } from '../../src/report/rows';
import { formatArea } from '../../src/measure/units';

const QINGXU_SEAT: [number, number] = [112.32583, 37.61748];
let catalog: Catalog;
let index: PlanIndex;
beforeAll(() => {
  catalog = loadCatalogFromDisk(process.cwd()).catalog!;
  const layers = catalog.groups.flatMap((g) => g.layers);
  index = new PlanIndex(layers.map((layer) => ({ layer, features: JSON.parse(readFileSync(`public/${layer.data}`, 'utf8')).features })));
});
const ledger = () => parseLedger(JSON.parse(readFileSync('public/data/ledger.json', 'utf8')));
const at = (p: [number, number]) => buildReport({ index, catalog, ledger: ledger() }, { kind: 'point', at: p }, p);

describe('a report names each thing once', () => {
  it('汾河 near 清徐 is one entry: the plan’s corridor, with the base map’s river listed with it', () => {
    const lines = at(QINGXU_SEAT).sections.find((s) => s.id === 'lines')!.entries;
    const fen = lines.filter((e) => e.name === '汾河');
    expect(fen).toHaveLength(1);
    expect(fen[0].layer).toBe('eco-corridors');
    expect(fen[0].also?.map((a) => a.layer)).toEqual(['rivers']);
    // the CSV row names both layers
    const rows = reportRows(at(QINGXU_SEAT), 'zh').filter((r) => r.name === '汾河');
    expect(rows).toHaveLength(1);
    expect(rows[0].layer).toContain(' / ');
  });

  it('merging keeps the nearest distance and leaves different names alone', () => {
    const e = (layer: string, name: string, distance: number, quote?: string) => ({ layer, name, distance, quote, id: layer, layerTitle: { zh: layer, en: layer }, relation: 'near', accuracy: 'surveyed', doc: 'd' }) as ReportEntry;
    const out = mergeSameName([e('rivers', '汾河', 500), e('eco-corridors', '汾河', 900, '原文'), e('rivers', '滹沱河', 700)]);
    expect(out.map((x) => [x.layer, x.distance])).toEqual([['eco-corridors', 500], ['rivers', 700]]);
  });
});

describe('city-wide items not on the map', () => {
  it('are marked as the city’s, after the county’s own (the panel folds them into one line)', () => {
    const un = at(QINGXU_SEAT).sections.find((s) => s.id === 'unmapped')!.entries;
    const city = un.filter((e) => e.scope === 'city');
    expect(city.length).toBeGreaterThan(10);
    expect(un.slice(0, un.length - city.length).every((e) => e.scope === undefined)).toBe(true);
    expect(un.map((e) => e.name)).toContain('国家新型城镇化示范县（清徐、孝义）');
  });
});

describe('one number format', () => {
  it('a polygon’s area in the report reads as in the sketch panel', () => {
    const qingxu = index.layer('counties')!.features.find((f) => f.properties!.id === '140121')!.geometry as any;
    const r = buildReport({ index, catalog, ledger: null }, { kind: 'feature', layer: 'sketches', id: 'sk-1' }, qingxu, '方案');
    expect(placeText(r, 'zh')).toBe(`方案 · ${formatArea(r.area!, 'zh')}`);
  });
});
