/**
 * Nearest points between a place and a feature's lines, for "within N km (with the distance)".
 * The search runs in a local equirectangular plane around the place (exact enough to find the
 * nearest pair within tens of km); the distance reported is then the geodesic one between that
 * pair of points on the ellipsoid.
 */
import type { Geometry, Position } from 'geojson';
import { distance } from '../measure/geodesic';

type XY = [number, number];

/** The paths (lines, rings) of a geometry. */
export function pathsOf(g: Geometry | null): Position[][] {
  if (!g) return [];
  switch (g.type) {
    case 'LineString':
      return [g.coordinates];
    case 'MultiLineString':
    case 'Polygon':
      return g.coordinates;
    case 'MultiPolygon':
      return g.coordinates.flat();
    case 'GeometryCollection':
      return g.geometries.flatMap(pathsOf);
    default:
      return [];
  }
}

/** Points of a geometry (points themselves, or every vertex). */
export function pointsOf(g: Geometry | null): Position[] {
  if (!g) return [];
  if (g.type === 'Point') return [g.coordinates];
  if (g.type === 'MultiPoint') return g.coordinates;
  return pathsOf(g).flat();
}

function plane(lat0: number) {
  const k = Math.cos((lat0 * Math.PI) / 180);
  return {
    to: (p: Position): XY => [p[0] * k, p[1]],
    from: (q: XY): Position => [q[0] / k, q[1]],
  };
}

function nearestOnSegment(p: XY, a: XY, b: XY): { q: XY; d2: number } {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  let t = len2 ? ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2 : 0;
  t = Math.max(0, Math.min(1, t));
  const q: XY = [a[0] + t * dx, a[1] + t * dy];
  return { q, d2: (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2 };
}

/** The point on any of the paths nearest to p, with its geodesic distance in metres. */
export function nearestOnPaths(p: Position, paths: readonly Position[][]): { point: Position; metres: number } | null {
  const pl = plane(p[1]);
  const pp = pl.to(p);
  let best: { q: XY; d2: number } | null = null;
  for (const path of paths) {
    if (path.length === 1) {
      const q = pl.to(path[0]);
      const d2 = (pp[0] - q[0]) ** 2 + (pp[1] - q[1]) ** 2;
      if (!best || d2 < best.d2) best = { q, d2 };
    }
    for (let i = 1; i < path.length; i++) {
      const r = nearestOnSegment(pp, pl.to(path[i - 1]), pl.to(path[i]));
      if (!best || r.d2 < best.d2) best = r;
    }
  }
  if (!best) return null;
  const point = pl.from(best.q);
  return { point, metres: distance(p, point) };
}

/**
 * The shortest distance between two sets of paths/points that do not cross (the caller checks
 * crossing first): for straight segments it is reached at a vertex of one of them.
 */
export function nearestBetween(aPaths: readonly Position[][], aPoints: readonly Position[], bPaths: readonly Position[][], bPoints: readonly Position[]): number {
  let best = Infinity;
  const pairs: [readonly Position[], readonly Position[][]][] = [
    [aPoints, bPaths.length ? bPaths : bPoints.map((p) => [p])],
    [bPoints, aPaths.length ? aPaths : aPoints.map((p) => [p])],
  ];
  // cheap planar pass to find the nearest pair, then one geodesic distance for it
  let bestPair: [Position, Position] | null = null;
  for (const [pts, paths] of pairs) {
    if (!paths.length) continue;
    for (const p of pts) {
      const pl = plane(p[1]);
      const pp = pl.to(p);
      for (const path of paths) {
        if (path.length === 1) {
          const q = pl.to(path[0]);
          const d2 = (pp[0] - q[0]) ** 2 + (pp[1] - q[1]) ** 2;
          if (d2 < best) ((best = d2), (bestPair = [p, path[0]]));
        }
        for (let i = 1; i < path.length; i++) {
          const r = nearestOnSegment(pp, pl.to(path[i - 1]), pl.to(path[i]));
          if (r.d2 < best) ((best = r.d2), (bestPair = [p, pl.from(r.q)]));
        }
      }
    }
  }
  return bestPair ? distance(bestPair[0], bestPair[1]) : Infinity;
}
