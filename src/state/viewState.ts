/**
 * The view and base-map part of the map state, on its own: the entry chunk reads a link's view
 * and base map with these before the rest of the state (./mapState.ts) has loaded.
 */
import type { BasemapId } from '../engine/basemaps';

export const BASEMAP_IDS: readonly BasemapId[] = ['offline', 'blank', 'osm', 'tianditu', 'custom'];

/** [west, south, east, north] in WGS84 degrees. */
export type Bounds = [number, number, number, number];

/**
 * What the map frames: the bounds of the unrotated frame (not a zoom level, so the same view
 * looks the same on any screen) and the bearing it is seen at.
 */
export interface ViewState {
  bounds: Bounds;
  bearing: number;
}

export const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);

export function isValidBounds(b: unknown): b is Bounds {
  if (!Array.isArray(b) || b.length !== 4 || !b.every(finite)) return false;
  const [w, s, e, n] = b as number[];
  return w >= -180 && e <= 180 && s >= -85.06 && n <= 85.06 && w < e && s < n;
}

export function cleanView(v: unknown): ViewState | null {
  if (!v || typeof v !== 'object') return null;
  const { bounds, bearing } = v as Partial<ViewState>;
  if (!isValidBounds(bounds)) return null;
  const b = finite(bearing) ? ((((bearing + 180) % 360) + 360) % 360) - 180 : 0;
  return { bounds: [...bounds] as Bounds, bearing: b };
}
