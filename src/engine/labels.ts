/**
 * Labels of planning layers are drawn by MapLibre as symbol layers on top of the map: it places
 * CJK text from local fonts and drops overlapping labels (deck.gl's collision filter does not
 * run in interleaved mode, and unfiltered text over Taiyuan is unreadable). Each feature gets one
 * label, at a point computed once (./labelPoints.ts). Text sizes follow the user's preference.
 */
import type { Map as MapLibreMap, GeoJSONSource, SymbolLayerSpecification, ExpressionSpecification } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import type { Layer } from '../catalog/types';
import { labelPoints } from './labelPoints';
import { scaleTextSize } from './textScale';

const PREFIX = 'planning-label-';
const FONTS = ['Noto Sans CJK SC Regular', 'Noto Sans CJK SC', 'WenQuanYi Zen Hei', 'Microsoft YaHei', 'PingFang SC', 'sans-serif'];

export interface LabelledLayer {
  layer: Layer;
  data: FeatureCollection;
}

let language: 'zh' | 'en' = 'zh';
let textScale = 1;
/** presenting to a room: labels show from a lower zoom (a scene frames a whole region) */
let projector = false;
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

/** text-size of every symbol layer as the style first gave it (before any scaling), per style */
const originalSizes = new WeakMap<object, Map<string, unknown>>();

/** Scale every label on the map (base style and planning labels) by `k` of its designed size. */
export function setTextScale(map: MapLibreMap, k: number) {
  textScale = k;
  const style = map.getStyle();
  if (!style) return;
  const key = (map as unknown as { style?: object }).style ?? map;
  let sizes = originalSizes.get(key);
  if (!sizes) originalSizes.set(key, (sizes = new Map()));
  for (const l of style.layers) {
    if (l.type !== 'symbol') continue;
    if (!sizes.has(l.id)) sizes.set(l.id, l.layout?.['text-size'] ?? (l.id.startsWith(PREFIX) ? undefined : 16));
    const base = l.id.startsWith(PREFIX) ? designedSize(l.metadata) : sizes.get(l.id);
    map.setLayoutProperty(l.id, 'text-size', scaleTextSize(base as number, k) as never);
  }
}

const designedSize = (meta: unknown) => ((meta as { size?: number } | undefined)?.size ?? 13);

/** Planning labels show from these zooms; on a projector a step earlier. */
function labelMinZoom(geometry: Layer['geometry']): number {
  const z = geometry === 'point' ? 7.5 : geometry === 'line' ? 7 : 5;
  return projector ? z - 1 : z;
}

/** the base style's own county-label zoom range, per style */
const countyZooms = new WeakMap<object, [number, number]>();

/**
 * Presenting to a room: county names and planning labels show from a lower zoom, so a scene that
 * frames the whole region on a 1024×768 projector still names its counties. (Sizes: setTextScale.)
 */
export function setProjectorLabels(map: MapLibreMap, on: boolean) {
  projector = on;
  try {
    if (map.getStyle()) applyProjectorZooms(map, on);
  } catch {
    /* the style is still loading: the engine re-applies on style.load */
  }
}

function applyProjectorZooms(map: MapLibreMap, on: boolean) {
  const key = (map as unknown as { style?: object }).style ?? map;
  const county = map.getLayer('county-label');
  if (county) {
    if (!countyZooms.has(key)) countyZooms.set(key, [county.minzoom ?? 0, county.maxzoom ?? 24]);
    const [min, max] = countyZooms.get(key)!;
    map.setLayerZoomRange('county-label', on ? Math.min(min, PROJECTOR_COUNTY_MINZOOM) : min, max);
  }
  for (const id of map.getLayersOrder().filter((x) => x.startsWith(PREFIX))) {
    const geometry = (map.getLayer(id) as unknown as { metadata?: { geometry?: Layer['geometry'] } })?.metadata?.geometry ?? 'polygon';
    map.setLayerZoomRange(id, labelMinZoom(geometry), 24);
  }
}

function symbolLayer(l: Layer, key: string): SymbolLayerSpecification {
  const point = l.geometry === 'point';
  const size = point ? 12 : 13.5;
  return {
    id: PREFIX + l.id,
    type: 'symbol',
    source: PREFIX + l.id,
    minzoom: labelMinZoom(l.geometry),
    metadata: { key, size, geometry: l.geometry },
    layout: {
      'text-field': labelField(key),
      'text-font': FONTS,
      'text-size': scaleTextSize(size, textScale) as number,
      'text-offset': point ? [0, 1.1] : [0, 0],
      'text-anchor': point ? 'top' : 'center',
      'text-max-width': 8,
      'text-optional': true,
      'text-padding': 3,
      'symbol-sort-key': point ? 2 : 1,
    },
    paint: { 'text-color': l.geometry === 'polygon' ? '#1d1f24' : '#2b2d33', 'text-halo-color': '#ffffff', 'text-halo-width': 1.8 },
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
    const points = labelPoints(d.data);
    const src = map.getSource(id) as GeoJSONSource | undefined;
    if (!src) {
      map.addSource(id, { type: 'geojson', data: points });
      // once the worker has tiled the new labels, draw a frame so they are placed (not on the next pan)
      const onData = (e: { sourceId?: string; isSourceLoaded?: boolean }) => {
        if (e.sourceId !== id || !e.isSourceLoaded) return;
        map.off('sourcedata', onData);
        map.triggerRepaint();
      };
      map.on('sourcedata', onData);
    }
    else if (sourceData.get(src) !== points) src.setData(points);
    sourceData.set(map.getSource(id)!, points);
    if (!map.getLayer(id)) map.addLayer(symbolLayer(d.layer, d.layer.style.labelKey!));
  }
}
