// The inventory importer (CSV / GeoJSON → validated items, all or nothing), the exporter
// (round trip) and the inventory filter / counts.
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { parseInventoryFile, InventoryItemSchema, type ImportReport } from '../../src/inventory/importer';
import { toCsv, toGeoJSON, CSV_COLUMNS } from '../../src/inventory/exporter';
import { countByCategory, distinctValues, filterInventory, mergeInventory } from '../../src/inventory/merge';
import { INVENTORY_CATEGORIES } from '../../src/inventory/categories';
import { distance } from '@turf/turf';
import * as fx from '../fixtures/fixtures';
import { gk } from '../fixtures/gk';

const ROOT = path.resolve(__dirname, '../..');
const REGION_FILE = path.join(ROOT, 'public/data/base/region.geojson');
/** The real region outline when built, else a rectangle around it (110.2–114.2 E, 36.0–39.7 N). */
const region: Feature<Polygon | MultiPolygon> = fs.existsSync(REGION_FILE)
  ? JSON.parse(fs.readFileSync(REGION_FILE, 'utf8')).features[0]
  : {
      type: 'Feature',
      properties: {},
      geometry: { type: 'Polygon', coordinates: [[[110.2, 36.0], [114.2, 36.0], [114.2, 39.7], [110.2, 39.7], [110.2, 36.0]]] },
    };

const BOM = '\uFEFF';
const HEADER = 'name,category,lon,lat';
const csv = (...lines: string[]) => BOM + lines.join('\r\n') + '\r\n';
const parse = (name: string, text: string | Uint8Array, existing: Feature[] = [], extra: { maxBytes?: number; maxRows?: number } = {}) =>
  parseInventoryFile(name, text, { region, existing, ...extra });

/** Expects a rejected import: ok false, nothing imported, and the given row carries a message containing each fragment. */
function expectRowError(r: ImportReport, row: number, ...fragments: string[]) {
  expect(r.ok).toBe(false);
  expect(r.items).toEqual([]);
  const rr = r.rows.find((x) => x.row === row);
  expect(rr, `row ${row} in report`).toBeDefined();
  expect(rr!.status).toBe('error');
  const all = rr!.messages.join('\n');
  for (const f of fragments) expect(all).toContain(f);
}

function expectFileError(r: ImportReport, ...fragments: string[]) {
  expect(r.ok).toBe(false);
  expect(r.items).toEqual([]);
  expect(r.rows).toEqual([]);
  const all = r.messages.join('\n') + '\n' + r.summary;
  for (const f of fragments) expect(all).toContain(f);
}

// Real places inside the region (approximate positions).
const GOOD_CSV = csv(
  '名称,类别,经度,纬度,level,city,county,description,accuracy',
  '晋祠,重点文保单位,112.4375,37.7079,全国重点文物保护单位,太原,晋源区,"祠庙建筑群, 宋代圣母殿",surveyed',
  '平遥古城,世界遗产,112.1794,37.2010,世界级,晋中市,平遥县,"明清县城, 城墙完整",',
  '天龙山,Protected natural areas,112.4030,37.7180,国家级,太原市,晋源区,,示意',
  '张壁村,历史文化名村,111.9140,36.9930,,晋中市,介休市,"""古堡"" 村落",',
  '',
  '',
);

