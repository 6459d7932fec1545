/**
 * Labels of planning layers are drawn by MapLibre as symbol layers on top of the map: it places
 * CJK text from local fonts and drops overlapping labels (deck.gl's collision filter does not
 * run in interleaved mode, and unfiltered text over Taiyuan is unreadable).
 */
import type { Map as MapLibreMap, GeoJSONSource, SymbolLayerSpecification, ExpressionSpecification } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import type { Layer } from '../catalog/types';

const PREFIX = 'planning-label-';
const FONTS = ['Noto Sans CJK SC Regular', 'Noto Sans CJK SC', 'WenQuanYi Zen Hei', 'Microsoft YaHei', 'PingFang SC', 'sans-serif'];

export interface LabelledLayer {
  layer: Layer;
  data: FeatureCollection;
}

let language: 'zh' | 'en' = 'zh';
/** label size factor: 1 in the planner, PROJECTOR_LABEL_SCALE while presenting */
let labelScale = 1;
/** Map labels while presenting to a room: at least 1.5× the planner's (more on larger screens). */
export const PROJECTOR_LABEL_SCALE = 1.5;
/** While presenting, county names show from this zoom (the whole region on a 1024×768 projector is ≈ zoom 6.5). */
const PROJECTOR_COUNTY_MINZOOM = 6;

/** The label text for a property: in English, name_en where the feature has one. */
export function labelField(key: string, lang: 'zh' | 'en' = language): ExpressionSpecification {
  return lang === 'en' && key === 'name' ? ['coalesce', ['get', 'name_en'], ['get', 'name']] : ['to-string', ['get', key]];
}

/** Base-style label layers that follow the UI language. */
const BASE_LABEL_LAYERS = ['river-label', 'county-label', 'city-label', 'context-label'];

export function setLabelLanguage(map: MapLibreMap, lang: 'zh' | 'en') {
  language = lang;
  if (!map.isStyleLoaded() && !map.getStyle()) return;
  for (const id of BASE_LABEL_LAYERS) if (map.getLayer(id)) map.setLayoutProperty(id, 'text-field', labelField('name', lang));
  for (const id of map.getLayersOrder().filter((x) => x.startsWith(PREFIX))) {
    const key = (map.getLayer(id) as unknown as { metadata?: { key?: string } })?.metadata?.key ?? 'name';
    map.setLayoutProperty(id, 'text-field', labelField(key, lang));
  }
}

/**
 * A text size (number or zoom curve) times `k`: numbers are scaled, and so are the outputs of an
 * `interpolate`/`step` over zoom (an expression over zoom must stay at the top, so it cannot
 * simply be wrapped in a product). Anything else is returned unchanged.
 */
export function scaleTextSize(value: unknown, k: number): unknown {
  if (typeof value === 'number') return Math.round(value * k * 100) / 100;
  if (!Array.isArray(value)) return value;
  const [op] = value;
  if (op === 'interpolate' || op === 'interpolate-hcl' || op === 'interpolate-lab') {
    // ['interpolate', interpolation, input, stop, output, stop, output, …]
    return value.map((v, i) => (i >= 4 && i % 2 === 0 ? scaleTextSize(v, k) : v));
  }
  if (op === 'step') {
    // ['step', input, output0, stop, output, …]
    return value.map((v, i) => (i >= 2 && i % 2 === 0 ? scaleTextSize(v, k) : v));
  }
  return value;
}

/** the base style's own label sizes, halos and zoom ranges, per map, before any scaling */
const baseLabelLook = new WeakMap<MapLibreMap, Map<string, { size: unknown; halo: unknown; minzoom: number; maxzoom: number }>>();

/**
 * Scale every label on the map (base style and planning labels) by `scale`, relative to the
 * style's own sizes; halos grow with the text. `newStyle`: the style was just replaced, so its
 * sizes are read afresh. Re-applied by the engine after a base-map switch.
 */
export function setLabelScale(map: MapLibreMap, scale: number, opts: { newStyle?: boolean } = {}) {
  labelScale = scale;
  if (opts.newStyle) baseLabelLook.delete(map);
  try {
    if (map.getStyle()) applyLabelScale(map, scale);
  } catch {
    /* the style is still loading: the engine re-applies on style.load */
  }
}

