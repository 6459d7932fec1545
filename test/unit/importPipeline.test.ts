/**
 * The shared import pipeline on generated fixtures (test/fixtures): encodings, coordinate strings,
 * Gauss-Krüger zones with and without the zone number, KML/KMZ, shapefiles, bad input.
 * Positions are checked within 1 m of the control points' WGS84 coordinates.
 */
import { describe, it, expect } from 'vitest';
import { distance } from '@turf/turf';
import type { Feature, Point } from 'geojson';
import { parseFiles, type ParseResult, type ParsedLayer } from '../../src/import/pipeline';
import { decodeText, normaliseCodepage, dbfEncoding } from '../../src/import/encoding';
import { parseCoordinate } from '../../src/import/coordinates';
import { cleanText } from '../../src/import/text';
import { REGION_BOUNDS } from '../../src/engine/region';
import { tmForward, AIRY1830, gk } from '../fixtures/gk';
import * as fx from '../fixtures/fixtures';

const area = REGION_BOUNDS;
const parse = (f: fx.Fixture | fx.Fixture[], crs?: string) => parseFiles(Array.isArray(f) ? f : [f], { area, crs });
function ok(r: ParseResult): ParsedLayer[] {
  if (r.status !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r.layers;
}
const metres = (a: number[], b: number[]) => distance(a, b, { units: 'meters' });
function expectControlPoints(layer: ParsedLayer, nameKey: string) {
  expect(layer.features).toHaveLength(fx.CONTROL.length);
  for (const c of fx.CONTROL) {
    const f = layer.features.find((x) => x.properties?.[nameKey] === c.name) as Feature<Point> | undefined;
    expect(f, `${c.name} decoded`).toBeDefined();
    expect(metres(f!.geometry.coordinates, c.lonlat)).toBeLessThan(1);
  }
}

describe('the fixtures’ Gauss-Krüger projection (independent of proj4)', () => {
  it('reproduces the EPSG Guidance Note 7-2 worked example (OSGB 1936 / British National Grid)', () => {
    const [e, n] = tmForward([0.5, 50.5], { ellipsoid: AIRY1830, lat0: 49, lon0: -2, k0: 0.9996012717, falseEasting: 400000, falseNorthing: -100000 });
    expect(e).toBeCloseTo(577274.99, 1);
    expect(n).toBeCloseTo(69740.5, 1);
  });
});

describe('encodings', () => {
  it('detects UTF-8 (BOM or not), UTF-16 without BOM, GBK and GB18030', () => {
    expect(decodeText(new TextEncoder().encode('\uFEFF名称')).encoding).toBe('utf-8');
    expect(decodeText(fx.utf16NoBom().bytes)).toMatchObject({ encoding: 'utf-16le', bom: false });
    expect(decodeText(fx.utf16NoBom().bytes).text).toContain('名称\t经度');
    const g = decodeText(fx.csvGbkJingwei().bytes);
    expect(g.encoding).toBe('gb18030');
    expect(g.text).toContain('清源镇');
    expect(decodeText(fx.inventoryExcel('gb18030').bytes).text).toContain('刘䶮故里');
  });
  it('normalises code-page names from .cpg files', () => {
    for (const n of ['936', 'cp936', 'CP936', 'ANSI 936', 'GBK', 'gb2312', 'GB18030']) expect(normaliseCodepage(n)).toBe('gb18030');
    expect(normaliseCodepage('UTF-8')).toBe('utf-8');
    expect(normaliseCodepage('65001')).toBe('utf-8');
    expect(normaliseCodepage('nonsense')).toBeUndefined();
  });
  it('reads a .dbf language-driver byte 0x4D as GBK when there is no .cpg', () => {
    const dbf = new Uint8Array(64);
    dbf[29] = 0x4d;
    expect(dbfEncoding(dbf)).toEqual({ encoding: 'gb18030', how: 'ldid' });
  });
});

describe('coordinate strings', () => {
  it.each([
    ['112.5', 112.5, 'decimal'],
    ['112.5°E', 112.5, 'decimal'],
    ['112°33′E', 112.55, 'dm'],
    ['112度33分', 112.55, 'dm'],
    ['112°33.6′', 112.56, 'dm'],
    ['112°33′36″E', 112.56, 'dms'],
    ['112度33分36秒', 112.56, 'dms'],
    ["112°33'36\"", 112.56, 'dms'],
    ['东经112°33′36″', 112.56, 'dms'],
    ['112:33:36', 112.56, 'dms'],
    ['１１２．５', 112.5, 'decimal'],
    ['37°52′S', -(37 + 52 / 60), 'dm'],
  ])('%s → %f', (raw, value, form) => {
    const r = parseCoordinate(raw);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value).toBeCloseTo(value, 9);
      expect(r.form).toBe(form);
    }
  });
  it('rejects minutes ≥ 60, commas as decimal point, wrong hemisphere letters and words', () => {
    expect(parseCoordinate('112°61′')).toMatchObject({ ok: false, kind: 'minutes' });
    expect(parseCoordinate('112,5')).toMatchObject({ ok: false, kind: 'comma' });
    expect(parseCoordinate('37°52′N', 'lon')).toMatchObject({ ok: false, kind: 'hemisphere' });
    expect(parseCoordinate('north')).toMatchObject({ ok: false, kind: 'nan' });
  });
});