describe('importer: good files', () => {
  it('imports a CSV with BOM, CRLF, quoted commas, Chinese headers and category names, and empty trailing lines', () => {
    const r = parse('清单.csv', GOOD_CSV);
    expect(r.format).toBe('csv');
    expect(r.errorCount).toBe(0);
    expect(r.ok).toBe(true);
    expect(r.items).toHaveLength(4);
    expect(r.rows.map((x) => x.row)).toEqual([2, 3, 4, 5]);
    expect(r.rows.every((x) => x.status === 'ok')).toBe(true);
    const [jc, py, tl, zb] = r.items.map((f) => f.properties);
    expect(jc).toMatchObject({
      id: 'import-1', name: '晋祠', kind: 'inventory-item', class: 'culture', category: 'key-heritage-site', category_zh: '重点文保单位',
      level: '全国重点文物保护单位', city: '太原市', county: '晋源区', description: '祠庙建筑群, 宋代圣母殿',
      accuracy: 'surveyed', source_doc: 'user-import', source_section: '清单.csv', public: true,
    });
    expect(r.items[0].geometry.coordinates).toEqual([112.4375, 37.7079]);
    expect(py).toMatchObject({ category: 'world-heritage', accuracy: 'approximate', city: '晋中市' });
    expect(tl).toMatchObject({ category: 'nature-reserve', class: 'ecology', accuracy: 'schematic' });
    expect(zb).toMatchObject({ category: 'historic-village', description: '"古堡" 村落' });
    expect(zb.level).toBeUndefined();
    for (const f of r.items) expect(InventoryItemSchema.safeParse(f.properties).success).toBe(true);
    expect(r.summary).toContain('4');
  });

  it('accepts longitude/latitude and x/y headers, category ids, and keeps given ids', () => {
    const a = parse('a.csv', 'id,name,category,longitude,latitude\nJ-01,晋祠,key-heritage-site,112.4375,37.7079\n');
    expect(a.ok).toBe(true);
    expect(a.items[0].properties.id).toBe('J-01');
    const b = parse('b.txt', 'name,category,x,y\n晋祠,key-heritage-site,112.4375,37.7079');
    expect(b.ok).toBe(true);
    expect(b.format).toBe('csv');
  });

  it('marks sensitive categories (monitoring points) non-public', () => {
    const r = parse('m.csv', csv(HEADER, '某监测点,大气监测点,112.55,37.85'));
    expect(r.ok).toBe(true);
    expect(r.items[0].properties).toMatchObject({ category: 'air-monitoring', public: false });
  });

  it('imports a GeoJSON FeatureCollection of Points', () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: '晋祠', category: '重点文保单位', level: '国家级', accuracy: 'derived' }, geometry: { type: 'Point', coordinates: [112.4375, 37.7079] } },
        { type: 'Feature', id: 'wt-1', properties: { name: '五台山', category: 'World Heritage sites' }, geometry: { type: 'Point', coordinates: [113.5930, 39.0330] } },
      ],
    };
    const r = parse('list.geojson', JSON.stringify(fc));
    expect(r.format).toBe('geojson');
    expect(r.ok).toBe(true);
    expect(r.items.map((f) => f.properties.id)).toEqual(['import-1', 'wt-1']);
    expect(r.items[0].properties).toMatchObject({ category: 'key-heritage-site', accuracy: 'derived', source_section: 'list.geojson' });
    expect(r.items[1].properties).toMatchObject({ category: 'world-heritage', accuracy: 'approximate' });
  });

  it('detects GeoJSON by content even with a .csv name, and CSV with no extension', () => {
    const fc = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: '晋祠', category: 'key-heritage-site' }, geometry: { type: 'Point', coordinates: [112.4375, 37.7079] } }] };
    expect(parse('odd.csv', JSON.stringify(fc)).format).toBe('geojson');
    expect(parse('noext', csv(HEADER, '晋祠,key-heritage-site,112.4375,37.7079')).ok).toBe(true);
  });

  it('keeps text as plain strings (HTML is not interpreted), trims and cuts to 500 characters with a warning', () => {
    const xss = '<img src=x onerror=alert(1)>';
    const long = '长'.repeat(600);
    const r = parse('x.csv', csv('name,category,lon,lat,description,note', `  ${xss}  ,重点文保单位,112.4375,37.7079,"${xss}",${long}`));
    expect(r.ok).toBe(true);
    const p = r.items[0].properties;
    expect(p.name).toBe(xss);
    expect(p.description).toBe(xss);
    expect(p.note).toHaveLength(500);
    expect(r.rows[0].status).toBe('warning');
    expect(r.rows[0].messages[0]).toContain('500');
  });

  it('assigns import-<n> ids that do not clash with the existing inventory', () => {
    const existing: Feature[] = [
      { type: 'Feature', properties: { id: 'import-1', name: 'x', category: 'water-source' }, geometry: { type: 'Point', coordinates: [111, 38] } },
      { type: 'Feature', properties: { id: 'import-2', name: 'y', category: 'water-source' }, geometry: { type: 'Point', coordinates: [111, 38] } },
    ];
    const r = parse('a.csv', csv(HEADER, '晋祠,重点文保单位,112.4375,37.7079', '天龙山,自然保护地,112.403,37.718'), existing);
    expect(r.ok).toBe(true);
    expect(r.items.map((f) => f.properties.id)).toEqual(['import-3', 'import-4']);
  });

  it('warns (does not reject) when an item with the same name and category is far away', () => {
    const existing: Feature[] = [
      { type: 'Feature', properties: { id: 'e1', name: '晋祠', category: 'key-heritage-site' }, geometry: { type: 'Point', coordinates: [112.6, 37.9] } },
    ];
    const r = parse('a.csv', csv(HEADER, '晋祠,重点文保单位,112.4375,37.7079'), existing);
    expect(r.ok).toBe(true);
    expect(r.rows[0].status).toBe('warning');
    expect(r.rows[0].messages[0]).toContain('e1');
  });
});

