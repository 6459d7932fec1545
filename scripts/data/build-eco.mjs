#!/usr/bin/env node
// Build the ecological-pattern and protected-resource layers of the Central Shanxi Planning Map
// (run: `node scripts/data/build-eco.mjs`, after the base geodata exists).
//
// Inputs (all in the repository, no network):
//   - scripts/data/facts/ecology.json    一轴两屏多廊, named ecological places, 采煤沉陷区, 太忻 extent
//   - scripts/data/facts/inventory.json  太忻 清单 items that can be placed, and 第一章第二节 heritage
//   - src/inventory/categories.ts        the 15 清单 categories (parsed as text)
//   - public/data/base/*.geojson         surveyed rivers, counties, seats, region (WGS84)
// Output: WGS84 GeoJSON in public/data/eco/. Deterministic: same inputs → same bytes.
// See scripts/data/ECO-SOURCES.md for what is surveyed, approximate or schematic.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as turf from '@turf/turf';
import { roundGeometry, labelPoint, stringifyFC } from './lib/geo.mjs';
import { countyLocator } from './lib/geo-counties.mjs';
import { sourceLine, sourceLineEn } from './lib/sourceLine.mjs';
import { basisEn } from './lib/english.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BASE = path.join(ROOT, 'public/data/base');
const OUT = path.join(ROOT, 'public/data/eco');
const readJson = (p) => JSON.parse(fs.readFileSync(p, 'utf8'));
const log = (...a) => console.log('[eco]', ...a);

const eco = readJson(path.join(ROOT, 'scripts/data/facts/ecology.json'));
const inv = readJson(path.join(ROOT, 'scripts/data/facts/inventory.json'));
const rivers = new Map(readJson(path.join(BASE, 'rivers.geojson')).features.map((f) => [f.properties.id, f]));
const counties = readJson(path.join(BASE, 'counties.geojson')).features;
const countyByCode = new Map(counties.map((c) => [c.properties.code, c]));
const seats = new Map(readJson(path.join(BASE, 'seats.geojson')).features.map((f) => [f.properties.code, f]));
const region = readJson(path.join(BASE, 'region.geojson')).features[0];

// ---------------------------------------------------------------- categories (parsed from TS)
function readCategories() {
  const text = fs.readFileSync(path.join(ROOT, 'src/inventory/categories.ts'), 'utf8');
  const re = /\{\s*id:\s*'([^']+)',\s*class:\s*'([^']+)',\s*zh:\s*'([^']+)',\s*en:\s*'([^']+)',\s*count:\s*(\d+),[^}]*?public:\s*(true|false)\s*\}/g;
  const out = new Map();
  for (const m of text.matchAll(re)) out.set(m[1], { id: m[1], class: m[2], zh: m[3], en: m[4], count: Number(m[5]), public: m[6] === 'true' });
  if (out.size !== 15) throw new Error(`expected 15 categories in categories.ts, parsed ${out.size}`);
  return out;
}
const CATEGORIES = readCategories();

// ---------------------------------------------------------------- positions
function countyOrThrow(code) {
  const c = countyByCode.get(code);
  if (!c) throw new Error(`unknown county code ${code}`);
  return c;
}

/** A record's basis in English: `basis_en`, or `basis` itself when it has no Chinese in it. */
function fail(msg) {
  throw new Error(msg);
}
const countyEnOf = (code) => countyOrThrow(code).properties.name_en;
/** GeoNames seats are town points: a site in the town or the town itself is within about 2 km. */
const SEAT_UNCERTAINTY_KM = 2;

