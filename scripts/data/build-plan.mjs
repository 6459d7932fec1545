#!/usr/bin/env node
/**
 * Builds the plan's structure layers (一核四带多组团, 两极三廊五群多点, zones/parks, transport) from
 * the typed facts in scripts/data/facts/*.json and the base data in public/data/base/.
 *
 *   node scripts/data/build-plan.mjs
 *
 * Deterministic (no clock, no randomness); plain Node ESM + @turf/turf. Writes WGS84 GeoJSON to
 * public/data/plan/. Polygons of elements the plan defines by counties are the union of their member
 * counties (accuracy 'derived'); everything else is a schematic shape or a point on a named place.
 * See scripts/data/PLAN-SOURCES.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as turf from '@turf/turf';
import { countyLocator } from './lib/geo-counties.mjs';
import { sourceLine, sourceLineEn } from './lib/sourceLine.mjs';
import { basisEn } from './lib/english.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const factsDir = path.join(here, 'facts');
const baseDir = path.join(root, 'public/data/base');
const outDir = path.join(root, 'public/data/plan');

const readJson = (p) => JSON.parse(fs.readFileSync(p, 'utf8'));
const structure = readJson(path.join(factsDir, 'plan-structure.json'));
const industry = readJson(path.join(factsDir, 'industry.json'));
const zonesFacts = readJson(path.join(factsDir, 'zones.json'));
const transport = readJson(path.join(factsDir, 'transport.json'));
const places = readJson(path.join(factsDir, 'places.json'));
const sitesFacts = readJson(path.join(factsDir, 'sites.json'));
const ecoAnchors = readJson(path.join(factsDir, 'ecology.json')).anchors;
const sources = readJson(path.join(root, 'layers/sources.json'));
const geonames = readJson(path.join(here, 'reference/geonames-shanxi.json')).rows;
const rivers = new Map(readJson(path.join(baseDir, 'rivers.geojson')).features.map((f) => [f.properties.id, f]));

const counties = readJson(path.join(baseDir, 'counties.geojson'));
const seats = readJson(path.join(baseDir, 'seats.geojson'));
const region = readJson(path.join(baseDir, 'region.geojson')).features[0];

const countyByCode = new Map(counties.features.map((f) => [String(f.properties.code ?? f.properties.id), f]));
const seatByCode = new Map(seats.features.map((f) => [String(f.properties.code), f]));
const countiesOf = countyLocator(counties.features);

// ------------------------------------------------------------------ helpers
const r5 = (x) => Math.round(x * 1e5) / 1e5;
function roundCoords(c) {
  if (typeof c[0] === 'number') return [r5(c[0]), r5(c[1])];
  return c.map(roundCoords);
}
/** drop consecutive duplicate positions that rounding may create (keeps rings closed) */
function dedupe(c) {
  if (typeof c[0] === 'number') return c;
  if (typeof c[0][0] === 'number') {
    const out = [];
    for (const p of c) if (!out.length || out[out.length - 1][0] !== p[0] || out[out.length - 1][1] !== p[1]) out.push(p);
    return out;
  }
  return c.map(dedupe);
}
function cleanGeometry(g) {
  return { type: g.type, coordinates: dedupe(roundCoords(g.coordinates)) };
}

function fail(msg) {
  console.error(`build-plan: ${msg}`);
  process.exit(1);
}

function countyName(code) {
  const f = countyByCode.get(code);
  if (!f) fail(`unknown county code ${code}`);
  const p = f.properties;
  return p.name_full ?? p.name;
}
function countyNameEn(code) {
  const f = countyByCode.get(code);
  if (!f) fail(`unknown county code ${code}`);
  return f.properties.name_en ?? fail(`county ${code} has no name_en`);
}

/** Resolves 'seat:<code>' | 'place:<key>' | 'mid:<a>|<b>' to { coord, basis, sourceDoc } */
function resolve(ref) {
  if (ref.startsWith('mid:')) {
    const [a, b] = ref.slice(4).split('|').map(resolve);
    return {
      coord: [(a.coord[0] + b.coord[0]) / 2, (a.coord[1] + b.coord[1]) / 2],
      basis: `${a.label}与${b.label}两点之间（示意）`,
      basis_en: `Between ${a.label_en} and ${b.label_en} (schematic)`,
      label: `${a.label}与${b.label}之间`,
      label_en: `between ${a.label_en} and ${b.label_en}`,
    };
  }
  if (ref.startsWith('seat:')) {
    const code = ref.slice(5);
    const s = seatByCode.get(code);
    if (!s) fail(`no seat for ${code}`);
    return {
      coord: s.geometry.coordinates,
      basis: seatBasis(s),
      basis_en: seatBasisEn(s, countyNameEn(code)),
      label: countyName(code),
      label_en: countyNameEn(code),
    };
  }
  if (ref.startsWith('place:')) {
    const p = places[ref.slice(6)];
    if (!p) fail(`unknown place ${ref}`);
    return { coord: p.coord, basis: `${p.name}：${p.basis}`, basis_en: `${p.name_en}: ${basisEn(ref, p)}`, label: p.name, label_en: p.name_en ?? fail(`place ${ref} has no name_en`), outside: !!p.outside };
  }
  if (ref.startsWith('site:')) {
    const site = siteById.get(ref.slice(5));
    if (!site) fail(`unknown site ${ref}`);
    return { coord: site.coord, basis: `${site.name}：${site.basis}`, basis_en: `${site.name_en}: ${basisEn(ref, site)}`, label: site.name, label_en: site.name_en };
  }
  fail(`bad position ref ${ref}`);
}