describe('formats and coordinate systems → WGS84 within 1 m', () => {
  it('a GBK shapefile with no .cpg in CGCS2000 3° GK zone 38 (zone in the easting, .prj)', () => {
    const [layer] = ok(parse(fx.shpGk3Zone38Gbk()));
    expectControlPoints(layer, '名称');
    expect(layer.features[1].properties).toMatchObject({ 名称: '清源镇', 类型: '县城', 面积: 607.4 });
    expect(layer.encoding).toBe('GBK/GB18030');
    expect(layer.crs.how).toBe('declared');
    expect(layer.crs.label.en).toContain('CGCS2000 3 Degree GK Zone 38');
  });
  it('a .cpg of “936” is read as GBK', () => {
    const [layer] = ok(parse(fx.shpCpg936()));
    expectControlPoints(layer, '名称');
  });
  it('a .prj datum the map does not transform is never read silently as WGS84: another planet is refused, an unknown Earth datum asks first (issue 24)', () => {
    // CGCS2000 longitude/latitude: read as it is
    const [cgcs] = ok(parse(fx.shpLonLat(fx.PRJ_GEOGRAPHIC.cgcs2000)));
    expectControlPoints(cgcs, '名称');
    expect(cgcs.crs.how).toBe('declared');
    // Mars: refused, saying why
    const mars = parse(fx.shpLonLat(fx.PRJ_GEOGRAPHIC.mars, '火星'));
    expect(mars.status).toBe('error');
    if (mars.status === 'error') expect(mars.problems[0].zh).toMatch(/不是地球上的坐标系.*3 396 190 m/);
    // Tokyo (no shift known) and an unheard-of local GEOGCS: the user is asked, with the reason
    for (const prj of [fx.PRJ_GEOGRAPHIC.tokyo, fx.PRJ_GEOGRAPHIC.local]) {
      const r = parse(fx.shpLonLat(prj));
      expect(r.status, prj).toBe('confirm-crs');
      if (r.status !== 'confirm-crs') continue;
      expect(r.reason?.zh).toMatch(/没有它到 WGS84 的转换参数/);
      expect(r.candidates).toHaveLength(1);
      expect(r.candidates[0].inside).toBe(1);
      // once confirmed: read as WGS84, and the layer says so
      const [layer] = ok(parse(fx.shpLonLat(prj), r.candidates[0].id));
      expectControlPoints(layer, '名称');
      expect(layer.crs.how).toBe('confirmed');
      expect(layer.notes.map((n) => n.zh).join()).toContain('基准面未知，经用户确认');
    }
    // a datum whose shift the file gives (TOWGS84): transformed by proj4, not asked
    const [ed50] = ok(parse(fx.shpLonLat(fx.PRJ_GEOGRAPHIC.ed50)));
    const moved = metres((ed50.features[0].geometry as Point).coordinates, fx.CONTROL[0].lonlat);
    expect(moved).toBeGreaterThan(50);
  });

  it('shapefile polygons with no .prj: the zone number in the easting names the zone, for the user to confirm', () => {
    const r = parse(fx.shpPolygonsNoPrj());
    expect(r.status).toBe('confirm-crs');
    if (r.status !== 'confirm-crs') return;
    expect(r.candidates.map((c) => c.id)).toEqual(['EPSG:4526']);
    const [layer] = ok(parse(fx.shpPolygonsNoPrj(), r.candidates[0].id));
    expect(layer.geometry).toBe('polygon');
    expect(layer.crs.how).toBe('confirmed');
    const ring = (layer.features[0].geometry as { coordinates: number[][][] }).coordinates[0];
    const expected = fx.squareRing(fx.CONTROL[0].lonlat, 0.01);
    ring.forEach((p, i) => expect(metres(p, expected[i])).toBeLessThan(1));
  });
  it('a CSV in a 6° zone without the zone number (surveying X = northing): inferred, best candidate first', () => {
    const r = parse(fx.csvGk6NoPrefix());
    expect(r.status).toBe('confirm-crs');
    if (r.status !== 'confirm-crs') return;
    expect(r.candidates[0].id).toBe('EPSG:4546'); // CM 111°E = 6° zone 19
    expect(r.candidates[0].label.zh).toContain('6° 带第 19 带');
    const [layer] = ok(parse(fx.csvGk6NoPrefix(), r.candidates[0].id));
    expectControlPoints(layer, '点名');
    expect(layer.notes.map((n) => n.en).join(' ')).toMatch(/northing/);
  });
  it('a CSV in a 3° zone without the zone number (CM 114°E)', () => {
    const r = parse(fx.csvGk3NoPrefix());
    expect(r.status).toBe('confirm-crs');
    if (r.status !== 'confirm-crs') return;
    expect(r.candidates[0].id).toBe('EPSG:4547');
    expectControlPoints(ok(parse(fx.csvGk3NoPrefix(), 'EPSG:4547'))[0], '名称');
    // the wrong central meridian puts the points elsewhere: the choice matters
    const wrong = parse(fx.csvGk3NoPrefix(), 'EPSG:4546');
    if (wrong.status === 'ok') expect(metres((wrong.layers[0].features[0].geometry as Point).coordinates, fx.CONTROL[0].lonlat)).toBeGreaterThan(1000);
  });
  it('a GBK CSV with 经度/纬度 columns', () => {
    const [layer] = ok(parse(fx.csvGbkJingwei()));
    expectControlPoints(layer, '名称');
    expect(layer.features[0].properties?.备注).toBe('城区（测试）');
    expect(layer.notes.map((n) => n.zh).join()).toContain('GBK');
  });
  it('UTF-16 without BOM, tab separated', () => {
    expectControlPoints(ok(parse(fx.utf16NoBom()))[0], '名称');
  });
  it('度分秒 and 度分 strings', () => {
    expectControlPoints(ok(parse(fx.csvDms()))[0], '名称');
  });
  it('KML with folders keeps the folder path; KMZ reads the same', () => {
    for (const f of [fx.kmlWithFolders(), fx.kmz()]) {
      const [layer] = ok(parse(f));
      expect(layer.features).toHaveLength(5);
      expect(layer.geometry).toBe('mixed');
      const route = layer.features.find((x) => x.properties?.name === '考察路线');
      expect(route?.properties?.folder).toBe('太原 / 路线');
      const p = layer.features.find((x) => x.properties?.name === '平遥古城') as Feature<Point>;
      expect(p.properties?.folder).toBe('晋中');
      expect(metres(p.geometry.coordinates, fx.CONTROL[2].lonlat)).toBeLessThan(1);
    }
  });
  it('GeoJSON polygons (hole, multipolygon)', () => {
    const [layer] = ok(parse(fx.geojsonPolygons()));
    expect(layer.geometry).toBe('polygon');
    expect(layer.features.map((f) => f.geometry.type)).toEqual(['Polygon', 'MultiPolygon']);
    expect(layer.features[0].properties?.名称).toBe('小店片区');
  });
  it('GCJ-02 declared in a column is converted, with a visible note', () => {
    const text = '名称,经度,纬度,坐标系\n小店,112.56262,37.73770,GCJ-02\n';
    const [layer] = ok(parse({ name: 'gcj.csv', bytes: new TextEncoder().encode(text) }));
    expect(layer.notes.map((n) => n.zh).join()).toMatch(/GCJ-02.*已转换为 WGS84/);
    const p = (layer.features[0].geometry as Point).coordinates;
    // GCJ-02 is ~550 m east of WGS84 here; the converted point moved back west by about that much
    expect(p[0]).toBeLessThan(112.5626);
    expect(metres(p, [112.56262, 37.7377])).toBeGreaterThan(300);
  });
});

