/**
 * The user's sketches (and the current measurement, and the place a report was asked for) drawn by
 * MapLibre itself as a GeoJSON source with fill/line/circle/label layers on top of the map. Being
 * ordinary style layers, they are in every capture of the map canvas and in `map.getStyle()`, so a
 * map sheet or a scene shows them like the rest of the map. Re-added after a base-map switch.
 */
import type { Map as MapLibreMap, GeoJSONSource, LayerSpecification } from 'maplibre-gl';
import type { Feature, FeatureCollection } from 'geojson';

export const SKETCH_SOURCE = 'user-sketches';
export const SKETCH_LAYER_IDS = ['user-sketch-fill', 'user-sketch-line', 'user-sketch-point', 'user-sketch-label'] as const;

const FONTS = ['Noto Sans CJK SC Regular', 'Noto Sans CJK SC', 'WenQuanYi Zen Hei', 'Microsoft YaHei', 'PingFang SC', 'sans-serif'];
/** sketches: a warm orange that no plan layer uses; measurements and report marks: a dark teal */
export const SKETCH_COLOR = '#e8590c';
export const MEASURE_COLOR = '#0b7285';
const SKETCH = SKETCH_COLOR;
const MEASURE = MEASURE_COLOR;
const color = ['case', ['in', ['get', 'kind'], ['literal', ['measure', 'report']]], MEASURE, SKETCH] as unknown as string;

const layers: LayerSpecification[] = [
  {
    id: 'user-sketch-fill',
    type: 'fill',
    source: SKETCH_SOURCE,
    filter: ['==', ['geometry-type'], 'Polygon'],
    paint: { 'fill-color': color, 'fill-opacity': ['case', ['==', ['get', 'kind'], 'report'], 0.08, 0.16] },
  },
  {
    id: 'user-sketch-line',
    type: 'line',
    source: SKETCH_SOURCE,
    filter: ['in', ['geometry-type'], ['literal', ['LineString', 'Polygon']]],
    layout: { 'line-join': 'round', 'line-cap': 'round' },
    paint: {
      'line-color': color,
      'line-width': ['case', ['boolean', ['get', 'selected'], false], 4, 2.5],
      'line-dasharray': ['case', ['in', ['get', 'kind'], ['literal', ['measure', 'report']]], ['literal', [2, 1.5]], ['literal', [1, 0]]],
    },
  },
  {
    id: 'user-sketch-point',
    type: 'circle',
    source: SKETCH_SOURCE,
    filter: ['==', ['geometry-type'], 'Point'],
    paint: {
      'circle-radius': ['case', ['boolean', ['get', 'selected'], false], 8, 6],
      'circle-color': color,
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 2,
    },
  },
  {
    id: 'user-sketch-label',
    type: 'symbol',
    source: SKETCH_SOURCE,
    filter: ['!=', ['coalesce', ['get', 'label'], ''], ''],
    layout: {
      'text-field': ['get', 'label'],
      'text-font': FONTS,
      'text-size': 13,
      'text-offset': [0, 1.2],
      'text-anchor': 'top',
      'text-max-width': 12,
      'text-optional': true,
    },
    paint: { 'text-color': '#7a2e05', 'text-halo-color': '#ffffff', 'text-halo-width': 1.8 },
  },
];

/** Keeps the sketch layers in the style and their data current (idempotent, cheap when in place). */
export class SketchLayers {
  private data: FeatureCollection = { type: 'FeatureCollection', features: [] };
  private sent: FeatureCollection | null = null;

  constructor(private map: MapLibreMap) {}

  set(features: Feature[]) {
    this.data = { type: 'FeatureCollection', features };
    this.sync();
  }

  get features(): Feature[] {
    return this.data.features;
  }

  /** Called on every style event: re-adds the layers after a base-map switch. */
  sync() {
    const map = this.map;
    if (!map.isStyleLoaded() && !map.getStyle()) return;
    let src = map.getSource(SKETCH_SOURCE) as GeoJSONSource | undefined;
    if (!src) {
      if (!this.data.features.length) return; // nothing to draw yet: add nothing to the style
      try {
        map.addSource(SKETCH_SOURCE, { type: 'geojson', data: this.data });
      } catch {
        return; // style still loading: the next style event retries
      }
      this.sent = this.data;
      src = map.getSource(SKETCH_SOURCE) as GeoJSONSource;
    } else if (this.sent !== this.data) {
      src.setData(this.data);
      this.sent = this.data;
    }
    for (const l of layers) if (!map.getLayer(l.id)) map.addLayer(l);
  }

  /** Ids of the sketches under a screen point, top first. */
  idsAt(point: { x: number; y: number }, kinds?: string[]): string[] {
    if (!this.map.getLayer('user-sketch-line')) return [];
    const r = 4;
    const hits = this.map.queryRenderedFeatures(
      [
        [point.x - r, point.y - r],
        [point.x + r, point.y + r],
      ],
      { layers: ['user-sketch-point', 'user-sketch-line', 'user-sketch-fill'] },
    );
    const ids = hits.filter((f) => !kinds || kinds.includes(String(f.properties?.kind))).map((f) => String(f.properties?.id ?? ''));
    return [...new Set(ids.filter(Boolean))];
  }
}