describe('importer: bad rows (each one rejects the whole file)', () => {
  const good = '晋祠,重点文保单位,112.4375,37.7079';

  it('missing name', () => {
    expectRowError(parse('a.csv', csv(HEADER, good, ',重点文保单位,112.40,37.72')), 3, '第3行：缺少名称', 'row 3: missing name');
  });

  it('unknown category', () => {
    const r = parse('a.csv', csv(HEADER, good, '某林场,森林,112.40,37.72'));
    expectRowError(r, 3, '第3行：未知类别 “森林”', 'row 3: unknown category “森林”');
    expect(r.rows[0].status).toBe('ok'); // the good row is reported ok, but still not imported
    expect(r.summary).toContain('nothing was imported');
  });

  it('bad or missing coordinates', () => {
    const r = parse('a.csv', csv(HEADER, good, '甲,自然保护地,abc,37.72', '乙,自然保护地,,37.72', '丙,自然保护地,"112,5",37.72'));
    expectRowError(r, 3, 'longitude “abc” is not a number');
    expectRowError(r, 4, '缺少经度', 'missing longitude');
    expectRowError(r, 5, 'comma as decimal separator');
  });

  it('longitude and latitude swapped', () => {
    expectRowError(parse('a.csv', csv(HEADER, good, '天龙山,自然保护地,37.718,112.403')), 3, '经纬度可能填反了', 'swapped');
  });

  it('projected (metre) coordinates with no declared system: the fitting zone is offered, nothing imported until chosen', () => {
    const r = parse('a.csv', csv(HEADER, '天龙山,自然保护地,38512345.1,4174000.2'));
    expect(r.ok).toBe(false);
    expect(r.items).toEqual([]);
    expect(r.crsChoice?.map((c) => c.id)).toEqual(['EPSG:4526']);
    expect(r.summary).toContain('projected');
  });

  it('outside the region', () => {
    expectRowError(parse('a.csv', csv(HEADER, good, '天安门,重点文保单位,116.3975,39.9087')), 3, '不在山西中部城市群范围内', 'outside the Central Shanxi region');
  });

  it('duplicate within the file (same name + category, or same id)', () => {
    const r = parse('a.csv', csv('id,name,category,lon,lat', `a1,${good}`, 'a2,晋祠, key-heritage-site ,112.44,37.71', 'a1,天龙山,自然保护地,112.403,37.718'));
    expectRowError(r, 3, '与第2行同名同类', 'duplicate', 'row 2');
    expectRowError(r, 4, '编号 “a1” 与第2行重复', 'duplicate id “a1”');
  });

  it('duplicate of an existing item (same name + category within 200 m)', () => {
    const existing: Feature[] = [
      { type: 'Feature', properties: { id: 'jinci', name: '晋祠', category: 'key-heritage-site' }, geometry: { type: 'Point', coordinates: [112.4380, 37.7080] } },
    ];
    const r = parse('a.csv', csv(HEADER, good), existing);
    expectRowError(r, 2, '重复', 'duplicate', 'jinci');
  });

  it('an id already used by the existing inventory', () => {
    const existing: Feature[] = [{ type: 'Feature', properties: { id: 'x1', name: '别处', category: 'water-source' }, geometry: { type: 'Point', coordinates: [112, 38] } }];
    expectRowError(parse('a.csv', csv('id,' + HEADER, `x1,${good}`), existing), 2, 'id “x1” is already used');
  });

  it('declared GCJ-02 / BD-09 coordinates (coord_sys column, gcj_ headers, GeoJSON crs) are converted, with a note', () => {
    const a = parse('a.csv', csv(HEADER + ',coord_sys', good + ',wgs84', '天龙山,自然保护地,112.4092,37.7187,GCJ-02'));
    expect(a.ok).toBe(true);
    expect(a.notes.join()).toContain('GCJ‑02');
    const moved = a.items[1].geometry.coordinates;
    // GCJ-02 is ~550 m east of WGS84 here: the converted point lies west of the declared one
    expect(moved[0]).toBeLessThan(112.4092 - 0.004);
    const b = parse('a.csv', csv('name,category,gcj_lng,gcj_lat', good));
    expect(b.ok && b.notes.join()).toContain('GCJ‑02');
    const c = parse('a.csv', csv('名称,类别,百度经度,百度纬度', good));
    expect(c.ok && c.notes.join()).toContain('BD‑09');
    const fc = {
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'GCJ02' } },
      features: [{ type: 'Feature', properties: { name: '晋祠', category: 'key-heritage-site' }, geometry: { type: 'Point', coordinates: [112.4375, 37.7079] } }],
    };
    const d = parse('a.geojson', JSON.stringify(fc));
    expect(d.ok).toBe(true);
    expect(d.notes.join()).toContain('GCJ‑02');
  });

  it('a file name hinting at Amap/Baidu only warns (the offset itself is undetectable)', () => {
    const r = parse('高德坐标_gcj02.csv', csv(HEADER, good));
    expect(r.ok).toBe(true);
    expect(r.warningCount).toBe(1);
    expect(r.messages[0]).toContain('GCJ‑02');
  });

  it('unknown accuracy value, and a row with more fields than the header', () => {
    const r = parse('a.csv', csv(HEADER + ',accuracy', good + ',maybe', '天龙山,自然保护地,112.403,37.718,,extra'));
    expectRowError(r, 2, 'unknown accuracy “maybe”');
    expectRowError(r, 3, 'quote fields that contain commas');
  });

  it('bad GeoJSON features: non-numeric coordinate and null geometry are row errors', () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: '晋祠', category: 'key-heritage-site' }, geometry: { type: 'Point', coordinates: ['abc', 37.7] } },
        { type: 'Feature', properties: { name: '天龙山', category: 'nature-reserve' }, geometry: null },
      ],
    };
    const r = parse('a.geojson', JSON.stringify(fc));
    expectRowError(r, 1, 'not a number');
    expectRowError(r, 2, 'missing longitude');
  });
});

