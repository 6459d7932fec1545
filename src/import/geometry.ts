/**
 * Checks a geometry's shape (how deep its coordinate arrays are is fixed by its type, so deep or
 * ragged nesting is caught here with a clear message instead of a stack overflow somewhere else)
 * and maps its positions through a transform. Never recursive beyond GeoJSON's fixed depths.
 */
import type { Geometry, Position } from 'geojson';
import { msg, type Msg } from './messages';

export type GeometryKind = 'point' | 'line' | 'polygon';
export const KIND_OF: Record<string, GeometryKind> = {
  Point: 'point',
  MultiPoint: 'point',
  LineString: 'line',
  MultiLineString: 'line',
  Polygon: 'polygon',
  MultiPolygon: 'polygon',
};
/** array levels above a position, per type */
const DEPTH: Record<string, number> = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 };

export type GeometryCheck = { ok: true; geometry: Geometry; vertices: number } | { ok: false; problem: Msg };

const bad = (zh: string, en: string): GeometryCheck => ({ ok: false, problem: msg(zh, en) });

function isPosition(p: unknown): p is Position {
  return Array.isArray(p) && p.length >= 2 && p.length <= 4 && typeof p[0] === 'number' && typeof p[1] === 'number' && Number.isFinite(p[0]) && Number.isFinite(p[1]);
}

/**
 * Validate a GeoJSON-like geometry and transform each position with `tx` (which returns
 * undefined for an unusable position: the message is then `txProblem`).
 */
export function checkGeometry(g: unknown, tx: (p: [number, number]) => [number, number] | undefined, txProblem: () => Msg): GeometryCheck {
  if (!g || typeof g !== 'object') return bad('缺少几何图形', 'no geometry');
  const geom = g as { type?: unknown; coordinates?: unknown; geometries?: unknown };
  const type = String(geom.type ?? '');
  if (type === 'GeometryCollection') {
    if (!Array.isArray(geom.geometries) || geom.geometries.length === 0) return bad('几何集合为空', 'empty geometry collection');
    const parts: Geometry[] = [];
    let vertices = 0;
    for (const part of geom.geometries as unknown[]) {
      if ((part as { type?: unknown })?.type === 'GeometryCollection') return bad('几何集合嵌套了几何集合', 'a geometry collection nested in another');
      const r = checkGeometry(part, tx, txProblem);
      if (!r.ok) return r;
      parts.push(r.geometry);
      vertices += r.vertices;
    }
    return { ok: true, geometry: { type: 'GeometryCollection', geometries: parts }, vertices };
  }
  const depth = DEPTH[type];
  if (depth === undefined) return bad(`未知的几何类型 “${type.slice(0, 40)}”`, `unknown geometry type “${type.slice(0, 40)}”`);
  // how deep the arrays go along the first elements (a loop, so any depth is measured safely)
  let probe: unknown = geom.coordinates;
  let levels = 0;
  while (Array.isArray(probe) && levels <= depth + 2) {
    probe = probe[0];
    levels++;
  }
  if (levels > depth + 1) return bad(`坐标数组嵌套过深（${type} 的坐标应为 ${depth + 1} 层数组）`, `coordinate arrays nested too deeply (a ${type} has ${depth + 1} levels of arrays)`);
  let vertices = 0;
  let failed: Msg | undefined;
  const mapPos = (p: unknown): Position | undefined => {
    if (!isPosition(p)) {
      failed ??= Array.isArray(p) && Array.isArray(p[0])
        ? msg(`坐标数组嵌套过深（${type} 应为 ${depth} 层）`, `coordinate arrays nested too deeply (a ${type} has ${depth} levels)`)
        : msg('坐标不是数字对', 'a coordinate is not a pair of numbers');
      return undefined;
    }
    const out = tx([p[0], p[1]]);
    if (!out) {
      failed ??= txProblem();
      return undefined;
    }
    vertices++;
    return out;
  };
  const level = (arr: unknown, d: number, min: number): unknown[] | undefined => {
    if (!Array.isArray(arr)) {
      failed ??= msg(`坐标数组层级不足（${type} 应为 ${depth} 层）`, `coordinate arrays not nested deeply enough (a ${type} has ${depth} levels)`);
      return undefined;
    }
    if (arr.length < min) {
      failed ??= msg(`${type} 的点数不足`, `too few positions for a ${type}`);
      return undefined;
    }
    const out: unknown[] = [];
    for (const x of arr) {
      const m = d === 1 ? mapPos(x) : level(x, d - 1, minFor(d - 1));
      if (!m) return undefined;
      out.push(m);
    }
    return out;
  };
  // minimum lengths: line ≥ 2 positions, ring ≥ 4, multi ≥ 1
  const minFor = (d: number) => {
    if (type === 'LineString' && d === 1) return 2;
    if (type === 'MultiLineString' && d === 1) return 2;
    if ((type === 'Polygon' && d === 1) || (type === 'MultiPolygon' && d === 1)) return 4;
    return 1;
  };
  const coords = depth === 0 ? mapPos(geom.coordinates) : level(geom.coordinates, depth, minFor(depth));
  if (!coords || failed) return { ok: false, problem: failed ?? msg('坐标无效', 'invalid coordinates') };
  return { ok: true, geometry: { type, coordinates: coords } as Geometry, vertices };
}

/** Every position of a geometry (for sampling / bounds), without recursion beyond fixed depths. */
export function eachPosition(g: Geometry, fn: (p: Position) => void) {
  switch (g.type) {
    case 'Point':
      return fn(g.coordinates);
    case 'MultiPoint':
    case 'LineString':
      return g.coordinates.forEach(fn);
    case 'MultiLineString':
    case 'Polygon':
      return g.coordinates.forEach((r) => r.forEach(fn));
    case 'MultiPolygon':
      return g.coordinates.forEach((p) => p.forEach((r) => r.forEach(fn)));
    case 'GeometryCollection':
      return g.geometries.forEach((x) => eachPosition(x, fn));
  }
}

export function kindOf(g: Geometry): GeometryKind | 'mixed' {
  if (g.type === 'GeometryCollection') {
    const kinds = new Set(g.geometries.map(kindOf));
    return kinds.size === 1 ? [...kinds][0] : 'mixed';
  }
  return KIND_OF[g.type];
}
