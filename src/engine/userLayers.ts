/**
 * User layers (我的数据) as MapLibre GeoJSON sources and fill/line/circle layers, inserted just below
 * the overlay anchor (so base-map labels stay on top). MapLibre tiles the data in its worker, which
 * keeps large imports pannable. A `large` point layer is clustered by that worker (supercluster) up
 * to CLUSTER_MAX_ZOOM: a circle per group, sized by and labelled with its number of points, so a map
 * of 100 000 points draws a few hundred circles until one zooms in. A `large` polygon layer is
 * drawn as a denser fill without edges until EDGE_MIN_ZOOM (edges cost per polygon, fills per pixel).
 * `syncUserLayers` is idempotent: it adds what is missing, updates what changed and removes what is
 * gone — safe to call after a base-map switch.
 *
 * A large layer goes to MapLibre's worker in parts (`feedChunks`): copying a message to a worker is
 * a task on the page's thread, and 185 000 points in one message held it ≈ 1.5 s on the 2-core
 * machine (issue 23). The first part comes with the source, the others follow with `updateData`,
 * each once the worker has taken the one before; `onDrawProgress` reports how far it is. The layer's
 * style layers stay hidden until the last part is in: MapLibre loads no tiles of a source nobody
 * draws, so its tiles are made once, not again after every part.
 */
import type { Map as MapLibreMap, GeoJSONSource, GeoJSONSourceSpecification, LayerSpecification, FilterSpecification } from 'maplibre-gl';
import type { FeatureCollection, Geometry } from 'geojson';
import type { Layer } from '../catalog/types';
import { OVERLAY_ANCHOR } from './basemaps';
import { SELECTION_LAYERS, HIGHLIGHT_LAYERS } from './planLayers';
import { FONTS } from './labels';

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
  /**
   * more features than the map can draw one by one every frame when zoomed out: points are grouped
   * into counted circles, polygons are drawn as fills without edges below EDGE_MIN_ZOOM
   */
  large?: boolean;
  /** its points carry a `label` in `draw` (a layer with a name column and not too many points): drawn beside them */
  labels?: boolean;
}

/** From this zoom the polygons of a large layer get their 1.5 px edge. */
export const EDGE_MIN_ZOOM = 10;

/** Above this zoom every point of a grouped layer is drawn on its own. */
export const CLUSTER_MAX_ZOOM = 12;
/** How close (px) points have to be to be grouped. */
const CLUSTER_RADIUS = 36;

const PREFIX = 'user-';
const PARTS = ['fill', 'line', 'edge', 'circle', 'cluster', 'count', 'label'] as const;
/** the parts that draw the layer's own features (the others draw groups of them) */
const FEATURE_PARTS = ['fill', 'line', 'edge', 'circle'] as const;
const POLY: FilterSpecification = ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]];
const LINE: FilterSpecification = ['in', ['geometry-type'], ['literal', ['LineString', 'MultiLineString']]];
const LINEISH: FilterSpecification = ['in', ['geometry-type'], ['literal', ['LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']]];
const POINT: FilterSpecification = ['in', ['geometry-type'], ['literal', ['Point', 'MultiPoint']]];
const GROUP: FilterSpecification = ['has', 'point_count'];
const SINGLE_POINT: FilterSpecification = ['all', POINT, ['!', GROUP]];

/** `user-abc-fill` → `user-abc` (undefined for other layers). */
export function userLayerIdOf(styleLayerId: string): string | undefined {
  if (!styleLayerId.startsWith(PREFIX)) return undefined;
  const m = /^(user-[\w]+?)(-(fill|line|edge|circle|cluster|count|label))?$/.exec(styleLayerId);
  return m?.[1];
}

/** Style layer ids of the given specs' own features that exist in the current style. */
export function userStyleLayerIds(map: MapLibreMap, specs: UserLayerSpec[]): string[] {
  return specs.flatMap((s) => FEATURE_PARTS.map((p) => `${s.layer.id}-${p}`)).filter((id) => map.getLayer(id));
}

/** A large point layer is drawn in groups. */
const grouped = (s: UserLayerSpec) => !!s.large && s.layer.geometry === 'point';