/** A seat's basis in words a reader can check (no file names). */
function seatBasis(s) {
  const p = s.properties;
  if (p.source_doc === 'geonames') return `${p.county}县城驻地（GeoNames “${/“(.+?)”/.exec(p.source_section)?.[1] ?? p.name}”）`;
  return `${p.county}面内标注点（无驻地坐标，示意）`;
}
function seatBasisEn(s, countyEn) {
  const p = s.properties;
  if (p.source_doc === 'geonames') return `Seat of ${countyEn} (GeoNames “${/“(.+?)”/.exec(p.source_section)?.[1] ?? p.name}”)`;
  return `Label point inside ${countyEn} (no seat coordinate; schematic)`;
}
/** Chinese outside “quoted names”: what an English twin must not contain. */
const chineseOutsideQuotes = (s) => /[\u4e00-\u9fff]/.test(s.replace(/“[^”]*”/g, ''));
/**
 * The English twin (`<key>_en`) of a record's free-text attribute, which the inspect panel shows in
 * English; undefined when the value has no Chinese. The build fails when a Chinese value (or list)
 * has no twin, a list's twin has another length, or the twin is itself Chinese.
 */
function twin(id, rec, key) {
  const v = rec[key];
  if (v === undefined || v === null || !/[\u4e00-\u9fff]/.test(JSON.stringify(v))) return undefined;
  const en = rec[`${key}_en`];
  if (en === undefined || en === null || en === '') fail(`${id}: ${key} is in Chinese and has no ${key}_en`);
  if (Array.isArray(v) !== Array.isArray(en) || (Array.isArray(v) && v.length !== en.length)) fail(`${id}: ${key}_en is not a list of the same length as ${key}`);
  for (const x of [en].flat()) if (typeof x !== 'string' || !x.trim() || chineseOutsideQuotes(x)) fail(`${id}: ${key}_en is empty or has Chinese: ${x}`);
  return en;
}
/** What the zones' and clusters' markers say when they are moved off a spot another marker holds. */
const OFFSET_ZH = '（与同处标记错开显示）';
const OFFSET_EN = ' (offset from a marker at the same place)';

// ------------------------------------------------------------------ named sites (sites.json)
function geonamesPoint(name) {
  const rows = geonames.filter((r) => r.name === name);
  if (rows.length !== 1) fail(`GeoNames name ${name}: ${rows.length} matches in reference/geonames-shanxi.json`);
  return [rows[0].lng, rows[0].lat];
}
/** The northernmost point of a surveyed river within 1 km of a county (where it enters the county). */
function riverEntry(riverId, code) {
  const river = rivers.get(riverId);
  const county = countyByCode.get(code);
  if (!river || !county) fail(`riverEntry: unknown ${riverId} or ${code}`);
  const edge = turf.polygonToLine(county);
  const coords = river.geometry.type === 'LineString' ? river.geometry.coordinates : river.geometry.coordinates.flat();
  let best = null;
  for (const c of coords) {
    const near = turf.booleanPointInPolygon(c, county) || turf.pointToLineDistance(c, edge, { units: 'kilometers' }) < 1;
    if (near && (!best || c[1] > best[1])) best = c;
  }
  if (!best) fail(`riverEntry: ${riverId} does not reach ${code}`);
  if (turf.booleanPointInPolygon(best, county)) return best;
  // the river is the county's edge: take the nearest point of the edge, 150 m inside the county
  const lines = edge.type === 'FeatureCollection' ? edge.features : [edge];
  const onEdge = lines.map((l) => turf.nearestPointOnLine(l, best)).sort((a, b) => a.properties.dist - b.properties.dist)[0];
  const inward = turf.bearing(onEdge, turf.centroid(county));
  return turf.destination(onEdge, 0.15, inward).geometry.coordinates;
}
/** The point of a surveyed river nearest to `near`, moved (in 150 m steps, at most 2 km) into the county. */
function onRiver(riverId, near, code) {
  const river = rivers.get(riverId);
  const county = countyByCode.get(code);
  if (!river || !county) fail(`onRiver: unknown ${riverId} or ${code}`);
  const p = turf.nearestPointOnLine(river, turf.point(near)).geometry.coordinates;
  if (turf.booleanPointInPolygon(p, county)) return p;
  const edge = turf.polygonToLine(county);
  const lines = edge.type === 'FeatureCollection' ? edge.features : [edge];
  const onEdge = lines.map((l) => turf.nearestPointOnLine(l, p)).sort((a, b) => a.properties.dist - b.properties.dist)[0];
  const inward = turf.bearing(p, onEdge);
  for (let km = 0.15; km <= 2; km += 0.15) {
    const q = turf.destination(p, turf.distance(p, onEdge) + km, inward).geometry.coordinates;
    if (turf.booleanPointInPolygon(q, county)) return q;
  }
  fail(`onRiver: cannot move the ${riverId} point near ${near} into ${code}`);
}
/** A site's position: typed, from a named dataset point, or a stated relation (see sites.json). */
function sitePosition(spec, code) {
  if (Array.isArray(spec)) return spec;
  if (typeof spec === 'string' && spec.startsWith('geonames:')) return geonamesPoint(spec.slice(9));
  if (typeof spec === 'string' && spec.startsWith('anchor:')) {
    const a = ecoAnchors[spec.slice(7)];
    if (!a) fail(`unknown anchor ${spec}`);
    return a.coord;
  }
  if (typeof spec === 'string' && (spec.startsWith('seat:') || spec.startsWith('place:'))) return resolve(spec).coord;
  if (spec?.riverEntry) return riverEntry(...spec.riverEntry);
  // a stated relation: "灵石县城东12公里" = { from: 'seat:140729', km: 12, bearing: 90 }
  if (spec?.from && typeof spec.km === 'number' && typeof spec.bearing === 'number') {
    return turf.destination(resolve(spec.from).coord, spec.km, spec.bearing).geometry.coordinates;
  }
  if (spec?.onRiver) return onRiver(spec.onRiver, sitePosition(spec.near, code), code);
  fail(`bad site position ${JSON.stringify(spec)}`);
}
function checkPositionRecord(id, rec) {
  if (!(rec.uncertainty_km > 0)) fail(`${id}: a placed site needs uncertainty_km`);
  if (!rec.basis) fail(`${id}: a placed site needs a basis`);
  for (const s of [...(rec.sources ?? []), ...(rec.checks ?? [])]) if (!s.url || !s.title || !/^\d{4}-\d{2}-\d{2}$/.test(s.read ?? '')) fail(`${id}: a source needs url, title and read date`);
}
// in file order, so a site may be placed relative to one listed before it ({ from: 'site:<id>', … })
const siteById = new Map();
for (const s of sitesFacts.sites) {
  checkPositionRecord(s.id, s);
  const coord = sitePosition(s.position, s.county).map(r5);
  const inside = turf.booleanPointInPolygon(coord, countyByCode.get(s.county) ?? fail(`${s.id}: unknown county ${s.county}`));
  if (!inside) fail(`${s.id}: position ${coord} is not inside ${countyName(s.county)}`);
  siteById.set(s.id, { ...s, coord });
}

