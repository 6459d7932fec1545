/** Bounds of a feature as MapLibre wants them ([[w, s], [e, n]]), via turf. */
import { bbox } from '@turf/turf';
import type { Feature } from 'geojson';

export function featureBounds(feature: Feature): [[number, number], [number, number]] | null {
  if (!feature.geometry) return null;
  const [w, s, e, n] = bbox(feature);
  return [w, s, e, n].every(Number.isFinite) ? [[w, s], [e, n]] : null;
}

/** The bounds [w, s, e, n] of several features together (null when none has a geometry). */
export function unionBounds(features: Feature[]): [number, number, number, number] | null {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of features) {
    const fb = featureBounds(f);
    if (!fb) continue;
    b[0] = Math.min(b[0], fb[0][0]);
    b[1] = Math.min(b[1], fb[0][1]);
    b[2] = Math.max(b[2], fb[1][0]);
    b[3] = Math.max(b[3], fb[1][1]);
  }
  return b.every(Number.isFinite) ? b : null;
}
