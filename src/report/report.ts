/**
 * "此处适用 / What applies here": everything in the plan at a place, whether or not its layer is
 * shown. For a point: its county and city, the plan elements containing it, the zones and parks
 * of its county, what the plan says for its city, lines and sites within a stated distance (with
 * the distance), and the county's "named, not mapped" items. For a polygon (a sketch, an imported
 * feature): the same, with the overlap area and share for every area it meets.
 *
 * Pure: takes a PlanIndex (./spatialIndex) and returns plain data (a Report), which the panel,
 * the CSV export and the map sheet all render. Every entry carries its source and accuracy class.
 */
import { booleanPointInPolygon, booleanIntersects, intersect, bboxClip, featureCollection, feature as turfFeature } from '@turf/turf';
import type { Feature, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import type { AccuracyClass, Catalog } from '../catalog/types';
import type { ReportTarget } from '../state/mapState';
import { geometryArea } from '../measure/geodesic';
import { PlanIndex, bboxOf, expandBox, type BBox, type IndexedLayer } from './spatialIndex';
import { ruleFor, SECTION_OF, SECTION_ORDER, DEFAULT_RADII, type ReportRadii, type SectionId } from './rules';
import { nearestOnPaths, nearestBetween, pathsOf, pointsOf } from './nearest';
import { unmappedFor, type LedgerItem } from './ledger';
import { isPhase, PHASE_DUE, type Phase } from '../time/stops';

export type Relation =
  /** the place lies inside it */
  | 'contains'
  /** the polygon overlaps it (with overlap area and shares) */
  | 'overlaps'
  /** the point is inside the polygon asked about */
  | 'inside'
  /** listed for (declared in, or lying in) the county */
  | 'in-county'
  /** stated for the whole city */
  | 'in-city'
  /** within the stated distance */
  | 'near'
  /** named in the plan for the county or city, not on the map */
  | 'unmapped';

export interface Overlap {
  /** m² */
  area: number;
  /** share of the asked polygon that lies in the feature (0–1) */
  ofQuery: number;
  /** share of the feature that the asked polygon covers (0–1) */
  ofFeature: number;
}

export interface ReportEntry {
  /** catalog layer id ('ledger' for unmapped items) */
  layer: string;
  layerTitle: { zh: string; en: string };
  /** the kind of plan element (核, 带, 廊 …), when the layer has one */
  element?: { zh: string; en: string };
  id: string;
  name: string;
  name_en?: string;
  relation: Relation;
  /** metres, for 'near' (0 when the place touches it) */
  distance?: number;
  overlap?: Overlap;
  accuracy: AccuracyClass | 'unmapped';
  doc: string;
  docTitle?: { zh: string; en: string };
  section?: string;
  quote?: string;
  note?: string;
  /**
   * The same named thing in other layers, shown as one entry (汾河 is a river of the base map and
   * an ecological corridor of the plan): their layer, kind, accuracy and source.
   */
  also?: Pick<ReportEntry, 'layer' | 'layerTitle' | 'element' | 'id' | 'accuracy' | 'doc' | 'docTitle' | 'section'>[];
  /** an unmapped item named for the whole city rather than the county (the panel folds these into one line) */
  scope?: 'city';
  /** the note in English (a feature's note_en, a ledger item's why_en) */
  note_en?: string;
  /** the plan period it is due in (absent: the ground — counties, cities) */
  phase?: Phase;
}

export interface ReportSection {
  id: SectionId;
  entries: ReportEntry[];
}

export interface Report {
  target: ReportTarget;
  /** 'point' or 'polygon' */
  shape: 'point' | 'polygon';
  /** the point, or a point inside the polygon (for the map and the sheet) */
  at: [number, number];
  /** the polygon asked about (for the map and the sheet) */
  geometry?: Polygon | MultiPolygon;
  /** m², for a polygon */
  area?: number;
  /** a name for what was asked about (a sketch's name) */
  label?: string;
  radii: ReportRadii;
  /** the county-level units and cities at the place (a polygon may meet several) */
  counties: ReportEntry[];
  cities: ReportEntry[];
  sections: ReportSection[];
  /** false when the completeness ledger is not available (the unmapped section is then unknown) */
  ledgerAvailable: boolean;
  /** the place lies outside the region's counties */
  outside: boolean;
  /** catalog layers whose data could not be loaded (their entries are missing from the report) */
  missingLayers?: string[];
  /** the plan period it shows (src/time/stops.ts) and how many entries due later it leaves out */
  stop?: number;
  later?: number;
}

export interface ReportInput {
  index: PlanIndex;
  catalog: Catalog;
  ledger?: readonly LedgerItem[] | null;
  radii?: ReportRadii;
}

const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v));