for (const [key, p] of Object.entries(places)) {
  if (key.startsWith('$') || !p.county) continue;
  if (!turf.booleanPointInPolygon(p.coord, countyByCode.get(p.county) ?? fail(`place ${key}: unknown county ${p.county}`))) fail(`place ${key}: ${p.coord} is not inside ${countyName(p.county)}`);
}

const CITY_ANCHOR = { 太原: 'place:taiyuan', 晋中: 'seat:140702', 忻州: 'seat:140902', 吕梁: 'seat:141102', 阳泉: 'seat:140302' };
const CITY_EN = { 太原: 'Taiyuan', 晋中: 'Jinzhong', 忻州: 'Xinzhou', 吕梁: 'Lüliang', 阳泉: 'Yangquan' };

/** Union of member counties as a clean (Multi)Polygon geometry. */
function unionOf(codes) {
  const polys = codes.map((c) => {
    const f = countyByCode.get(c);
    if (!f) fail(`unknown county ${c}`);
    return turf.feature(f.geometry);
  });
  const u = polys.length === 1 ? polys[0] : turf.union(turf.featureCollection(polys));
  // remove pinholes (< 0.05 km²) that sub-metre mismatches along shared borders could leave
  const g = u.geometry;
  const polysOf = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const kept = polysOf.map((rings) => [rings[0], ...rings.slice(1).filter((r) => turf.area(turf.polygon([r])) > 5e4)]);
  const geom = kept.length === 1 ? { type: 'Polygon', coordinates: kept[0] } : { type: 'MultiPolygon', coordinates: kept };
  return cleanGeometry(geom);
}

/** The point where the segment a→b first leaves the region (nearest crossing to a). */
function edgeToward(a, b) {
  const seg = turf.lineString([a, b]);
  const hits = turf.lineIntersect(seg, region).features.map((f) => f.geometry.coordinates);
  if (!hits.length) return null;
  hits.sort((p, q) => turf.distance(a, p) - turf.distance(a, q));
  const hit = hits[0];
  // step back 200 m inside so the end stays inside the region (and its bbox)
  const back = turf.destination(hit, 0.2, turf.bearing(hit, a));
  return back.geometry.coordinates;
}

/** Coordinates of a schematic line: from-edge + via + towards-edge. */
function lineCoords(item) {
  const pts = item.via.map((v) => resolve(v).coord);
  if (item.from) {
    const e = edgeToward(pts[0], resolve(item.from).coord);
    if (e) pts.unshift(e);
  }
  if (item.towards) {
    const e = edgeToward(pts[pts.length - 1], resolve(item.towards).coord);
    if (e) pts.push(e);
  }
  if (pts.length < 2) fail(`${item.id}: line has fewer than 2 points`);
  return pts;
}

/** Adds a two-stroke arrowhead at the end of a line (schematic direction, as in a 结构图). */
function withArrow(coords) {
  const n = coords.length;
  const tip = coords[n - 1];
  const back = turf.bearing(tip, coords[n - 2]);
  const len = 6; // km
  const l = turf.destination(tip, len, back + 28).geometry.coordinates;
  const r = turf.destination(tip, len, back - 28).geometry.coordinates;
  return [coords, [l, tip, r]];
}

const STATUS_ZH = { existing: '既有', 'under-construction': '在建/加快建设', planned: '规划', 'under-study': '前期研究', unspecified: '规划未注明' };

function feature(props, geometry) {
  const p = { ...props };
  for (const k of Object.keys(p)) if (p[k] === undefined || p[k] === null) delete p[k];
  return { type: 'Feature', id: p.id, properties: p, geometry: cleanGeometry(geometry) };
}

/** A source's title as readers see it (never the internal id). */
function sourceTitle(doc) {
  const src = sources[doc];
  if (!src) fail(`unknown source ${doc}`);
  return src.date ? `${src.title.zh}，${src.date}` : src.title.zh;
}

function citation(x, fallbackDoc = 'plan-2022') {
  return {
    source_doc: x.source_doc ?? fallbackDoc,
    source_section: x.source_section,
    source_quote: x.source_quote,
    also_cited: x.also_cited ? x.also_cited.map((c) => `${sourceTitle(c.doc)}（${c.section}）：“${c.quote}”`) : undefined,
  };
}

