/**
 * The planning layers' polygons and lines, drawn by MapLibre itself (style layers from
 * ./planStyle.ts) and picked on the CPU (MapLibre's own feature index: a point query for polygons,
 * a 3-pixel box for lines). Under software WebGL this costs what the bare MapLibre page costs:
 * deck.gl's path and pattern shaders made every frame 1.4–1.5× slower (README, Benchmark).
 *
 * Functions of a map, not of "the" map: the live map, a sheet's off-screen map and a second map
 * beside it (compare) each call them; what a map was given is remembered per map.
 */
import type { Map as MapLibreMap, GeoJSONSource, LayerSpecification, PointLike, FilterSpecification } from 'maplibre-gl';
import type { Feature, FeatureCollection } from 'geojson';
import type { Layer } from '../catalog/types';
import { OVERLAY_ANCHOR } from './basemaps';
import { ALL_STOPS_VIEW, type StopView } from '../time/stops';
import { classOf } from '../symbology/symbols';
import {
  CLASS_PROP,
  HOVER_LAYER_PROP,
  HOVER_SOURCE,
  PART_RE,
  catalogLayerOf,
  drawnByMapLibre,
  needsDeck,
  opacityPaint,
  patternImageId,
  patternSymbols,
  patternTile,
  planStyleLayers,
  sourceId,
  styleLayerId,
} from './planStyle';

export { drawnByMapLibre, needsDeck };
export { syncLabels, labelsInPlace } from './planningLabels';
// loaded with this chunk, not with the first paint (MapEngine reaches them through it)
export { withGroups } from './markerGroups';
export { setLabelLanguage, setTextScale, setProjectorLabels, designedLabelsOf } from './labels';

/** An invisible layer: planning layers (and deck.gl's groups) go below it, imported layers above it. */
export const PLANNING_TOP = 'planning-top';

export interface PlanLayer {
  layer: Layer;
  data: FeatureCollection;
  opacity: number;
}

export interface PlanOptions {
  /** line widths × this (a projector) */
  symbolScale?: number;
  /** device px per CSS px of the pattern images (the map's pixel ratio; a 300 dpi sheet's is 3.125) */
  pixelRatio?: number;
  /**
   * Layers among `drawn` that are only being got ready (a talk's next scene): in the style and
   * drawn at opacity 0 — their data tiled, their GPU programs compiled — so showing them later
   * changes a paint value and nothing else. MapLibre skips the fragments of a layer at opacity 0.
   */
  prepared?: ReadonlySet<string>;
  /** the plan period shown: features due later hidden, or drawn as planned */
  stop?: StopView;
}

/** What each map was last given, per catalog layer (so unchanged data is never sent to the worker again). */
interface Given {
  source: FeatureCollection;
  opacity: number;
  symbolScale: number;
  /** the stop's filters the style layers were made with ("t/later") */
  stop: string;
  shown: boolean;
  parts: string[];
}
const given = new WeakMap<MapLibreMap, Map<string, Given>>();
const givenOf = (map: MapLibreMap) => {
  let g = given.get(map);
  if (!g) given.set(map, (g = new Map()));
  return g;
};

/** The source data of a layer: each feature with its index as id (clicks find it again) and its class. */
const sourceCache = new WeakMap<FeatureCollection, FeatureCollection>();
export function sourceData(layer: Pick<Layer, 'style'>, fc: FeatureCollection): FeatureCollection {
  let out = sourceCache.get(fc);
  if (!out) {
    out = {
      type: 'FeatureCollection',
      features: fc.features.map((f, i) => ({ type: 'Feature', id: i, geometry: f.geometry, properties: { ...f.properties, [CLASS_PROP]: classOf(layer.style, f.properties) ?? '' } })),
    };
    sourceCache.set(fc, out);
  }
  return out;
}

/** True when the style has room for our layers (the anchor every base style carries, or a loaded style). */
const styleReady = (map: MapLibreMap) => Boolean(map.getLayer(OVERLAY_ANCHOR)) || map.isStyleLoaded();

function ensureTop(map: MapLibreMap) {
  if (map.getLayer(PLANNING_TOP)) return;
  map.addLayer({ id: PLANNING_TOP, type: 'background', layout: { visibility: 'none' }, paint: { 'background-color': '#000000' } }, map.getLayer(OVERLAY_ANCHOR) ? OVERLAY_ANCHOR : undefined);
}