/** The GeoJSON source MapLibre tiles (and, for a grouped layer, clusters) in its worker. */
export function sourceOptions(s: UserLayerSpec, data: FeatureCollection): GeoJSONSourceSpecification {
  const base: GeoJSONSourceSpecification = { type: 'geojson', data, tolerance: 0.5, buffer: 32 };
  return grouped(s) ? { ...base, cluster: true, clusterRadius: CLUSTER_RADIUS, clusterMaxZoom: CLUSTER_MAX_ZOOM } : base;
}

/** The style layers of one user layer (ids `<layer id>-<part>`), bottom to top. */
export function styleLayers(s: UserLayerSpec): LayerSpecification[] {
  const id = s.layer.id;
  const visibility = 'visible';
  // a large layer that is not grouped points: polygons without edges until EDGE_MIN_ZOOM
  const edgesLater = !!s.large && !grouped(s);
  const line = { 'line-color': s.color, 'line-width': 1.5, 'line-opacity': s.opacity };
  const groups: LayerSpecification[] = grouped(s)
    ? [
        {
          id: `${id}-cluster`,
          type: 'circle',
          source: id,
          filter: GROUP,
          layout: { visibility },
          paint: {
            'circle-color': s.color,
            'circle-opacity': 0.85 * s.opacity,
            'circle-radius': ['step', ['get', 'point_count'], 9, 10, 11, 100, 14, 1000, 18, 10000, 23],
            'circle-stroke-color': '#ffffff',
            'circle-stroke-width': 1.5,
            'circle-stroke-opacity': s.opacity,
          },
        },
        {
          id: `${id}-count`,
          type: 'symbol',
          source: id,
          filter: GROUP,
          layout: {
            visibility,
            'text-field': ['get', 'point_count_abbreviated'],
            'text-font': FONTS,
            'text-size': 11,
            'text-allow-overlap': true,
            'text-ignore-placement': true,
          },
          paint: { 'text-color': '#ffffff', 'text-opacity': s.opacity, 'text-halo-color': s.color, 'text-halo-width': 1 },
        },
      ]
    : [];
  return [
    {
      id: `${id}-fill`,
      type: 'fill',
      source: id,
      filter: POLY,
      layout: { visibility },
      paint: edgesLater
        ? // no edges while zoomed out (their cost is per polygon), so a denser fill; smooth edges from zoom 9
          { 'fill-color': s.color, 'fill-opacity': ['interpolate', ['linear'], ['zoom'], 8, 0.55 * s.opacity, EDGE_MIN_ZOOM, 0.3 * s.opacity], 'fill-antialias': ['step', ['zoom'], false, EDGE_MIN_ZOOM - 1, true] }
        : { 'fill-color': s.color, 'fill-opacity': 0.3 * s.opacity },
    },
    { id: `${id}-line`, type: 'line', source: id, filter: edgesLater ? LINE : LINEISH, layout: { visibility }, paint: line },
    ...(edgesLater ? [{ id: `${id}-edge`, type: 'line', source: id, filter: POLY, minzoom: EDGE_MIN_ZOOM, layout: { visibility }, paint: line } as LayerSpecification] : []),
    {
      id: `${id}-circle`,
      type: 'circle',
      source: id,
      filter: grouped(s) ? SINGLE_POINT : POINT,
      layout: { visibility },
      paint: {
        'circle-color': s.color,
        'circle-opacity': s.opacity,
        // a grouped layer's single points stay small; a layer of a few sites reads at region scale too
        'circle-radius': grouped(s) ? ['interpolate', ['linear'], ['zoom'], 6, 2.5, 12, 5] : ['interpolate', ['linear'], ['zoom'], 6, 5, 12, 7],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': grouped(s) ? ['interpolate', ['linear'], ['zoom'], 6, 0.3, 12, 1] : 1.5,
        'circle-stroke-opacity': s.opacity,
      },
    },
    ...groups,
    ...(s.labels && !grouped(s)
      ? [
          {
            id: `${id}-label`,
            type: 'symbol',
            source: id,
            filter: POINT,
            layout: {
              visibility,
              'text-field': ['get', 'label'],
              'text-font': FONTS,
              'text-size': 12,
              'text-anchor': 'top',
              'text-offset': [0, 0.7],
              'text-max-width': 10,
              'text-optional': true,
            },
            paint: { 'text-color': '#23252b', 'text-opacity': s.opacity, 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
          } as LayerSpecification,
        ]
      : []),
  ];
}

/**
 * The group (cluster) of a grouped user layer under a point, if any, with the zoom at which it
 * splits (where to zoom to see its points).
 */
export function groupAt(map: MapLibreMap, specs: UserLayerSpec[], point: { x: number; y: number }): { center: [number, number]; zoom: Promise<number> } | null {
  const layers = specs.filter((s) => s.visible && grouped(s)).map((s) => `${s.layer.id}-cluster`).filter((id) => map.getLayer(id));
  if (!layers.length) return null;
  const [hit] = map.queryRenderedFeatures([point.x, point.y], { layers });
  const clusterId = hit?.properties?.cluster_id;
  if (!hit || typeof clusterId !== 'number' || hit.geometry.type !== 'Point') return null;
  const src = map.getSource(hit.layer.source) as GeoJSONSource;
  const zoom = src.getClusterExpansionZoom(clusterId).then((z) => Math.min(z, CLUSTER_MAX_ZOOM + 1));
  return { center: hit.geometry.coordinates as [number, number], zoom };
}

/** Features per message to MapLibre's worker, at most (sending 20 000 points took ≈ 1 s at a load of 20 on 2 cores). */
export const FEED_FEATURES = 10_000;
/** Coordinates per message, about (polygons cost per vertex). */
export const FEED_COORDS = 125_000;
/** A layer of up to this many features goes in one message (≈ 0.1–0.2 s on a quiet machine), a larger one in parts. */
export const FEED_ABOVE = 20_000;

/** Number of positions in a geometry (a point is 1). */
export function coordinateCount(g: Geometry | null | undefined): number {
  if (!g) return 0;
  if (g.type === 'GeometryCollection') return g.geometries.reduce((n, x) => n + coordinateCount(x), 0);
  const count = (c: unknown): number => (typeof (c as unknown[])[0] === 'number' ? 1 : (c as unknown[]).reduce((n: number, x) => n + count(x), 0));
  return count(g.coordinates);
}

/**
 * Splits features, in order, into runs of at most `maxFeatures` features and — unless one feature
 * alone has more — at most `maxCoords` coordinates: each run is one message to MapLibre's worker.
 */
export function feedChunks<T extends { geometry: Geometry | null }>(features: readonly T[], maxFeatures = FEED_FEATURES, maxCoords = FEED_COORDS): T[][] {
  const out: T[][] = [];
  let run: T[] = [];
  let coords = 0;
  for (const f of features) {
    const n = f.geometry?.type === 'Point' ? 1 : coordinateCount(f.geometry);
    if (run.length && (run.length >= maxFeatures || coords + n > maxCoords)) {
      out.push(run);
      run = [];
      coords = 0;
    }
    run.push(f);
    coords += n;
  }
  if (run.length) out.push(run);
  return out;
}

/** How far each user layer's data has gone to MapLibre's worker: a fraction, or null once it all has (or it stopped). */
export type DrawProgress = (layerId: string, fraction: number | null) => void;
const progressOf = new WeakMap<MapLibreMap, DrawProgress>();
/** The one listener of a map's drawing progress (the engine's). */
export function onDrawProgress(map: MapLibreMap, fn: DrawProgress) {
  progressOf.set(map, fn);
}

/** The feeds under way, per map and layer (a newer feed of a layer replaces the older one). */
const feeds = new WeakMap<MapLibreMap, Map<string, object>>();
const feedsOf = (map: MapLibreMap) => feeds.get(map) ?? feeds.set(map, new Map()).get(map)!;
/** Ends a layer's feed (if one is under way) and says so. */
function endFeed(map: MapLibreMap, id: string, token?: object) {
  const mine = feedsOf(map);
  if (!mine.has(id) || (token && mine.get(id) !== token)) return;
  mine.delete(id);
  progressOf.get(map)?.(id, null);
}
/** Layers whose data is still going to MapLibre's worker. */
export const feeding = (map: MapLibreMap): string[] => [...feedsOf(map).keys()];

/** Sends a layer's data to MapLibre's worker in parts, each after the worker took the last; stops when the source is gone or got other data. */
async function feed(map: MapLibreMap, id: string, src: GeoJSONSource, drawn: FeatureCollection, chunks: FeatureCollection['features'][]) {
  const token = {};
  feedsOf(map).set(id, token);
  const report = (f: number) => progressOf.get(map)?.(id, f);
  const current = () => feedsOf(map).get(id) === token && map.getSource(id) === src && lastData.get(src) === drawn;
  const show = (on: boolean) => {
    for (const p of PARTS) if (map.getLayer(`${id}-${p}`)) map.setLayoutProperty(`${id}-${p}`, 'visibility', on ? 'visible' : 'none');
  };
  let sent = chunks[0].length;
  report(sent / drawn.features.length);
  try {
    for (const part of chunks.slice(1)) {
      // the worker has the part before (the promise resolves on its answer): the page's thread was free meanwhile
      await src.updateData({ add: part });
      if (!current()) return;
      sent += part.length;
      report(sent / drawn.features.length);
    }
  } catch {
    // the source was removed meanwhile (MapLibre drops its updates): nothing left to draw
  } finally {
    if (current()) show(true);
    endFeed(map, id, token);
  }
}

const lastData = new WeakMap<object, FeatureCollection>();
/** The sources this module added to each map: only these are ever removed here (never the sketches' `user-sketches`). */
const added = new WeakMap<MapLibreMap, Set<string>>();

/**
 * Remove a source and, first, every style layer drawing from it: MapLibre refuses to remove a
 * source a layer still uses ("Source … cannot be removed while layer … is using it").
 */
export function removeSourceWithLayers(map: MapLibreMap, sourceId: string) {
  for (const id of map.getLayersOrder()) if (map.getLayer(id)?.source === sourceId) map.removeLayer(id);
  if (map.getSource(sourceId)) map.removeSource(sourceId);
}

export function syncUserLayers(map: MapLibreMap, specs: UserLayerSpec[]) {
  if (!map.getLayer(OVERLAY_ANCHOR) && !map.isStyleLoaded()) return;
  // hidden layers get no source at all: MapLibre's worker does not tile data nobody sees
  const wanted = new Set(specs.filter((s) => s.visible).map((s) => s.layer.id));
  let ours = added.get(map);
  if (!ours) added.set(map, (ours = new Set()));
  // remove what is gone: our own sources only, each with its layers first
  for (const id of [...ours]) {
    if (wanted.has(id) && map.getSource(id)) continue;
    removeSourceWithLayers(map, id);
    ours.delete(id);
    endFeed(map, id);
  }
  // above the planning layers, below a clause's highlight, the selection's mark and the labels
  const before = [HIGHLIGHT_LAYERS[0], SELECTION_LAYERS[0], OVERLAY_ANCHOR].find((id) => map.getLayer(id));
  for (const s of specs) {
    if (!s.visible) continue;
    const id = s.layer.id;
    const src = map.getSource(id) as GeoJSONSource | undefined;
    const drawn = s.draw ?? s.data;
    const fresh = !src || lastData.get(src) !== drawn;
    // a large layer: its first part now, the others as the worker takes them (see feed)
    const chunks = fresh && drawn.features.length > FEED_ABOVE ? feedChunks(drawn.features) : null;
    const first: FeatureCollection = chunks ? { type: 'FeatureCollection', features: chunks[0] } : drawn;
    if (!src) {
      map.addSource(id, sourceOptions(s, first));
      ours.add(id);
    } else if (fresh) void src.setData(first);
    const now = map.getSource(id) as GeoJSONSource;
    lastData.set(now, drawn);
    const inParts = !!chunks && chunks.length > 1;
    // a feed under way hid the layer: small data now replaces it, so it shows at once
    const wasHidden = fresh && !inParts && feedsOf(map).has(id);
    if (fresh && !inParts) endFeed(map, id);
    for (const spec of styleLayers(s)) {
      if (!map.getLayer(spec.id)) {
        // hidden while its data is still going to the worker (see feed)
        map.addLayer(inParts ? ({ ...spec, layout: { ...spec.layout, visibility: 'none' } } as LayerSpecification) : spec, before);
        continue;
      }
      if (inParts) map.setLayoutProperty(spec.id, 'visibility', 'none');
      else if (wasHidden) map.setLayoutProperty(spec.id, 'visibility', 'visible');
      for (const [k, v] of Object.entries((spec as { paint: Record<string, unknown> }).paint ?? {})) map.setPaintProperty(spec.id, k as never, v as never);
    }
    if (inParts) void feed(map, id, now, drawn, chunks!);
  }
  // order: later specs on top, all just below the selection (or the anchor)
  for (const s of specs) for (const p of PARTS) if (s.visible && map.getLayer(`${s.layer.id}-${p}`)) map.moveLayer(`${s.layer.id}-${p}`, before);
}