/** Spreads points that share an anchor around it (schematic), deterministic by order. */
function spread(items) {
  const groups = new Map();
  for (const it of items) {
    if (!groups.has(it.anchor)) groups.set(it.anchor, []);
    groups.get(it.anchor).push(it);
  }
  for (const group of groups.values()) {
    const n = group.length;
    group.forEach((it, i) => {
      const base = resolve(it.anchor).coord;
      if (n === 1) it.coord = base;
      else {
        // offset around the anchor; when the item declares counties, shrink the offset until the
        // marker stays inside one of them (a marker must never sit in a county it does not name)
        const within = (it.counties ?? []).map((c) => countyByCode.get(c));
        let radiusKm = 2.5 + 0.15 * n;
        let p = turf.destination(base, radiusKm, (360 * i) / n).geometry.coordinates;
        while (within.length && !within.some((c) => turf.booleanPointInPolygon(p, c)) && radiusKm > 0.05) {
          radiusKm /= 2;
          p = turf.destination(base, radiusKm, (360 * i) / n).geometry.coordinates;
        }
        it.coord = p;
        it.offset = true;
      }
    });
  }
  return items;
}

const fc = (features) => ({ type: 'FeatureCollection', features });
const outputs = {};

// ------------------------------------------------------------------ 一核
{
  const c = structure.core;
  const e = structure.core_extension;
  outputs['core'] = fc([
    feature({
      id: c.id, name: c.name, name_en: c.name_en, kind: c.kind, element: c.element,
      members: c.members, member_names: c.members.map(countyName), geometry_members: c.members,
      role: c.role, role_en: twin(c.id, c, 'role'), modes: c.modes, modes_en: twin(c.id, c, 'modes'),
      integration: c.integration, integration_en: twin(c.id, c, 'integration'), functions: c.functions, functions_en: twin(c.id, c, 'functions'),
      highlands: c.highlands, highlands_en: twin(c.id, c, 'highlands'), jinzhong_assets: c.jinzhong_assets, jinzhong_assets_en: twin(c.id, c, 'jinzhong_assets'), accuracy: 'derived', ...citation(c), note: c.members_note, note_en: c.members_note_en,
    }, unionOf(c.members)),
  ]);
  outputs['core-extension'] = fc([
    feature({
      id: e.id, name: e.name, name_en: e.name_en, kind: e.kind, element: e.element,
      members: e.members, member_names: e.members.map(countyName), geometry_members: e.members,
      role: e.role, role_en: twin(e.id, e, 'role'), optional: true, accuracy: 'derived', ...citation(e), note: e.note, note_en: e.note_en,
    }, unionOf(e.members)),
  ]);
}

// ------------------------------------------------------------------ axes (needed by the 雄忻 band)
const axisCoords = new Map();
{
  const feats = structure.axes.map((a) => {
    const coords = lineCoords(a);
    axisCoords.set(a.id, coords);
    const geom = a.arrow ? { type: 'MultiLineString', coordinates: withArrow(coords) } : { type: 'LineString', coordinates: coords };
    return feature({
      id: a.id, name: a.name, name_en: a.name_en, kind: a.kind, element_ref: [a.element_ref],
      status: a.status, status_zh: a.status ? STATUS_ZH[a.status] : undefined,
      via_names: a.via.map((v) => resolve(v).label), via_names_en: a.via.map((v) => resolve(v).label_en), arrow: a.arrow,
      accuracy: 'schematic', ...citation(a), note: a.note, note_en: a.note_en,
    }, geom);
  });
  outputs['axes'] = fc(feats);
}

// ------------------------------------------------------------------ 四带
{
  const feats = structure.belts.map((b) => {
    let geom;
    let accuracy;
    if (b.geometry === 'members') {
      geom = unionOf(b.members);
      accuracy = 'derived';
    } else {
      // schematic band: 12 km either side of the belt's axes, clipped to the region
      const lines = b.corridor_refs.map((id) => {
        const c = axisCoords.get(id);
        if (!c) fail(`${b.id}: unknown axis ${id}`);
        return turf.buffer(turf.lineString(c), 12, { units: 'kilometers', steps: 8 });
      });
      let band = lines.length > 1 ? turf.union(turf.featureCollection(lines)) : lines[0];
      band = turf.intersect(turf.featureCollection([band, region]));
      band = turf.simplify(band, { tolerance: 0.002, highQuality: true });
      geom = band.geometry;
      accuracy = 'schematic';
    }
    return feature({
      id: b.id, name: b.name, name_en: b.name_en, kind: b.kind,
      members: b.members, member_names: b.members.map(countyName),
      geometry_members: b.geometry === 'members' ? b.members : undefined,
      member_groups: b.member_groups, member_groups_en: twin(b.id, b, 'member_groups'), focus_area: b.focus_area, focus_area_en: twin(b.id, b, 'focus_area'),
      direction: b.direction, direction_en: twin(b.id, b, 'direction'), corridor: b.corridor, corridor_en: twin(b.id, b, 'corridor'), corridor_refs: b.corridor_refs.length ? b.corridor_refs : undefined,
      industries: b.industries, industries_en: twin(b.id, b, 'industries'), role: b.role, role_en: twin(b.id, b, 'role'), accuracy, ...citation(b), note: b.note, note_en: b.note_en,
    }, geom);
  });
  outputs['belts'] = fc(feats);
}

