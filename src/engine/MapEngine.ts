/**
 * The map engine: the only module that talks to MapLibre and (through ./overlay) to deck.gl.
 * Svelte components call its methods and receive its events; they never touch the engines.
 *
 * This module is the base map — creation, style, base-map switching and its health, camera and
 * framing, controls, labels' settings, GPU context loss — and is all of the engine the first paint
 * needs. The planning half (./planningEngine: the catalog's layers, selection, highlight, picking and
 * hover, deck.gl, user layers, sheets, the planner tools) is a chunk loaded at once beside it; every
 * call meant for it is handed over in call order (withPlanning), and calls with an answer wait for it.
 *
 * Start-up order keeps the first paint fast: MapLibre draws the offline base map; the planning
 * layers' polygons and lines are MapLibre layers too (./planLayers, in the planning chunk), added as
 * soon as their data is in — the link's layers are known before the UI mounts (drawEarly, from
 * src/state/earlyDraw.ts), so MapLibre tiles them with the base map. deck.gl (its own, large chunk)
 * is imported only when a layer needs it: point markers and arrowheads (./overlay).
 */
import { Map as MapLibreMap, NavigationControl, ScaleControl, AttributionControl, FullscreenControl, setWorkerUrl } from 'maplibre-gl';
import type { StyleSpecification, LngLatBoundsLike, LayerSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { Feature } from 'geojson';
import type { Catalog, Layer } from '../catalog/types';
import { basemapStyle, insertAnchor, isOnline, type BasemapId, type BasemapOptions } from './basemaps';
import { BasemapHealth, onTileOutcome, registerWatchProtocol, watchStyleTiles } from './basemapWatch';
import { sceneMoveMs } from '../scenes/transition';
import { REGION_BOUNDS } from './region';
import type { UserLayerSpec } from './userLayers';
import type { Bounds, ViewState } from '../state/mapState';
import type { SnapshotRequest } from './snapshot';
import { frameBounds, boundsOfCamera, mercX, mercY, type Padding, type Viewport } from '../state/view';
import type { DrawHandlers, DrawTool, DrawnShape } from './drawing';
import { ALL_STOPS_VIEW, type StopView } from '../time/stops';
import type { PlanningEngine, PlanningHost } from './planningEngine';
import type { Rect } from '../state/reserved';

export type { DrawTool, DrawnShape, DrawHandlers };

export { REGION_BOUNDS };
export type { UserLayerSpec };

setWorkerUrl(workerUrl);

/** The zoom at which `px` CSS px span `km` at latitude `lat` (MapLibre: 512 px tiles). */
export function zoomForSpan(km: number, px: number, lat: number): number {
  return Math.log2((40075016.686 * Math.cos((lat * Math.PI) / 180) * px) / (512 * km * 1000));
}


export interface Selection {
  layer: Layer;
  feature: Feature;
  /** other features under the same click, top first */
  alsoHere?: { layer: Layer; feature: Feature }[];
}

export type NoticeKind = 'basemap-failed' | 'data-failed' | 'overlay-failed' | 'context-lost' | 'context-restored';

/** Details for a notice: which base map failed and why (a StyleLoadCode, 'timeout', 'HTTP 403' …). */
export interface NoticeInfo {
  basemap?: BasemapId;
  reason?: string;
}

export interface EngineEvents {
  /** the user (or an animation) moved the map: the frame it now shows */
  onView?: (view: ViewState) => void;
  onHover?: (hit: { layer: Layer; feature: Feature; x: number; y: number } | null) => void;
  onSelect?: (sel: Selection | null) => void;
  /** a short message for the user (base map fell back, a data file failed …) */
  onNotice?: (kind: NoticeKind, detail: string, info?: NoticeInfo) => void;
  onBasemap?: (id: BasemapId) => void;
  onOverlayReady?: () => void;
  /**
   * The map has keyboard focus: the features under the centre of its free area (top first), the
   * one N / Shift+N has reached, and where that centre is (map CSS px); null when the focus leaves.
   */
  onKeyboardPick?: (pick: KeyboardPick | null) => void;
}

/** What a keyboard user has under the map's centre (see EngineEvents.onKeyboardPick). */
export interface KeyboardPick {
  point: { x: number; y: number };
  hits: { layer: Layer; feature: Feature }[];
  /** the one Enter inspects */
  index: number;
}

/** Events for the planner tools (set by the tools component, apart from the state binding's events). */
export interface ToolEvents {
  /** "what applies here" asked on the map: right-click, or a long press on a touch screen */
  onPointQuery?: (lngLat: [number, number]) => void;
  /** a click on one of the user's sketches (the plan feature under it is not selected then) */
  onSketchClick?: (id: string) => void;
}

/** What the engine needs before the first paint (no catalog: that comes with the UI). */
export interface EngineInit {
  /** null: the whole region */
  view: ViewState | null;
  basemap: BasemapId;
  basemapOptions: Omit<BasemapOptions, 'base'>;
  /**
   * A second map beside the main one (compare's side B): no zoom buttons, full-screen button or
   * scale bar of its own (the main map's serve both; the camera is shared).
   */
  secondary?: boolean;
}

/** What the UI hands over once it is mounted: the catalog, layer state and event handlers. */
export interface EngineAttach {
  catalog: Catalog;
  visible: Set<string>;
  opacity: Map<string, number>;
  customAttribution: string[];
  events: EngineEvents;
}

/** True when the browser can give MapLibre 6 (WebGL2-only) a context. */
export function supportsWebGL2(): boolean {
  try {
    const canvas = document.createElement('canvas');
    return Boolean(canvas.getContext('webgl2'));
  } catch {
    return false;
  }
}

const MIN_ZOOM = 4;
/** How long to wait for the browser to give a lost WebGL context back before offering a reload. */
const CONTEXT_RESTORE_WAIT_MS = 5000;
const MAX_ZOOM = 16;
const prefersReducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
/** MapLibre's label fade-in (its default), off while presenting */
const LABEL_FADE_MS = 300;
/**
 * The label fade-in now: none on a projector, and none when the user prefers reduced motion (the
 * fade is motion too; it also repaints the whole map for 300 ms after each batch of tiles).
 */
const labelFadeMs = (presenting: boolean) => (presenting || prefersReducedMotion() ? 0 : LABEL_FADE_MS);

/** Map text, lines and points while presenting: 1.5× the planner's at the least (src/scenes/framing.ts grows it with the screen). */
const PROJECTOR_SCALE = 1.5;

/** How long an online base map may take to deliver its first tile before we fall back. */
const BASEMAP_TIMEOUT_MS = 8000;

export class MapEngine {
  readonly map: MapLibreMap;
  private events: EngineEvents = {};
  private attached!: () => void;
  private whenAttached = new Promise<void>((r) => (this.attached = r));
  /** true once the UI has attached (clicks and hovers select nothing before: there is no panel to show it) */
  private isAttached = false;
  private basemap: BasemapId;
  private basemapOptions: Omit<BasemapOptions, 'base'>;
  private basemapWatch?: { timer: ReturnType<typeof setTimeout>; off: () => void };
  /** presenting to a room: projector labels and symbols, no keyboard panning */
  private presenting = false;
  /** label, line and point size factor while presenting */
  private presentScale = PROJECTOR_SCALE;
  /** stops following the reduced-motion preference (the label fade) */
  private stopMotionWatch?: () => void;

  constructor(private container: HTMLElement, init: EngineInit) {
    this.basemap = init.basemap;
    this.basemapOptions = init.basemapOptions;
    container.dataset.mapState = 'loading';
    container.dataset.overlay = 'pending';

    let style: StyleSpecification;
    let custom = false;
    try {
      const s0 = this.styleFor(init.basemap);
      // a custom style is fetched and checked first: start on the offline map meanwhile
      custom = typeof s0 === 'string';
      if (custom) this.basemap = 'offline';
      style = typeof s0 === 'string' ? (this.styleFor('offline') as StyleSpecification) : this.watchedStyle(init.basemap, s0);
    } catch {
      this.basemap = 'offline';
      style = this.styleFor('offline') as StyleSpecification;
    }
    const camera = init.view ? this.cameraFor(init.view, this.viewportOf(container)) : null;
    this.map = new MapLibreMap({
      container,
      style,
      ...(camera
        ? { center: camera.center, zoom: camera.zoom, bearing: camera.bearing }
        : { bounds: REGION_BOUNDS as LngLatBoundsLike, fitBoundsOptions: { padding: 20 } }),
      minZoom: MIN_ZOOM,
      maxZoom: MAX_ZOOM,
      attributionControl: false,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      cooperativeGestures: false,
      fadeDuration: labelFadeMs(false),
    });
    // the preference may change while the map is open
    if (typeof matchMedia === 'function') {
      const motion = matchMedia('(prefers-reduced-motion: reduce)');
      const follow = () => this.applyLabelFade();
      motion.addEventListener('change', follow);
      this.stopMotionWatch = () => motion.removeEventListener('change', follow);
    }
    this.map.touchZoomRotate.disableRotation();
    this.map.keyboard.disableRotation();
    container.dataset.basemap = this.basemap;
    if (!init.secondary) {
      this.map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
      // the whole page (panels included) goes full screen, not the map canvas alone
      if (window.innerWidth > 760) this.map.addControl(new FullscreenControl({ container: document.documentElement }), 'top-right');
      this.map.addControl(new ScaleControl({ unit: 'metric', maxWidth: 120 }), 'bottom-left');
    }

    this.map.on('moveend', () => this.events.onView?.(this.getView()));
    // a new base style comes with Chinese labels: re-apply the language
    this.map.on('style.load', () => {
      const lang = this.lang;
      const k = this.effectiveTextScale();
      const presenting = this.presenting;
      if (lang !== 'zh' || k !== 1 || presenting)
        this.withLabels((m) => {
          if (lang !== 'zh') m.setLabelLanguage(this.map, lang);
          if (k !== 1) m.setTextScale(this.map, k);
          if (presenting) m.setProjectorLabels(this.map, true);
        });
    });
    this.map.on('idle', () => {
      if (container.dataset.mapState !== 'context-lost') container.dataset.mapState = 'idle';
    });
    this.watchContext();
    this.map.on('movestart', () => (container.dataset.mapState = 'moving'));
    this.map.once('idle', () => performance.mark('planning-map:first-idle'));
    // the planning half comes at once; its layers are drawn from drawEarly (the link's state read
    // beside the UI) or, failing that, once the UI has attached
    void this.loadPlanning();
    if (isOnline(this.basemap)) this.watchBasemap(this.basemap);
    if (custom) this.setBasemap('custom');
  }

  // ---- the planning half (./planningEngine) ---------------------------------------------------

  private planning?: PlanningEngine;
  private planningError?: unknown;
  /** calls made before the planning half was in, in call order (`fail`: the ones waiting for an answer) */
  private planningQueue: { run: (p: PlanningEngine) => void; fail?: (e: unknown) => void }[] = [];
  /** removed (compare's side B closed): a planning half that arrives after that is not started */
  private destroyed = false;

  private async loadPlanning() {
    try {
      const { PlanningEngine } = await import('./planningEngine');
      if (this.destroyed) {
        this.planningQueue = [];
        return;
      }
      const host: PlanningHost = {
        map: this.map,
        container: this.container,
        events: () => this.events,
        notice: (kind, detail, info) => this.notice(kind, detail, info),
        attached: () => this.isAttached,
        whenAttached: this.whenAttached,
        presenting: () => this.presenting,
        symbolScale: () => (this.presenting ? this.presentScale : 1),
        frameBounds: (bounds, opts) => this.frameBounds(bounds, opts),
        easeToCamera: (cam) => this.easeToCamera(cam),
        reservedArea: (aspect) => this.reservedArea(aspect),
        covers: () => this.coversOnMap(),
        viewport: () => this.getViewport(),
        finishDrawing: () => this.finishDrawing(),
        basemap: () => this.basemap,
        offlineStyle: () => this.styleFor('offline') as StyleSpecification,
      };
      const p = (this.planning = new PlanningEngine(host));
      // in call order; a call one of these makes runs at once (this.planning is set), as it would have
      for (const call of this.planningQueue.splice(0)) {
        try {
          call.run(p);
        } catch (e) {
          setTimeout(() => {
            throw e;
          });
        }
      }
    } catch (e) {
      // its chunk did not load (the network went away mid-load): the base map stays, the planning layers cannot come
      this.planningError = e;
      for (const call of this.planningQueue.splice(0)) call.fail?.(e);
      this.container.dataset.overlay = 'failed';
      this.notice('overlay-failed', String((e as Error)?.message ?? e));
    }
  }

  /** Run `fn` on the planning half: at once when it is in, else in call order once it is (never, if its chunk failed). */
  private withPlanning(fn: (p: PlanningEngine) => void) {
    if (this.planning) fn(this.planning);
    else if (!this.planningError) this.planningQueue.push({ run: fn });
  }

  /** The same for a call with an answer: in call order; rejects if the planning half could not load. */
  private askPlanning<T>(fn: (p: PlanningEngine) => T | Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const run = (p: PlanningEngine) => {
        try {
          resolve(fn(p));
        } catch (e) {
          reject(e);
        }
      };
      if (this.planning) run(this.planning);
      else if (this.planningError) reject(this.planningError);
      else this.planningQueue.push({ run, fail: reject });
    });
  }

  /** The planning half once it is in (compare's side A drives side B's point picks through it). */
  planningPart(): Promise<PlanningEngine> {
    return this.askPlanning((p) => p);
  }

  /** Called once by the UI: catalog, initial layer state, attribution and event handlers. */
  attach(a: EngineAttach) {
    performance.mark('planning-map:attach');
    this.withPlanning((p) => p.setLayerState(a.catalog, a.visible, a.opacity));
    this.events = a.events;
    this.isAttached = true;
    this.setAttribution(a.customAttribution);
    this.attached();
    for (const [kind, detail, info] of this.missedNotices.splice(0)) this.notice(kind, detail, info);
    this.withPlanning((p) => void p.startPlanning());
  }

  /**
   * Before the UI has mounted: start drawing the planning layers its state will hold (read from the
   * link by src/state/earlyDraw.ts, with the same codec), so MapLibre tiles them with the base map
   * and compiles their programs while tiles still arrive. attach() then hands over the same state:
   * the layers already in place are not sent again. Ignored once the UI has attached.
   */
  drawEarly(e: { catalog: Catalog; visible: Iterable<string>; opacity: Map<string, number>; stop: StopView; lang: 'zh' | 'en' }) {
    if (this.isAttached) return;
    performance.mark('planning-map:early-draw');
    this.withPlanning((p) => p.setLayerState(e.catalog, e.visible, e.opacity));
    this.setLanguage(e.lang);
    this.setStop(e.stop);
    this.withPlanning((p) => void p.startPlanning());
  }

  private missedNotices: [NoticeKind, string, NoticeInfo | undefined][] = [];
  /** Notices raised before the UI attached are replayed to it. */
  private notice(kind: NoticeKind, detail: string, info?: NoticeInfo) {
    if (this.events.onNotice) this.events.onNotice(kind, detail, info);
    else this.missedNotices.push([kind, detail, info]);
  }

  /** Put the keyboard focus on the map (a skip link's target). */
  focusMap() {
    const canvas = this.map.getCanvas();
    // a focus moved by script is not always :focus-visible: mark it, so the ring shows (app.css)
    canvas.dataset.keyFocus = '';
    canvas.addEventListener('blur', () => delete canvas.dataset.keyFocus, { once: true });
    canvas.focus();
  }

  // ---- GPU context loss --------------------------------------------------------------------

  private contextTimer?: ReturnType<typeof setTimeout>;
  /**
   * A GPU reset, a driver update or a laptop waking up takes the WebGL context away. MapLibre
   * rebuilds its own layers when the context comes back, but deck.gl's resources died with it:
   * the planning half drops its overlay on loss and builds a fresh one on restore. If the browser
   * does not give the context back within a few seconds, say so (the UI offers a reload).
   */
  private watchContext() {
    this.map.on('webglcontextlost', () => {
      this.container.dataset.mapState = 'context-lost';
      this.container.dataset.overlay = 'pending';
      this.planning?.contextLost();
      this.notice('context-lost', '');
      clearTimeout(this.contextTimer);
      this.contextTimer = setTimeout(() => this.notice('context-lost', 'not-restored'), CONTEXT_RESTORE_WAIT_MS);
    });
    this.map.on('webglcontextrestored', () => {
      clearTimeout(this.contextTimer);
      this.container.dataset.mapState = 'loading';
      this.notice('context-restored', '');
      // MapLibre rebuilds its own layers (the planning polygons and lines among them); deck.gl's are rebuilt by the planning half
      this.map.once('idle', () => void this.whenAttached.then(() => this.askPlanning((p) => p.contextRestored())));
    });
  }

  // ---- planning layers, selection, sheets, user layers (handed to ./planningEngine) -------------

  /**
   * Get catalog layers ready to be shown, without showing them (a talk rehearses its next scene
   * while the current one is on screen): their data loaded and tiled, their GPU programs compiled
   * and buffers filled, one frame drawn and finished. Showing them later costs a paint change.
   * Kept until `unprepare()`.
   */
  prepare(ids: readonly string[]): Promise<void> {
    return this.askPlanning((p) => p.prepare(ids));
  }

  /** Forget prepared layers (hidden again: nothing drawn for them). */
  unprepare() {
    this.withPlanning((p) => p.unprepare());
  }

  /** Show only the features of a layer that pass `keep` (null: remove that filter). */
  setLayerFilter(id: string, keep: ((f: Feature) => boolean) | null, name = 'default') {
    this.withPlanning((p) => p.setLayerFilter(id, keep, name));
  }

  /** Features added to a layer at run time (e.g. an imported inventory). */
  setExtraFeatures(id: string, features: Feature[]) {
    this.withPlanning((p) => p.setExtraFeatures(id, features));
  }

  /**
   * All features of a layer as drawn (file + run-time additions, filters and the stop applied; a
   * user layer's features). Asked before the UI has attached (a panel's first effect), it waits for
   * the catalog and the filters rather than answer "nothing" (the public legend listed no markers that way).
   */
  layerFeatures(id: string, opts: { filtered?: boolean; stop?: StopView } = {}): Promise<Feature[]> {
    return this.askPlanning((p) => p.layerFeatures(id, opts));
  }

  /** Show exactly these layers (one redraw, e.g. for a pasted URL). */
  setVisibleLayers(ids: readonly string[]) {
    this.withPlanning((p) => p.setVisibleLayers(ids));
  }

  setLayerVisible(id: string, on: boolean) {
    this.withPlanning((p) => p.setLayerVisible(id, on));
  }

  setLayerOpacity(id: string, value: number) {
    this.withPlanning((p) => p.setLayerOpacity(id, value));
  }

  private stop: StopView = ALL_STOPS_VIEW;
  /** Show the plan at a stop: features due later are hidden or drawn as planned (filtered on the GPU). */
  setStop(stop: StopView) {
    const at = (this.stop = { t: stop.t, later: stop.later });
    this.container.dataset.stop = String(stop.t);
    this.withPlanning((p) => p.setStop(at));
  }

  /** The plan period last asked for. */
  getStop(): StopView {
    return this.stop;
  }

  /**
   * Draws what the map shows now (base map, planning layers, labels, selection) off screen at
   * the requested size, camera and pixel ratio, for a map sheet; the on-screen map is untouched.
   * `offline`: use the offline base map instead (when an online one cannot be reached).
   * Rejects with a SnapshotError ('too-large', 'webgl', 'timeout', 'basemap-failed').
   */
  capture(req: SnapshotRequest, opts: { offline?: boolean } = {}): Promise<HTMLCanvasElement> {
    return this.askPlanning((p) => p.capture(req, opts));
  }

  /** The largest side (device px) an off-screen capture can have on this GPU (0: no WebGL2). */
  captureLimit(): Promise<number> {
    return this.askPlanning((p) => p.captureLimit());
  }

  /**
   * The line layers `ids` as a capture draws them (the live style, or the offline one it falls
   * back to): colour, width, dashes and zoom range, for the base map's rows of a sheet's legend.
   * (Not getStyle(): that serialises every source, imported layers' data included.)
   */
  sheetLines(ids: readonly string[], opts: { offline?: boolean } = {}): Pick<StyleSpecification, 'layers'> {
    if (opts.offline) {
      const style = this.styleFor('offline');
      return typeof style === 'string' ? { layers: [] } : { layers: style.layers.filter((l) => ids.includes(l.id)) };
    }
    const layers = ids.flatMap((id) => {
      const l = this.map.getLayer(id);
      if (!l || l.type !== 'line') return [];
      const paint = Object.fromEntries(['line-color', 'line-width', 'line-dasharray'].map((k) => [k, this.map.getPaintProperty(id, k as 'line-color')]).filter(([, v]) => v !== undefined));
      return [{ id, type: 'line', source: String(l.source), minzoom: l.minzoom, maxzoom: l.maxzoom, layout: { visibility: this.map.getLayoutProperty(id, 'visibility') ?? 'visible' }, paint } as LayerSpecification];
    });
    return { layers };
  }

  /** Resolves once the map and its planning overlay have drawn for the first time (rejects if the overlay failed). */
  whenDrawn(): Promise<void> {
    return this.askPlanning((p) => p.whenDrawn());
  }

  /**
   * Called now (once the planning half is in) and whenever a user layer's data goes to MapLibre's
   * worker in parts (a large import): `drawing` maps the layer id (`user-<id>`) to the share sent so
   * far; a layer drawn in full is not in it. `#map[data-user-layers]` says `drawing` meanwhile, `drawn` otherwise.
   */
  onUserLayerDrawing(fn: (drawing: ReadonlyMap<string, number>) => void): () => void {
    let off: (() => void) | undefined;
    let dropped = false;
    this.withPlanning((p) => {
      if (!dropped) off = p.onUserLayerDrawing(fn);
    });
    return () => {
      dropped = true;
      off?.();
    };
  }

  /** Show exactly these user layers (id `user-<id>`), in order (last on top). */
  setUserLayers(specs: UserLayerSpec[]): Promise<void> {
    return this.askPlanning((p) => p.setUserLayers(specs));
  }

  /** The user layers the engine draws (their catalog-like descriptions), in drawing order (none before the planning half is in). */
  userLayerList(): Layer[] {
    return this.planning?.userLayerList() ?? [];
  }

  /**
   * Select a feature by catalog layer id and feature id; optionally fly to it (`fly`), or keep the
   * frame and only move the feature out from under the panels when they hide it (`reveal`, as a click does).
   */
  select(layerId: string, featureId: string, opts: { fly?: boolean; spanKm?: number; reveal?: boolean } = {}): Promise<boolean> {
    return this.askPlanning((p) => p.select(layerId, featureId, opts));
  }

  clearSelection() {
    this.withPlanning((p) => p.clearSelection());
  }

  /**
   * Highlight features of any layers together (a clause of the plan shown on the map); [] clears.
   * The map state says what is highlighted (src/state/textBinding.ts asks for it).
   */
  setHighlight(items: { feature: Feature; geometry: Layer['geometry'] }[]) {
    this.withPlanning((p) => p.setHighlight(items));
  }

  /** Frame features together in the part of the map the panels leave free (the same framing as a selection's). */
  frameFeatures(features: Feature[]) {
    this.withPlanning((p) => p.frameFeatures(features));
  }

  /** The selected feature as a reference (layer id + feature id), or null (always before the planning half is in). */
  getSelectionRef(): { layer: string; id: string } | null {
    return this.planning?.getSelectionRef() ?? null;
  }

  /** Features that arrive later (imports kept in IndexedDB): selections by id wait for them. */
  waitBeforeSelect(p: Promise<unknown>) {
    this.withPlanning((x) => x.waitBeforeSelect(p));
  }

  /** Frame a feature in the part of the map the panels leave free (`spanKm`: a point with that much of its surroundings). */
  flyTo(feature: Feature, opts: { spanKm?: number } = {}): Promise<void> {
    return this.askPlanning((p) => p.flyTo(feature, opts));
  }

  // ---- the planner tools (./mapTools, in the planning half) -----------------------------------

  /**
   * Compare's side B: it draws the same sketches and a right-click or long press on it asks "what
   * applies here" through this engine's tool events (the camera is kept in step by ./compareView).
   */
  setMirror(other: MapEngine | null) {
    this.withPlanning((p) => p.tools.setMirror(other));
  }

  /** The planner tools' events; right-click and long-press queries start listening here. */
  setToolEvents(events: ToolEvents) {
    this.withPlanning((p) => p.tools.setToolEvents(events));
  }

  /**
   * The next click on the map as [lon, lat] (null if cancelled): plan layers do not react to it.
   * Used by the "what applies here" button.
   */
  pickPoint(): Promise<[number, number] | null> {
    return this.askPlanning((p) => p.tools.pickPoint());
  }

  /** The side of a comparison the last picked point was clicked on ('b': compare's second map). */
  pickedSide(): 'a' | 'b' {
    return this.planning?.tools.pickedSide() ?? 'a';
  }

  cancelPick() {
    this.withPlanning((p) => p.tools.cancelPick());
  }

  /**
   * The user's sketches, the current measurement and a report's place, drawn on top of the map.
   * Properties: id, kind (point|line|polygon|rectangle|circle|measure|report), label, selected.
   */
  setSketchFeatures(features: Feature[]) {
    this.withPlanning((p) => p.tools.setSketchFeatures(features));
  }

  /** What setSketchFeatures last drew (visible sketches, the measurement, a report's place). */
  sketchFeatures(): Feature[] {
    return this.planning?.tools.sketchFeatures() ?? [];
  }

  /** Draw new shapes with a tool until `stopDrawing()`; plan layers stop reacting to the pointer meanwhile. */
  startDrawing(tool: DrawTool, handlers: DrawHandlers, opts: { measure?: boolean } = {}): Promise<void> {
    return this.askPlanning((p) => p.tools.startDrawing(tool, handlers, opts));
  }

  /** Edit one shape (drag it or its vertices) until `stopDrawing()`. */
  editShape(shape: DrawnShape, handlers: DrawHandlers): Promise<void> {
    return this.askPlanning((p) => p.tools.editShape(shape, handlers));
  }

  stopDrawing() {
    this.withPlanning((p) => p.tools.stopDrawing());
  }

  private reservedArea: (aspect?: number) => Padding = () => ({ top: 0, right: 0, bottom: 0, left: 0 });
  /**
   * The UI tells which part of the map its overlays cover (legend, tool bars, panels, the scale
   * bar and attribution), as the padding of the free area, measured when asked (src/state/reserved.ts).
   * `aspect`: the width/height of what is to be framed, so the free rectangle that shows it largest is chosen.
   */
  setReservedArea(measure: (aspect?: number) => Padding, covers?: () => Rect[]) {
    this.reservedArea = measure;
    if (covers) this.coverRects = covers;
  }

  private coverRects: () => Rect[] = () => [];
  /** The overlays' rectangles (as the UI measures them, page px) in the map's own pixels. */
  private coversOnMap(): Rect[] {
    const at = this.container.getBoundingClientRect();
    return this.coverRects().map((r) => ({ left: r.left - at.left, top: r.top - at.top, right: r.right - at.left, bottom: r.bottom - at.top }));
  }

  /** The padding that frames into the free part of the map, with a margin (smaller on a small map). */
  private freePadding(aspect?: number, margin = 40): Padding {
    const r = this.reservedArea(aspect);
    const vp = this.getViewport();
    const m = Math.min(margin, Math.max(8, Math.min(vp.width, vp.height) * 0.04));
    return { top: r.top + m, right: r.right + m, bottom: r.bottom + m, left: r.left + m };
  }

  private easeToCamera(cam: { center: [number, number]; zoom: number; bearing: number }, animate = true) {
    const duration = animate && !prefersReducedMotion() ? 600 : 0;
    if (duration) {
      this.map.easeTo({ center: cam.center, zoom: cam.zoom, bearing: cam.bearing, duration });
      this.planning?.prepareFor(cam.zoom);
    } else this.map.jumpTo({ center: cam.center, zoom: cam.zoom, bearing: cam.bearing });
  }

  /**
   * The one framing function: show lon/lat `bounds` as large as they fit in the part of the map
   * the legend, tool bars, panels, scale bar and attribution leave free. Everything that frames
   * goes through it — a selection, a search result, an import, "zoom to", the way back from a
   * presentation, "reset view". A point (w = e, s = n) is centred there at `pointZoom` (default:
   * the current zoom, at least 10), or where the free area's shorter side spans `spanKm` (a place
   * shown with its surroundings: towns, rivers, county lines). `maxZoom` keeps a small feature
   * from filling the screen.
   */
  frameBounds(bounds: Bounds, opts: { animate?: boolean; maxZoom?: number; minZoom?: number; pointZoom?: number; spanKm?: number; bearing?: number } = {}) {
    const [w, s, e, n] = bounds;
    if (![w, s, e, n].every(Number.isFinite)) return;
    const point = w === e && s === n;
    const vp = this.getViewport();
    const bearing = opts.bearing ?? this.map.getBearing();
    // the shape of the bounds on screen (mercator), so the free rectangle that shows it largest is used
    const aspect = point ? undefined : (mercX(e) - mercX(w)) / Math.max(1e-12, mercY(s) - mercY(n));
    const padding = this.freePadding(aspect);
    const freeShort = Math.max(1, Math.min(vp.width - padding.left - padding.right, vp.height - padding.top - padding.bottom));
    const pz = opts.pointZoom ?? (opts.spanKm ? zoomForSpan(opts.spanKm, freeShort, s) : Math.max(this.map.getZoom(), 10));
    const cam = frameBounds(bounds, vp, {
      padding,
      bearing,
      minZoom: point ? pz : (opts.minZoom ?? MIN_ZOOM),
      maxZoom: point ? pz : (opts.maxZoom ?? MAX_ZOOM),
    });
    this.easeToCamera(cam, opts.animate ?? true);
  }

  // ---- view -------------------------------------------------------------------------------

  private viewportOf(el: HTMLElement): Viewport {
    return { width: el.clientWidth || 1, height: el.clientHeight || 1 };
  }

  /** The map's size in CSS px. */
  getViewport(): Viewport {
    return this.viewportOf(this.container);
  }

  private cameraFor(view: ViewState, viewport: Viewport, padding?: Padding) {
    return frameBounds(view.bounds, viewport, { padding, bearing: view.bearing, minZoom: MIN_ZOOM, maxZoom: MAX_ZOOM });
  }

  /** The frame the map shows now: bounds of the unrotated frame + bearing. */
  getView(): ViewState {
    const c = this.map.getCenter();
    return { bounds: boundsOfCamera([c.lng, c.lat], this.map.getZoom(), this.getViewport()), bearing: this.map.getBearing() };
  }

  /**
   * Show a frame: null = the whole region. `padding` keeps part of the map free (a title bar, a
   * panel); `animate` eases there (skipped when the user prefers reduced motion).
   */
  frame(view: ViewState | null, opts: { padding?: Padding; animate?: boolean } = {}) {
    const target: ViewState = view ?? { bounds: [REGION_BOUNDS[0][0], REGION_BOUNDS[0][1], REGION_BOUNDS[1][0], REGION_BOUNDS[1][1]], bearing: 0 };
    const padding = opts.padding ?? (view ? undefined : { top: 20, right: 20, bottom: 20, left: 20 });
    const cam = this.cameraFor(target, this.getViewport(), padding);
    const reducedMotion = prefersReducedMotion();
    const duration = this.presenting ? sceneMoveMs({ reducedMotion, frameMs: this.frameMs }) : reducedMotion ? 0 : 600;
    if (opts.animate && duration > 0) {
      this.map.easeTo({ center: cam.center, zoom: cam.zoom, bearing: cam.bearing, duration });
      // after easeTo (which ends any earlier move): markers are grouped for the end of this one
      this.planning?.prepareFor(cam.zoom);
    } else this.map.jumpTo({ center: cam.center, zoom: cam.zoom, bearing: cam.bearing });
  }

  /** The whole region, framed in the free part of the map. */
  resetView() {
    this.frameBounds([REGION_BOUNDS[0][0], REGION_BOUNDS[0][1], REGION_BOUNDS[1][0], REGION_BOUNDS[1][1]]);
  }

  /** Take a new container size now (after a layout change), rather than on the next resize observation. */
  resize() {
    this.map.resize();
  }

  /** The camera as MapLibre holds it (centre, zoom, bearing). */
  getCamera(): { center: [number, number]; zoom: number; bearing: number } {
    const c = this.map.getCenter();
    return { center: [c.lng, c.lat], zoom: this.map.getZoom(), bearing: this.map.getBearing() };
  }

  /**
   * Follow another map's camera in the same frame: jump, then draw at once (a jump alone leaves
   * this map a frame behind in about half of an animation's frames — GUIDE §8).
   */
  followCamera(cam: { center: [number, number]; zoom: number; bearing: number }) {
    this.map.jumpTo({ center: cam.center, zoom: cam.zoom, bearing: cam.bearing });
    // draw now, in this frame — also while tiles are still loading (isStyleLoaded() is false then,
    // and a busy machine spends most of a zoom loading tiles: side B fell a frame behind); only a
    // style that has not yet loaded at all cannot be drawn
    if ((this.map as unknown as { style?: { _loaded?: boolean } }).style?._loaded) this.map.redraw();
  }

  /**
   * Resolves when what was last asked for is on screen: the planning layers have drawn, the
   * latest layers were handed over and the map is idle (camera still, sources and labels loaded).
   * No deadline on a machine that is merely slow; only an online base map's tiles can stall the
   * idle for good (a server that answers some tiles and never others), so with one shown the wait
   * for idle ends after `onlineTimeoutMs` (its watch brings the offline map back sooner when no tile comes).
   */
  async settled(onlineTimeoutMs = 20_000): Promise<void> {
    await this.askPlanning((p) => p.handedOver()).catch(() => undefined);
    let timer: ReturnType<typeof setTimeout> | undefined;
    await new Promise<void>((r) => {
      this.map.once('idle', () => r());
      this.map.triggerRepaint();
      if (isOnline(this.basemap)) timer = setTimeout(r, onlineTimeoutMs);
    });
    clearTimeout(timer);
  }

  /**
   * Waits until the GPU has really drawn what was asked (reading back one pixel): MapLibre's
   * idle means the frames were issued, and software WebGL may still be seconds behind them —
   * a presentation's next scene would pay for that backlog.
   */
  finishDrawing() {
    const gl = this.map.getCanvas().getContext('webgl2') ?? this.map.getCanvas().getContext('webgl');
    if (!gl || gl.isContextLost()) return;
    gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
  }

  /** ms per full repaint of the current view, GPU included (null until measured) */
  private frameMs: number | null = null;

  /**
   * Times full repaints of what is on screen now, each until the GPU has finished it (the
   * fastest of `n`): how quickly this machine can animate the map. Present mode asks once its
   * talk is loaded, and cuts between scenes where a move could not be smooth (src/scenes/transition.ts).
   */
  async measureFrameTime(n = 3): Promise<number> {
    this.finishDrawing();
    let best = Infinity;
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await new Promise<void>((r) => {
        this.map.once('render', () => r());
        this.map.triggerRepaint();
      });
      this.finishDrawing();
      best = Math.min(best, performance.now() - t0);
    }
    this.frameMs = best;
    return best;
  }

  /**
   * Presenting to a room: map text, lines and points `scale`× their planner size (on top of the
   * user's text size), county names from the region view, and MapLibre's keyboard panning off (the
   * presentation owns the keys).
   */
  setPresentation(on: boolean, scale = PROJECTOR_SCALE) {
    this.presenting = on;
    this.presentScale = scale;
    if (on) this.map.keyboard.disable();
    else this.map.keyboard.enable();
    this.applyLabelFade();
    this.applyTextScale();
    this.withLabels((m) => m.setProjectorLabels(this.map, on));
    this.withPlanning((p) => p.presentationChanged(on, scale));
  }

  /**
   * Labels appear at once on a projector (MapLibre's 300 ms label fade-in would repaint the whole
   * screen several more times after each scene's move) and for a user who prefers reduced motion.
   * MapLibre has no public setter.
   */
  private applyLabelFade() {
    (this.map as unknown as { _fadeDuration: number })._fadeDuration = labelFadeMs(this.presenting);
  }

  // ---- base maps --------------------------------------------------------------------------

  private styleFor(id: BasemapId) {
    return basemapStyle(id, { ...this.basemapOptions, base: document.baseURI });
  }

  /** A style MapLibre can show at once: an object whose online tiles go through the watch protocol. */
  private watchedStyle(id: BasemapId, style: StyleSpecification): StyleSpecification {
    if (!isOnline(id)) return style;
    registerWatchProtocol();
    const tiled = Object.entries(style.sources).filter(([, s]) => 'tiles' in s && Array.isArray(s.tiles)).map(([k]) => k);
    return watchStyleTiles(style, tiled);
  }

  private customLoad?: AbortController;

  /**
   * Switch base map. Throws BasemapConfigError (no key, bad URL) before touching the map. A custom
   * style is fetched and checked first (size, layers); the current base map stays until it is.
   */
  setBasemap(id: BasemapId, options?: Omit<BasemapOptions, 'base'>) {
    const opts = options ? { ...this.basemapOptions, ...options } : this.basemapOptions;
    const style = basemapStyle(id, { ...opts, base: document.baseURI }); // may throw: nothing changed yet
    this.basemapOptions = opts;
    this.customLoad?.abort();
    if (typeof style === 'string') {
      const ctrl = (this.customLoad = new AbortController());
      const previous = this.basemap;
      // the custom-style loader is fetched only when someone uses one
      import('./customStyle').then(({ loadCustomStyle, StyleLoadError }) =>
        loadCustomStyle(style, { signal: ctrl.signal }).then(
          ({ style: loaded }) => {
            if (!ctrl.signal.aborted) this.applyBasemap(id, insertAnchor(loaded));
          },
          (e: Error) => {
            if (ctrl.signal.aborted) return;
            this.notice('basemap-failed', e.message, { basemap: id, reason: e instanceof StyleLoadError ? e.code : 'unreachable' });
            this.events.onBasemap?.(previous);
          },
        ),
        (e: Error) => {
          if (ctrl.signal.aborted) return;
          this.notice('basemap-failed', String(e?.message ?? e), { basemap: id, reason: 'unreachable' });
          this.events.onBasemap?.(previous);
        },
      );
      return;
    }
    this.applyBasemap(id, style);
  }

  private applyBasemap(id: BasemapId, style: StyleSpecification) {
    this.stopBasemapWatch();
    this.basemap = id;
    this.container.dataset.basemap = id;
    this.planning?.tools.suspendDrawing(); // terra-draw's layers must go before the style does
    this.map.setStyle(this.watchedStyle(id, style), { diff: false });
    if (isOnline(id)) this.watchBasemap(id);
    this.events.onBasemap?.(id);
  }

  private attribution?: { control: AttributionControl; lines: string[] };
  private compactAttribution: boolean | null = null;
  /**
   * Keep the attribution compact (its ⓘ button opens the lines) or, null, as the screen's width
   * decides. Compare's two maps use it: full lines would run under the divider and the compare bar.
   */
  setCompactAttribution(on: boolean | null) {
    if (on === this.compactAttribution) return;
    this.compactAttribution = on;
    const lines = this.attribution?.lines;
    if (!lines) return;
    this.map.removeControl(this.attribution!.control);
    this.attribution = undefined;
    this.setAttribution(lines);
  }
  /** The attribution control's lines (credits, disclaimer, 审图号); replaced when the UI language changes. */
  setAttribution(lines: string[]) {
    if (this.attribution && this.attribution.lines.join('\n') === lines.join('\n')) return;
    if (this.attribution) this.map.removeControl(this.attribution.control);
    const compact = this.compactAttribution ?? window.innerWidth < 760;
    const control = new AttributionControl({ compact, customAttribution: lines });
    this.map.addControl(control, 'bottom-right');
    this.attribution = { control, lines };
    // MapLibre opens a compact attribution on load (over ~40 % of a phone's map): start collapsed to its button
    if (compact) {
      const el = this.container.querySelector('.maplibregl-ctrl-attrib');
      el?.classList.remove('maplibregl-compact-show');
      el?.removeAttribute('open');
    }
  }

  private lang: 'zh' | 'en' = 'zh';
  /** Map labels follow the UI language (English names where the data has them). */
  setLanguage(lang: 'zh' | 'en') {
    this.lang = lang;
    // before the style is parsed, its style.load applies the language (constructor)
    if (this.styleParsed()) this.withLabels((m) => m.setLabelLanguage(this.map, lang));
  }

  /**
   * The style's layers exist, so their layout can change now — even while its sources still load
   * (`isStyleLoaded()` is false until every tile is in). Waiting for the first idle instead changed
   * the labels after the map had said `data-map-state=idle`: in English the first idle map had no
   * labels at all until MapLibre laid them out again (a sheet or a story taken then had none).
   */
  private styleParsed(): boolean {
    return !!(this.map as unknown as { style?: { _loaded?: boolean } }).style?._loaded;
  }

  private textScale = 1;
  /** Scale all map text (base map and planning labels) by a factor of its designed size. */
  setTextScale(k: number) {
    this.textScale = k;
    this.applyTextScale();
  }

  /** the user's text size, times the projector's while presenting */
  private effectiveTextScale() {
    return this.textScale * (this.presenting ? this.presentScale : 1);
  }

  private applyTextScale() {
    // before the style is parsed, its style.load applies the text size (constructor)
    if (this.styleParsed()) {
      const k = this.effectiveTextScale();
      this.withLabels((m) => m.setTextScale(this.map, k));
    }
  }

  /**
   * The map's labels (language, size, projector) are set by ./labels, which comes with the planning
   * half's chunk (not with the first paint): at once when it is loaded, else in call order once it is
   * — before any planning label is added (those are added by that chunk, after these calls).
   */
  private withLabels(fn: (m: PlanningEngine['labels']) => void) {
    this.withPlanning((p) => fn(p.labels));
  }

  getBasemap(): BasemapId {
    return this.basemap;
  }

  /**
   * An online base map counts as failed when its tiles keep failing (any HTTP error, 404s
   * included, or answers that are not images), or when none arrives in time. It is watched for
   * as long as it is shown: if the network goes away mid-talk, the offline map takes over.
   */
  private watchBasemap(id: BasemapId) {
    const health = new BasemapHealth();
    const fail = (why: string) => {
      this.stopBasemapWatch();
      if (this.basemap !== id) return;
      this.notice('basemap-failed', why, { basemap: id, reason: why });
      this.applyBasemap('offline', this.styleFor('offline') as StyleSpecification);
    };
    onTileOutcome((o) => {
      const why = health.record(o);
      if (why) fail(why);
      else if (o.ok) clearTimeout(timer);
    });
    const timer = setTimeout(() => health.ok === 0 && fail(health.last && !health.last.ok ? health.last.why : 'timeout'), BASEMAP_TIMEOUT_MS);
    this.basemapWatch = { timer, off: () => onTileOutcome(null) };
  }

  private stopBasemapWatch() {
    if (!this.basemapWatch) return;
    clearTimeout(this.basemapWatch.timer);
    this.basemapWatch.off();
    this.basemapWatch = undefined;
  }

  /** Screen position (map CSS px) of a lon/lat. */
  project(lonLat: [number, number]): { x: number; y: number } {
    const p = this.map.project(lonLat);
    return { x: p.x, y: p.y };
  }

  destroy() {
    this.destroyed = true;
    this.stopMotionWatch?.();
    this.stopBasemapWatch();
    this.planning?.destroy();
    this.map.remove();
  }
}