describe('importer: file-level errors', () => {
  it('an empty file', () => {
    expectFileError(parse('a.csv', ''), '文件为空', 'empty');
    expectFileError(parse('a.csv', BOM + '\r\n\r\n  \r\n'), 'empty');
    expectFileError(parse('a.csv', csv(HEADER)), 'no data rows');
    expectFileError(parse('a.geojson', '{"type":"FeatureCollection","features":[]}'), 'no features');
  });

  // "without validating any row": the report has no row entries (expectFileError); how fast a
  // rejection is belongs to the bench, not to a unit test a busy machine could fail
  it('too many rows: rejected without validating any row', () => {
    const lines = [HEADER];
    for (let i = 0; i < 10_001; i++) lines.push(`点${i},自然保护地,112.5,37.8`);
    const r = parse('big.csv', lines.join('\n'));
    expectFileError(r, '10001', '10000', 'too many rows');
    const small = parse('big.csv', lines.slice(0, 12).join('\n'), [], { maxRows: 10 });
    expectFileError(small, 'too many rows');
  });

  it('too large: rejected before parsing', () => {
    const big = HEADER + '\n' + 'x'.repeat(50 * 1024 * 1024);
    expectFileError(parse('big.csv', big), 'file too large', '50.0 MB');
    expectFileError(parse('big.csv', new Uint8Array(50 * 1024 * 1024 + 1)), 'file too large');
    // multi-byte characters count as UTF-8 bytes
    expectFileError(parse('b.csv', csv(HEADER, '晋'.repeat(400)), [], { maxBytes: 1000 }), 'file too large');
  });

  it('malformed JSON', () => {
    const r = parse('a.geojson', '{"type":"FeatureCollection","features":[{"type":"Feature",');
    expect(r.format).toBe('geojson');
    expectFileError(r, 'JSON 格式错误', 'malformed JSON');
  });

  it('GeoJSON that is not a FeatureCollection of Points', () => {
    const point = { type: 'Feature', properties: { name: '晋祠', category: 'key-heritage-site' }, geometry: { type: 'Point', coordinates: [112.4, 37.7] } };
    expectFileError(parse('a.geojson', JSON.stringify(point)), 'FeatureCollection', 'Feature');
    const line = { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[112, 37], [112.1, 37.1]] } };
    expectFileError(parse('a.geojson', JSON.stringify({ type: 'FeatureCollection', features: [point, line] })), 'only Point features', '2 (LineString)');
  });

  it('malformed CSV (unmatched quote) and missing columns', () => {
    expectFileError(parse('a.csv', csv(HEADER, '"晋祠,重点文保单位,112.4375,37.7079')), 'malformed CSV', 'unmatched quote');
    expectFileError(parse('a.csv', csv('name,category', '晋祠,重点文保单位')), 'missing required column', 'lon/经度', 'lat/纬度');
  });

  it('Excel workbooks, other formats and non-UTF-8 text', () => {
    expectFileError(parse('list.xlsx', 'PK\u0003\u0004\u0000\u0000'), 'CSV (comma delimited)');
    expectFileError(parse('list.kml', '<?xml version="1.0"?><kml></kml>'), 'unrecognised file format');
    expectFileError(parse('gbk.csv', HEADER + '\n\uFFFD\uFFFD,\uFFFD,112.4,37.7\n'), 'cannot be decoded');
  });
});

