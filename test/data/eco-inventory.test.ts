// Validates the ecological-pattern and inventory layers (public/data/eco/, built by
// scripts/data/build-eco.mjs) and their catalog groups (layers/ecology.json, layers/inventory.json).
// Plain Node, no network.
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, LineString, Point, Polygon, MultiPolygon } from 'geojson';
import { LayerGroup, Sources } from '../../src/catalog/schema';
import { validateFeatureCollection, validateCatalog } from '../../src/catalog/validate';
import { INVENTORY_CATEGORIES, CATEGORY_BY_ID } from '../../src/inventory/categories';

const ROOT = path.resolve(__dirname, '../..');
const SEEDS = path.resolve(ROOT, '../shared/seeds');
const readJson = (p: string) => JSON.parse(fs.readFileSync(path.join(ROOT, p), 'utf8'));
const readFC = (p: string): FeatureCollection => readJson(p);

const GROUP_FILES = ['layers/ecology.json', 'layers/inventory.json'];
const sources = readJson('layers/sources.json');
const sourceIds = new Set(Object.keys(sources));
const groups = GROUP_FILES.map((f) => ({ file: f, json: readJson(f) }));
const dataFiles = groups.flatMap((g) => g.json.layers.map((l: { data: string }) => l.data));

const region = readFC('public/data/base/region.geojson').features[0] as Feature<Polygon | MultiPolygon>;
const inventory = readFC('public/data/eco/inventory.geojson').features as Feature<Point, Record<string, any>>[];
const heritage = readFC('public/data/eco/heritage-region.geojson').features as Feature<Point, Record<string, any>>[];
const zone = readFC('public/data/eco/taixin-zone.geojson').features[0] as Feature<Polygon | MultiPolygon, Record<string, any>>;

describe('inventory categories (清单, seed 003)', () => {
  it('has the 15 categories in two classes with the official counts', () => {
    const got = INVENTORY_CATEGORIES.map((c) => [c.class, c.zh, c.count]);
    expect(got).toEqual([
      ['ecology', '自然保护地', 25],
      ['ecology', 'Ⅰ级林地', 70000],
      ['ecology', '饮用水源地', 13],
      ['ecology', '岩溶大泉', 4],
      ['ecology', '地下水超采区', 4],
      ['ecology', '大气监测点', 26],
      ['ecology', '水质监测断面', 14],
      ['ecology', '气象观测站', 167],
      ['culture', '世界遗产', 1],
      ['culture', '重点文保单位', 110],
      ['culture', '历史文化名城', 2],
      ['culture', '历史文化街区', 8],
      ['culture', '历史文化名镇', 3],
      ['culture', '历史文化名村（传统村落）', 15],
      ['culture', '工业遗产', 1],
    ]);
    expect(CATEGORY_BY_ID.get('forest-level-1')).toMatchObject({ unit: 'ha', approx: true });
    for (const id of ['air-monitoring', 'water-quality-section', 'weather-station']) expect(CATEGORY_BY_ID.get(id)!.public).toBe(false);
  });
});

