/**
 * What the map engine needs of marker groups before any is drawn (./markerGroups.ts makes them,
 * loaded with the planning layers): which feature stands for a group, and the zoom buckets.
 */
import type { Feature } from 'geojson';

/** The property a group's feature carries: how many markers it stands for. */
export const GROUP_KEY = 'group';

/** A feature that stands for a group of markers (its count), or 0. */
export const groupCount = (f: Feature | null | undefined): number => {
  const p = f?.properties;
  return p && String(p.id).startsWith('group:') && Array.isArray(p.members) ? Number(p[GROUP_KEY]) || 0 : 0;
};

/** The whole zoom at which markers are grouped (the same buckets on screen, in a scene and on paper). */
export const groupZoomOf = (zoom: number) => Math.max(4, Math.min(14, Math.floor(zoom)));