/** The fill-pattern images of these layers, drawn once per map at its pixel ratio. */
export function addPatternImages(map: MapLibreMap, layers: Layer[], pixelRatio = map.getPixelRatio()) {
  // drawn at twice the screen's resolution at least: MapLibre scales a pattern with the map between
  // whole zoom levels (up to 2×) and samples it linearly; a 1× tile would blur the hatching
  const ratio = Math.max(2, Math.ceil(pixelRatio));
  for (const layer of layers) {
    for (const sym of patternSymbols(layer)) {
      const id = patternImageId(sym);
      if (map.hasImage(id)) continue;
      const t = patternTile(sym, ratio);
      const canvas = document.createElement('canvas');
      canvas.width = t.width;
      canvas.height = t.height;
      // a canvas kept in memory (not the GPU's): read back at once below, where a GPU canvas under
      // software WebGL costs a synchronous read-back each (≈ 400 ms for the default view's patterns)
      const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
      const bg = sym.patternBackground;
      if (bg[3] > 0) {
        ctx.fillStyle = `rgba(${bg[0]},${bg[1]},${bg[2]},${bg[3] / 255})`;
        ctx.fillRect(0, 0, t.width, t.height);
      }
      const ink = `rgba(${sym.fill[0]},${sym.fill[1]},${sym.fill[2]},${sym.fill[3] / 255})`;
      if (t.kind === 'dots') {
        ctx.fillStyle = ink;
        ctx.beginPath();
        ctx.arc(t.width / 2, t.height / 2, t.size, 0, Math.PI * 2);
        ctx.fill();
      } else {
        ctx.strokeStyle = ink;
        ctx.lineWidth = t.size;
        ctx.beginPath();
        for (const f of t.families) {
          // lines n·p = k·period, n = (sin a, cos a) in these y-down pixels, direction (cos a, −sin a)
          const n = [Math.sin(f.angle), Math.cos(f.angle)];
          const d = [Math.cos(f.angle), -Math.sin(f.angle)];
          const along = n.map(Math.abs).reduce((a, b) => a + b, 0) * (t.width + t.height);
          const proj = [0, t.width].flatMap((x) => [0, t.height].map((y) => n[0] * x + n[1] * y));
          const k0 = Math.floor(Math.min(...proj) / f.period) - 1;
          const k1 = Math.ceil(Math.max(...proj) / f.period) + 1;
          for (let k = k0; k <= k1; k++) {
            const cx = n[0] * k * f.period;
            const cy = n[1] * k * f.period;
            ctx.moveTo(cx - d[0] * along, cy - d[1] * along);
            ctx.lineTo(cx + d[0] * along, cy + d[1] * along);
          }
        }
        ctx.stroke();
      }
      map.addImage(id, ctx.getImageData(0, 0, t.width, t.height), { pixelRatio: ratio });
    }
  }
}

/** The style layer ids a catalog layer has in this map now (bottom to top). */
export function styleLayersOf(map: MapLibreMap, layerId: string): string[] {
  return (given.get(map)?.get(layerId)?.parts ?? []).filter((id) => map.getLayer(id));
}

/**
 * Make the map draw exactly these planning layers (polygons and lines; points are deck.gl's), in
 * catalog order, below `PLANNING_TOP` (`opts.prepared`: some of them at opacity 0, got ready only). Layers no longer drawn are hidden, not removed: their
 * sources keep their tiles, so showing them again (the next scene of a talk) needs no worker
 * round trip. Idempotent and cheap when nothing changed; safe after a base-map switch (which
 * empties the style: everything is added again). Returns false when the style cannot take layers yet.
 */