describe('exporter: round trip', () => {
  const tricky = csv(
    'id,name,name_en,category,lon,lat,level,city,county,description,accuracy,basis,note',
    'J1,晋祠,Jinci Temple,重点文保单位,112.4375,37.7079,国家级,太原市,晋源区,"含""引号"", 逗号",surveyed,实地测量,=SUM(A1)',
    ',天龙山,,自然保护地,112.40301234,37.718,,,,"两行\n说明",,,-',
    ',汾河水库饮用水水源地,,饮用水源地,111.9,38.1,,,,,,,',
  );

  it('CSV: export then import (existing = []) gives the same items', () => {
    const first = parse('清单.csv', tricky);
    expect(first.ok).toBe(true);
    const text = toCsv(first.items);
    expect(text.startsWith(BOM)).toBe(true);
    expect(text.split('\r\n')[0]).toBe(BOM + CSV_COLUMNS.join(','));
    expect(text).toContain("'=SUM(A1)"); // spreadsheet formulas are defused
    const again = parse('清单.csv', text);
    expect(again.errorCount).toBe(0);
    expect(again.ok).toBe(true);
    expect(again.items).toEqual(first.items);
  });

  it('GeoJSON: export then import gives the same items', () => {
    const first = parse('清单.csv', tricky);
    const text = toGeoJSON(first.items);
    expect(JSON.parse(text).type).toBe('FeatureCollection');
    const again = parse('清单.csv', text);
    expect(again.format).toBe('geojson');
    expect(again.items).toEqual(first.items);
  });
});

