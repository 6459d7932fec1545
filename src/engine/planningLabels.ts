/**
 * Labels of planning layers are drawn by MapLibre as symbol layers on top of the map: it places
 * CJK text from local fonts and drops overlapping labels (deck.gl's collision filter does not
 * run in interleaved mode, and unfiltered text over Taiyuan is unreadable). Each feature gets one
 * label, at a point computed once (./labelPoints.ts). Language, size and zooms follow ./labels.ts.
 * Loaded with the overlay (not needed for the first paint).
 */
import type { Map as MapLibreMap, GeoJSONSource, SymbolLayerSpecification } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import type { Layer } from '../catalog/types';
import { labelPoints } from './labelPoints';
import { scaleTextSize } from './textScale';
import { PREFIX, FONTS, labelField, labelMinZoom, currentTextScale } from './labels';
import { dueFilterExpression, showsEverything, ALL_STOPS_VIEW, type StopView } from '../time/stops';
import type { FilterSpecification } from 'maplibre-gl';
import { OVERLAY_ANCHOR } from './basemaps';

export interface LabelledLayer {
  layer: Layer;
  data: FeatureCollection;
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
      'text-size': scaleTextSize(size, currentTextScale()) as number,
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
  return drawn.every((d) => !d.layer.style.labelKey || (Boolean(map.getLayer(PREFIX + d.layer.id)) && map.getLayoutProperty(PREFIX + d.layer.id, 'visibility') !== 'none'));
}

/** The label filter at a stop: labels of features due later go with them (kept when they are drawn as planned). */
const labelFilter = (stop: StopView): FilterSpecification | null =>
  showsEverything(stop) || stop.later === 'planned' ? null : (dueFilterExpression(stop.t) as FilterSpecification);

/** Make the map's planning labels match the drawn layers (idempotent; safe after a style switch). */
export function syncLabels(map: MapLibreMap, drawn: LabelledLayer[], stop: StopView = ALL_STOPS_VIEW) {
  // the style must be in (its anchor is), not every source loaded: ours may be loading right now
  if (!map.getLayer(OVERLAY_ANCHOR) && !map.isStyleLoaded()) return;
  const wanted = new Map(drawn.filter((d) => d.layer.style.labelKey).map((d) => [PREFIX + d.layer.id, d]));
  // labels of layers switched off are hidden, not removed: their source keeps its tiled index
  // and tiles, so switching the layer back on (the next scene of a talk) needs no worker round trip
  for (const id of map.getLayersOrder().filter((x) => x.startsWith(PREFIX))) {
    if (!wanted.has(id) && map.getLayoutProperty(id, 'visibility') !== 'none') map.setLayoutProperty(id, 'visibility', 'none');
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
    else if (map.getLayoutProperty(id, 'visibility') === 'none') map.setLayoutProperty(id, 'visibility', 'visible');
    const filter = labelFilter(stop);
    if (JSON.stringify(map.getFilter(id) ?? null) !== JSON.stringify(filter)) map.setFilter(id, filter);
  }
}
