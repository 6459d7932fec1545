import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { intersect, featureCollection, feature } from '@turf/turf';
import type { Feature, Polygon, MultiPolygon } from 'geojson';
import { loadCatalogFromDisk } from '../../scripts/vite-plugin-catalog';
import type { Catalog } from '../../src/catalog/types';
import { PlanIndex } from '../../src/report/spatialIndex';
import { buildReport, type Report } from '../../src/report/report';
import { reportRows } from '../../src/report/rows';
import { reportCsv } from '../../src/report/csv';
import { parseLedger, unmappedFor } from '../../src/report/ledger';
import { geometryArea } from '../../src/measure/geodesic';

const QINGXU_SEAT: [number, number] = [112.32583, 37.61748]; // 清徐县 seat 清源镇 (public/data/base/seats.geojson, GeoNames)
let catalog: Catalog;
let index: PlanIndex;
let countyById: Map<string, Feature>;

beforeAll(() => {
  catalog = loadCatalogFromDisk(process.cwd()).catalog!;
  const layers = catalog.groups.flatMap((g) => g.layers);
  index = new PlanIndex(layers.map((layer) => ({ layer, features: JSON.parse(readFileSync(`public/${layer.data}`, 'utf8')).features })));
  countyById = new Map(index.layer('counties')!.features.map((f) => [String(f.properties!.id), f]));
});

const names = (r: Report, section: string) => r.sections.find((s) => s.id === section)!.entries.map((e) => e.name);
const pointReport = (at: [number, number], ledger: unknown = null) =>
  buildReport({ index, catalog, ledger: ledger === null ? null : parseLedger(ledger) }, { kind: 'point', at }, at);
const polygonReport = (g: Polygon | MultiPolygon) => buildReport({ index, catalog, ledger: null }, { kind: 'feature', layer: 'sketches', id: 'sk-1' }, g, '方案');

describe('what applies here: a point', () => {
  it('at the 清徐 seat: the county, its city and the plan elements there, each with source and accuracy', () => {
    const r = pointReport(QINGXU_SEAT);
    expect(r.shape).toBe('point');
    expect(r.outside).toBe(false);
    expect(r.counties.map((c) => c.name)).toEqual(['清徐县']);
    expect(r.cities.map((c) => c.name)).toEqual(['太原市']);
    const elements = names(r, 'elements');
    expect(elements).toContain('“一核”拓展：阳曲、清徐纳入太原城市空间规划');
    expect(elements).toContain('清徐县采煤沉陷区综合治理');
    // 清徐 is not one of the core's member counties, nor in the 太忻 zone
    expect(elements).not.toContain('太原榆次太谷发展核');
    expect(elements.some((n) => n.startsWith('太忻一体化经济区'))).toBe(false);
    const ext = r.sections.find((s) => s.id === 'elements')!.entries.find((e) => e.layer === 'plan-core-extension')!;
    expect(ext).toMatchObject({ relation: 'contains', accuracy: 'derived', doc: 'plan-2022', section: '第四章第一节', quote: '支持太原将阳曲、清徐纳入城市空间规划' });
    expect(ext.docTitle?.zh).toContain('山西中部城市群高质量发展规划');
    // zones of the county (declared there), the city's industry focus, the Fen river nearby with its distance
    expect(names(r, 'zones')).toContain('清徐经开区');
    expect(names(r, 'city-level')).toContain('太原：产业重点与定位');
    const fen = r.sections.find((s) => s.id === 'lines')!.entries.find((e) => e.layer === 'eco-corridors' && e.name === '汾河')!;
    expect(fen.distance!).toBeGreaterThan(1000);
    expect(fen.distance!).toBeLessThan(10_000);
    for (const s of r.sections) for (const e of s.entries) expect(['surveyed', 'derived', 'approximate', 'schematic', 'unmapped']).toContain(e.accuracy);
    // lines and sites come sorted by distance, all within the stated radius
    const d = r.sections.find((s) => s.id === 'lines')!.entries.map((e) => e.distance!);
    expect(d).toEqual([...d].sort((a, b) => a - b));
    expect(Math.max(...d)).toBeLessThanOrEqual(r.radii.lines);
  });

  it('a point in 小店区 is inside the core; a point outside the region has no county', () => {
    expect(names(pointReport([112.56, 37.74]), 'elements')).toContain('太原榆次太谷发展核');
    const out = pointReport([116.4, 39.9]);
    expect(out.outside).toBe(true);
    expect(out.counties).toEqual([]);
  });

  it("lists the county's and city's 'named, not mapped' items from the ledger, and says when there is none", () => {
    const ledger = {
      items: [
        { id: 'a', name: '清徐某项目', doc: 'plan-2022', section: '第六章第二节', status: 'unmapped', reason: 'no-location', why: '规划未给位置', quote: '原文甲', counties: ['140121'] },
        { id: 'b', name: '太原全市定位', doc: 'plan-2022', section: '第三章第一节', status: 'unmapped', reason: 'not-a-place', why: '城市定位', quote: '原文乙', cities: ['太原'] },
        { id: 'c', name: '别县项目', doc: 'plan-2022', section: '第六章', status: 'unmapped', counties: ['140702'] },
        { id: 'd', name: '已上图', doc: 'plan-2022', section: '第三章', status: 'mapped', counties: ['140121'] },
        { junk: true },
      ],
    };
    const r = pointReport(QINGXU_SEAT, ledger);
    expect(r.ledgerAvailable).toBe(true);
    const un = r.sections.find((s) => s.id === 'unmapped')!.entries;
    expect(un.map((e) => e.name)).toEqual(['清徐某项目', '太原全市定位']);
    expect(un[0]).toMatchObject({ relation: 'unmapped', accuracy: 'unmapped', quote: '原文甲', note: '规划未给位置', section: '第六章第二节' });
    expect(pointReport(QINGXU_SEAT).ledgerAvailable).toBe(false);
    expect(unmappedFor(parseLedger(ledger), [], ['太原市']).map((i) => i.id)).toEqual(['b']);
  });
});

