/**
 * Markers that would overlap on screen, shown as one numbered marker until one zooms in — the way
 * a web map declutters many points at one town (太原's zones and parks have no published sites and
 * sit, schematically, on their districts: at region scale they piled up over the city and its
 * labels). Pure: points are grouped at a zoom by their distance in screen pixels (Web Mercator,
 * 512 px tiles), greedily in data order, so the same map gives the same groups on screen, in a
 * scene and on a printed sheet.
 */
import type { Feature, FeatureCollection, Point } from 'geojson';
import { WORLD_PX, mercX, mercY, lonOf, latOf } from '../state/view';
import { dueOf, showsEverything, ALL_STOPS_VIEW, type StopView } from '../time/stops';
import type { Layer } from '../catalog/types';

export interface MarkerGroup {
  /** where the numbered marker goes: the members' mean position (screen space) */
  center: [number, number];
  /** [w, s, e, n] of the members, to zoom to */
  bounds: [number, number, number, number];
  members: Feature[];
}

import { GROUP_KEY } from './groupIds';

export { GROUP_KEY, groupCount, groupZoomOf } from './groupIds';

/**
 * Groups `features` (points) whose markers, `radiusPx` apart or closer at `zoom`, would overlap.
 * `keep`: features never grouped (the selected one stays where it is).
 */
export function groupMarkers(features: readonly Feature[], zoom: number, radiusPx: number, keep: (f: Feature) => boolean = () => false): { singles: Feature[]; groups: MarkerGroup[] } {
  const scale = WORLD_PX * 2 ** zoom;
  const pts = features.map((f) => {
    const c = f.geometry?.type === 'Point' ? (f.geometry as Point).coordinates : null;
    return c ? { f, x: mercX(c[0]) * scale, y: mercY(c[1]) * scale, lon: c[0], lat: c[1] } : null;
  });
  const taken = new Array<boolean>(pts.length).fill(false);
  const singles: Feature[] = [];
  const groups: MarkerGroup[] = [];
  const r2 = radiusPx * radiusPx;
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i];
    if (taken[i]) continue;
    taken[i] = true;
    if (!p || keep(p.f)) {
      singles.push(features[i]);
      continue;
    }
    const near = [p];
    for (let j = i + 1; j < pts.length; j++) {
      const q = pts[j];
      if (taken[j] || !q || keep(q.f)) continue;
      if ((q.x - p.x) ** 2 + (q.y - p.y) ** 2 <= r2) {
        taken[j] = true;
        near.push(q);
      }
    }
    if (near.length === 1) {
      singles.push(p.f);
      continue;
    }
    const cx = near.reduce((s, q) => s + q.x, 0) / near.length / scale;
    const cy = near.reduce((s, q) => s + q.y, 0) / near.length / scale;
    groups.push({
      center: [lonOf(cx), latOf(cy)],
      bounds: [Math.min(...near.map((q) => q.lon)), Math.min(...near.map((q) => q.lat)), Math.max(...near.map((q) => q.lon)), Math.max(...near.map((q) => q.lat))],
      members: near.map((q) => q.f),
    });
  }
  return { singles, groups };
}

/** A group as a point feature of its layer: `group` = how many, `bounds` and `members` (ids) for a click to zoom in. */
export function groupFeature(g: MarkerGroup): Feature<Point> {
  const ids = g.members.map((f) => String(f.properties?.id ?? f.id));
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: g.center },
    properties: { id: `group:${ids[0]}`, [GROUP_KEY]: g.members.length, bounds: g.bounds, members: ids },
  };
}

const cache = new WeakMap<FeatureCollection, { key: string; out: FeatureCollection }>();

/**
 * The layer's data as drawn at `zoom`: single markers and one feature per group. The same object
 * comes back while nothing changes (deck.gl then keeps its buffers). `dueBy`: the plan period shown
 * (a stop before 2035): markers due after it are left single, so a group never counts hidden ones.
 */
export function groupedData(data: FeatureCollection, zoom: number, radiusPx: number, keepId?: string, dueBy?: number): FeatureCollection {
  const key = `${zoom}|${radiusPx}|${keepId ?? ''}|${dueBy ?? ''}`;
  const hit = cache.get(data);
  if (hit?.key === key) return hit.out;
  const later = (f: Feature) => dueBy !== undefined && dueOf(f.properties) > dueBy;
  const { singles, groups } = groupMarkers(data.features, zoom, radiusPx, (f) => (keepId !== undefined && String(f.properties?.id) === keepId) || later(f));
  const out: FeatureCollection = groups.length ? { type: 'FeatureCollection', features: [...singles, ...groups.map(groupFeature)] } : data;
  cache.set(data, { key, out });
  return out;
}


/** Group markers: their radius (CSS px), and the largest count drawn as a number ("n+" beyond). */
export const GROUP_R = 11;
export const GROUP_MAX = 30;
export const groupIcon = (n: number) => `group-${Math.min(n, GROUP_MAX)}`;
/** Markers closer than this (CSS px, times the symbol scale) are grouped: about a marker's width. */
const GROUP_RADIUS_PX = 16;


/**
 * The drawn layers as shown at `zoom`: the points of layers whose style asks for it grouped where
 * their markers would overlap. The selected feature is never grouped; at an earlier plan period,
 * markers due later are never grouped (hidden or drawn as planned on their own).
 */
export function withGroups<T extends { layer: Pick<Layer, 'geometry' | 'style'>; data: FeatureCollection }>(drawn: T[], zoom: number, k = 1, selected?: Feature | null, stop: StopView = ALL_STOPS_VIEW): T[] {
  const keep = selected?.properties?.id !== undefined ? String(selected.properties.id) : undefined;
  const dueBy = showsEverything(stop) ? undefined : stop.t;
  return drawn.map((d) => (d.layer.style.group && d.layer.geometry === 'point' ? { ...d, data: groupedData(d.data, Math.floor(zoom), GROUP_RADIUS_PX * k, keep, dueBy) } : d));
}