// ------------------------------------------------------------------ 多组团
{
  const core = [];
  const rad = [];
  for (const c of structure.clusters) {
    const members = [...c.members_core, ...c.members_radiating];
    core.push(feature({
      id: c.id, name: c.name, name_en: c.name_en, kind: c.kind, pattern: c.pattern, pattern_en: twin(c.id, c, 'pattern'),
      members, member_names: members.map(countyName),
      members_core: c.members_core, members_radiating: c.members_radiating,
      geometry_members: c.members_core, member_roles: c.member_roles, member_roles_en: twin(c.id, c, 'member_roles'), links: c.links, links_en: twin(c.id, c, 'links'),
      role: c.role, role_en: twin(c.id, c, 'role'), accuracy: 'derived', ...citation(c),
      note: c.note ?? (c.members_radiating.length ? '面为核心成员的合并；辐射带动成员另见“组团辐射带动县”图层。' : undefined),
      note_en: c.note_en ?? (c.members_radiating.length ? 'The area merges the core members; the radiating members are on the layer “Town clusters: radiating members”.' : undefined),
    }, unionOf(c.members_core)));
    if (c.members_radiating.length) {
      rad.push(feature({
        id: `${c.id}-radiating`, name: `${c.name}·辐射带动县`, name_en: `${c.name_en}: radiating members`,
        kind: 'cluster-radiating', cluster_ref: [c.id], pattern: c.pattern, pattern_en: twin(c.id, c, 'pattern'),
        members: c.members_radiating, member_names: c.members_radiating.map(countyName),
        geometry_members: c.members_radiating, role: c.role, role_en: twin(c.id, c, 'role'), accuracy: 'derived', ...citation(c),
      }, unionOf(c.members_radiating)));
    }
  }
  outputs['clusters'] = fc(core);
  outputs['cluster-radiating'] = fc(rad);
}

// ------------------------------------------------------------------ 两极
outputs['industry-poles'] = fc(industry.poles.map((p) => {
  const r = resolve(p.position);
  return feature({
    id: p.id, name: p.name, name_en: p.name_en, kind: p.kind, pole: p.pole, cities: p.cities, cities_en: p.cities?.map((c) => CITY_EN[c] ?? fail(`${p.id}: city ${c}`)),
    positioning: p.positioning, positioning_en: twin(p.id, p, 'positioning'), industries: p.industries, industries_en: twin(p.id, p, 'industries'), position_basis: r.basis, position_basis_en: r.basis_en,
    accuracy: 'schematic', ...citation(p), note: p.note, note_en: p.note_en,
  }, { type: 'Point', coordinates: r.coord });
}));

// ------------------------------------------------------------------ transport lines (before 三廊, which reuses them)
const lineById = new Map();
function transportLines(list, defaultKind) {
  return list.map((t) => {
    const coords = lineCoords(t);
    lineById.set(t.id, coords);
    return feature({
      id: t.id, name: t.name, name_en: t.name_en, kind: t.kind ?? defaultKind,
      status: t.status, status_zh: STATUS_ZH[t.status],
      via_names: t.via.map((v) => resolve(v).label),
      via_names_en: t.via.map((v) => resolve(v).label_en),
      from_direction: t.from ? resolve(t.from).label : undefined,
      from_direction_en: t.from ? resolve(t.from).label_en : undefined,
      towards_direction: t.towards ? resolve(t.towards).label : undefined,
      towards_direction_en: t.towards ? resolve(t.towards).label_en : undefined,
      via_basis: t.via_basis, via_basis_en: basisEn(t.id, t, 'via_basis'), accuracy: 'schematic', ...citation(t), note: t.note, note_en: t.note_en,
    }, { type: 'LineString', coordinates: coords });
  });
}
outputs['railways'] = fc(transportLines(transport.railways, 'railway'));
outputs['roads'] = fc(transportLines(transport.roads, 'road'));

outputs['metro'] = fc(transport.metro.map((m) => feature({
  id: m.id, name: m.name, name_en: m.name_en, kind: m.kind, status: m.status, status_zh: STATUS_ZH[m.status],
  via_basis: m.coords_basis, via_basis_en: basisEn(m.id, m, 'coords_basis'), accuracy: 'schematic', ...citation(m), note: m.note, note_en: m.note_en,
}, { type: 'LineString', coordinates: m.coords })));

{
  // an airport is a site: drawn only where its aerodrome can be stated (places.json); planned
  // airports without a published site are ledger entries (named-items.json) showing their county
  outputs['airports'] = fc(transport.airports.map((a) => {
    if (!a.position?.startsWith('place:')) fail(`${a.id}: airports are drawn only at a typed aerodrome position`);
    const r = resolve(a.position);
    const place = places[a.position.slice(6)];
    checkPositionRecord(a.id, place);
    return feature({
      id: a.id, name: a.name, name_en: a.name_en, kind: a.kind, airport_type: a.airport_type,
      status: a.status, status_zh: STATUS_ZH[a.status], plan_action: a.plan_action, plan_action_en: twin(a.id, a, 'plan_action'), county_ref: place.county ? [place.county] : undefined,
      position_basis: r.basis, position_basis_en: r.basis_en, uncertainty_km: place.uncertainty_km,
      position_sources: place.sources?.map(sourceLine), position_sources_en: place.sources?.map(sourceLineEn),
      accuracy: 'approximate', ...citation(a), note: a.note, note_en: a.note_en,
    }, { type: 'Point', coordinates: r.coord });
  }));
}

