/**
 * The deck.gl side of the engine: point markers (shapes per class, from the legend's own paths)
 * and the arrowheads at the ends of axes. Polygons and lines are MapLibre's own layers
 * (./planLayers.ts); deck.gl is loaded only when a layer that needs it is shown. Its layers are
 * interleaved into MapLibre's stack where the catalog's order puts them (`beforeId`), so
 * base-map labels and the layers drawn above stay on top.
 */
import { MapLibreOverlay } from '@deck.gl/maplibre';
import { GeoJsonLayer, IconLayer } from '@deck.gl/layers';
import { PathStyleExtension, DataFilterExtension } from '@deck.gl/extensions';
import type { PickingInfo, Layer as DeckLayer } from '@deck.gl/core';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Feature, FeatureCollection } from 'geojson';
import type { Layer } from '../catalog/types';
import { layerDraw, type LayerDraw } from '../symbology/draw';
import { shapePath, isOpenShape } from '../symbology/shapes';
import { needsDeck } from './planStyle';
import { groupCount, GROUP_R, GROUP_MAX, groupIcon } from './markerGroups';
import { schematicFill } from '../symbology/color';
import { dueOf, showsEverything, ALL_STOPS_VIEW, type StopView } from '../time/stops';

export interface DrawnLayer {
  layer: Layer;
  data: FeatureCollection;
  opacity: number;
}

export interface OverlayHandlers {
  onHover: (hit: { layerId: string; feature: Feature; x: number; y: number } | null) => void;
  /** where a deck layer of this catalog layer goes in MapLibre's stack (the catalog's order) */
  beforeIdOf: (layerId: string) => string;
  /** the map's cursor now (the engine decides: drawing, dragging, something to click under the pointer) */
  cursor: (deckHovering: boolean, dragging: boolean) => string;
}


const dashExtension = new PathStyleExtension({ dash: true });
const stopExtension = new DataFilterExtension({ filterSize: 1 });
/** suffix of the deck layer drawing a layer's features due after the stop, as "planned" */
export const PLANNED_SUFFIX = '~planned';
const PLANNED_DASH: [number, number] = [5, 4];
const PLANNED_OPACITY = 0.75;

/** per layer style object: its accessors (so deck sees the same functions until the style changes) */
const drawCache = new WeakMap<object, LayerDraw>();
function drawOf(layer: Layer): LayerDraw {
  let d = drawCache.get(layer.style);
  if (!d) drawCache.set(layer.style, (d = layerDraw(layer)));
  return d;
}