export function syncPlanLayers(map: MapLibreMap, drawn: PlanLayer[], opts: PlanOptions = {}): boolean {
  if (!styleReady(map)) return false;
  ensureTop(map);
  const g = givenOf(map);
  const k = opts.symbolScale ?? 1;
  const stop = opts.stop ?? ALL_STOPS_VIEW;
  const stopKey = `${stop.t}/${stop.later}`;
  const native = drawn.filter((d) => drawnByMapLibre(d.layer));
  addPatternImages(map, native.map((d) => d.layer), opts.pixelRatio);
  if (!map.getSource(HOVER_SOURCE)) map.addSource(HOVER_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  const wanted = new Set(native.map((d) => d.layer.id));
  for (const [id, st] of g) {
    if (wanted.has(id) || !st.shown) continue;
    for (const l of styleLayersOf(map, id)) map.setLayoutProperty(l, 'visibility', 'none');
    st.shown = false;
  }
  for (const d of native) {
    const id = d.layer.id;
    const opacity = opts.prepared?.has(id) ? 0 : d.opacity;
    const src = sourceId(id);
    const data = sourceData(d.layer, d.data);
    const source = map.getSource(src) as GeoJSONSource | undefined;
    let st = g.get(id);
    if (!source) {
      map.addSource(src, { type: 'geojson', data });
      st = undefined; // a new style: its layers are gone too
    } else if (st?.source !== data) source.setData(data);
    const specs = planStyleLayers(d.layer, { opacity, symbolScale: k, pickable: d.layer.pickable, stop });
    const fresh = !st || st.symbolScale !== k || st.stop !== stopKey || specs.some((s) => !map.getLayer(s.id));
    if (fresh) {
      // the old parts go (a stop drawn "as planned" has more of them), the new ones come in
      for (const id of st?.parts ?? []) if (map.getLayer(id)) map.removeLayer(id);
      for (const s of specs) {
        if (map.getLayer(s.id)) map.removeLayer(s.id);
        map.addLayer(s as LayerSpecification, PLANNING_TOP);
      }
    } else {
      if (st!.opacity !== opacity) {
        for (const s of specs) {
          const [prop, value] = opacityPaint(partOf(s.id), d.layer, opacity);
          map.setPaintProperty(s.id, prop as never, value as never);
        }
      }
      if (!st!.shown) for (const s of specs) map.setLayoutProperty(s.id, 'visibility', 'visible');
    }
    g.set(id, { source: data, opacity, symbolScale: k, stop: stopKey, shown: true, parts: specs.map((s) => s.id) });
  }
  keepOrder(map, native.flatMap((d) => g.get(d.layer.id)!.parts));
  return true;
}

const partOf = (styleLayer: string) => PART_RE.exec(styleLayer)?.[1] ?? '';

/** Our style layers in catalog order, each below PLANNING_TOP (moves only what is out of place). */
function keepOrder(map: MapLibreMap, expected: string[]) {
  const want = new Set(expected);
  const order = map.getLayersOrder();
  const top = order.indexOf(PLANNING_TOP);
  const now = order.filter((id) => want.has(id));
  const inPlace = now.length === expected.length && now.every((id, i) => id === expected[i]) && order.lastIndexOf(now[now.length - 1]) < top;
  if (!inPlace) for (const id of expected) map.moveLayer(id, PLANNING_TOP);
}

/** True when these layers' MapLibre parts are all in the style and shown (nothing to do for syncPlanLayers). */
export function planLayersInPlace(map: MapLibreMap, drawn: PlanLayer[]): boolean {
  const g = given.get(map);
  return drawn.filter((d) => drawnByMapLibre(d.layer)).every((d) => {
    const st = g?.get(d.layer.id);
    return Boolean(st?.shown) && st!.parts.every((p) => map.getLayer(p));
  });
}

/**
 * Where a deck.gl layer of `layerId` goes so the catalog's order holds: below the first style
 * layer of the next catalog layer MapLibre draws above it, else below PLANNING_TOP.
 */
export function beforeIdFor(map: MapLibreMap, drawn: PlanLayer[], layerId: string): string {
  const i = drawn.findIndex((d) => d.layer.id === layerId);
  for (const d of drawn.slice(i + 1)) {
    if (!drawnByMapLibre(d.layer)) continue;
    const first = styleLayersOf(map, d.layer.id)[0];
    if (first) return first;
  }
  return PLANNING_TOP;
}

export interface PlanHit {
  layerId: string;
  feature: Feature;
  /** the style layer hit (its place in the map's order tells what lies on top) */
  styleLayer: string;
}

/**
 * Features of the drawn planning polygons and lines under a point (map container px), top
 * first: polygons that contain the point, lines within `radius` px.
 */
export function planHits(map: MapLibreMap, drawn: PlanLayer[], point: { x: number; y: number }, radius = 3): PlanHit[] {
  const g = given.get(map);
  const byId = new Map(drawn.map((d) => [d.layer.id, d]));
  const polygons: string[] = [];
  const lines: string[] = [];
  for (const d of drawn) {
    if (!drawnByMapLibre(d.layer) || !d.layer.pickable || !g?.get(d.layer.id)?.shown) continue;
    if (d.layer.geometry === 'polygon') polygons.push(styleLayerId(d.layer.id, 'hit'));
    else lines.push(...styleLayersOf(map, d.layer.id));
  }
  const order = map.getLayersOrder();
  const found = [
    ...(polygons.length ? map.queryRenderedFeatures([point.x, point.y] as PointLike, { layers: polygons }) : []),
    ...(lines.length ? map.queryRenderedFeatures([[point.x - radius, point.y - radius], [point.x + radius, point.y + radius]], { layers: lines }) : []),
  ].sort((a, b) => order.indexOf(b.layer.id) - order.indexOf(a.layer.id));
  const seen = new Set<string>();
  const out: PlanHit[] = [];
  for (const rf of found) {
    const layerId = catalogLayerOf(rf.layer.id, (id) => byId.has(id));
    const d = layerId ? byId.get(layerId) : undefined;
    const feature = d?.data.features[Number(rf.id)];
    const key = `${layerId}/${rf.id}`;
    if (!d || !feature || seen.has(key)) continue;
    seen.add(key);
    out.push({ layerId: layerId!, feature, styleLayer: rf.layer.id });
  }
  return out;
}

/** The feature drawn with the hover tint on this map (one at a time). */
const hovered = new WeakMap<MapLibreMap, { source: string; id: number }>();

/**
 * Tint one feature as hovered (null: none): a line by feature state (its colour), a polygon by
 * putting it alone into the HOVER_SOURCE its layer's cat-L-hover layer draws.
 */
export function setPlanHover(map: MapLibreMap, hit: { layerId: string; feature: Feature; data: FeatureCollection } | null) {
  const before = hovered.get(map);
  const next = hit ? { source: sourceId(hit.layerId), id: hit.data.features.indexOf(hit.feature) } : null;
  if (before && next && before.source === next.source && before.id === next.id) return;
  if (before && map.getSource(before.source)) map.setFeatureState(before, { hover: false });
  const tint = map.getSource(HOVER_SOURCE) as GeoJSONSource | undefined;
  const polygon = hit && next && next.id >= 0 && /Polygon$/.test(hit.feature.geometry?.type ?? '') ? hit.feature : null;
  if (tint && (polygon || tinted.get(map))) {
    tint.setData({ type: 'FeatureCollection', features: polygon ? [{ type: 'Feature', properties: { [HOVER_LAYER_PROP]: hit!.layerId }, geometry: polygon.geometry }] : [] });
    tinted.set(map, Boolean(polygon));
  }
  if (next && next.id >= 0 && map.getSource(next.source)) {
    map.setFeatureState(next, { hover: true });
    hovered.set(map, next);
  } else hovered.delete(map);
}
/** whether the map's HOVER_SOURCE holds a polygon now */
const tinted = new WeakMap<MapLibreMap, boolean>();

/** The selected feature's mark: a magenta outline (a ring for a point), above every planning and imported layer, below the labels. */
export const SELECTION_SOURCE = 'cat-selection';
export const SELECTION_LAYERS = ['cat-selection-line', 'cat-selection-point'] as const;
const SELECTION_COLOR = '#d81b60';
const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };
const selected = new WeakMap<MapLibreMap, Feature | null>();

