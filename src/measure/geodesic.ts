/**
 * Geodesic lengths and areas on the WGS84 ellipsoid (Karney's algorithms, GeographicLib), so a
 * measured distance is the true shortest path on the earth model the data is in, not a
 * spherical or projected approximation. Pure functions over GeoJSON coordinates ([lon, lat]).
 */
import { Geodesic } from 'geographiclib-geodesic';
import type { Geometry, Position } from 'geojson';

const WGS84 = Geodesic.WGS84;

/** Metres between two [lon, lat] positions along the ellipsoid's geodesic. */
export function distance(a: Position, b: Position): number {
  return WGS84.Inverse(a[1], a[0], b[1], b[0], Geodesic.DISTANCE).s12 ?? 0;
}

/** Length in metres of a path through the given positions. */
export function pathLength(coords: readonly Position[]): number {
  let s = 0;
  for (let i = 1; i < coords.length; i++) s += distance(coords[i - 1], coords[i]);
  return s;
}

/** Unsigned area in m² of one ring (closed or not; orientation does not matter). */
export function ringArea(ring: readonly Position[]): number {
  const n = ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1] ? ring.length - 1 : ring.length;
  if (n < 3) return 0;
  const poly = WGS84.Polygon(false);
  for (let i = 0; i < n; i++) poly.AddPoint(ring[i][1], ring[i][0]);
  return Math.abs(poly.Compute(false, true).area ?? 0);
}

/** Area in m² of a polygon (outer ring minus holes). */
export function polygonArea(rings: readonly (readonly Position[])[]): number {
  if (!rings.length) return 0;
  return Math.max(0, ringArea(rings[0]) - rings.slice(1).reduce((s, r) => s + ringArea(r), 0));
}

/** Area in m² of any geometry (0 for points and lines). */
export function geometryArea(g: Geometry | null | undefined): number {
  if (!g) return 0;
  switch (g.type) {
    case 'Polygon':
      return polygonArea(g.coordinates);
    case 'MultiPolygon':
      return g.coordinates.reduce((s, p) => s + polygonArea(p), 0);
    case 'GeometryCollection':
      return g.geometries.reduce((s, x) => s + geometryArea(x), 0);
    default:
      return 0;
  }
}

/** Length in metres of any geometry's lines (a polygon's perimeter for polygons). */
export function geometryLength(g: Geometry | null | undefined): number {
  if (!g) return 0;
  switch (g.type) {
    case 'LineString':
      return pathLength(g.coordinates);
    case 'MultiLineString':
      return g.coordinates.reduce((s, l) => s + pathLength(l), 0);
    case 'Polygon':
      return g.coordinates.reduce((s, r) => s + pathLength(r), 0);
    case 'MultiPolygon':
      return g.coordinates.reduce((s, p) => s + p.reduce((t, r) => t + pathLength(r), 0), 0);
    case 'GeometryCollection':
      return g.geometries.reduce((s, x) => s + geometryLength(x), 0);
    default:
      return 0;
  }
}
