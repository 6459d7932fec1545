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
export function labelMinZoom(geometry: Layer['geometry'], onProjector = projector): number {
  const z = geometry === 'point' ? 7.5 : geometry === 'line' ? 7 : 5;
  return onProjector ? z - 1 : z;
}

/** A symbol layer's text size and first zoom as designed (what a printed sheet uses). */
export interface LabelDesign {
  id: string;
  size?: unknown;
  minzoom?: number;
}

/**
 * Labels as designed — text 1× and the planner's zooms — for the symbol layers of a style:
 * planning labels from their metadata, the others from the size recorded before any scaling
 * (`originals`), county names from their own first zoom (`countyMinzoom`). A map sheet drawn
 * while presenting, or at the 特大 text size, would otherwise print projector-sized labels. Pure.
 */
export function designedLabels(
  layers: readonly { id: string; type: string; metadata?: unknown }[],
  originals: ReadonlyMap<string, unknown> | undefined,
  countyMinzoom: number | undefined,
): LabelDesign[] {
  const out: LabelDesign[] = [];
  for (const l of layers) {
    if (l.type !== 'symbol') continue;
    if (l.id.startsWith(PREFIX)) {
      const meta = l.metadata as { geometry?: Layer['geometry'] } | undefined;
      out.push({ id: l.id, size: designedSize(l.metadata), minzoom: labelMinZoom(meta?.geometry ?? 'polygon', false) });
    } else if (originals?.has(l.id) || (l.id === 'county-label' && countyMinzoom !== undefined)) {
      out.push({ id: l.id, ...(originals?.has(l.id) ? { size: originals.get(l.id) } : {}), ...(l.id === 'county-label' && countyMinzoom !== undefined ? { minzoom: countyMinzoom } : {}) });
    }
  }
  return out;
}

/** designedLabels for a live map (its recorded originals). */
export function designedLabelsOf(map: MapLibreMap): LabelDesign[] {
  const style = map.getStyle();
  if (!style) return [];
  const key = (map as unknown as { style?: object }).style ?? map;
  return designedLabels(style.layers as { id: string; type: string; metadata?: unknown }[], originalSizes.get(key), countyZooms.get(key)?.[0]);
}

/** Puts labels back as designed on a map (a sheet's hidden map, built from a scaled live style). */
export function applyLabelDesign(map: MapLibreMap, design: readonly LabelDesign[]) {
  for (const d of design) {
    const l = map.getLayer(d.id);
    if (!l) continue;
    if (d.size !== undefined) map.setLayoutProperty(d.id, 'text-size', d.size as never);
    if (d.minzoom !== undefined) map.setLayerZoomRange(d.id, d.minzoom, l.maxzoom ?? 24);
  }
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