/** Show the selection's mark on a map (null: none). Safe after a base-map switch. */
export function syncSelection(map: MapLibreMap, feature: Feature | null): boolean {
  if (!styleReady(map)) return false;
  const data: FeatureCollection = feature?.geometry ? { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: feature.geometry }] } : EMPTY;
  const src = map.getSource(SELECTION_SOURCE) as GeoJSONSource | undefined;
  if (!src) map.addSource(SELECTION_SOURCE, { type: 'geojson', data });
  else if (selected.get(map) !== feature) src.setData(data);
  selected.set(map, feature);
  const before = map.getLayer(OVERLAY_ANCHOR) ? OVERLAY_ANCHOR : undefined;
  if (!map.getLayer(SELECTION_LAYERS[0])) {
    map.addLayer({ id: SELECTION_LAYERS[0], type: 'line', source: SELECTION_SOURCE, filter: ['!=', ['geometry-type'], 'Point'], layout: { 'line-join': 'round' }, paint: { 'line-color': SELECTION_COLOR, 'line-width': 3.5 } }, before);
    // deck.gl drew a 13 px ring with a 3 px stroke across it
    map.addLayer({ id: SELECTION_LAYERS[1], type: 'circle', source: SELECTION_SOURCE, filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 11.5, 'circle-color': 'rgba(255,255,255,0)', 'circle-stroke-color': SELECTION_COLOR, 'circle-stroke-width': 3 } }, before);
  }
  return true;
}