describe('eco/inventory catalog groups', () => {
  it('parse with the catalog schema and have the agreed order', () => {
    for (const g of groups) {
      const r = LayerGroup.safeParse(g.json);
      expect(r.success, `${g.file}: ${r.success ? '' : JSON.stringify(r.error.issues)}`).toBe(true);
    }
    expect(groups.map((g) => [g.json.id, g.json.order])).toEqual([['ecology', 60], ['inventory', 70]]);
    expect(Sources.safeParse(sources).success).toBe(true);
  });

  it('validate together with their data (validateCatalog)', () => {
    const { errors } = validateCatalog({
      groups: Object.fromEntries(groups.map((g) => [g.file, g.json])),
      sources,
      readData: (p) => (fs.existsSync(path.join(ROOT, 'public', p)) ? readJson(path.join('public', p)) : undefined),
    });
    expect(errors).toEqual([]);
  });

  it('every data file is a valid feature collection with cited, classed features', () => {
    for (const d of dataFiles) {
      const fc = readJson(path.join('public', d));
      expect(validateFeatureCollection(d, fc, sourceIds)).toEqual([]);
      for (const f of fc.features) {
        expect(f.properties.source_section, `${d} ${f.properties.id}`).toBeTruthy();
        expect(f.properties.source_quote, `${d} ${f.properties.id}`).toBeTruthy();
        expect(f.properties.source_quote.length, `${d} ${f.properties.id}`).toBeLessThanOrEqual(60);
        expect(f.properties.id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
      }
    }
  });

  it('feature ids are unique across all eco and inventory files', () => {
    const ids = dataFiles.flatMap((d) => readJson(path.join('public', d)).features.map((f: any) => f.properties.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('every quote is verbatim in the seed document it cites', () => {
    const seedText = new Map<string, string>();
    for (const [id, s] of Object.entries(sources) as [string, { file?: string }][]) {
      if (s.file && fs.existsSync(path.join(SEEDS, s.file))) seedText.set(id, fs.readFileSync(path.join(SEEDS, s.file), 'utf8'));
    }
    if (seedText.size === 0) return; // seeds not beside the clone: nothing to compare against
    for (const d of dataFiles) {
      for (const f of readJson(path.join('public', d)).features) {
        const text = seedText.get(f.properties.source_doc);
        expect(text, `${d} ${f.properties.id}: seed for ${f.properties.source_doc}`).toBeDefined();
        expect(text!.includes(f.properties.source_quote), `${d} ${f.properties.id}: “${f.properties.source_quote}”`).toBe(true);
      }
    }
  });

  it('schematic layers look schematic (dashed or band legend marked 示意)', () => {
    for (const g of groups) {
      for (const l of g.json.layers) {
        if (l.accuracy !== 'schematic') continue;
        // a layer that mixes located and schematic features (eco-places) marks its dashed classes
        const dashed = (e: any) => (e.value !== undefined ? l.style.classes?.symbols[e.value]?.dash : undefined) ?? l.style.dash;
        const rows = l.geometry === 'point' ? l.legend.filter(dashed) : l.legend;
        expect(rows.length, `${l.id} has schematic rows`).toBeGreaterThan(0);
        const marked = rows.every((e: any) => `${e.label.zh}${l.title.zh}`.includes('示意'));
        expect(marked, `${l.id} legend must say 示意`).toBe(true);
        expect(l.style.dash ?? rows.map(dashed).find(Boolean) ?? (l.geometry === 'polygon' ? [1, 1] : undefined), `${l.id} dashed`).toBeDefined();
      }
    }
  });
});

describe('inventory items', () => {
  it('each has a category from the 15, matching class/zh/public, a source and an accuracy', () => {
    expect(inventory.length).toBeGreaterThan(0);
    for (const f of inventory) {
      const p = f.properties;
      const cat = CATEGORY_BY_ID.get(p.category);
      expect(cat, p.id).toBeDefined();
      expect(p.kind).toBe('inventory-item');
      expect(p.class).toBe(cat!.class);
      expect(p.category_zh).toBe(cat!.zh);
      expect(p.public).toBe(cat!.public);
      expect(p.source_doc).toBe('taixin-inventory-2022');
      expect(['approximate', 'schematic']).toContain(p.accuracy);
      expect(p.basis, p.id).toBeTruthy();
      expect(p.description, p.id).toBeTruthy();
      expect(p.level, p.id).toBeTruthy();
      expect(p.county_code, p.id).toMatch(/^14\d{4}$/);
      expect(p.note, p.id).toContain('非清单原文');
    }
  });

  it('each lies inside the region', () => {
    for (const f of [...inventory, ...heritage]) {
      expect(turf.booleanPointInPolygon(f.geometry.coordinates, region), f.properties.id).toBe(true);
    }
  });

  it('each lies in the (schematic) Taixin zone, except city-wide points that say so', () => {
    for (const f of inventory) {
      const inside = turf.booleanPointInPolygon(f.geometry.coordinates, zone);
      expect(inside, f.properties.id).toBe(f.properties.in_zone);
      if (!inside) expect(f.properties.category).toBe('historic-city');
    }
  });

  it('no category has more placed items than its official count', () => {
    const placed = new Map<string, number>();
    for (const f of inventory) placed.set(f.properties.category, (placed.get(f.properties.category) ?? 0) + 1);
    for (const c of INVENTORY_CATEGORIES) {
      const n = placed.get(c.id) ?? 0;
      if (c.unit === 'item') expect(n, c.id).toBeLessThanOrEqual(c.count);
      else expect(n, `${c.id} is an area, not a list of points`).toBe(0);
    }
    // monitoring categories are non-public and none is placed
    for (const id of ['air-monitoring', 'water-quality-section', 'weather-station']) expect(placed.get(id) ?? 0).toBe(0);
  });

  it('region heritage matches 第一章第二节: 2 world heritage, 4 national historic cities, 4 5A sites', () => {
    const by = (g: string) => heritage.filter((f) => f.properties.group === g).map((f) => f.properties.name).sort();
    expect(by('world-heritage')).toEqual(['五台山', '平遥古城'].sort());
    expect(by('historic-city')).toEqual(['代县', '太原', '平遥', '祁县'].sort());
    expect(by('5a-scenic')).toHaveLength(4);
  });
});

describe('ecological pattern', () => {
  const axis = readFC('public/data/eco/axis.geojson').features.find((f) => f.properties!.id === 'eco-axis-fenhe') as Feature<Polygon | MultiPolygon>;
  const fen = readFC('public/data/base/rivers.geojson').features.find((f) => f.properties!.id === 'fenhe') as Feature<LineString>;

  it('the 汾河 axis band contains the surveyed 汾河 line near Taiyuan', () => {
    const near = fen.geometry.coordinates.filter(([x, y]) => y > 37.6 && y < 38.0 && x > 112.3 && x < 112.7);
    expect(near.length).toBeGreaterThan(5);
    for (const c of near) expect(turf.booleanPointInPolygon(c, axis), c.join(',')).toBe(true);
    // and every sample of the line inside the region lies in the band
    const len = turf.length(fen);
    for (let d = 0; d < len; d += 5) {
      const p = turf.along(fen, d);
      const inRegion = turf.booleanPointInPolygon(p, region);
      if (inRegion && turf.pointToPolygonDistance(p, region, { units: 'kilometers' }) < -0.5) {
        expect(turf.booleanPointInPolygon(p, axis), `km ${d}`).toBe(true);
      }
    }
  });

  it('surveyed corridors reuse the base river geometry; schematic lines end on a surveyed river', () => {
    const rivers = new Map(readFC('public/data/base/rivers.geojson').features.map((f) => [f.properties!.id, f as Feature<LineString>]));
    const surveyed = readFC('public/data/eco/corridors.geojson').features;
    expect(surveyed.map((f) => f.properties!.name).sort()).toEqual(['汾河', '滹沱河', '桑干河', '漳河（浊漳河北源）', '黄河'].sort());
    for (const f of surveyed) expect(f.properties!.accuracy).toBe('surveyed');
    const schematic = readFC('public/data/eco/corridors-schematic.geojson').features as Feature<LineString, any>[];
    for (const f of schematic) expect(f.properties.accuracy).toBe('schematic');
    const ends: Record<string, string> = { 'eco-corridor-xiaohe': 'fenhe', 'eco-corridor-wenyuhe': 'fenhe', 'eco-corridor-sanchuanhe': 'huanghe', 'eco-corridor-mumahe': 'hutuohe' };
    for (const [id, rid] of Object.entries(ends)) {
      const f = schematic.find((s) => s.properties.id === id)!;
      const end = f.geometry.coordinates.at(-1)!;
      expect(turf.pointToLineDistance(end, rivers.get(rid)!, { units: 'kilometers' }), id).toBeLessThan(0.05);
    }
  });

  it('subsidence covers the six counties named in the 2019 document', () => {
    const sub = readFC('public/data/eco/subsidence.geojson').features.map((f) => f.properties!.county).sort();
    expect(sub).toEqual(['万柏林区', '古交市', '娄烦县', '晋源区', '清徐县', '阳曲县'].sort());
  });

  it('the Taixin zone is schematic, states its basis and lies within Taiyuan and Xinzhou', () => {
    expect(zone.properties.accuracy).toBe('schematic');
    expect(zone.properties.note).toMatch(/种子文件/);
    for (const code of zone.properties.county_codes) expect(code).toMatch(/^(1401|1409)/);
  });

  it('the generated files stay small', () => {
    const total = fs.readdirSync(path.join(ROOT, 'public/data/eco')).reduce((s, n) => s + fs.statSync(path.join(ROOT, 'public/data/eco', n)).size, 0);
    expect(total).toBeLessThan(300 * 1024);
  });
});