// railway stations: drawn at a coordinate read from a cited page (transport.json stations)
outputs['stations'] = fc(transport.stations.map((st) => {
  checkPositionRecord(st.id, st);
  const county = countyByCode.get(st.county) ?? fail(`${st.id}: unknown county ${st.county}`);
  if (!turf.booleanPointInPolygon(st.coord, county)) fail(`${st.id}: ${st.coord} is not inside ${countyName(st.county)}`);
  return feature({
    id: st.id, name: st.name, name_en: st.name_en, kind: st.kind, status: st.status, status_zh: STATUS_ZH[st.status],
    role: st.role, role_en: twin(st.id, st, 'role'), county_ref: [st.county], county_name: countyName(st.county), county_name_en: countyNameEn(st.county),
    position_basis: st.basis, position_basis_en: basisEn(st.id, st), uncertainty_km: st.uncertainty_km,
    position_sources: st.sources.map(sourceLine), position_sources_en: st.sources.map(sourceLineEn),
    accuracy: 'approximate', ...citation(st), note: st.note, note_en: st.note_en,
  }, { type: 'Point', coordinates: st.coord });
}));

// ------------------------------------------------------------------ 三廊
/**
 * Routes stay inside the region: the region's edge, 1 km inside, is a ring a route can follow.
 * Where a border river is the edge (the Yellow River on the west), following the ring is
 * following the river on the region's side; the surveyed river and the border agree only to
 * ~1.5 km, so the river line itself would leave the region and zig-zag across it.
 */
const innerRing = (() => {
  const inner = turf.buffer(region, -1, { units: 'kilometers', steps: 4 });
  const polys = inner.geometry.type === 'Polygon' ? [inner.geometry.coordinates] : inner.geometry.coordinates;
  const biggest = polys.sort((a, b) => turf.area(turf.polygon(b)) - turf.area(turf.polygon(a)))[0];
  return { polygon: turf.polygon(biggest), ring: turf.lineString(biggest[0]) };
})();
/** The shorter way along the inner ring from p to q (both projected onto it), inclusive. */
function alongRing(p, q) {
  const ring = innerRing.ring.geometry.coordinates; // closed: last = first
  const n = ring.length - 1;
  const pp = turf.nearestPointOnLine(innerRing.ring, p);
  const qq = turf.nearestPointOnLine(innerRing.ring, q);
  const [i, j] = [pp.properties.index, qq.properties.index];
  const fwd = [pp.geometry.coordinates];
  for (let k = (i + 1) % n; k !== (j + 1) % n; k = (k + 1) % n) fwd.push(ring[k]);
  fwd.push(qq.geometry.coordinates);
  const back = [pp.geometry.coordinates];
  for (let k = i; k !== j; k = (k - 1 + n) % n) back.push(ring[k]);
  back.push(qq.geometry.coordinates);
  const len = (c) => (c.length < 2 ? 0 : turf.length(turf.lineString(c)));
  return len(fwd) <= len(back) ? fwd : back;
}
/** A straight segment a→b; where it would leave the inner region it follows the inner ring instead. */
function insideSegment(a, b) {
  const seg = turf.lineString([a, b]);
  const hits = turf.lineIntersect(seg, innerRing.ring).features.map((f) => f.geometry.coordinates);
  if (hits.length < 2) return [a, b];
  hits.sort((x, y) => turf.distance(a, x) - turf.distance(a, y));
  const [exit, entry] = [hits[0], hits[hits.length - 1]];
  // the segment is inside between consecutive hits when its midpoint is: only detour where it is not
  const mid = turf.midpoint(exit, entry).geometry.coordinates;
  if (turf.booleanPointInPolygon(mid, innerRing.polygon) && hits.length === 2) return [a, b];
  return [a, ...alongRing(exit, entry), b];
}

/** 'unplaced:<name>:<code>' → '<name>（本项目未找到足够准确的坐标，未上图；所在县：<county>）' */
function unplacedLabel(stop) {
  const [, name, code] = stop.split(':');
  return `${name}（本项目未找到足够准确的坐标，未上图；所在县：${countyName(code)}）`;
}
/** 'unplaced:<name>:<code>:<English name>' → 'Zangshan (no coordinate accurate enough found, not mapped; county: Yu County)' */
function unplacedLabelEn(stop) {
  const [, , code, en] = stop.split(':');
  if (!en) fail(`${stop}: an unplaced stop needs its English name (4th part)`);
  return `${en} (no coordinate accurate enough found, not mapped; county: ${countyNameEn(code)})`;
}
/**
 * A tourism route drawn through its placed stops only (stops without a stated position are
 * listed, never drawn at a county seat). Between two stops that both lie by the river a route
 * "follows" (within 3 km of it), the route follows the region's edge 1 km inside, which there
 * is the river's course on the region's side; elsewhere a straight segment, kept inside the
 * region. No route crosses itself or leaves the region (build check and data test).
 */
