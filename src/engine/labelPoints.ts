/**
 * One label point per feature: polygons at the pole of inaccessibility of their largest part
 * (npm polylabel: well inside even a curved belt), lines at the middle of their longest part,
 * points where they are. MapLibre labels a polygon or line once per tile it crosses, so planning
 * labels are drawn from these points instead (one feature, one label).
 */
import polylabel from 'polylabel';
import type { Feature, FeatureCollection, Point, Position } from 'geojson';

function ringArea(ring: Position[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return Math.abs(a / 2);
}

function lineLength(line: Position[]): number {
  let d = 0;
  for (let i = 1; i < line.length; i++) d += Math.hypot(line[i][0] - line[i - 1][0], (line[i][1] - line[i - 1][1]) * 1.27);
  return d;
}

function midpoint(line: Position[]): Position {
  const half = lineLength(line) / 2;
  let d = 0;
  for (let i = 1; i < line.length; i++) {
    const step = Math.hypot(line[i][0] - line[i - 1][0], (line[i][1] - line[i - 1][1]) * 1.27);
    if (d + step >= half) {
      const t = step ? (half - d) / step : 0;
      return [line[i - 1][0] + t * (line[i][0] - line[i - 1][0]), line[i - 1][1] + t * (line[i][1] - line[i - 1][1])];
    }
    d += step;
  }
  return line[line.length - 1];
}

/** Where a feature's label goes, or null for an empty geometry. */
export function labelPoint(f: Feature): Position | null {
  const g = f.geometry;
  if (!g) return null;
  switch (g.type) {
    case 'Point':
      return g.coordinates;
    case 'MultiPoint':
      return g.coordinates[0] ?? null;
    case 'LineString':
      return g.coordinates.length ? midpoint(g.coordinates) : null;
    case 'MultiLineString': {
      const longest = [...g.coordinates].sort((a, b) => lineLength(b) - lineLength(a))[0];
      return longest?.length ? midpoint(longest) : null;
    }
    case 'Polygon':
    case 'MultiPolygon': {
      const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
      const largest = [...polys].sort((a, b) => ringArea(b[0] ?? []) - ringArea(a[0] ?? []))[0];
      if (!largest?.[0]?.length) return null;
      // precision ≈ 1/1000 of the part's size
      const xs = largest[0].map((p) => p[0]);
      const precision = (Math.max(...xs) - Math.min(...xs)) / 1000 || 1e-4;
      const p = polylabel(largest as number[][][], precision);
      return [p[0], p[1]];
    }
    default:
      return null;
  }
}

const cache = new WeakMap<FeatureCollection, FeatureCollection<Point>>();
/** A point collection with each feature's properties at its label point (cached per collection). */
export function labelPoints(fc: FeatureCollection): FeatureCollection<Point> {
  let out = cache.get(fc);
  if (!out) {
    const features: Feature<Point>[] = [];
    for (const f of fc.features) {
      const at = labelPoint(f);
      if (at) features.push({ type: 'Feature', properties: f.properties, geometry: { type: 'Point', coordinates: at } });
    }
    cache.set(fc, (out = { type: 'FeatureCollection', features }));
  }
  return out;
}