function applyLabelScale(map: MapLibreMap, scale: number) {
  let look = baseLabelLook.get(map);
  if (!look) baseLabelLook.set(map, (look = new Map()));
  for (const id of map.getLayersOrder()) {
    const layer = map.getLayer(id);
    if (!layer || layer.type !== 'symbol') continue;
    if (id.startsWith(PREFIX)) {
      const geometry = (map.getLayer(id) as unknown as { metadata?: { geometry?: Layer['geometry'] } })?.metadata?.geometry ?? 'polygon';
      map.setLayoutProperty(id, 'text-size', (geometry === 'point' ? 12 : 13) * scale);
      map.setPaintProperty(id, 'text-halo-width', 1.6 * Math.sqrt(scale));
      map.setLayerZoomRange(id, labelMinZoom(geometry), 24);
      continue;
    }
    if (!look.has(id)) look.set(id, { size: map.getLayoutProperty(id, 'text-size') ?? 16, halo: map.getPaintProperty(id, 'text-halo-width'), minzoom: layer.minzoom ?? 0, maxzoom: layer.maxzoom ?? 24 });
    const orig = look.get(id)!;
    map.setLayoutProperty(id, 'text-size', scaleTextSize(orig.size, scale) as number);
    if (typeof orig.halo === 'number') map.setPaintProperty(id, 'text-halo-width', orig.halo * Math.sqrt(scale));
    if (id === 'county-label') map.setLayerZoomRange(id, scale > 1 ? Math.min(orig.minzoom, PROJECTOR_COUNTY_MINZOOM) : orig.minzoom, orig.maxzoom);
  }
}

/** Planning labels show from these zooms; on a projector a step earlier (a scene frames a whole region). */
function labelMinZoom(geometry: Layer['geometry']): number {
  const z = geometry === 'point' ? 7.5 : geometry === 'line' ? 8 : 6;
  return labelScale > 1 ? z - 1 : z;
}

function symbolLayer(l: Layer, key: string): SymbolLayerSpecification {
  const point = l.geometry === 'point';
  return {
    id: PREFIX + l.id,
    type: 'symbol',
    source: PREFIX + l.id,
    minzoom: labelMinZoom(l.geometry),
    metadata: { key, geometry: l.geometry },
    layout: {
      'text-field': labelField(key),
      'text-font': FONTS,
      'text-size': (point ? 12 : 13) * labelScale,
      'symbol-placement': l.geometry === 'line' ? 'line' : 'point',
      'text-offset': point ? [0, 1.1] : [0, 0],
      'text-anchor': point ? 'top' : 'center',
      'text-max-width': 9,
      'text-optional': true,
      'symbol-sort-key': point ? 1 : 2,
    },
    paint: { 'text-color': '#2b2d33', 'text-halo-color': '#ffffff', 'text-halo-width': 1.6 * Math.sqrt(labelScale) },
  };
}

/** the data each label source was last given, so unchanged data is not sent to the worker again */
const sourceData = new WeakMap<object, FeatureCollection>();

/** True when every drawn layer with labels has its label layer in the current style. */
export function labelsInPlace(map: MapLibreMap, drawn: LabelledLayer[]): boolean {
  return drawn.every((d) => !d.layer.style.labelKey || Boolean(map.getLayer(PREFIX + d.layer.id)));
}

/** Make the map's planning labels match the drawn layers (idempotent; safe after a style switch). */
export function syncLabels(map: MapLibreMap, drawn: LabelledLayer[]) {
  if (!map.isStyleLoaded()) return;
  const wanted = new Map(drawn.filter((d) => d.layer.style.labelKey).map((d) => [PREFIX + d.layer.id, d]));
  for (const id of map.getLayersOrder().filter((x) => x.startsWith(PREFIX))) {
    // removing a source fires 'sourcedata', on which the overlay may sync the labels itself:
    // a layer in this list can be gone by the time the loop reaches it
    if (!wanted.has(id) && map.getLayer(id)) {
      map.removeLayer(id);
      if (map.getSource(id)) map.removeSource(id);
    }
  }
  for (const [id, d] of wanted) {
    const src = map.getSource(id) as GeoJSONSource | undefined;
    if (!src) map.addSource(id, { type: 'geojson', data: d.data });
    else if (sourceData.get(src) !== d.data) src.setData(d.data);
    sourceData.set(map.getSource(id)!, d.data);
    if (!map.getLayer(id)) map.addLayer(symbolLayer(d.layer, d.layer.style.labelKey!));
  }
}