/** Property values that may be a list written as JSON text or a real array. */
function list(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === 'string' && v.startsWith('[')) {
    try {
      const a = JSON.parse(v);
      return Array.isArray(a) ? a.map(String) : [];
    } catch {
      return [];
    }
  }
  return typeof v === 'string' && v ? [v] : [];
}

function entry(input: ReportInput, l: IndexedLayer, f: Feature, relation: Relation, extra: Partial<ReportEntry> = {}): ReportEntry {
  const p = f.properties ?? {};
  const doc = str(p.source_doc) ?? l.layer.source.doc;
  const rule = ruleFor(l.layer);
  return {
    layer: l.layer.id,
    layerTitle: l.layer.title,
    // the data's own term (一核, 一轴, 两屏, 多廊 …) where a feature names its element
    element: typeof p.element === 'string' && p.element ? { zh: p.element, en: rule.element?.en ?? p.element } : rule.element,
    id: String(p.id ?? ''),
    name: String(p.name_full ?? p.name ?? p.id ?? ''),
    name_en: str(p.name_en),
    relation,
    accuracy: (str(p.accuracy) as AccuracyClass | undefined) ?? l.layer.accuracy,
    doc,
    docTitle: input.catalog.sources[doc]?.title,
    section: str(p.source_section) ?? l.layer.source.section,
    quote: str(p.source_quote),
    note: str(p.note),
    note_en: str(p.note_en),
    ...(isPhase(p.phase) ? { phase: p.phase } : {}),
    ...extra,
  };
}

const isArea = (g: Geometry | null): g is Polygon | MultiPolygon => g?.type === 'Polygon' || g?.type === 'MultiPolygon';

/** County codes a point feature declares (county, county_ref, county_code). */
function declaredCounties(f: Feature): string[] {
  const p = f.properties ?? {};
  return [...list(p.county_code), ...list(p.county_ref), ...list(p.county)].filter((c) => /^\d{6}$/.test(c));
}

/** City short names a feature is stated for (city, cities). */
function declaredCities(f: Feature): string[] {
  const p = f.properties ?? {};
  return [...list(p.city), ...list(p.cities)].map((c) => c.replace(/市$/, ''));
}

/** A point guaranteed inside a polygon (for labels, the map mark and the county of a polygon). */
function pointInside(g: Polygon | MultiPolygon): [number, number] {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  // the largest polygon's ring: try its vertex mean, else a midpoint of a horizontal scan line
  let best = polys[0];
  let bestArea = -1;
  for (const p of polys) {
    const a = geometryArea({ type: 'Polygon', coordinates: p });
    if (a > bestArea) ((best = p), (bestArea = a));
  }
  const ring = best[0];
  const mean: Position = [ring.reduce((s, p) => s + p[0], 0) / ring.length, ring.reduce((s, p) => s + p[1], 0) / ring.length];
  const poly: Polygon = { type: 'Polygon', coordinates: best };
  if (booleanPointInPolygon(mean, poly)) return [mean[0], mean[1]];
  const y = mean[1];
  const xs: number[] = [];
  for (const r of best) {
    for (let i = 1; i < r.length; i++) {
      const [a, b] = [r[i - 1], r[i]];
      if ((a[1] <= y) !== (b[1] <= y)) xs.push(a[0] + ((y - a[1]) / (b[1] - a[1])) * (b[0] - a[0]));
    }
  }
  xs.sort((a, b) => a - b);
  return xs.length >= 2 ? [(xs[0] + xs[1]) / 2, y] : [ring[0][0], ring[0][1]];
}

interface Place {
  shape: 'point' | 'polygon';
  point?: Position;
  polygon?: Polygon | MultiPolygon;
  box: BBox;
  area: number;
}

