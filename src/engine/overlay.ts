/**
 * The deck.gl side of the engine, loaded with a dynamic import after the base map's first
 * idle so it never delays the first paint. Planning layers are interleaved into MapLibre's
 * layer stack just below the base style's `overlay-anchor`, so base-map labels stay on top.
 */
import { MapLibreOverlay } from '@deck.gl/maplibre';
import { GeoJsonLayer, IconLayer } from '@deck.gl/layers';
import { PathStyleExtension, FillStyleExtension, DataFilterExtension } from '@deck.gl/extensions';
import { syncLabels, labelsInPlace } from './planningLabels';
import { simplify } from '@turf/turf';
import type { PickingInfo, Layer as DeckLayer } from '@deck.gl/core';
import type { Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import type { Feature, FeatureCollection } from 'geojson';
import type { Layer } from '../catalog/types';
import { OVERLAY_ANCHOR } from './basemaps';
import { hexToRgba } from '../symbology/color';
import { layerDraw, type LayerDraw } from '../symbology/draw';
import { shapePath, isOpenShape } from '../symbology/shapes';
import { groupedData, groupCount } from './markerGroups';
import { schematicFill } from '../symbology/color';
import { dueOf, showsEverything, ALL_STOPS_VIEW, type StopView } from '../time/stops';

export interface DrawnLayer {
  layer: Layer;
  data: FeatureCollection;
  opacity: number;
}

export interface OverlayHandlers {
  onHover: (hit: { layerId: string; feature: Feature; x: number; y: number } | null) => void;
  /** `point`: the click in map-container pixels (for hits on layers MapLibre draws itself) */
  onClick: (hits: { layerId: string; feature: Feature }[], point: { x: number; y: number }) => void;
}

const dashExtension = new PathStyleExtension({ dash: true });
const patternExtension = new FillStyleExtension({ proceduralPattern: true });
const stopExtension = new DataFilterExtension({ filterSize: 1 });
/** suffix of the deck layer drawing a layer's features due after the stop, as "planned" */
export const PLANNED_SUFFIX = '~planned';
const PLANNED_DASH: [number, number] = [5, 4];
const PLANNED_OPACITY = 0.75;
/** the MapLibre layer deck.gl inserts for layers with beforeId = the overlay anchor */
export const DECK_GROUP = `deck-maplibre-layer-group-before:${OVERLAY_ANCHOR}`;
const SELECTION_COLOR = hexToRgba('#d81b60');
/** a clause's features shown on the map ("在图上显示"): a wide amber halo under a dark rim, unlike the selection */
const HIGHLIGHT_HALO: [number, number, number, number] = [255, 179, 0, 170];
const HIGHLIGHT_RIM: [number, number, number, number] = [120, 60, 0, 255];

/** A feature highlighted on the map, with its layer's geometry kind. */
export interface Highlighted {
  feature: Feature;
  geometry: Layer['geometry'];
}

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

/** per layer style object: its accessors (so deck sees the same functions until the style changes) */
const drawCache = new WeakMap<object, LayerDraw>();
function drawOf(layer: Layer): LayerDraw {
  let d = drawCache.get(layer.style);
  if (!d) drawCache.set(layer.style, (d = layerDraw(layer)));
  return d;
}

const dashProps = (draw: LayerDraw) =>
  draw.anyDash ? { extensions: [dashExtension], getDashArray: draw.dashArray, dashUnits: 'pixels', dashJustified: true } : {};

/** `k` scales line widths, arrowheads and markers (larger on a projector, src/scenes/framing.ts). */
function toDeckLayers(d: DrawnLayer, zoomBucket: number, k = 1, stop: StopView = ALL_STOPS_VIEW): DeckLayer[] {
  const draw = drawOf(d.layer);
  const layers = d.layer.geometry === 'polygon' ? polygonLayers(d, draw, zoomBucket, k) : d.layer.geometry === 'line' ? lineLayers(d, draw, k) : [pointLayer(d, draw, k)];
  if (showsEverything(stop) || !hasPhases(d.data)) return layers;
  // at an earlier stop: features due later are filtered out on the GPU (no data rebuilt) …
  const shown = layers.map((l) => l.clone(stopFilterProps(l, [0, stop.t])));
  // … and, if the user asks, drawn again as "planned": hollow, dashed, a little faded
  return stop.later === 'planned' ? [...shown, plannedLayer(d, draw, zoomBucket, k, stop.t)] : shown;
}

const phased = new WeakMap<FeatureCollection, boolean>();
/** Some feature of the collection has a phase (the ground layers have none and are never filtered). */
function hasPhases(fc: FeatureCollection): boolean {
  let v = phased.get(fc);
  if (v === undefined) phased.set(fc, (v = fc.features.some((f) => dueOf(f.properties) > 0)));
  return v;
}

/** The DataFilterExtension props that keep features due within `range` (the stop is `phase_due`). */
function stopFilterProps(layer: DeckLayer, range: [number, number]) {
  const ext = (layer.props as { extensions?: unknown[] }).extensions ?? [];
  const isArrow = layer.id.endsWith('-arrows');
  return {
    extensions: [...ext, stopExtension],
    getFilterValue: isArrow ? (h: ArrowHead) => h.due : (f: Feature) => dueOf(f.properties),
    filterRange: range,
  } as any;
}

/** Features due after stop `t`, as planned: outlines and lines dashed, points as rings. */
function plannedLayer(d: DrawnLayer, draw: LayerDraw, zoomBucket: number, k: number, t: number): DeckLayer {
  const point = d.layer.geometry === 'point';
  return new GeoJsonLayer({
    id: `cat-${d.layer.id}${PLANNED_SUFFIX}`,
    beforeId: OVERLAY_ANCHOR,
    data: d.layer.geometry === 'polygon' ? outlineData(d.data, zoomBucket) : d.data,
    opacity: d.opacity * PLANNED_OPACITY,
    pickable: d.layer.pickable,
    autoHighlight: d.layer.pickable,
    highlightColor: [255, 196, 0, 150],
    filled: point,
    stroked: true,
    pointType: 'circle',
    getFillColor: [255, 255, 255, 200],
    getLineColor: (f: Feature) => {
      const c = point ? draw.fillColor(f) : draw.lineColor(f);
      return [c[0], c[1], c[2], Math.max(c[3], 200)];
    },
    getLineWidth: (f: Feature) => Math.max(1.5, Math.min(3, draw.lineWidth(f))),
    lineWidthUnits: 'pixels',
    lineWidthScale: k,
    pointRadiusUnits: 'pixels',
    getPointRadius: 6,
    pointRadiusScale: k,
    extensions: [dashExtension, stopExtension],
    getDashArray: PLANNED_DASH,
    dashUnits: 'pixels',
    dashJustified: true,
    getFilterValue: (f: Feature) => dueOf(f.properties),
    filterRange: [t + 0.5, 1e6],
  } as any);
}

const common = (d: DrawnLayer) => ({
  beforeId: OVERLAY_ANCHOR,
  opacity: d.opacity,
  pickable: d.layer.pickable,
  autoHighlight: d.layer.pickable,
  highlightColor: [255, 196, 0, 150],
});

/** Polygons: the fill (solid or a pattern over its background) and, apart, the simplified outline. */
function polygonLayers(d: DrawnLayer, draw: LayerDraw, zoomBucket: number, k = 1): DeckLayer[] {
  const fill = new GeoJsonLayer({
    id: `cat-${d.layer.id}`,
    ...common(d),
    data: d.data,
    filled: true,
    stroked: false,
    // a fill nobody sees (the counties: outline only) is there to be clicked and hovered
    pickOnly: !draw.anyFill,
    getFillColor: draw.fillColor,
    ...(draw.anyPattern
      ? {
          extensions: [patternExtension],
          fillPatternMapping: draw.patterns,
          getFillPattern: draw.pattern,
          getFillPatternBackgroundColor: draw.patternBackground,
          fillPatternSizeUnits: 'pixels',
          fillPatternMask: true,
        }
      : {}),
  } as any);
  if (!draw.anyOutline) return [fill];
  const outline = new GeoJsonLayer({
    id: `cat-${d.layer.id}-outline`,
    beforeId: OVERLAY_ANCHOR,
    data: outlineData(d.data, zoomBucket),
    opacity: d.opacity,
    pickable: false,
    filled: false,
    stroked: true,
    getLineColor: draw.lineColor,
    getLineWidth: draw.lineWidth,
    lineWidthUnits: 'pixels',
    lineWidthScale: k,
    lineWidthMinPixels: 0.5,
    ...dashProps(draw),
  } as any);
  return [fill, outline];
}

/** Lines, with an arrowhead at each line's end where the symbol asks for one. */
function lineLayers(d: DrawnLayer, draw: LayerDraw, k = 1): DeckLayer[] {
  const lines = new GeoJsonLayer({
    id: `cat-${d.layer.id}`,
    ...common(d),
    data: d.data,
    filled: false,
    stroked: true,
    getLineColor: draw.lineColor,
    getLineWidth: draw.lineWidth,
    lineWidthUnits: 'pixels',
    lineWidthScale: k,
    lineWidthMinPixels: 0.5,
    ...dashProps(draw),
  } as any);
  if (!draw.anyArrow) return [lines];
  const heads = arrowHeads(d.data, draw);
  const arrows = new IconLayer({
    id: `cat-${d.layer.id}-arrows`,
    beforeId: OVERLAY_ANCHOR,
    data: heads,
    opacity: d.opacity,
    pickable: false,
    iconAtlas: arrowAtlas(),
    iconMapping: ARROW_MAPPING,
    getIcon: () => 'arrow',
    getPosition: (h: ArrowHead) => h.at,
    getAngle: (h: ArrowHead) => h.angle,
    getColor: (h: ArrowHead) => h.color,
    getSize: (h: ArrowHead) => h.size,
    sizeUnits: 'pixels',
    sizeScale: k,
  } as any);
  return [lines, arrows];
}

/** Points: markers of the class's shape, from an atlas drawn with the legend's own paths (and numbered group markers). */
function pointLayer(d: DrawnLayer, draw: LayerDraw, k = 1): DeckLayer {
  const atlas = markerAtlas(d.layer, draw);
  const icon = (f: Feature) => (groupCount(f) ? groupIcon(groupCount(f)) : draw.marker(f));
  return new GeoJsonLayer({
    id: `cat-${d.layer.id}`,
    ...common(d),
    data: d.data,
    pointType: 'icon',
    iconAtlas: atlas.canvas,
    iconMapping: atlas.mapping,
    getIcon: d.layer.style.group ? icon : draw.marker,
    getIconSize: d.layer.style.group ? (f: Feature) => atlas.size.get(icon(f)) ?? 16 : (f: Feature) => atlas.size.get(draw.marker(f)) ?? 16,
    iconSizeUnits: 'pixels',
    iconSizeScale: k,
  } as any);
}

interface ArrowHead {
  at: [number, number];
  /** the stop its line is due at (0: the ground) */
  due: number;
  angle: number;
  color: [number, number, number, number];
  size: number;
}

/** The end of each line part and the direction of its last segment (degrees, counter-clockwise from east, on screen). */
function arrowHeads(fc: FeatureCollection, draw: LayerDraw): ArrowHead[] {
  const out: ArrowHead[] = [];
  const mercY = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
  for (const f of fc.features) {
    const sym = draw.symbolOf(f as any);
    if (!sym.arrow || !f.geometry) continue;
    const parts = f.geometry.type === 'LineString' ? [f.geometry.coordinates] : f.geometry.type === 'MultiLineString' ? f.geometry.coordinates : [];
    for (const p of parts) {
      if (p.length < 2) continue;
      const a = p[p.length - 2];
      const b = p[p.length - 1];
      const angle = (Math.atan2(mercY(b[1]) - mercY(a[1]), ((b[0] - a[0]) * Math.PI) / 180) * 180) / Math.PI;
      out.push({ at: [b[0], b[1]], due: dueOf(f.properties), angle, color: sym.line, size: Math.max(12, sym.lineWidth * 4.5) });
    }
  }
  return out;
}

const ARROW_MAPPING = { arrow: { x: 0, y: 0, width: 64, height: 64, anchorX: 60, anchorY: 32, mask: true } };
let arrowCanvas: HTMLCanvasElement | undefined;
function arrowAtlas(): HTMLCanvasElement {
  if (arrowCanvas) return arrowCanvas;
  const c = document.createElement('canvas');
  c.width = c.height = 64;
  const ctx = c.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.beginPath();
  ctx.moveTo(62, 32);
  ctx.lineTo(10, 6);
  ctx.lineTo(22, 32);
  ctx.lineTo(10, 58);
  ctx.closePath();
  ctx.fill();
  return (arrowCanvas = c);
}

/** Each marker of a layer drawn at 2× into one canvas (same shape paths as the legend). */
const atlasCache = new WeakMap<object, { canvas: HTMLCanvasElement; mapping: Record<string, object>; size: Map<string, number> }>();
function markerAtlas(layer: Layer, draw: LayerDraw) {
  const hit = atlasCache.get(layer.style);
  if (hit) return hit;
  const scale = 2;
  const entries = [...draw.markers];
  const groups = layer.style.group ? GROUP_MAX - 1 : 0;
  const cell = Math.ceil(Math.max(Math.max(...entries.map(([, s]) => s.pointRadius)) + 4, groups ? GROUP_R + 2 : 0) * 2 * scale);
  const canvas = document.createElement('canvas');
  canvas.width = cell * (entries.length + groups);
  canvas.height = cell;
  const ctx = canvas.getContext('2d')!;
  const mapping: Record<string, object> = {};
  const size = new Map<string, number>();
  // numbered group markers: a dark disc with a white ring and the count (GROUP_MAX reads "n+")
  for (let n = 2; n <= (groups ? GROUP_MAX : 1); n++) {
    const x = (entries.length + n - 2) * cell;
    const box = Math.ceil((GROUP_R + 2) * 2 * scale);
    ctx.beginPath();
    ctx.arc(x + box / 2, box / 2, GROUP_R * scale, 0, Math.PI * 2);
    ctx.fillStyle = '#37474f';
    ctx.fill();
    ctx.lineWidth = 2 * scale;
    ctx.strokeStyle = '#ffffff';
    ctx.stroke();
    ctx.fillStyle = '#ffffff';
    ctx.font = `600 ${11 * scale}px sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(n === GROUP_MAX ? `${n}+` : String(n), x + box / 2, box / 2 + scale);
    mapping[groupIcon(n)] = { x, y: 0, width: box, height: box, mask: false };
    size.set(groupIcon(n), box / scale);
  }
  entries.forEach(([key, sym], i) => {
    const r = sym.pointRadius;
    const box = Math.ceil((r + 4) * 2 * scale);
    const cx = i * cell + box / 2;
    const cy = box / 2;
    const path = new Path2D(shapePath(sym.shape, cx, cy, r * scale));
    ctx.lineJoin = 'round';
    if (sym.dash) {
      // a schematic position: the outline dashed in the class colour over a pale fill (as the legend)
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = 4 * scale;
      ctx.stroke(path);
      ctx.fillStyle = cssColor(schematicFill(sym.fill));
      ctx.fill(path);
      ctx.setLineDash(sym.dash.map((d) => d * scale));
      ctx.strokeStyle = cssColor(sym.fill);
      ctx.lineWidth = 2 * scale;
      ctx.stroke(path);
      ctx.setLineDash([]);
    } else if (isOpenShape(sym.shape)) {
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = 5 * scale;
      ctx.stroke(path);
      ctx.strokeStyle = cssColor(sym.fill);
      ctx.lineWidth = 2.5 * scale;
      ctx.stroke(path);
    } else {
      ctx.fillStyle = cssColor(sym.fill);
      ctx.fill(path);
      ctx.strokeStyle = cssColor(sym.line);
      ctx.lineWidth = 1.5 * scale;
      ctx.stroke(path);
    }
    mapping[key] = { x: i * cell, y: 0, width: box, height: box, mask: false };
    size.set(key, box / scale);
  });
  const out = { canvas, mapping, size };
  atlasCache.set(layer.style, out);
  return out;
}

/** Group markers: their radius (CSS px), and the largest count drawn as a number ("n+" beyond). */
const GROUP_R = 11;
const GROUP_MAX = 30;
const groupIcon = (n: number) => `group-${Math.min(n, GROUP_MAX)}`;
/** Markers closer than this (CSS px, times the symbol scale) are grouped: about a marker's width. */
const GROUP_RADIUS_PX = 16;

/**
 * The drawn layers as shown at `zoom`: the points of layers whose style asks for it grouped where
 * their markers would overlap (./markerGroups.ts). The selected feature is never grouped.
 */
export function withGroups(drawn: DrawnLayer[], zoom: number, k = 1, selected?: Feature | null, stop: StopView = ALL_STOPS_VIEW): DrawnLayer[] {
  const keep = selected?.properties?.id !== undefined ? String(selected.properties.id) : undefined;
  // at an earlier plan period, markers due later are never grouped (hidden or drawn as planned on their own)
  const dueBy = showsEverything(stop) ? undefined : stop.t;
  return drawn.map((d) => (d.layer.style.group && d.layer.geometry === 'point' ? { ...d, data: groupedData(d.data, Math.floor(zoom), GROUP_RADIUS_PX * k, keep, dueBy) } : d));
}

const cssColor = (c: [number, number, number, number]) => `rgba(${c[0]},${c[1]},${c[2]},${c[3] / 255})`;

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
    getPointRadius: 13,
  } as any);
}

/** The clause's features: a translucent halo and a rim, drawn above the plan layers and under the selection. */
function highlightLayers(items: readonly Highlighted[], k = 1): DeckLayer[] {
  if (!items.length) return [];
  const data = items.map((h) => h.feature);
  const isPoint = (f: Feature) => f.geometry?.type === 'Point' || f.geometry?.type === 'MultiPoint';
  const base = { beforeId: OVERLAY_ANCHOR, data, pickable: false, lineWidthUnits: 'pixels', pointRadiusUnits: 'pixels', lineJointRounded: true, lineCapRounded: true };
  return [
    new GeoJsonLayer({ ...base, id: 'highlight-halo', filled: true, stroked: true, getFillColor: (f: Feature) => (isPoint(f) ? HIGHLIGHT_HALO : [255, 179, 0, 40]), getLineColor: HIGHLIGHT_HALO, getLineWidth: 9 * k, getPointRadius: 15 * k } as any),
    new GeoJsonLayer({ ...base, id: 'highlight-rim', filled: false, stroked: true, getLineColor: HIGHLIGHT_RIM, getLineWidth: 2 * k, getPointRadius: 15 * k } as any),
  ];
}

/** Zoom bucket whose outline simplification stays under about half a device pixel. */
export function outlineBucket(zoom: number, pixelRatio = 1): number {
  return Math.max(4, Math.min(14, Math.floor(zoom + Math.log2(Math.max(1, pixelRatio)))));
}

/** A polygon fill that is only picked, never seen (see PlanningOverlay's layerFilter). */
export const isPickOnly = (layer: DeckLayer): boolean => Boolean((layer.props as { pickOnly?: boolean }).pickOnly);

/**
 * The deck.gl layers for the drawn catalog layers and the selection: used by the on-screen
 * overlay and by the off-screen capture of map sheets (snapshot.ts), so both draw the same.
 */
export function deckLayersFor(
  drawn: DrawnLayer[],
  zoomBucket: number,
  selected: { feature: Feature; geometry: Layer['geometry'] } | null,
  /** line widths and point radii × this (present mode grows them with the screen) */
  symbolScale = 1,
  /** the plan period shown: features due later hidden or drawn as planned */
  stop: StopView = ALL_STOPS_VIEW,
  /** a clause's features shown on the map */
  highlighted: readonly Highlighted[] = [],
  /** group overlapping markers as at this zoom (a sheet's own zoom); omitted: `drawn` is as shown already */
  groupZoom?: number,
): DeckLayer[] {
  const shown = groupZoom === undefined ? drawn : withGroups(drawn, groupZoom, symbolScale, selected?.feature, stop);
  const layers = [...shown.flatMap((d) => toDeckLayers(d, zoomBucket, symbolScale, stop)), ...highlightLayers(highlighted, symbolScale)];
  const sel = selectionLayer(selected?.feature ?? null, selected?.geometry);
  return sel ? [...layers, sel] : layers;
}

export class PlanningOverlay {
  private overlay: MapLibreOverlay;
  private drawn: DrawnLayer[] = [];
  /** `drawn` as shown at the current zoom (overlapping markers grouped) */
  private shown: DrawnLayer[] = [];
  private selected: { feature: Feature; geometry: Layer['geometry'] } | null = null;
  private highlighted: readonly Highlighted[] = [];
  private firstDraw: Promise<void>;
  private layersSet = false;
  private symbolScale = 1;
  private stop: StopView = ALL_STOPS_VIEW;
  /** the root deck layer under the pointer (a pick-only fill is drawn while hovered) */
  private hoveredId: string | null = null;
  /** false while the user draws: no picking, no hover, clicks belong to the drawing tool */
  private interactive = true;

  constructor(private map: MapLibreMap, handlers: OverlayHandlers) {
    let resolveDraw!: () => void;
    this.firstDraw = new Promise((r) => (resolveDraw = r));
    const layerIdOf = (info: PickingInfo) => String(info.layer?.id ?? '').replace(/^cat-/, '').replace(PLANNED_SUFFIX, '');
    this.overlay = new MapLibreOverlay({
      interleaved: true,
      onError: (e: Error) => console.error('deck.gl:', e?.message ?? e),
      layers: [],
      // fires after every map frame; once layers were handed over, that frame drew them
      onAfterRender: () => {
        if (this.layersSet) resolveDraw();
      },
      // Invisible fills cost a full polygon pass on every frame under software WebGL: they are
      // drawn only into the picking buffer, and on screen only while hovered (for the highlight).
      layerFilter: ({ layer, isPicking }: { layer: DeckLayer; isPicking: boolean }) => isPicking || !isPickOnly(layer) || layer.id === this.hoveredId,
      onHover: (info: PickingInfo) => {
        // no hover while the map moves (a drag, a scene): a pick-only fill is never drawn during a pan
        const hovered = info.object && !map.isMoving() ? (info.layer?.id ?? null) : null;
        if (hovered !== this.hoveredId) {
          this.hoveredId = hovered;
          this.map.triggerRepaint();
        }
        if (!this.interactive) return;
        const f = info.object as Feature | undefined;
        handlers.onHover(f && info.layer ? { layerId: layerIdOf(info), feature: f, x: info.x, y: info.y } : null);
      },
      getCursor: ({ isHovering, isDragging }: { isHovering: boolean; isDragging: boolean }) =>
        !this.interactive ? 'crosshair' : isDragging ? 'grabbing' : isHovering ? 'pointer' : 'grab',
    } as any);
    map.addControl(this.overlay as any);
    // Clicks are picked here from MapLibre's own click event (which already ignores drags):
    // deck's gesture recogniser in interleaved mode drops a user's first click.
    this.onMapClick = (e: MapMouseEvent) => {
      if (!this.interactive) return;
      // every feature under the pointer, top first, so stacked plan elements can all be reached
      handlers.onClick(this.pickAt(e.point, 3), { x: e.point.x, y: e.point.y });
    };
    map.on('click', this.onMapClick);
    // The pointer leaves the canvas (onto the legend, a tool bar, a panel or off the map): deck.gl
    // (interleaved) answers its own leave with an empty pick but keeps the last auto-highlight, so
    // the last feature crossed stayed filled through later selections, zooms and imports.
    this.onPointerOut = () => {
      this.pointerLeft();
      // and once more after deck has run the pick its leave asked for (at its next frame)
      requestAnimationFrame(() => this.pointerLeft());
    };
    map.on('mouseout', this.onPointerOut);
    // After a base-map switch the new style has no deck layer group; deck only re-adds it once
    // the style is fully loaded, which no single event guarantees — so check on each of them.
    // (runs on every sourcedata event, so it starts with cheap lookups and does nothing when all is in place)
    this.ensureInStyle = () => {
      if (!this.drawn.length && !this.selected && !this.highlighted.length) return;
      if (!map.getLayer(OVERLAY_ANCHOR) || !map.isStyleLoaded()) return;
      if (!map.getLayer(DECK_GROUP)) this.render();
      else if (!labelsInPlace(map, this.shown)) syncLabels(map, this.shown, this.stop);
    };
    for (const ev of ['styledata', 'sourcedata', 'idle'] as const) map.on(ev, this.ensureInStyle);
    map.on('moveend', this.onMoveEnd);
    map.on('movestart', this.onMoveStart);
  }

  private onMoveStart = () => {
    this.hoveredId = null;
  };

  private onPointerOut: () => void;
  /** The pointer is no longer over the map: no feature stays hovered or highlighted. */
  private pointerLeft() {
    type HighlightLayer = { props: { autoHighlight?: boolean }; updateAutoHighlight: (info: object) => void };
    const deck = (this.overlay as unknown as { _deck?: { layerManager?: { getLayers: () => HighlightLayer[] }; deckPicker?: { lastPickedInfo: object } } })._deck;
    for (const l of deck?.layerManager?.getLayers() ?? []) if (l.props.autoHighlight) l.updateAutoHighlight({ picked: false });
    // deck compares the next pick with the last one: forget it, so hovering the same feature again highlights it
    if (deck?.deckPicker) deck.deckPicker.lastPickedInfo = { index: -1, layerId: null, info: null };
    this.hoveredId = null;
    this.map.triggerRepaint();
  }

  private ensureInStyle: () => void;
  private zoomBucket = -1;
  /** where a camera move under way ends (see prepareFor) */
  private targetZoom: number | null = null;
  private onMoveEnd = () => {
    this.targetZoom = null;
    if (outlineBucket(this.map.getZoom()) !== this.zoomBucket) this.render();
  };

  /**
   * A camera move to `zoom` has just started: outlines are simplified for where it ends now, so
   * arriving costs no rebuild and no extra frame (a scene switch on a slow projector PC).
   */
  prepareFor(zoom: number) {
    this.targetZoom = zoom;
    if (outlineBucket(zoom) !== this.zoomBucket) this.render();
  }

  private onMapClick: (e: MapMouseEvent) => void;

  /** Every planning feature drawn at a point of the map (CSS px), top first (clicks, the keyboard's centre). */
  pickAt(point: { x: number; y: number }, radius = 3): { layerId: string; feature: Feature }[] {
    return this.overlay
      .pickMultipleObjects({ x: point.x, y: point.y, radius, depth: 8 })
      .filter((i) => i.object && i.layer && i.layer.id !== 'selection')
      .map((i) => ({ layerId: String(i.layer?.id ?? '').replace(/^cat-/, ''), feature: i.object as Feature }));
  }

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

  /** The plan period shown: features due after `t` hidden, or drawn as planned. */
  setStop(stop: StopView) {
    if (stop.t === this.stop.t && stop.later === this.stop.later) return;
    this.stop = stop;
    this.render();
    this.map.triggerRepaint();
  }

  /** Line widths, arrowheads and markers times `k` (e.g. on a projector). */
  setSymbolScale(k: number) {
    if (k === this.symbolScale) return;
    this.symbolScale = k;
    this.render();
  }

  setSelection(feature: Feature | null, geometry?: Layer['geometry']) {
    this.selected = feature && geometry ? { feature, geometry } : null;
    this.render();
  }

  /** A clause's features to highlight ([] clears). */
  setHighlight(items: readonly Highlighted[]) {
    if (!items.length && !this.highlighted.length) return;
    this.highlighted = items;
    this.render();
    this.map.triggerRepaint();
  }

  /** Picking on or off (off while the user draws or edits a shape on the map). */
  setInteractive(on: boolean) {
    if (this.interactive === on) return;
    this.interactive = on;
    this.render();
  }

  private render() {
    const bucket = outlineBucket(this.targetZoom ?? this.map.getZoom());
    this.zoomBucket = bucket;
    // markers are grouped per whole zoom (the outline bucket on screen): labels and markers agree
    this.shown = withGroups(this.drawn, bucket, this.symbolScale, this.selected?.feature, this.stop);
    const built = deckLayersFor(this.shown, bucket, this.selected, this.symbolScale, this.stop, this.highlighted);
    // while the user draws, plan layers are not picked (terra-draw gets the clicks)
    this.overlay.setProps({ layers: this.interactive ? built : built.map((l) => l.clone({ pickable: false, autoHighlight: false } as any)) });
    syncLabels(this.map, this.shown, this.stop);
  }

  /** What the overlay draws now (for an off-screen capture of the same map). */
  drawnState(): { drawn: DrawnLayer[]; selected: { feature: Feature; geometry: Layer['geometry'] } | null; stop: StopView; highlighted: readonly Highlighted[] } {
    return { drawn: this.drawn, selected: this.selected, stop: this.stop, highlighted: this.highlighted };
  }

  destroy() {
    this.map.off('click', this.onMapClick);
    this.map.off('mouseout', this.onPointerOut);
    for (const ev of ['styledata', 'sourcedata', 'idle'] as const) this.map.off(ev, this.ensureInStyle);
    this.map.off('moveend', this.onMoveEnd);
    this.map.off('movestart', this.onMoveStart);
    this.map.removeControl(this.overlay as any);
  }
}
