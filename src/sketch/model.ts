/**
 * The user's sketches: points, lines, polygons, rectangles and circles with a name and a note.
 * Pure data and pure functions: a list of sketches and an undo/redo history of such lists. The
 * UI keeps the history, persistence writes the present list to IndexedDB (./persist), the engine
 * draws `mapFeatures(...)`.
 */
import type { Feature, Geometry, LineString, Point, Polygon, Position } from 'geojson';
import { geometryArea, geometryLength } from '../measure/geodesic';

export const SKETCH_KINDS = ['point', 'line', 'polygon', 'rectangle', 'circle'] as const;
export type SketchKind = (typeof SKETCH_KINDS)[number];

export interface Sketch {
  id: string;
  kind: SketchKind;
  name: string;
  note: string;
  geometry: Point | LineString | Polygon;
  /** circles: centre [lon, lat] and radius in metres */
  circle?: { center: Position; radiusM: number };
  /** ms since epoch */
  created: number;
  updated: number;
}

export const MAX_NAME = 120;
export const MAX_NOTE = 4000;
/**
 * Sketches one browser keeps at most. Enforced where sketches are made (the tools refuse a new one
 * and say why); never by dropping stored ones when reading — a list over the cap is shown whole.
 */
export const MAX_SKETCHES = 2000;
export const canAddSketch = (list: readonly Sketch[]) => list.length < MAX_SKETCHES;
const MAX_VERTICES = 20_000;

const KIND_GEOMETRY: Record<SketchKind, Geometry['type']> = { point: 'Point', line: 'LineString', polygon: 'Polygon', rectangle: 'Polygon', circle: 'Polygon' };

export function newSketchId(rand: () => number = Math.random): string {
  return `sk-${Date.now().toString(36)}-${Math.floor(rand() * 36 ** 6).toString(36).padStart(6, '0')}`;
}

const isPos = (p: unknown): p is Position =>
  Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number' && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90;

function cleanGeometry(g: unknown, kind: SketchKind): Sketch['geometry'] | null {
  if (!g || typeof g !== 'object') return null;
  const { type, coordinates } = g as { type?: unknown; coordinates?: unknown };
  if (type !== KIND_GEOMETRY[kind]) return null;
  const pos = (p: Position): Position => [p[0], p[1]];
  if (type === 'Point') return isPos(coordinates) ? { type, coordinates: pos(coordinates) } : null;
  if (type === 'LineString') {
    if (!Array.isArray(coordinates) || coordinates.length < 2 || coordinates.length > MAX_VERTICES || !coordinates.every(isPos)) return null;
    return { type, coordinates: coordinates.map(pos) };
  }
  if (!Array.isArray(coordinates) || coordinates.length < 1) return null;
  const rings = coordinates as unknown[];
  if (!rings.every((r) => Array.isArray(r) && r.length >= 4 && r.length <= MAX_VERTICES && r.every(isPos))) return null;
  return { type: 'Polygon', coordinates: (rings as Position[][]).map((r) => r.map(pos)) };
}

const text = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');

/** A stored or imported value → a valid sketch, or null (never throws). */
export function normalizeSketch(v: unknown): Sketch | null {
  if (!v || typeof v !== 'object') return null;
  const s = v as Record<string, unknown>;
  if (typeof s.id !== 'string' || !/^[\w.-]{1,80}$/.test(s.id)) return null;
  if (!SKETCH_KINDS.includes(s.kind as SketchKind)) return null;
  const kind = s.kind as SketchKind;
  const geometry = cleanGeometry(s.geometry, kind);
  if (!geometry) return null;
  const out: Sketch = {
    id: s.id,
    kind,
    name: text(s.name, MAX_NAME),
    note: text(s.note, MAX_NOTE),
    geometry,
    created: Number.isFinite(s.created) ? (s.created as number) : 0,
    updated: Number.isFinite(s.updated) ? (s.updated as number) : 0,
  };
  const c = s.circle as { center?: unknown; radiusM?: unknown } | undefined;
  if (kind === 'circle' && c && isPos(c.center) && typeof c.radiusM === 'number' && c.radiusM > 0) out.circle = { center: [c.center[0], c.center[1]], radiusM: c.radiusM };
  return out;
}

export function normalizeSketches(v: unknown): Sketch[] {
  if (!Array.isArray(v)) return [];
  const seen = new Set<string>();
  const out: Sketch[] = [];
  for (const x of v) {
    const s = normalizeSketch(x);
    if (s && !seen.has(s.id)) {
      seen.add(s.id);
      out.push(s);
    }
  }
  return out;
}