/** Resolves a position spec to { coord, accuracy, basis }. */
function resolvePoint(spec) {
  if (Array.isArray(spec)) return { coord: spec, label: spec.join(','), accuracy: 'approximate', basis: null, basis_en: null };
  if (typeof spec === 'string') {
    const [kind, key] = spec.split(':');
    if (kind === 'seat') {
      const s = seats.get(key);
      if (!s) throw new Error(`no seat ${key}`);
      return {
        coord: s.geometry.coordinates,
        label: `${s.properties.county}驻地`,
        label_en: `the seat of ${countyEnOf(key)}`,
        accuracy: s.properties.accuracy,
        uncertainty_km: s.properties.accuracy === 'schematic' ? undefined : SEAT_UNCERTAINTY_KM,
        basis:
          s.properties.source_doc === 'geonames'
            ? `${s.properties.county}县城驻地（GeoNames “${/“(.+?)”/.exec(s.properties.source_section)?.[1] ?? s.properties.name}”）`
            : `${s.properties.county}面内标注点（无驻地坐标，示意）`,
        basis_en:
          s.properties.source_doc === 'geonames'
            ? `Seat of ${countyEnOf(key)} (GeoNames “${/“(.+?)”/.exec(s.properties.source_section)?.[1] ?? s.properties.name}”)`
            : `Label point inside ${countyEnOf(key)} (no seat coordinate; schematic)`,
      };
    }
    if (kind === 'label') {
      const c = countyOrThrow(key);
      return {
        coord: labelPoint(c.geometry), label: c.properties.name_full, label_en: c.properties.name_en, accuracy: 'schematic',
        basis: `${c.properties.name_full}面内标注点（离边界最远的内部点），示意`,
        basis_en: `Label point inside ${c.properties.name_en} (the interior point farthest from its edge), schematic`,
      };
    }
    if (kind === 'anchor') {
      const a = eco.anchors[key];
      if (!a) throw new Error(`no anchor ${key}`);
      return { coord: a.coord, label: a.name, label_en: a.name_en, accuracy: a.accuracy, basis: a.basis, basis_en: basisEn(`anchor ${key}`, a), uncertainty_km: a.uncertainty_km, sources: a.sources };
    }
    throw new Error(`bad position ${spec}`);
  }
  // a stated relation to a point we have: { from, km, bearing, uncertainty_km, basis, sources }
  if (spec && spec.from && typeof spec.km === 'number') {
    const p = resolvePoint(spec.from);
    if (!spec.basis || !(spec.uncertainty_km > 0)) throw new Error(`relation from ${spec.from}: needs basis and uncertainty_km`);
    return {
      coord: turf.destination(p.coord, spec.km, spec.bearing).geometry.coordinates,
      accuracy: 'approximate', label: spec.basis, basis: spec.basis, basis_en: basisEn(`relation from ${spec.from}`, spec), uncertainty_km: spec.uncertainty_km, sources: spec.sources,
    };
  }
  if (spec && spec.riverNear) {
    const [rid, near] = spec.riverNear;
    const p = resolvePoint(near);
    const snapped = turf.nearestPointOnLine(riverOrThrow(rid), turf.point(p.coord));
    return {
      coord: snapped.geometry.coordinates,
      accuracy: 'schematic',
      label: `${riverOrThrow(rid).properties.name}（近${p.label}）`,
      basis: `实测${riverOrThrow(rid).properties.name}线上距${p.label}最近的点，示意`,
      basis_en: `The point of the surveyed ${riverOrThrow(rid).properties.name_en} nearest to ${p.label_en ?? riverNearNoEnglish(near)}, schematic`,
    };
  }
  throw new Error(`bad position ${JSON.stringify(spec)}`);
}
function riverNearNoEnglish(near) {
  throw new Error(`riverNear ${near}: the point has no English label (name_en)`);
}
function riverOrThrow(id) {
  const r = rivers.get(id);
  if (!r) throw new Error(`no surveyed river ${id}`);
  return r;
}

// ---------------------------------------------------------------- geometry builders
const SIMPLIFY = 0.002; // degrees (~200 m): bands are schematic

function clipToRegion(geom) {
  const clipped = turf.intersect(turf.featureCollection([turf.feature(geom), region]));
  if (!clipped) throw new Error('band does not meet the region');
  return clipped.geometry;
}