function segmentsCross(a: Position, b: Position, c: Position, d: Position): boolean {
  const o = (p: Position, q: Position, r: Position) => Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
  return o(a, b, c) !== o(a, b, d) && o(c, d, a) !== o(c, d, b);
}

/**
 * True when a box lies wholly inside the polygon: its corners are inside, no edge of the polygon
 * crosses the box's edges and no vertex of the polygon is inside the box.
 */
function boxInside(box: BBox, poly: Polygon | MultiPolygon): boolean {
  const [w, s, e, n] = box;
  const corners: Position[] = [[w, s], [e, s], [e, n], [w, n]];
  if (!corners.every((c) => booleanPointInPolygon(c, poly))) return false;
  const rings = poly.type === 'Polygon' ? poly.coordinates : poly.coordinates.flat();
  for (const r of rings) {
    for (let i = 1; i < r.length; i++) {
      const [p, q] = [r[i - 1], r[i]];
      if (p[0] > w && p[0] < e && p[1] > s && p[1] < n) return false;
      for (let k = 0; k < 4; k++) if (segmentsCross(p, q, corners[k], corners[(k + 1) % 4])) return false;
    }
  }
  return true;
}

/** m² of a polygon's intersection with an area (the area first clipped to the polygon's box). */
function intersectionArea(place: Place, g: Polygon | MultiPolygon, box: BBox | null, index: PlanIndex, f: Feature): number {
  // an area wholly inside the polygon overlaps it by its own area: no clipping needed
  if (box && boxInside(box, place.polygon!)) return index.areaOf(f);
  const raw = bboxClip(g, place.box).geometry as Polygon | MultiPolygon;
  // clipping leaves empty or degenerate rings where a part lay outside the box: drop them
  const parts = (raw.type === 'Polygon' ? [raw.coordinates] : raw.coordinates)
    .map((p) => p.filter((r) => r.length >= 4))
    .filter((p) => p.length && p[0].length >= 4);
  if (!parts.length) return 0;
  const clipped: MultiPolygon = { type: 'MultiPolygon', coordinates: parts };
  try {
    const inter = intersect(featureCollection<Polygon | MultiPolygon>([turfFeature(place.polygon!), turfFeature(clipped)]));
    return inter ? geometryArea(inter.geometry) : 0;
  } catch {
    return 0; // degenerate geometry: counted as not overlapping
  }
}

/**
 * The overlap of the asked polygon with an area. `countyOverlap` gives the overlap with each
 * county (computed first), so an area that is a union of counties sums its members' overlaps.
 */
function overlapOf(index: PlanIndex, place: Place, f: Feature, countyOverlap?: Map<string, number>): Overlap | null {
  const g = f.geometry;
  if (!isArea(g) || !place.polygon) return null;
  const members = countyOverlap ? index.countyUnion(f) : null;
  const area = members ? members.reduce((s, c) => s + (countyOverlap!.get(c) ?? 0), 0) : intersectionArea(place, g, bboxOf(g), index, f);
  if (area <= 0) return null;
  const fa = index.areaOf(f);
  return { area, ofQuery: place.area > 0 ? Math.min(1, area / place.area) : 0, ofFeature: fa > 0 ? Math.min(1, area / fa) : 0 };
}

/** Distance (m) from the place to a feature; 0 when they meet. */
function distanceTo(place: Place, f: Feature): number {
  const g = f.geometry;
  if (!g) return Infinity;
  if (place.point) {
    if (isArea(g) && booleanPointInPolygon(place.point, g)) return 0;
    const paths = pathsOf(g);
    const target = paths.length ? paths : pointsOf(g).map((p) => [p]);
    return nearestOnPaths(place.point, target)?.metres ?? Infinity;
  }
  const poly = place.polygon!;
  if (booleanIntersects(poly, g)) return 0;
  return nearestBetween(pathsOf(poly), pointsOf(poly), pathsOf(g), pointsOf(g));
}

function placeOf(geometry: Position | Polygon | MultiPolygon): Place {
  if (Array.isArray(geometry)) return { shape: 'point', point: geometry, box: [geometry[0], geometry[1], geometry[0], geometry[1]], area: 0 };
  return { shape: 'polygon', polygon: geometry, box: bboxOf(geometry)!, area: geometryArea(geometry) };
}

