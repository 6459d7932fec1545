/** Bounds of a feature as MapLibre wants them ([[w, s], [e, n]]), via turf. */
import { bbox } from '@turf/turf';
import type { Feature } from 'geojson';

export function featureBounds(feature: Feature): [[number, number], [number, number]] | null {
  if (!feature.geometry) return null;
  const [w, s, e, n] = bbox(feature);
  return [w, s, e, n].every(Number.isFinite) ? [[w, s], [e, n]] : null;
}