describe('the shipped completeness ledger', () => {
  it("is read item by item, and the 清徐 seat's report lists the county's and 太原's unmapped items", () => {
    const file = JSON.parse(readFileSync('public/data/ledger.json', 'utf8'));
    const items = parseLedger(file);
    expect(items.length).toBe(file.items.length);
    const r = pointReport(QINGXU_SEAT, file);
    const un = r.sections.find((s) => s.id === 'unmapped')!.entries;
    expect(un.map((e) => e.name)).toContain('国家新型城镇化示范县（清徐、孝义）');
    expect(un.map((e) => e.name)).toContain('太原国家区域中心城市');
    // only unmapped items, only for 清徐 (140121) or 太原
    const byId = new Map(items.map((i) => [i.id, i]));
    for (const e of un) {
      const i = byId.get(e.id)!;
      expect(i.status).toBe('unmapped');
      expect(i.counties?.includes('140121') || i.cities?.includes('太原')).toBe(true);
      expect(e.quote).toBe(i.quote);
    }
  });
});

describe('what applies here: a polygon', () => {
  it("drawn as 清徐县's own outline: 100 % of the county, and the core extension by its share", () => {
    const qingxu = countyById.get('140121')!.geometry as Polygon | MultiPolygon;
    const r = polygonReport(qingxu);
    expect(r.shape).toBe('polygon');
    const q = r.counties.find((c) => c.name === '清徐县')!;
    expect(q.overlap!.ofQuery).toBeGreaterThan(0.999);
    expect(q.overlap!.ofFeature).toBeGreaterThan(0.999);
    for (const c of r.counties.filter((c) => c.name !== '清徐县')) expect(c.overlap!.ofQuery).toBeLessThan(0.001);
    const ext = r.sections.find((s) => s.id === 'elements')!.entries.find((e) => e.layer === 'plan-core-extension')!;
    const yangqu = geometryArea(countyById.get('140122')!.geometry);
    expect(ext.relation).toBe('overlaps');
    expect(ext.overlap!.area).toBeCloseTo(r.area!, -3);
    expect(ext.overlap!.ofFeature).toBeCloseTo(r.area! / (r.area! + yangqu), 3);
    // the report's mark sits inside the polygon
    expect(pointReport(r.at).counties.map((c) => c.name)).toEqual(['清徐县']);
  });

  it('overlaps of derived elements (summed over member counties) equal a direct intersection', () => {
    const poly: Polygon = { type: 'Polygon', coordinates: [[[111.9, 37.1], [112.4, 37.05], [112.5, 37.5], [112.0, 37.55], [111.9, 37.1]]] };
    const r = polygonReport(poly);
    const belts = index.layer('plan-belts')!.features;
    const fen = belts.find((f) => f.properties!.id === 'belt-fenhe-valley')!;
    const direct = geometryArea(intersect(featureCollection([feature(poly), feature(fen.geometry as Polygon | MultiPolygon)]))!.geometry);
    const e = r.sections.find((s) => s.id === 'elements')!.entries.find((x) => x.id === 'belt-fenhe-valley')!;
    expect(Math.abs(e.overlap!.area - direct) / direct).toBeLessThan(0.001);
    expect(e.overlap!.ofQuery).toBeCloseTo(direct / r.area!, 3);
    // entries of the elements section come largest overlap first
    const areas = r.sections.find((s) => s.id === 'elements')!.entries.map((x) => x.overlap!.area);
    expect(areas).toEqual([...areas].sort((a, b) => b - a));
    // points inside the drawn area are marked as such
    expect(r.sections.find((s) => s.id === 'zones')!.entries.some((x) => x.relation === 'inside')).toBe(true);
  });

  it('a polygon enclosing a whole county counts that county in full', () => {
    const box: Polygon = { type: 'Polygon', coordinates: [[[111.8, 37.3], [112.8, 37.3], [112.8, 37.9], [111.8, 37.9], [111.8, 37.3]]] };
    const q = polygonReport(box).counties.find((c) => c.name === '清徐县')!;
    expect(q.overlap!.ofFeature).toBeCloseTo(1, 9);
  });
});

