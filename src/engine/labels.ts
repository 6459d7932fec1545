/**
 * Map labels that follow the user: language, text size and the projector's earlier zooms, for the
 * base style's labels and the planning labels alike. The planning labels themselves (one per
 * feature, from the overlay's data) are made by ./planningLabels.ts, which loads with the overlay.
 */
import type { Map as MapLibreMap, ExpressionSpecification } from 'maplibre-gl';
import type { Layer } from '../catalog/types';
import { scaleTextSize } from './textScale';

export const PREFIX = 'planning-label-';
export const FONTS = ['Noto Sans CJK SC Regular', 'Noto Sans CJK SC', 'WenQuanYi Zen Hei', 'Microsoft YaHei', 'PingFang SC', 'sans-serif'];


let language: 'zh' | 'en' = 'zh';
let textScale = 1;
/** the text size factor now in force (new planning labels are made at it) */
export const currentTextScale = () => textScale;
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
export function labelMinZoom(geometry: Layer['geometry']): number {
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