function routeLines(route) {
  const placed = route.stops.filter((x) => x.startsWith('site:')).map((x) => resolve(x).coord);
  if (placed.length < 2) return [];
  const river = route.follow ? rivers.get(route.follow) ?? fail(`route ${route.name}: unknown river ${route.follow}`) : null;
  const byRiver = (p) => river && turf.pointToLineDistance(p, river, { units: 'kilometers' }) < 3;
  // a riverside stop between two others is passed at its point on the inner ring (≤ 2 km from
  // it): going out to the stop and back would make the line double back on itself
  const vertex = placed.map((p, i) => (i > 0 && i < placed.length - 1 && byRiver(p) ? turf.nearestPointOnLine(innerRing.ring, p).geometry.coordinates : p));
  const out = [];
  for (let i = 1; i < placed.length; i++) {
    const [a, b] = [vertex[i - 1], vertex[i]];
    if (byRiver(placed[i - 1]) && byRiver(placed[i])) {
      const path = turf.simplify(turf.lineString(alongRing(a, b)), { tolerance: 0.0004, highQuality: true }).geometry.coordinates;
      out.push([a, ...path, b]);
    } else out.push(insideSegment(a, b));
  }
  // join consecutive pieces into one line
  const same = (p, q) => Math.abs(p[0] - q[0]) < 1e-7 && Math.abs(p[1] - q[1]) < 1e-7;
  const line = out.flat().filter((p, i, all) => i === 0 || !same(p, all[i - 1]));
  const kinks = turf.kinks(turf.lineString(line)).features.length;
  if (kinks) fail(`route ${route.name} crosses itself ${kinks} times`);
  return [line];
}
outputs['industry-corridors'] = fc(industry.corridors.map((c) => {
  let lines;
  if (c.shape === 'spokes') {
    const hub = resolve(c.hub).coord;
    lines = c.to.map((t) => [hub, resolve(t).coord]);
  } else if (c.shape === 'routes') {
    lines = c.routes.flatMap((r) => routeLines(r));
  } else {
    lines = c.lines.map((id) => {
      const l = lineById.get(id);
      if (!l) fail(`${c.id}: unknown line ${id}`);
      return l;
    });
  }
  return feature({
    id: c.id, name: c.name, name_en: c.name_en, kind: c.kind, industries: c.industries, industries_en: twin(c.id, c, 'industries'), role: c.role, role_en: twin(c.id, c, 'role'),
    routes: c.routes ? c.routes.map((r) => r.name) : undefined,
    routes_en: c.routes ? c.routes.map((r) => r.name_en ?? fail(`route ${r.name} has no name_en`)) : undefined,
    stops_placed: c.routes ? c.routes.flatMap((r) => r.stops.filter((x) => x.startsWith('site:')).map((x) => resolve(x).label)) : undefined,
    stops_placed_en: c.routes ? c.routes.flatMap((r) => r.stops.filter((x) => x.startsWith('site:')).map((x) => resolve(x).label_en)) : undefined,
    stops_unplaced: c.routes ? c.routes.flatMap((r) => r.stops.filter((x) => x.startsWith('unplaced:')).map(unplacedLabel)) : undefined,
    stops_unplaced_en: c.routes ? c.routes.flatMap((r) => r.stops.filter((x) => x.startsWith('unplaced:')).map(unplacedLabelEn)) : undefined,
    vertical: c.vertical, vertical_en: c.vertical_en, horizontal: c.horizontal, horizontal_en: c.horizontal_en, line_refs: c.lines, hub_ref: c.hub_zone,
    accuracy: 'schematic', ...citation(c), note: c.note, note_en: c.note_en,
  }, { type: 'MultiLineString', coordinates: lines });
}));

// ------------------------------------------------------------------ 五群 (points at the cities named)
{
  const items = [];
  for (const cl of industry.industry_clusters) {
    cl.places.forEach((pl, i) => {
      const anchor = CITY_ANCHOR[pl.city];
      if (!anchor) fail(`${cl.id}: unknown city ${pl.city}`);
      items.push({ cl, pl, i, anchor });
    });
  }
  spread(items);
  const seen = new Map();
  outputs['industry-clusters'] = fc(items.map(({ cl, pl, coord, anchor }) => {
    let id = `industry-${cl.id}-${CITY_EN[pl.city].toLowerCase().replace('ü', 'u')}`;
    if (pl.project) {
      const k = `${id}`;
      const n = (seen.get(k) ?? 0) + 1;
      seen.set(k, n);
      id = `${id}-${n}`;
    }
    return feature({
      id, name: pl.project ? `${cl.name}：${pl.project}（${pl.city}）` : `${cl.name}（${pl.city}）`,
      name_en: pl.project ? `${cl.name_en}: ${pl.project_en ?? fail(`${cl.id}: project ${pl.project} has no project_en`)} (${CITY_EN[pl.city]})` : `${cl.name_en} — ${CITY_EN[pl.city]}`,
      kind: 'industry-cluster', cluster: cl.name, cluster_en: cl.name_en, cluster_id: cl.id,
      city: pl.city, project: pl.project, project_en: pl.project_en, city_role: pl.role, city_role_en: twin(`${cl.id} ${pl.city}`, pl, 'role'),
      fields: cl.fields, fields_en: twin(cl.id, cl, 'fields'), role: cl.role, role_en: twin(cl.id, cl, 'role'),
      position_basis: `${resolve(anchor).basis}；在该市周围错开显示，以免同一城市的几个集群标记重叠`,
      position_basis_en: `${resolve(anchor).basis_en}; offset around the city so clusters sharing a city do not overlap`,
      accuracy: 'schematic', source_doc: 'plan-2022', source_section: cl.source_section, source_quote: pl.quote ?? cl.source_quote,
      note: cl.note ?? '规划按城市点名，未给具体位置；标记放在该市驻地附近，仅为示意。',
      note_en: cl.note_en ?? 'The plan names the city only, with no site; the marker is near the city seat, schematic only.',
    }, { type: 'Point', coordinates: coord });
  }));
}

// ------------------------------------------------------------------ 多点 (one per city)
outputs['city-focus'] = fc(industry.city_focus.map((c) => {
  const r = resolve(CITY_ANCHOR[c.city]);
  return feature({
    id: c.id, name: `${c.city}：产业重点与定位`, name_en: `${c.name_en}: focus industries and positioning`,
    kind: 'city-focus', city: c.city, industries: c.industries, industries_en: twin(c.id, c, 'industries'), positioning: c.positioning, positioning_en: twin(c.id, c, 'positioning'),
    position_basis: r.basis, position_basis_en: r.basis_en, accuracy: 'schematic', source_doc: 'plan-2022', source_section: '第六章第一节',
    source_quote: c.source_quote, note: '标记位于该市政府驻地，代表全市。', note_en: 'The marker is at the seat of the city government and stands for the whole city.',
  }, { type: 'Point', coordinates: r.coord });
}));