/**
 * Entries of one section that name the same thing (same name, different layers) become one: the
 * plan's own entry (the one quoting the plan) leads, the others are listed with it; the nearest
 * distance and the largest overlap are kept.
 */
export function mergeSameName(entries: ReportEntry[]): ReportEntry[] {
  const out: ReportEntry[] = [];
  const byName = new Map<string, ReportEntry[]>();
  for (const e of entries) byName.set(e.name, [...(byName.get(e.name) ?? []), e]);
  for (const e of entries) {
    const same = byName.get(e.name)!;
    if (same[0] !== e) continue; // placed with the first of its name
    if (same.length === 1 || e.layer === 'ledger') {
      out.push(...same);
      continue;
    }
    const lead = same.find((x) => x.quote) ?? e;
    const rest = same.filter((x) => x !== lead);
    const dist = same.map((x) => x.distance).filter((d): d is number => d !== undefined);
    out.push({
      ...lead,
      ...(dist.length ? { distance: Math.min(...dist) } : {}),
      also: rest.map(({ layer, layerTitle, element, id, accuracy, doc, docTitle, section }) => ({ layer, layerTitle, element, id, accuracy, doc, docTitle, section })),
    });
  }
  return out;
}

const byDistance = (a: ReportEntry, b: ReportEntry) => (a.distance ?? 0) - (b.distance ?? 0) || a.name.localeCompare(b.name, 'zh');
const byOverlap = (a: ReportEntry, b: ReportEntry) => (b.overlap?.area ?? 0) - (a.overlap?.area ?? 0);

/**
 * The report for a point ([lon, lat]) or a polygon. `target` is what the state holds (for links);
 * `label` names what was asked about.
 */