describe('bad input: a message of ours, nothing half-imported', () => {
  it('deep nesting → a clear message, not a stack overflow', () => {
    const r = parse(fx.deepNesting());
    expect(r.status).toBe('error');
    if (r.status !== 'error') return;
    const all = r.problems.map((p) => p.zh + p.en).join(' ');
    expect(all).toMatch(/嵌套过深/);
    expect(all).toMatch(/deep\.geojson/);
    expect(all).not.toMatch(/call stack/i);
  });
  it('one bad row → no layer, and the row is named', () => {
    const text = '名称,经度,纬度\n甲,112.5,37.8\n乙,abc,37.8\n';
    const r = parse({ name: 'bad.csv', bytes: new TextEncoder().encode(text) });
    expect(r.status).toBe('error');
    if (r.status === 'error') expect(r.problems[0].zh).toMatch(/bad\.csv，第 3 行：“经度” 的值 “abc” 不是坐标/);
  });
  it.each([
    ['plan.dwg', /CAD/],
    ['data.gdb.zip.gdbtable', /地理数据库/],
    ['parcels.tab', /MapInfo/],
    ['parcels.mif', /MapInfo/],
    ['list.xlsx', /另存为 → CSV/],
  ])('%s is named as unsupported with a suggestion', (name, re) => {
    const r = parse({ name, bytes: new Uint8Array([1, 2, 3, 0]) });
    expect(r.status).toBe('error');
    if (r.status === 'error') expect(r.problems[0].zh).toMatch(re);
  });
  it('projected numbers that fit no zone → says so and asks for the .prj', () => {
    const r = parse({ name: 'x.csv', bytes: new TextEncoder().encode('名称,x,y\n甲,123456789,987654321\n') });
    expect(r.status).toBe('error');
    if (r.status === 'error') expect(r.problems[0].zh).toMatch(/投影坐标.*\.prj/);
  });
  it('a damaged zip and malformed JSON get our own messages', () => {
    const z = parse({ name: 'a.zip', bytes: new Uint8Array([0x50, 0x4b, 3, 4, 9, 9, 9]) });
    expect(z.status === 'error' && z.problems[0].zh).toMatch(/zip/);
    const j = parse({ name: 'a.geojson', bytes: new TextEncoder().encode('{"type": "FeatureCollection", "features": [') });
    expect(j.status === 'error' && j.problems[0].zh).toMatch(/JSON 格式错误/);
  });
  it('bidi overrides are removed from names', () => {
    expect(cleanText('\u202Egnp.exe')).toBe('gnp.exe');
    const fc = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'A\u202EB\u2066C' }, geometry: { type: 'Point', coordinates: [112.5, 37.8] } }] };
    const [layer] = ok(parse({ name: 'b.geojson', bytes: new TextEncoder().encode(JSON.stringify(fc)) }));
    expect(layer.features[0].properties?.name).toBe('ABC');
  });
  it('GK forward of the fixtures and proj4 agree at the control points (sanity)', () => {
    const [e] = gk(fx.CONTROL[0].lonlat, 3, 38, true);
    expect(Math.floor(e / 1e6)).toBe(38);
  });
});
