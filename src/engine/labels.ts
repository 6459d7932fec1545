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

function symbolLayer(l: Layer, key: string): SymbolLayerSpecification {
  const point = l.geometry === 'point';
  return {
    id: PREFIX + l.id,
    type: 'symbol',
    source: PREFIX + l.id,
    minzoom: point ? 7.5 : l.geometry === 'line' ? 8 : 6,
    metadata: { key },
    layout: {
      'text-field': labelField(key),
      'text-font': FONTS,
      'text-size': point ? 12 : 13,
      'symbol-placement': l.geometry === 'line' ? 'line' : 'point',
      'text-offset': point ? [0, 1.1] : [0, 0],
      'text-anchor': point ? 'top' : 'center',
      'text-max-width': 9,
      'text-optional': true,
      'symbol-sort-key': point ? 1 : 2,
    },
    paint: { 'text-color': '#2b2d33', 'text-halo-color': '#ffffff', 'text-halo-width': 1.6 },
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
    if (!wanted.has(id)) {
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
