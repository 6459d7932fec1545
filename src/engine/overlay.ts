/**
 * The deck.gl side of the engine, loaded with a dynamic import after the base map's first
 * idle so it never delays the first paint. Planning layers are interleaved into MapLibre's
 * layer stack just below the base style's `overlay-anchor`, so base-map labels stay on top.
 */
import { MapLibreOverlay } from '@deck.gl/maplibre';
import { GeoJsonLayer } from '@deck.gl/layers';
import { PathStyleExtension } from '@deck.gl/extensions';
import { syncLabels, labelsInPlace } from './labels';
import { simplify } from '@turf/turf';
import type { PickingInfo, Layer as DeckLayer } from '@deck.gl/core';
import type { Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import type { Feature, FeatureCollection } from 'geojson';
import type { Layer } from '../catalog/types';
import { OVERLAY_ANCHOR } from './basemaps';
import { colorAccessor, hexToRgba } from './colors';

export interface DrawnLayer {
  layer: Layer;
  data: FeatureCollection;
  opacity: number;
}

export interface OverlayHandlers {
  onHover: (hit: { layerId: string; feature: Feature; x: number; y: number } | null) => void;
  onClick: (hits: { layerId: string; feature: Feature }[]) => void;
}

const dashExtension = new PathStyleExtension({ dash: true });
/** the MapLibre layer deck.gl inserts for layers with beforeId = the overlay anchor */
export const DECK_GROUP = `deck-maplibre-layer-group-before:${OVERLAY_ANCHOR}`;
const SELECTION_COLOR = hexToRgba('#d81b60');

/**
 * Outlines of polygon layers are drawn from a copy simplified to about half a pixel at the
 * current zoom: deck.gl's path layer costs per vertex on every frame (≈16 µs under software
 * WebGL), and full-detail outlines made panning 2–3× slower than MapLibre drawing the same data.
 */
const outlineCache = new WeakMap<FeatureCollection, Map<number, FeatureCollection>>();
function outlineData(fc: FeatureCollection, zoomBucket: number): FeatureCollection {
  let byZoom = outlineCache.get(fc);
  if (!byZoom) outlineCache.set(fc, (byZoom = new Map()));
  let out = byZoom.get(zoomBucket);
  if (!out) {
    const tolerance = (360 / (256 * 2 ** zoomBucket)) * 0.5;
    out = simplify(fc, { tolerance, highQuality: false, mutate: false });
    byZoom.set(zoomBucket, out);
  }
  return out;
}

function toDeckLayers(d: DrawnLayer, zoomBucket: number): DeckLayer[] {
  const s = d.layer.style;
  if (d.layer.geometry !== 'polygon' || !(s.lineWidth > 0)) return [toDeckLayer(d)];
  const fill = toDeckLayer({ ...d, layer: { ...d.layer, style: { ...s, lineWidth: 0 } } });
  const outline = new GeoJsonLayer({
    id: `cat-${d.layer.id}-outline`,
    beforeId: OVERLAY_ANCHOR,
    data: outlineData(d.data, zoomBucket),
    opacity: d.opacity,
    pickable: false,
    filled: false,
    stroked: true,
    getLineColor: colorAccessor(s.line ?? s.fill, s.line ? undefined : s.colorBy),
    getLineWidth: s.lineWidth,
    lineWidthUnits: 'pixels',
    lineWidthMinPixels: 0.5,
    ...(s.dash ? { extensions: [dashExtension], getDashArray: s.dash, dashJustified: true } : {}),
  } as any);
  return [fill, outline];
}

function toDeckLayer(d: DrawnLayer): DeckLayer {
  const { layer, data } = d;
  const s = layer.style;
  const isPolygon = layer.geometry === 'polygon';
  const isPoint = layer.geometry === 'point';
  const dashed = Boolean(s.dash);
  return new GeoJsonLayer({
    id: `cat-${layer.id}`,
    beforeId: OVERLAY_ANCHOR,
    data,
    opacity: d.opacity,
    pickable: layer.pickable,
    autoHighlight: layer.pickable,
    highlightColor: [255, 196, 0, 150],
    filled: isPolygon || isPoint,
    // a polygon layer with lineWidth 0 is fill-only (e.g. counties: the base map draws their lines)
    stroked: isPoint || s.lineWidth > 0,
    getFillColor: colorAccessor(s.fill ?? s.line, s.colorBy),
    getLineColor: colorAccessor(isPoint ? '#ffffff' : (s.line ?? s.fill), isPoint ? undefined : s.colorBy),
    getLineWidth: isPoint ? 1.5 : s.lineWidth,
    lineWidthUnits: 'pixels',
    lineWidthMinPixels: isPoint ? 1 : 0.5,
    lineJointRounded: false,
    lineCapRounded: false,
    pointType: 'circle',
    getPointRadius: s.pointRadius,
    pointRadiusUnits: 'pixels',
    ...(dashed ? { extensions: [dashExtension], getDashArray: s.dash, dashJustified: true } : {}),
    updateTriggers: { getFillColor: [s.fill, s.colorBy], getLineColor: [s.line, s.colorBy] },
  } as any);
}

function selectionLayer(feature: Feature | null, geometry: Layer['geometry'] | undefined): DeckLayer | null {
  if (!feature) return null;
  return new GeoJsonLayer({
    id: 'selection',
    beforeId: OVERLAY_ANCHOR,
    data: [feature],
    pickable: false,
    filled: geometry === 'point',
    stroked: true,
    getFillColor: [255, 255, 255, 0],
    getLineColor: SELECTION_COLOR,
    getLineWidth: geometry === 'point' ? 3 : 3.5,
    lineWidthUnits: 'pixels',
    pointRadiusUnits: 'pixels',
    getPointRadius: 11,
  } as any);
}

/** Zoom bucket whose outline simplification stays under about half a device pixel. */
export function outlineBucket(zoom: number, pixelRatio = 1): number {
  return Math.max(4, Math.min(14, Math.floor(zoom + Math.log2(Math.max(1, pixelRatio)))));
}

/**
 * The deck.gl layers for the drawn catalog layers and the selection: used by the on-screen
 * overlay and by the off-screen capture of map sheets (snapshot.ts), so both draw the same.
 */
export function deckLayersFor(
  drawn: DrawnLayer[],
  zoomBucket: number,
  selected: { feature: Feature; geometry: Layer['geometry'] } | null,
): DeckLayer[] {
  const layers = drawn.flatMap((d) => toDeckLayers(d, zoomBucket));
  const sel = selectionLayer(selected?.feature ?? null, selected?.geometry);
  return sel ? [...layers, sel] : layers;
}

export class PlanningOverlay {
  private overlay: MapLibreOverlay;
  private drawn: DrawnLayer[] = [];
  private selected: { feature: Feature; geometry: Layer['geometry'] } | null = null;
  private firstDraw: Promise<void>;
  private layersSet = false;

  constructor(private map: MapLibreMap, handlers: OverlayHandlers) {
    let resolveDraw!: () => void;
    this.firstDraw = new Promise((r) => (resolveDraw = r));
    const layerIdOf = (info: PickingInfo) => String(info.layer?.id ?? '').replace(/^cat-/, '');
    this.overlay = new MapLibreOverlay({
      interleaved: true,
      onError: (e: Error) => console.error('deck.gl:', e?.message ?? e),
      layers: [],
      // fires after every map frame; once layers were handed over, that frame drew them
      onAfterRender: () => {
        if (this.layersSet) resolveDraw();
      },
      onHover: (info: PickingInfo) => {
        const f = info.object as Feature | undefined;
        handlers.onHover(f && info.layer ? { layerId: layerIdOf(info), feature: f, x: info.x, y: info.y } : null);
      },
      getCursor: ({ isHovering, isDragging }: { isHovering: boolean; isDragging: boolean }) =>
        isDragging ? 'grabbing' : isHovering ? 'pointer' : 'grab',
    } as any);
    map.addControl(this.overlay as any);
    // Clicks are picked here from MapLibre's own click event (which already ignores drags):
    // deck's gesture recogniser in interleaved mode drops a user's first click.
    this.onMapClick = (e: MapMouseEvent) => {
      // every feature under the pointer, top first, so stacked plan elements can all be reached
      const infos = this.overlay.pickMultipleObjects({ x: e.point.x, y: e.point.y, radius: 3, depth: 8 });
      const hits = infos
        .filter((i) => i.object && i.layer && i.layer.id !== 'selection')
        .map((i) => ({ layerId: layerIdOf(i), feature: i.object as Feature }));
      handlers.onClick(hits);
    };
    map.on('click', this.onMapClick);
    // After a base-map switch the new style has no deck layer group; deck only re-adds it once
    // the style is fully loaded, which no single event guarantees — so check on each of them.
    // (runs on every sourcedata event, so it starts with cheap lookups and does nothing when all is in place)
    this.ensureInStyle = () => {
      if (!this.drawn.length && !this.selected) return;
      if (!map.getLayer(OVERLAY_ANCHOR) || !map.isStyleLoaded()) return;
      if (!map.getLayer(DECK_GROUP)) this.render();
      else if (!labelsInPlace(map, this.drawn)) syncLabels(map, this.drawn);
    };
    for (const ev of ['styledata', 'sourcedata', 'idle'] as const) map.on(ev, this.ensureInStyle);
    map.on('zoomend', this.onZoomEnd);
  }

  private ensureInStyle: () => void;
  private zoomBucket = -1;
  private onZoomEnd = () => {
    if (Math.floor(this.map.getZoom()) !== this.zoomBucket) this.render();
  };

  private onMapClick: (e: MapMouseEvent) => void;

  /** Resolves after deck's first frame. */
  whenDrawn(): Promise<void> {
    return this.firstDraw;
  }

  setLayers(drawn: DrawnLayer[]) {
    this.drawn = drawn;
    this.layersSet = true;
    this.render();
    this.map.triggerRepaint();
  }

  setSelection(feature: Feature | null, geometry?: Layer['geometry']) {
    this.selected = feature && geometry ? { feature, geometry } : null;
    this.render();
  }

  private render() {
    const bucket = outlineBucket(this.map.getZoom());
    this.zoomBucket = bucket;
    this.overlay.setProps({ layers: deckLayersFor(this.drawn, bucket, this.selected) });
    syncLabels(this.map, this.drawn);
  }

  /** What the overlay draws now (for an off-screen capture of the same map). */
  drawnState(): { drawn: DrawnLayer[]; selected: { feature: Feature; geometry: Layer['geometry'] } | null } {
    return { drawn: this.drawn, selected: this.selected };
  }

  destroy() {
    this.map.off('click', this.onMapClick);
    for (const ev of ['styledata', 'sourcedata', 'idle'] as const) this.map.off(ev, this.ensureInStyle);
    this.map.off('zoomend', this.onZoomEnd);
    this.map.removeControl(this.overlay as any);
  }
}