// ------------------------------------------------------------------ zones and parks
{
  const countiesOfZone = (z) => (Array.isArray(z.county) ? z.county : z.county ? [z.county] : []);
  const items = spread(zonesFacts.zones.map((z) => ({ z, anchor: z.position, counties: countiesOfZone(z) })));
  outputs['zones'] = fc(items.map(({ z, coord, anchor, offset }) => feature({
    id: z.id, name: z.name, name_en: z.name_en, kind: z.kind, level: z.level, city: z.city,
    county_ref: countiesOfZone(z).length ? countiesOfZone(z) : undefined,
    county_name: countiesOfZone(z).length ? countiesOfZone(z).map(countyName).join('、') : undefined,
    county_name_en: countiesOfZone(z).length ? countiesOfZone(z).map(countyNameEn).join(', ') : undefined,
    role: z.role, role_en: twin(z.id, z, 'role'), position_basis: resolve(anchor).basis + (offset ? OFFSET_ZH : ''), position_basis_en: resolve(anchor).basis_en + (offset ? OFFSET_EN : ''),
    accuracy: 'schematic', ...citation(z),
    note: [`位置：${z.county_basis}。规划未给具体场址，标记仅示意所在县（市、区）。`, z.note].filter(Boolean).join(' '),
    note_en: [`Position: ${z.county_basis_en}. The plan gives no site; the marker only shows the county (city, district).`, z.note_en].filter(Boolean).join(' '),
  }, { type: 'Point', coordinates: coord })));
}

// ------------------------------------------------------------------ named sites (corridor stops)
{
  const corridor = industry.corridors.find((c) => c.shape === 'routes');
  const routeOf = (id) => corridor.routes.find((r) => r.stops.includes(`site:${id}`));
  outputs['sites'] = fc([...siteById.values()].map((s) => {
    const route = routeOf(s.id);
    if (!route && !s.source_quote) fail(`${s.id}: a site on no route needs its own source_section and source_quote`);
    return feature({
      id: s.id, name: s.name, name_en: s.name_en, kind: s.kind,
      county_ref: [s.county], county_name: countyName(s.county), county_name_en: countyNameEn(s.county),
      route: route?.name, route_en: route?.name_en, corridor_ref: route ? [corridor.id] : undefined,
      position_basis: s.basis, position_basis_en: basisEn(s.id, s), uncertainty_km: s.uncertainty_km,
      position_sources: s.sources?.map(sourceLine), position_sources_en: s.sources?.map(sourceLineEn),
      position_checks: s.checks?.map(sourceLine), position_checks_en: s.checks?.map(sourceLineEn),
      accuracy: 'approximate',
      source_doc: 'plan-2022', source_section: route ? corridor.routes_section : s.source_section, source_quote: route ? route.quote : s.source_quote,
    }, { type: 'Point', coordinates: s.coord });
  }));
}

// ------------------------------------------------------------------ counties from geometry
// Every point and line feature records the counties it lies in or crosses (format 'ref'), so a
// county's panel can list them; polygons defined by member counties already name theirs.
for (const data of Object.values(outputs)) {
  for (const f of data.features) {
    if (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon') continue;
    const codes = countiesOf(f.geometry);
    if (codes.length) f.properties.geo_counties = codes;
  }
}

// ------------------------------------------------------------------ cross-references as the app reads them
// An attribute of format 'ref' holds county codes or 'layer-id/feature-id' (src/catalog/references.ts):
// a bare feature id would be read as a county code and shown as a raw id. The facts name plan
// features by id alone; here each becomes 'layer-id/feature-id', the layer found from layers/*.json.
{
  const layerOfFile = new Map();
  const refKeysOfFile = new Map();
  for (const g of fs.readdirSync(path.join(root, 'layers')).filter((f) => f.endsWith('.json') && f !== 'sources.json')) {
    for (const l of readJson(path.join(root, 'layers', g)).layers ?? []) {
      const m = /^data\/plan\/(.+)\.geojson$/.exec(l.data ?? '');
      if (!m) continue;
      layerOfFile.set(m[1], l.id);
      refKeysOfFile.set(m[1], (l.attributes ?? []).filter((a) => a.format === 'ref').map((a) => a.key));
    }
  }
  const layerOfFeature = new Map();
  for (const [name, data] of Object.entries(outputs))
    for (const f of data.features) if (layerOfFile.has(name)) layerOfFeature.set(String(f.properties.id), layerOfFile.get(name));
  for (const [name, data] of Object.entries(outputs))
    for (const key of refKeysOfFile.get(name) ?? [])
      for (const f of data.features) {
        const v = f.properties[key];
        if (!Array.isArray(v)) continue;
        f.properties[key] = v.map((ref) => {
          if (String(ref).includes('/') || countyByCode.has(String(ref))) return ref;
          const layer = layerOfFeature.get(String(ref)) ?? fail(`${f.properties.id}.${key}: ${ref} is neither a county nor a plan feature`);
          return `${layer}/${ref}`;
        });
      }
}

// ------------------------------------------------------------------ write
fs.mkdirSync(outDir, { recursive: true });
let total = 0;
const summary = [];
for (const [name, data] of Object.entries(outputs)) {
  const text = JSON.stringify(data);
  fs.writeFileSync(path.join(outDir, `${name}.geojson`), text + '\n');
  total += text.length + 1;
  summary.push(`${name}.geojson: ${data.features.length} features, ${(text.length / 1024).toFixed(1)} kB`);
}
console.log(summary.join('\n'));
console.log(`total ${(total / 1024).toFixed(1)} kB in public/data/plan/`);