function bandGeometry(g) {
  let line;
  if (g.river) {
    line = riverOrThrow(g.river);
    if (g.from || g.to) {
      const a = g.from ? resolvePoint(g.from).coord : line.geometry.coordinates[0];
      const b = g.to ? resolvePoint(g.to).coord : line.geometry.coordinates.at(-1);
      line = turf.lineSlice(turf.point(a), turf.point(b), line);
    }
  } else {
    line = turf.lineString(g.through.map((s) => resolvePoint(s).coord));
  }
  let band = turf.buffer(line, g.km, { units: 'kilometers', steps: 6 }).geometry;
  if (g.clip === 'region') band = clipToRegion(band);
  band = turf.simplify(turf.feature(band), { tolerance: SIMPLIFY, highQuality: true }).geometry;
  return band;
}

function lineGeometry(g) {
  const pts = g.through.map((s) => resolvePoint(s).coord);
  if (g.endRiverNear) pts.push(resolvePoint({ riverNear: g.endRiverNear }).coord);
  return { type: 'LineString', coordinates: pts };
}

function countiesGeometry(codes) {
  const list = (codes === 'taixin' ? eco.taixin_zone.codes : codes).map(countyOrThrow);
  if (list.length === 1) return list[0].geometry;
  const u = turf.union(turf.featureCollection(list.map((c) => turf.feature(c.geometry))));
  return u.geometry;
}

function buildGeometry(g) {
  if (g.type === 'band') return bandGeometry(g);
  if (g.type === 'line') return lineGeometry(g);
  if (g.type === 'river') return riverOrThrow(g.river).geometry;
  if (g.type === 'counties') return countiesGeometry(g.codes);
  throw new Error(`bad geometry ${g.type}`);
}

function countyAt(coord) {
  const hit = counties.find((c) => turf.booleanPointInPolygon(coord, c));
  return hit ? hit.properties : null;
}

// ---------------------------------------------------------------- features
const feature = (props, geometry) => {
  const clean = Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined && v !== null));
  return { type: 'Feature', id: clean.id, properties: clean, geometry: roundGeometry(geometry) };
};
const fromSpec = (f) => {
  const { geometry, position, ...rest } = f;
  return feature(rest, buildGeometry(geometry));
};

const outputs = {};

outputs.axis = eco.axis.map(fromSpec);
outputs.barriers = eco.barriers.map(fromSpec);
const corridorFeatures = eco.corridors.map((f) => {
  const feat = fromSpec(f);
  if (f.geometry.type === 'river') {
    feat.properties.geometry_source = 'GSHHG/WDBII 实测河线';
    feat.properties.geometry_source_en = 'Surveyed river line (GSHHG/WDBII)';
  } else {
    const through = f.geometry.through.map(resolvePoint);
    const river = f.geometry.endRiverNear ? riverOrThrow(f.geometry.endRiverNear[0]).properties : undefined;
    feat.properties.geometry_source = '示意线，经过：' + through.map((p) => p.label).join(' → ') + (river ? ` → 汇入实测${river.name}` : '');
    feat.properties.geometry_source_en = 'Schematic line through ' + through.map((p) => p.label_en ?? fail(`${f.properties?.id ?? f.id}: ${p.label} has no label_en`)).join(' → ') + (river ? ` → joins the surveyed ${river.name_en ?? fail(`river ${river.name} has no name_en`)}` : '');
  }
  feat.properties.length_km = round1(turf.length(feat, { units: 'kilometers' }));
  return feat;
});
// surveyed rivers and schematic lines go to separate files so that the catalog can draw the
// schematic ones dashed (a layer has one style)
outputs.corridors = corridorFeatures.filter((f) => f.properties.accuracy === 'surveyed');
outputs['corridors-schematic'] = corridorFeatures.filter((f) => f.properties.accuracy !== 'surveyed');
function round1(v) {
  return Math.round(v * 10) / 10;
}