/** `k` scales arrowheads and markers (larger on a projector, src/scenes/framing.ts). */
function toDeckLayers(d: DrawnLayer, beforeId: string, k = 1, stop: StopView = ALL_STOPS_VIEW): DeckLayer[] {
  const draw = drawOf(d.layer);
  const layers = d.layer.geometry === 'point' ? [pointLayer(d, draw, beforeId, k)] : d.layer.geometry === 'line' && draw.anyArrow ? [arrowLayer(d, draw, beforeId, k)] : [];
  if (!layers.length || showsEverything(stop) || !hasPhases(d.data)) return layers;
  // at an earlier stop: features due later are filtered out on the GPU (no data rebuilt) …
  const shown = layers.map((l) => l.clone(stopFilterProps(l, [0, stop.t])));
  // … and, if the user asks, markers due later drawn again as "planned": hollow, dashed rings
  return stop.later === 'planned' && d.layer.geometry === 'point' ? [...shown, plannedPoints(d, draw, beforeId, k, stop.t)] : shown;
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

/** Markers due after stop `t`, as planned: dashed rings in the marker's colour. */
function plannedPoints(d: DrawnLayer, draw: LayerDraw, beforeId: string, k: number, t: number): DeckLayer {
  return new GeoJsonLayer({
    id: `cat-${d.layer.id}${PLANNED_SUFFIX}`,
    beforeId,
    data: d.data,
    opacity: d.opacity * PLANNED_OPACITY,
    pickable: d.layer.pickable,
    autoHighlight: d.layer.pickable,
    highlightColor: [255, 196, 0, 150],
    filled: true,
    stroked: true,
    pointType: 'circle',
    getFillColor: [255, 255, 255, 200],
    getLineColor: (f: Feature) => {
      const c = draw.fillColor(f);
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

/** Arrowheads at each line's end where the symbol asks for one (the line itself is MapLibre's). */
function arrowLayer(d: DrawnLayer, draw: LayerDraw, beforeId: string, k = 1): DeckLayer {
  return new IconLayer({
    id: `cat-${d.layer.id}-arrows`,
    beforeId,
    data: arrowHeads(d.data, draw),
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
}

/** Points: markers of the class's shape, from an atlas drawn with the legend's own paths. */
function pointLayer(d: DrawnLayer, draw: LayerDraw, beforeId: string, k = 1): DeckLayer {
  const atlas = markerAtlas(d.layer, draw);
  const icon = (f: Feature) => (groupCount(f) ? groupIcon(groupCount(f)) : draw.marker(f));
  return new GeoJsonLayer({
    id: `cat-${d.layer.id}`,
    beforeId,
    opacity: d.opacity,
    pickable: d.layer.pickable,
    autoHighlight: d.layer.pickable,
    highlightColor: [255, 196, 0, 150],
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

const cssColor = (c: [number, number, number, number]) => `rgba(${c[0]},${c[1]},${c[2]},${c[3] / 255})`;

/**
 * The deck.gl layers for the drawn catalog layers that need deck (markers, arrowheads): used by
 * the on-screen overlay and by the off-screen capture of map sheets (snapshot.ts), so both draw
 * the same. `beforeIdOf` places each where the catalog's order puts it in MapLibre's stack.
 */
export function deckLayersFor(
  drawn: DrawnLayer[],
  beforeIdOf: (layerId: string) => string,
  /** arrowheads and markers × this (present mode grows them with the screen) */
  symbolScale = 1,
  /** layers only got ready (a talk's next scene): built — buffers filled, programs compiled — but not drawn */
  prepared: ReadonlySet<string> = new Set(),
  /** the plan period shown: features due later hidden or drawn as planned */
  stop: StopView = ALL_STOPS_VIEW,
): DeckLayer[] {
  return drawn
    .filter((d) => needsDeck(d.layer))
    .flatMap((d) => toDeckLayers(d, beforeIdOf(d.layer.id), symbolScale, stop))
    .map((l) => (prepared.has(catalogIdOf(String(l.id))) ? l.clone({ visible: false } as any) : l));
}

/** The catalog layer id of one of our deck layer ids ("cat-<id>", "cat-<id>-arrows", "cat-<id>~planned"). */
const catalogIdOf = (deckId: string) => deckId.replace(/^cat-/, '').replace(/-arrows$/, '').replace(PLANNED_SUFFIX, '');

/** MapLibre's id for the group deck.gl inserts for its layers placed before `beforeId`. */
export const deckGroupId = (beforeId: string) => `deck-maplibre-layer-group-before:${beforeId}`;

/** True when every deck layer's group is in the map's style (a base-map switch empties it). */
export function deckGroupsInPlace(map: MapLibreMap, layers: DeckLayer[]): boolean {
  return layers.every((l) => map.getLayer(deckGroupId(String((l.props as { beforeId?: string }).beforeId))));
}

export class PlanningOverlay {
  private overlay: MapLibreOverlay;
  private drawn: DrawnLayer[] = [];
  private prepared: ReadonlySet<string> = new Set();
  private stop: StopView = ALL_STOPS_VIEW;
  private built: DeckLayer[] = [];
  private firstDraw: Promise<void>;
  private layersSet = false;
  private symbolScale = 1;
  /** false while the user draws: no picking, no hover, clicks belong to the drawing tool */
  private interactive = true;

  constructor(private map: MapLibreMap, private handlers: OverlayHandlers) {
    let resolveDraw!: () => void;
    this.firstDraw = new Promise((r) => (resolveDraw = r));
    this.overlay = new MapLibreOverlay({
      interleaved: true,
      onError: (e: Error) => console.error('deck.gl:', e?.message ?? e),
      layers: [],
      // fires after every map frame; once layers were handed over, that frame drew them
      onAfterRender: () => {
        if (this.layersSet) resolveDraw();
      },
      onHover: (info: PickingInfo) => {
        if (!this.interactive) return;
        // no hover while the map moves (a drag, a scene)
        const f = !map.isMoving() ? (info.object as Feature | undefined) : undefined;
        handlers.onHover(f && info.layer ? { layerId: layerIdOf(info), feature: f, x: info.x, y: info.y } : null);
      },
      getCursor: ({ isHovering, isDragging }: { isHovering: boolean; isDragging: boolean }) => handlers.cursor(isHovering, isDragging),
    } as any);
    map.addControl(this.overlay as any);
    // After a base-map switch the new style has no deck layer groups; deck only re-adds them once
    // the style is fully loaded, which no single event guarantees — so check on each of them.
    // (runs on every sourcedata event, so it starts with cheap lookups and does nothing when all is in place)
    this.ensureInStyle = () => {
      if (!this.built.length || !map.isStyleLoaded()) return;
      if (!deckGroupsInPlace(map, this.built)) this.render();
    };
    for (const ev of ['styledata', 'sourcedata', 'idle'] as const) map.on(ev, this.ensureInStyle);
  }

  private ensureInStyle: () => void;

  /** Every marker under a point (map container px, `radius` px around), top first. */
  pick(point: { x: number; y: number }, radius = 3): { layerId: string; feature: Feature }[] {
    if (!this.interactive || !this.built.length) return [];
    return this.overlay
      .pickMultipleObjects({ x: point.x, y: point.y, radius, depth: 8 })
      .filter((i) => i.object && i.layer)
      .map((i) => ({ layerId: layerIdOf(i), feature: i.object as Feature }));
  }

  /**
   * The pointer is no longer over the map (onto the legend, a tool bar, a panel or off the map):
   * deck.gl (interleaved) answers its own leave with an empty pick but keeps the last
   * auto-highlight, so the last marker crossed stayed highlighted through later selections.
   */
  pointerLeft() {
    const clear = () => {
      type HighlightLayer = { props: { autoHighlight?: boolean }; updateAutoHighlight: (info: object) => void };
      const deck = (this.overlay as unknown as { _deck?: { layerManager?: { getLayers: () => HighlightLayer[] }; deckPicker?: { lastPickedInfo: object } } })._deck;
      for (const l of deck?.layerManager?.getLayers() ?? []) if (l.props.autoHighlight) l.updateAutoHighlight({ picked: false });
      // deck compares the next pick with the last one: forget it, so hovering the same marker again highlights it
      if (deck?.deckPicker) deck.deckPicker.lastPickedInfo = { index: -1, layerId: null, info: null };
      this.map.triggerRepaint();
    };
    clear();
    // and once more after deck has run the pick its leave asked for (at its next frame)
    requestAnimationFrame(clear);
  }

  /** Resolves after deck's first frame. */
  whenDrawn(): Promise<void> {
    return this.firstDraw;
  }

  /** The drawn catalog layers (those that need deck are drawn here; the rest only place them); `prepared`: built, not drawn. */
  setLayers(drawn: DrawnLayer[], prepared: ReadonlySet<string> = new Set()) {
    this.drawn = drawn;
    this.prepared = prepared;
    this.layersSet = true;
    this.render();
    this.map.triggerRepaint();
  }

  /** The plan period shown: markers due after `t` hidden, or drawn as planned. */
  setStop(stop: StopView) {
    if (stop.t === this.stop.t && stop.later === this.stop.later) return;
    this.stop = stop;
    this.render();
    this.map.triggerRepaint();
  }

  /** Arrowheads and markers times `k` (e.g. on a projector). */
  setSymbolScale(k: number) {
    if (k === this.symbolScale) return;
    this.symbolScale = k;
    this.render();
  }

  /** Picking on or off (off while the user draws or edits a shape on the map). */
  setInteractive(on: boolean) {
    if (this.interactive === on) return;
    this.interactive = on;
    this.render();
  }

  /** Build again (the catalog layers MapLibre draws moved: deck's places follow them). */
  render() {
    const built = deckLayersFor(this.drawn, this.handlers.beforeIdOf, this.symbolScale, this.prepared, this.stop);
    // while the user draws, plan layers are not picked (terra-draw gets the clicks)
    this.built = this.interactive ? built : built.map((l) => l.clone({ pickable: false, autoHighlight: false } as any));
    this.overlay.setProps({ layers: this.built });
  }

  destroy() {
    for (const ev of ['styledata', 'sourcedata', 'idle'] as const) this.map.off(ev, this.ensureInStyle);
    this.map.removeControl(this.overlay as any);
  }
}

const layerIdOf = (info: PickingInfo) => catalogIdOf(String(info.layer?.id ?? ''));