/** True when the selection's mark is in the map's style. */
export const selectionInPlace = (map: MapLibreMap) => SELECTION_LAYERS.every((id) => map.getLayer(id));

/**
 * A clause's features shown on the map ("在图上显示"): a wide translucent amber halo under a dark
 * rim (unlike the selection's magenta), above every planning and imported layer and under the
 * selection's mark. `k`: widths × this (a projector).
 */
export const HIGHLIGHT_SOURCE = 'cat-highlight';
export const HIGHLIGHT_LAYERS = ['cat-highlight-fill', 'cat-highlight-halo', 'cat-highlight-rim', 'cat-highlight-halo-point', 'cat-highlight-rim-point'] as const;
const HALO = 'rgba(255,179,0,0.667)';
const HALO_FILL = 'rgba(255,179,0,0.157)';
const RIM = 'rgb(120,60,0)';
const highlightedOn = new WeakMap<MapLibreMap, { items: readonly { feature: Feature }[]; k: number }>();

/** Show a clause's features highlighted on a map ([]: none). Safe after a base-map switch. */
export function syncHighlight(map: MapLibreMap, items: readonly { feature: Feature }[], k = 1): boolean {
  if (!styleReady(map)) return false;
  const before = highlightedOn.get(map);
  const src = map.getSource(HIGHLIGHT_SOURCE) as GeoJSONSource | undefined;
  if (!items.length && !src) return true;
  const data: FeatureCollection = { type: 'FeatureCollection', features: items.filter((h) => h.feature.geometry).map((h) => ({ type: 'Feature', properties: {}, geometry: h.feature.geometry })) };
  if (!src) map.addSource(HIGHLIGHT_SOURCE, { type: 'geojson', data });
  else if (before?.items !== items) src.setData(data);
  if (before && before.k !== k) for (const id of HIGHLIGHT_LAYERS) if (map.getLayer(id)) map.removeLayer(id);
  highlightedOn.set(map, { items, k });
  if (!map.getLayer(HIGHLIGHT_LAYERS[0])) {
    // under the selection's mark when it is there, else under the base map's labels
    const anchor = map.getLayer(SELECTION_LAYERS[0]) ? SELECTION_LAYERS[0] : map.getLayer(OVERLAY_ANCHOR) ? OVERLAY_ANCHOR : undefined;
    const point: FilterSpecification = ['in', ['geometry-type'], ['literal', ['Point', 'MultiPoint']]];
    const notPoint: FilterSpecification = ['!', point];
    const polygon: FilterSpecification = ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]];
    const specs: LayerSpecification[] = [
      { id: HIGHLIGHT_LAYERS[0], type: 'fill', source: HIGHLIGHT_SOURCE, filter: polygon, paint: { 'fill-color': HALO_FILL } },
      { id: HIGHLIGHT_LAYERS[1], type: 'line', source: HIGHLIGHT_SOURCE, filter: notPoint, layout: { 'line-join': 'round', 'line-cap': 'round' }, paint: { 'line-color': HALO, 'line-width': 9 * k } },
      { id: HIGHLIGHT_LAYERS[2], type: 'line', source: HIGHLIGHT_SOURCE, filter: notPoint, layout: { 'line-join': 'round', 'line-cap': 'round' }, paint: { 'line-color': RIM, 'line-width': 2 * k } },
      { id: HIGHLIGHT_LAYERS[3], type: 'circle', source: HIGHLIGHT_SOURCE, filter: point, paint: { 'circle-radius': 15 * k, 'circle-color': HALO, 'circle-stroke-color': HALO, 'circle-stroke-width': 4.5 * k } },
      { id: HIGHLIGHT_LAYERS[4], type: 'circle', source: HIGHLIGHT_SOURCE, filter: point, paint: { 'circle-radius': 15 * k, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': RIM, 'circle-stroke-width': 2 * k } },
    ];
    for (const s of specs) map.addLayer(s, anchor);
  }
  return true;
}

/** True when the highlight (if any) is in the map's style. */
export const highlightInPlace = (map: MapLibreMap) => !highlightedOn.get(map)?.items.length || HIGHLIGHT_LAYERS.every((id) => map.getLayer(id));