/** Oldest first (the order they were drawn in), ties by id: the order of the list and the panel. */
export function sortSketches(list: Sketch[]): Sketch[] {
  return list.sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

// ---- names ---------------------------------------------------------------------------------

const KIND_NAME: Record<SketchKind, { zh: string; en: string }> = {
  point: { zh: '点', en: 'Point' },
  line: { zh: '线', en: 'Line' },
  polygon: { zh: '面', en: 'Polygon' },
  rectangle: { zh: '矩形', en: 'Rectangle' },
  circle: { zh: '圆', en: 'Circle' },
};
export const kindName = (kind: SketchKind, lang: 'zh' | 'en') => KIND_NAME[kind][lang];

/** "面 3": the next free default name for a kind. */
export function defaultName(list: readonly Sketch[], kind: SketchKind, lang: 'zh' | 'en'): string {
  const base = kindName(kind, lang);
  const used = new Set(list.map((s) => s.name));
  let n = list.filter((s) => s.kind === kind).length + 1;
  while (used.has(`${base} ${n}`)) n++;
  return `${base} ${n}`;
}

/** The name shown for a sketch (its own, or its kind when it has none). */
export const displayName = (s: Sketch, lang: 'zh' | 'en') => s.name.trim() || kindName(s.kind, lang);

// ---- measures ------------------------------------------------------------------------------

export interface SketchMeasure {
  /** m: a line's length, a polygon's perimeter */
  length?: number;
  /** m² */
  area?: number;
  /** m: a circle's radius */
  radius?: number;
}

export function measureGeometry(g: Geometry, circle?: Sketch['circle']): SketchMeasure {
  if (g.type === 'LineString' || g.type === 'MultiLineString') return { length: geometryLength(g) };
  if (g.type === 'Polygon' || g.type === 'MultiPolygon') {
    const m: SketchMeasure = { area: geometryArea(g), length: geometryLength(g) };
    if (circle && Number.isFinite(circle.radiusM)) m.radius = circle.radiusM;
    return m;
  }
  return {};
}

export const measureSketch = (s: Sketch) => measureGeometry(s.geometry, s.circle);

// ---- actions (list → list) -----------------------------------------------------------------

export function addSketch(list: readonly Sketch[], s: Sketch): Sketch[] {
  return [...list.filter((x) => x.id !== s.id), s];
}

export function updateSketch(list: readonly Sketch[], id: string, patch: Partial<Pick<Sketch, 'name' | 'note' | 'geometry' | 'circle'>>, now = Date.now()): Sketch[] {
  return list.map((s) => {
    if (s.id !== id) return s;
    const next: Sketch = { ...s, ...patch, updated: now };
    if (patch.name !== undefined) next.name = patch.name.slice(0, MAX_NAME);
    if (patch.note !== undefined) next.note = patch.note.slice(0, MAX_NOTE);
    return normalizeSketch(next) ?? s;
  });
}

export const removeSketch = (list: readonly Sketch[], id: string): Sketch[] => list.filter((s) => s.id !== id);

// ---- undo / redo ---------------------------------------------------------------------------

export interface History {
  past: Sketch[][];
  present: Sketch[];
  future: Sketch[][];
}

const MAX_HISTORY = 100;

export const historyOf = (present: Sketch[]): History => ({ past: [], present, future: [] });

/** Record a change (a new present) so it can be undone. */
export function commit(h: History, present: Sketch[]): History {
  if (present === h.present) return h;
  return { past: [...h.past, h.present].slice(-MAX_HISTORY), present, future: [] };
}

export function undo(h: History): History {
  if (!h.past.length) return h;
  return { past: h.past.slice(0, -1), present: h.past[h.past.length - 1], future: [h.present, ...h.future] };
}

export function redo(h: History): History {
  if (!h.future.length) return h;
  return { past: [...h.past, h.present], present: h.future[0], future: h.future.slice(1) };
}

// ---- storing changes, and changes made in another tab -------------------------------------

function merge(list: Sketch[], changes: ReadonlyMap<string, Sketch | null>): Sketch[] {
  let changed = false;
  const seen = new Set<string>();
  const out: Sketch[] = [];
  for (const x of list) {
    if (!changes.has(x.id)) {
      out.push(x);
      continue;
    }
    seen.add(x.id);
    const s = changes.get(x.id)!;
    if (s !== x) changed = true;
    if (s) out.push(s);
  }
  const added = [...changes].filter(([id, s]) => s && !seen.has(id)).map(([, s]) => s!);
  if (!added.length) return changed ? out : list;
  return sortSketches([...out, ...added]);
}

/**
 * Another tab stored (a sketch) or deleted (`null`) these sketches: every list of the history takes
 * them, so undo and redo here never bring back or delete the other tab's work.
 */
export function applyRemote(h: History, changes: ReadonlyMap<string, Sketch | null>): History {
  if (!changes.size) return h;
  return { past: h.past.map((l) => merge(l, changes)), present: merge(h.present, changes), future: h.future.map((l) => merge(l, changes)) };
}

// ---- for the map ---------------------------------------------------------------------------

/** The features the engine draws: visible sketches with their label (the name) and kind. */
export function mapFeatures(list: readonly Sketch[], opts: { hidden?: readonly string[]; selected?: string | null; editing?: string | null; lang?: 'zh' | 'en' } = {}): Feature[] {
  const hidden = new Set(opts.hidden ?? []);
  return list
    .filter((s) => !hidden.has(s.id) && s.id !== opts.editing)
    .map((s) => ({
      type: 'Feature',
      geometry: s.geometry,
      properties: { id: s.id, kind: s.kind, label: s.name.trim(), selected: s.id === opts.selected },
    }));
}