describe('report as rows and CSV', () => {
  it('CSV: BOM, a header, the place first, one row per entry with distance/overlap, quote and source', () => {
    const r = pointReport(QINGXU_SEAT);
    const csv = reportCsv(r, 'zh');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const parsed = Papa.parse<string[]>(csv.slice(1).trim(), { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const [header, first, ...rest] = parsed.data;
    expect(header.slice(0, 5)).toEqual(['分类', '名称', '要素类型', '图层', '关系']);
    expect(first[0]).toBe('查询位置');
    expect(first[1]).toBe('37.61748°N, 112.32583°E');
    expect(rest.length).toBe(r.sections.reduce((s, x) => s + x.entries.length, 0));
    expect(parsed.data.every((row) => row.length === header.length)).toBe(true);
    const county = rest.find((row) => row[1] === '清徐县')!;
    expect(county[0]).toBe('所在行政区');
    const ext = rest.find((row) => row[1].startsWith('“一核”拓展'))!;
    expect(ext).toContain('支持太原将阳曲、清徐纳入城市空间规划');
    expect(ext).toContain('推算');
    const fen = rest.find((row) => row[1] === '汾河' && row[2] === '多廊')!;
    expect(Number(fen[5])).toBeGreaterThan(1);
    expect(reportCsv(r, 'en')).toContain('Qingxu County');
  });

  it('a polygon row gives overlap in km² and 亩 with both shares', () => {
    const qingxu = countyById.get('140121')!.geometry as Polygon;
    const rows = reportRows(polygonReport(qingxu), 'zh');
    // the sketch panel's format: km² · 公顷 · 亩 with thousands separators (issue 22)
    expect(rows[0].name).toMatch(/^方案 · [\d.,]+ km² · [\d,]+ 公顷 · [\d,]+ 亩$/);
    const row = rows.find((x) => x.name === '清徐县')!;
    expect(row.share_of_query).toBe('100%');
    expect(Number(row.overlap_mu)).toBeCloseTo(Number(row.overlap_km2) * 1500, -2);
  });
});
