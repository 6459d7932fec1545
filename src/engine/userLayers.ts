/**
 * User layers (我的数据) as MapLibre GeoJSON sources and fill/line/circle layers, inserted just below
 * the overlay anchor (so base-map labels stay on top). MapLibre tiles the data in its worker, which
 * keeps large imports pannable. `syncUserLayers` is idempotent: it adds what is missing, updates
 * what changed and removes what is gone — safe to call after a base-map switch.
 */
import type { Map as MapLibreMap, GeoJSONSource, LayerSpecification, FilterSpecification } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import type { Layer } from '../catalog/types';
import { OVERLAY_ANCHOR } from './basemaps';

export interface UserLayerSpec {
  /** catalog-like description (id `user-<id>`, title, attributes, source, accuracy) for inspect */
  layer: Layer;
  /** WGS84 features; feature.id = index */
  data: FeatureCollection;
  /** what MapLibre draws: the same geometries and ids without properties (less to copy to its worker) */
  draw?: FeatureCollection;
  color: string;
  opacity: number;
  visible: boolean;
}

const PREFIX = 'user-';
const PARTS = ['fill', 'line', 'circle'] as const;
const POLY: FilterSpecification = ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]];
const LINEISH: FilterSpecification = ['in', ['geometry-type'], ['literal', ['LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']]];
const POINT: FilterSpecification = ['in', ['geometry-type'], ['literal', ['Point', 'MultiPoint']]];

/** `user-abc-fill` → `user-abc` (undefined for other layers). */
export function userLayerIdOf(styleLayerId: string): string | undefined {
  if (!styleLayerId.startsWith(PREFIX)) return undefined;
  const m = /^(user-[\w]+?)(-(fill|line|circle))?$/.exec(styleLayerId);
  return m?.[1];
}

/** Style layer ids of the given specs that exist in the current style. */
export function userStyleLayerIds(map: MapLibreMap, specs: UserLayerSpec[]): string[] {
  return specs.flatMap((s) => PARTS.map((p) => `${s.layer.id}-${p}`)).filter((id) => map.getLayer(id));
}

function styleLayers(s: UserLayerSpec): LayerSpecification[] {
  const id = s.layer.id;
  const visibility = 'visible';
  return [
    { id: `${id}-fill`, type: 'fill', source: id, filter: POLY, layout: { visibility }, paint: { 'fill-color': s.color, 'fill-opacity': 0.3 * s.opacity } },
    { id: `${id}-line`, type: 'line', source: id, filter: LINEISH, layout: { visibility }, paint: { 'line-color': s.color, 'line-width': 1.5, 'line-opacity': s.opacity } },
    {
      id: `${id}-circle`,
      type: 'circle',
      source: id,
      filter: POINT,
      layout: { visibility },
      paint: {
        'circle-color': s.color,
        'circle-opacity': s.opacity,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 6, 2.5, 12, 5],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 6, 0.3, 12, 1],
        'circle-stroke-opacity': s.opacity,
      },
    },
  ];
}

const lastData = new WeakMap<object, FeatureCollection>();

export function syncUserLayers(map: MapLibreMap, specs: UserLayerSpec[]) {
  if (!map.getLayer(OVERLAY_ANCHOR) && !map.isStyleLoaded()) return;
  // hidden layers get no source at all: MapLibre's worker does not tile data nobody sees
  const wanted = new Set(specs.filter((s) => s.visible).map((s) => s.layer.id));
  // remove layers and sources that are gone
  for (const l of map.getLayersOrder()) {
    const id = userLayerIdOf(l);
    if (id && !wanted.has(id)) map.removeLayer(l);
  }
  for (const id of Object.keys(map.getStyle()?.sources ?? {})) if (id.startsWith(PREFIX) && !wanted.has(id)) map.removeSource(id);
  const before = map.getLayer(OVERLAY_ANCHOR) ? OVERLAY_ANCHOR : undefined;
  for (const s of specs) {
    if (!s.visible) continue;
    const id = s.layer.id;
    const src = map.getSource(id) as GeoJSONSource | undefined;
    const drawn = s.draw ?? s.data;
    if (!src) map.addSource(id, { type: 'geojson', data: drawn, tolerance: 0.5, buffer: 32 });
    else if (lastData.get(src) !== drawn) src.setData(drawn);
    lastData.set(map.getSource(id)!, drawn);
    for (const spec of styleLayers(s)) {
      if (!map.getLayer(spec.id)) {
        map.addLayer(spec, before);
        continue;
      }
      for (const [k, v] of Object.entries((spec as { paint: Record<string, unknown> }).paint)) map.setPaintProperty(spec.id, k as never, v as never);
    }
  }
  // order: later specs on top, all just below the anchor
  for (const s of specs) for (const p of PARTS) if (s.visible && map.getLayer(`${s.layer.id}-${p}`)) map.moveLayer(`${s.layer.id}-${p}`, before);
}