export function buildReport(input: ReportInput, target: ReportTarget, geometry: Position | Polygon | MultiPolygon, label?: string): Report {
  const { index } = input;
  const radii = input.radii ?? DEFAULT_RADII;
  const place = placeOf(geometry);
  const sections = new Map<SectionId, ReportEntry[]>(SECTION_ORDER.map((id) => [id, []]));
  const add = (id: SectionId, e: ReportEntry) => sections.get(id)!.push(e);

  /** overlap (m²) of the polygon with each county it meets: computed first, reused by unions of counties */
  let countyOverlap: Map<string, number> | undefined;
  /** areas of a layer at the place: containing the point, or overlapping the polygon */
  const areasAt = (l: IndexedLayer): { f: Feature; overlap?: Overlap }[] => {
    const out: { f: Feature; overlap?: Overlap }[] = [];
    for (const f of index.candidates(l, place.box)) {
      if (!isArea(f.geometry)) continue;
      if (place.point) {
        if (booleanPointInPolygon(place.point, f.geometry)) out.push({ f });
      } else {
        const o = overlapOf(index, place, f, l.layer.id === 'counties' ? undefined : countyOverlap);
        if (o) out.push({ f, overlap: o });
      }
    }
    return out;
  };
  const areaEntry = (l: IndexedLayer, hit: { f: Feature; overlap?: Overlap }) =>
    entry(input, l, hit.f, hit.overlap ? 'overlaps' : 'contains', hit.overlap ? { overlap: hit.overlap } : {});

  // 1. the county-level units and cities
  const countyLayer = index.layer('counties');
  const cityLayer = index.layer('cities');
  const counties = countyLayer ? areasAt(countyLayer).map((h) => areaEntry(countyLayer, h)).sort(byOverlap) : [];
  if (place.polygon) countyOverlap = new Map(counties.map((c) => [c.id, c.overlap!.area]));
  const cities = cityLayer ? areasAt(cityLayer).map((h) => areaEntry(cityLayer, h)).sort(byOverlap) : [];
  const countyCodes = counties.map((c) => c.id);
  const countyFeatures = countyLayer ? countyLayer.features.filter((f) => countyCodes.includes(String(f.properties?.id))) : [];
  const cityNames = [
    ...new Set([...cities.map((c) => c.name.replace(/市$/, '')), ...countyFeatures.map((f) => String(f.properties?.city ?? '').replace(/市$/, ''))].filter(Boolean)),
  ];
  for (const c of [...counties, ...cities]) add('admin', c);

  for (const l of index.layers) {
    const role = ruleFor(l.layer).role;
    if (role === 'county' || role === 'city') continue;
    const section = SECTION_OF[role];
    if (role === 'element') {
      for (const hit of areasAt(l)) add(section, areaEntry(l, hit));
    } else if (role === 'zone') {
      // zones and parks declared in (or lying in) the county; inside the polygon when one was drawn
      const seen = new Set<Feature>();
      if (place.polygon) {
        for (const f of index.candidates(l, place.box)) {
          const pt = pointsOf(f.geometry)[0];
          if (f.geometry?.type === 'Point' && pt && booleanPointInPolygon(pt, place.polygon)) {
            seen.add(f);
            add(section, entry(input, l, f, 'inside'));
          }
        }
      }
      for (const f of l.features) {
        if (seen.has(f)) continue;
        const declared = declaredCounties(f);
        const pt = f.geometry?.type === 'Point' ? f.geometry.coordinates : null;
        const inCounty = declared.length ? declared.some((c) => countyCodes.includes(c)) : pt ? countyFeatures.some((c) => isArea(c.geometry) && booleanPointInPolygon(pt, c.geometry)) : false;
        if (inCounty) add(section, entry(input, l, f, 'in-county'));
      }
    } else if (role === 'city-level') {
      for (const f of l.features) if (declaredCities(f).some((c) => cityNames.includes(c))) add(section, entry(input, l, f, 'in-city'));
    } else {
      const radius = role === 'line' ? radii.lines : radii.sites;
      for (const f of index.candidates(l, expandBox(place.box, radius))) {
        const d = distanceTo(place, f);
        if (d <= radius) add(section, entry(input, l, f, d === 0 && place.polygon && f.geometry?.type === 'Point' ? 'inside' : 'near', { distance: d }));
      }
    }
  }

  // the completeness ledger: items named for the county or city but not on the map
  const ledgerAvailable = Array.isArray(input.ledger);
  for (const i of unmappedFor(input.ledger ?? [], countyCodes, cityNames)) {
    const forCounty = i.counties?.some((c) => countyCodes.includes(c)) ?? false;
    add('unmapped', {
      ...(forCounty ? {} : { scope: 'city' as const }),
      layer: 'ledger',
      layerTitle: { zh: '规划提及、未上图', en: 'Named, not mapped' },
      id: i.id,
      name: i.name,
      name_en: i.name_en,
      relation: 'unmapped',
      accuracy: 'unmapped',
      doc: i.doc,
      docTitle: input.catalog.sources[i.doc]?.title,
      section: i.section,
      quote: i.quote,
      note: i.why,
      note_en: i.why_en,
      ...(i.phase ? { phase: i.phase } : {}),
    });
  }

  for (const [id, es] of sections) {
    if (id !== 'admin' && id !== 'unmapped') sections.set(id, mergeSameName(es));
    const merged = sections.get(id)!;
    if (id === 'elements' && place.polygon) merged.sort(byOverlap);
    if (id === 'lines' || id === 'sites') merged.sort(byDistance);
    // the county's own items first, then those named for the whole city
    if (id === 'unmapped') merged.sort((a, b) => Number(a.scope === 'city') - Number(b.scope === 'city'));
  }
  return {
    target,
    shape: place.shape,
    at: place.point ? [place.point[0], place.point[1]] : pointInside(place.polygon!),
    geometry: place.polygon,
    area: place.polygon ? place.area : undefined,
    label,
    radii,
    counties,
    cities,
    sections: SECTION_ORDER.map((id) => ({ id, entries: sections.get(id)! })),
    ledgerAvailable,
    outside: counties.length === 0,
  };
}

/**
 * The report at a plan period: entries due after stop `t` (and undated ones before 2035) are left
 * out; `later` counts them, so the panel and the sheet can say how many were not listed.
 */
export function reportAtStop(report: Report, t: number): Report {
  let later = 0;
  const keep = (e: ReportEntry) => {
    const ok = !e.phase || PHASE_DUE[e.phase] <= t;
    if (!ok) later++;
    return ok;
  };
  const sections = report.sections.map((s) => ({ ...s, entries: s.entries.filter(keep) })).filter((s) => s.entries.length > 0);
  return { ...report, sections, stop: t, later };
}
