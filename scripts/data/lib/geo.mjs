// Small geometry helpers shared by the base-geodata build (plain JS, deterministic).
import { createRequire } from 'node:module';
import polylabel from 'polylabel';

const require = createRequire(import.meta.url);
const gcoord = require('gcoord');

export const round5 = (v) => {
  const r = Math.round(v * 1e5) / 1e5;
  return r === 0 ? 0 : r; // no "-0"
};

/** Map every position of a Polygon/MultiPolygon/LineString/MultiLineString. */
export function mapCoords(geometry, fn) {
  const walk = (c) => (typeof c[0] === 'number' ? fn(c) : c.map(walk));
  return { type: geometry.type, coordinates: walk(geometry.coordinates) };
}

/** GCJ-02 → WGS84, vertex by vertex (a pure function, so shared vertices stay shared). */
export function gcjToWgs(geometry) {
  return mapCoords(geometry, (c) => gcoord.transform([c[0], c[1]], gcoord.GCJ02, gcoord.WGS84));
}

/** Round to 5 decimals and drop consecutive duplicate positions created by rounding. */
export function roundGeometry(geometry) {
  const dedupe = (line) => {
    const out = [];
    for (const p of line) {
      const q = [round5(p[0]), round5(p[1])];
      const last = out[out.length - 1];
      if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
    }
    return out;
  };
  const t = geometry.type;
  if (t === 'Point') return { type: t, coordinates: [round5(geometry.coordinates[0]), round5(geometry.coordinates[1])] };
  if (t === 'LineString') return { type: t, coordinates: dedupe(geometry.coordinates) };
  if (t === 'MultiLineString') return { type: t, coordinates: geometry.coordinates.map(dedupe) };
  if (t === 'Polygon') return { type: t, coordinates: geometry.coordinates.map(dedupe) };
  if (t === 'MultiPolygon') return { type: t, coordinates: geometry.coordinates.map((p) => p.map(dedupe)) };
  throw new Error(`unsupported geometry ${t}`);
}

/** Polygon parts of a Polygon/MultiPolygon as arrays of rings. */
export function polygonParts(geometry) {
  if (geometry.type === 'Polygon') return [geometry.coordinates];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates;
  throw new Error(`not a polygon: ${geometry.type}`);
}

/** Planar ring area (deg², absolute), used only to pick the largest part. */
export function ringArea(ring) {
  let s = 0;
  for (let i = 0, n = ring.length - 1; i < n; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return Math.abs(s / 2);
}

/**
 * Label point: polylabel (pole of inaccessibility) of the largest part, computed in a
 * locally equal-scaled plane (x multiplied by cos(lat)) so "distance to edge" is isotropic.
 * precision in degrees of latitude (0.0005° ≈ 55 m).
 */
export function labelPoint(geometry, precision = 0.0005) {
  const parts = polygonParts(geometry);
  let best = parts[0];
  for (const p of parts) if (ringArea(p[0]) > ringArea(best[0])) best = p;
  const lat0 = best[0].reduce((s, c) => s + c[1], 0) / best[0].length;
  const k = Math.cos((lat0 * Math.PI) / 180);
  const scaled = best.map((r) => r.map(([x, y]) => [x * k, y]));
  const p = polylabel(scaled, precision);
  return [round5(p[0] / k), round5(p[1])];
}

/** Stable, compact GeoJSON text: one feature per line, trailing newline. */
export function stringifyFC(features) {
  return '{"type":"FeatureCollection","features":[\n' + features.map((f) => JSON.stringify(f)).join(',\n') + '\n]}\n';
}