outputs['eco-areas'] = eco.areas.map((f) => {
  const feat = fromSpec(f);
  feat.properties.area_km2 = Math.round(turf.area(feat) / 1e6);
  return feat;
});

outputs['eco-places'] = eco.places.map((f) => {
  const { position, ...rest } = f;
  const p = resolvePoint(position);
  const c = countyAt(p.coord);
  if (rest.county_code && c?.code !== rest.county_code) throw new Error(`${rest.id}: position is in ${c?.code}, not in its county ${rest.county_code}`);
  return feature(
    // symbol: the legend class — a schematic position is drawn dashed (kind + '-schematic'; landscape belts are all schematic)
    { ...rest, symbol: rest.accuracy === 'schematic' && rest.kind !== 'eco-landscape-belt' ? `${rest.kind}-schematic` : rest.kind,
      county: c?.name_full, county_code: rest.county_code ?? c?.code, basis: p.basis, basis_en: p.basis_en ?? undefined,
      uncertainty_km: rest.accuracy === 'schematic' ? undefined : p.uncertainty_km, position_sources: p.sources?.map(sourceLine), position_sources_en: p.sources?.map(sourceLineEn) },
    { type: 'Point', coordinates: p.coord },
  );
});

const sub = eco.subsidence;
outputs.subsidence = sub.codes.map((code) => {
  const c = countyOrThrow(code);
  return feature(
    {
      id: `subsidence-${code}`,
      name: `${c.properties.name_full}${sub.name_suffix}`,
      name_en: `${c.properties.name_en}: ${sub.name_en_suffix}`,
      kind: sub.kind,
      county: c.properties.name_full,
      county_code: code,
      city: c.properties.city,
      accuracy: sub.accuracy,
      source_doc: sub.source_doc,
      source_section: sub.source_section,
      source_quote: sub.source_quote,
      note: sub.note,
      note_en: sub.note_en,
    },
    c.geometry,
  );
});

const tz = eco.taixin_zone;
const zoneGeom = countiesGeometry('taixin');
const zoneFeature = feature(
  {
    id: tz.id,
    name: tz.name,
    name_en: tz.name_en,
    kind: tz.kind,
    counties: tz.codes.map((c) => countyOrThrow(c).properties.name_full + (tz.partial.includes(c) ? '（部分）' : '')),
    counties_en: tz.codes.map((c) => countyOrThrow(c).properties.name_en + (tz.partial.includes(c) ? ' (part)' : '')),
    counties_basis: tz.counties_basis,
    counties_basis_en: tz.counties_basis_en,
    reported_extent: tz.reported_extent,
    reported_extent_en: tz.reported_extent_en,
    reported_extent_source: sourceLine(tz.reported_extent_source),
    reported_extent_source_en: sourceLineEn(tz.reported_extent_source),
    county_codes: tz.codes,
    area_km2: Math.round(turf.area(turf.feature(zoneGeom)) / 1e6),
    accuracy: tz.accuracy,
    source_doc: tz.source_doc,
    source_section: tz.source_section,
    source_quote: tz.source_quote,
    note: tz.note,
    note_en: tz.note_en,
  },
  zoneGeom,
);
outputs['taixin-zone'] = [zoneFeature];