describe('merge, filter and counts', () => {
  const item = (id: string, category: string, cls: string, level?: string, city?: string): Feature => ({
    type: 'Feature',
    id,
    properties: { id, name: id, category, class: cls, ...(level ? { level } : {}), ...(city ? { city } : {}) },
    geometry: { type: 'Point', coordinates: [112.5, 37.8] },
  });
  const base = [
    item('a', 'key-heritage-site', 'culture', '国家级', '太原市'),
    item('b', 'key-heritage-site', 'culture', '省级', '晋中市'),
    item('c', 'nature-reserve', 'ecology', '国家级', '忻州市'),
    item('d', 'air-monitoring', 'ecology', undefined, '太原市'),
  ];

  it('mergeInventory appends imported items and never duplicates an id', () => {
    const merged = mergeInventory(base, [item('e', 'world-heritage', 'culture'), item('a', 'historic-town', 'culture')]);
    expect(merged).toHaveLength(6);
    const ids = merged.map((f) => f.properties!.id);
    expect(new Set(ids).size).toBe(6);
    expect(ids.slice(0, 5)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(ids[5]).toBe('import-1');
    expect(base[0].properties!.category).toBe('key-heritage-site'); // inputs untouched
  });

  it('filterInventory by class, category, level, city and text', () => {
    const ids = (fs: Feature[]) => fs.map((f) => f.properties!.id);
    expect(ids(filterInventory(base, {}))).toEqual(['a', 'b', 'c', 'd']);
    expect(ids(filterInventory(base, { classes: ['ecology'] }))).toEqual(['c', 'd']);
    expect(ids(filterInventory(base, { categories: new Set(['key-heritage-site']) }))).toEqual(['a', 'b']);
    expect(ids(filterInventory(base, { levels: ['国家级'] }))).toEqual(['a', 'c']);
    expect(ids(filterInventory(base, { levels: [''] }))).toEqual(['d']);
    expect(ids(filterInventory(base, { cities: ['太原市'], classes: ['culture'] }))).toEqual(['a']);
    expect(ids(filterInventory(base, { query: '大气' }))).toEqual(['d']);
    expect(ids(filterInventory(base, { cities: [] }))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('countByCategory lists all 15 categories and follows the filter', () => {
    const all = countByCategory(base);
    expect([...all.keys()]).toEqual(INVENTORY_CATEGORIES.map((c) => c.id));
    expect(all.get('key-heritage-site')).toBe(2);
    expect(all.get('world-heritage')).toBe(0);
    const taiyuan = countByCategory(base, { cities: ['太原市'] });
    expect(taiyuan.get('key-heritage-site')).toBe(1);
    expect(taiyuan.get('air-monitoring')).toBe(1);
    expect(taiyuan.get('nature-reserve')).toBe(0);
    expect(distinctValues(base, 'city')).toHaveLength(3);
  });
});

describe('importer on the shared pipeline (generated fixtures)', () => {
  const bytesParse = (f: fx.Fixture, existing: Feature[] = [], crs?: string) => parseInventoryFile(f.name, f.bytes, { region, existing, crs });

  it.each(['gbk', 'gb18030'] as const)('reads a %s CSV as Excel writes it (CRLF, no BOM)', (enc) => {
    const r = bytesParse(fx.inventoryExcel(enc));
    expect(r.ok, r.summary).toBe(true);
    expect(r.items.map((i) => i.properties.name)).toContain(enc === 'gb18030' ? '刘䶮故里（测试）' : '双林寺（测试）');
    expect(r.items[0].properties).toMatchObject({ name: '晋祠', category: 'key-heritage-site', city: '太原市', level: '全国重点文物保护单位' });
    expect(r.notes.join()).toContain('GBK/GB18030');
  });

  it('reads UTF-16 without BOM and 度分秒 / 度分 strings', () => {
    const dms = parseInventoryFile('dms.csv', new TextEncoder().encode('名称,类别,经度,纬度\n晋祠,重点文保单位,112°26′15″E,37°42′22″N\n天龙山,自然保护地,112度24分,37度43.1分\n'), { region, existing: [] });
    expect(dms.ok, dms.summary).toBe(true);
    expect(dms.items[0].geometry.coordinates[0]).toBeCloseTo(112 + 26 / 60 + 15 / 3600, 9);
    expect(dms.items[1].geometry.coordinates[1]).toBeCloseTo(37 + 43.1 / 60, 9);
    const text = '名称\t类别\t经度\t纬度\r\n晋祠\t重点文保单位\t112.4339\t37.7061\r\n';
    const u16 = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) u16[2 * i] = text.charCodeAt(i) & 0xff, (u16[2 * i + 1] = text.charCodeAt(i) >> 8);
    const r = parseInventoryFile('u16.txt', u16, { region, existing: [] });
    expect(r.ok, r.summary).toBe(true);
    expect(r.items[0].properties.name).toBe('晋祠');
  });

  it.each([
    ['with the zone number (3° zone 38)', true, 'EPSG:4526'],
    ['without the zone number (CM 114°E)', false, 'EPSG:4547'],
  ] as const)('Gauss-Krüger coordinates %s: inferred, confirmed, within 1 m', (_label, prefix, code) => {
    const pts: [string, [number, number]][] = [['晋祠', [112.4339, 37.7061]], ['天龙山', [112.403, 37.718]]];
    const lines = ['名称,类别,X,Y', ...pts.map(([n, ll]) => {
      const [e, no] = gk(ll, 3, 38, prefix);
      return `${n},${n === '晋祠' ? '重点文保单位' : '自然保护地'},${no.toFixed(3)},${e.toFixed(3)}`; // X = northing
    })];
    const f = { name: 'gk.csv', bytes: new TextEncoder().encode(lines.join('\n')) };
    const first = bytesParse(f);
    expect(first.ok).toBe(false);
    expect(first.crsChoice?.[0].id).toBe(code);
    const r = bytesParse(f, [], code);
    expect(r.ok, r.summary).toBe(true);
    pts.forEach(([, ll], i) => expect(distance(r.items[i].geometry.coordinates, ll, { units: 'meters' })).toBeLessThan(1));
    expect(r.notes.join()).toContain(code);
  });

  it('deeply nested coordinates: a clear message, never a stack overflow', () => {
    const r = parseInventoryFile('deep.geojson', fx.deepNesting(100_000, 'Point').bytes, { region, existing: [] });
    expect(r.ok).toBe(false);
    const all = [...r.messages, ...r.rows.flatMap((x) => x.messages), r.summary].join('\n');
    expect(all).toContain('嵌套过深');
    expect(all).not.toMatch(/call stack/i);
  });

  it('warns when an import takes a category above its official count (清单 110)', () => {
    const r = bytesParse(fx.inventoryMany(111));
    expect(r.ok, r.summary).toBe(true);
    expect(r.messages.join()).toMatch(/“重点文保单位”导入后共 111 条.*超过清单公布的 110 条/);
    // counting what is already there
    const existing = r.items.slice(0, 100);
    const more = bytesParse(fx.inventoryMany(5, '世界遗产'), existing);
    expect(more.messages.join()).toContain('“世界遗产”导入后共 5 条');
    const fine = bytesParse(fx.inventoryMany(10));
    expect(fine.messages.join()).not.toContain('超过清单');
  });

  it('strips bidi overrides from names', () => {
    const r = parse('a.csv', csv(HEADER, '\u202E晋祠\u202C,重点文保单位,112.4339,37.7061'));
    expect(r.items[0].properties.name).toBe('晋祠');
  });
});