// ---------------------------------------------------------------- inventory
outputs.inventory = inv.items.map((it) => {
  const cat = CATEGORIES.get(it.category);
  if (!cat) throw new Error(`${it.id}: unknown category ${it.category}`);
  const p = resolvePoint(it.position);
  const c = countyAt(p.coord);
  if (!c) throw new Error(`${it.id}: position outside the region`);
  const inZone = tz.codes.includes(c.code);
  const note = [inv.membership_note, it.note, inZone ? null : '点位所在县区不在经济区示意范围内（点代表整座城市）。'].filter(Boolean).join(' ');
  const note_en = [inv.membership_note_en, it.note_en, inZone ? null : "The point's county lies outside the zone's schematic extent (the point stands for the whole city)."].filter(Boolean).join(' ');
  return feature(
    {
      id: it.id,
      name: it.name,
      name_en: it.name_en,
      kind: 'inventory-item',
      class: cat.class,
      category: cat.id,
      category_zh: cat.zh,
      category_count: cat.count,
      level: it.level,
      city: it.city,
      county: c.name_full,
      county_code: c.code,
      in_zone: inZone,
      description: it.description,
      description_en: it.description_en,
      basis: it.basis ?? p.basis,
      basis_en: it.basis ? basisEn(it.id, it) : (p.basis_en ?? undefined),
      uncertainty_km: it.uncertainty_km ?? p.uncertainty_km,
      position_sources: p.sources?.map(sourceLine),
      position_sources_en: p.sources?.map(sourceLineEn),
      public: cat.public,
      accuracy: p.accuracy === 'surveyed' ? 'approximate' : p.accuracy,
      source_doc: 'taixin-inventory-2022',
      source_section: '重要资源保护清单（试行）类别与数目',
      source_quote: inv.category_quotes[cat.id],
      note,
      note_en,
    },
    { type: 'Point', coordinates: p.coord },
  );
});

const rh = inv.region_heritage;
outputs['heritage-region'] = rh.items.map((it) => {
  const p = resolvePoint(it.position);
  const c = countyAt(p.coord);
  if (!c) throw new Error(`${it.id}: position outside the region`);
  return feature(
    {
      id: it.id,
      name: it.name,
      name_en: it.name_en,
      kind: 'region-heritage',
      group: it.group,
      group_zh: it.group_zh,
      level: it.level,
      city: it.city,
      county: c.name_full,
      county_code: c.code,
      description: it.description,
      description_en: it.description_en,
      basis: it.basis ?? p.basis,
      basis_en: it.basis ? basisEn(it.id, it) : (p.basis_en ?? undefined),
      uncertainty_km: it.uncertainty_km ?? p.uncertainty_km,
      position_sources: p.sources?.map(sourceLine),
      position_sources_en: p.sources?.map(sourceLineEn),
      accuracy: p.accuracy === 'surveyed' ? 'approximate' : p.accuracy,
      source_doc: rh.source_doc,
      source_section: rh.source_section,
      source_quote: rh.source_quote,
      note: [rh.note_common, it.note].filter(Boolean).join(' '),
      note_en: [rh.note_common_en, it.note_en].filter(Boolean).join(' '),
    },
    { type: 'Point', coordinates: p.coord },
  );
});

// ---------------------------------------------------------------- counties from geometry
// every feature records the counties it lies in or crosses (a 'ref' attribute), so a county's
// panel lists the rivers, bands, places and 沉陷区 that touch it
const countiesOf = countyLocator(counties);
for (const features of Object.values(outputs)) {
  for (const f of features) {
    const codes = countiesOf(f.geometry);
    if (codes.length) f.properties.geo_counties = codes;
  }
}

// ---------------------------------------------------------------- write
fs.mkdirSync(OUT, { recursive: true });
let total = 0;
for (const [name, features] of Object.entries(outputs)) {
  const text = stringifyFC(features);
  fs.writeFileSync(path.join(OUT, `${name}.geojson`), text);
  total += Buffer.byteLength(text);
  log(`${name}.geojson: ${features.length} features, ${(Buffer.byteLength(text) / 1024).toFixed(1)} kB`);
}
log(`total ${(total / 1024).toFixed(1)} kB`);
const placed = {};
for (const f of outputs.inventory) placed[f.properties.category] = (placed[f.properties.category] ?? 0) + 1;
for (const c of CATEGORIES.values()) log(`  ${c.zh}: 清单 ${c.count} · 已上图 ${placed[c.id] ?? 0}`);
