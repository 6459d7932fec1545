/**
 * The map engine: the only module that talks to MapLibre and (through ./overlay) to deck.gl.
 * Svelte components call its methods and receive its events; they never touch the engines.
 *
 * Start-up order keeps the first paint fast: MapLibre draws the offline base map; the planning
 * layers' polygons and lines are MapLibre layers too (./planLayers, a small chunk loaded at once),
 * added as soon as their data is in — the link's layers are known before the UI mounts
 * (drawEarly, from src/state/earlyDraw.ts), so MapLibre tiles them with the base map. deck.gl
 * (its own, large chunk) is imported only when a layer needs it: point markers and arrowheads (./overlay).
 */
import { Map as MapLibreMap, NavigationControl, ScaleControl, AttributionControl, FullscreenControl, setWorkerUrl } from 'maplibre-gl';
import type { StyleSpecification, LngLatBoundsLike, LayerSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { Feature, FeatureCollection } from 'geojson';
import type { Catalog, Layer } from '../catalog/types';
import type { PlanningOverlay, DrawnLayer } from './overlay';
import { basemapStyle, insertAnchor, isOnline, OVERLAY_ANCHOR, type BasemapId, type BasemapOptions } from './basemaps';
import { BasemapHealth, onTileOutcome, registerWatchProtocol, watchStyleTiles } from './basemapWatch';
import { stripLuma } from './contextLoss';
import { loadData, findFeature } from './dataStore';
import { sceneMoveMs } from '../scenes/transition';
import { groupCount, groupZoomOf } from './groupIds';
import { REGION_BOUNDS } from './region';
import type { UserLayerSpec } from './userLayers';
import type { Bounds, ViewState } from '../state/mapState';
import type { SnapshotRequest } from './snapshot';
import { frameBounds, boundsOfCamera, boundsOnScreen, mercX, mercY, type Padding, type Viewport } from '../state/view';
import type { SketchLayers } from './sketchLayers';
import type { Drawing, DrawHandlers, DrawTool, DrawnShape } from './drawing';
import { ALL_STOPS_VIEW, dueBy, showsEverything, type StopView } from '../time/stops';

export type { DrawTool, DrawnShape, DrawHandlers };

export { REGION_BOUNDS };
export type { UserLayerSpec };

/** The catalog-like layer of a user layer, with the geometry of the given feature (for the highlight). */
function userLayerFor(spec: UserLayerSpec, feature: Feature): Layer {
  const t = feature.geometry?.type ?? '';
  const geometry = /Point/.test(t) ? 'point' : /LineString/.test(t) ? 'line' : 'polygon';
  return geometry === spec.layer.geometry ? spec.layer : { ...spec.layer, geometry };
}

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
/** sketch kinds a click selects (a measurement or a report's mark is not a sketch) */
const SKETCH_KINDS = ['point', 'line', 'polygon', 'rectangle', 'circle'];
/** a planning feature under the pointer (map container px) */
type HoverHit = { layerId: string; feature: Feature; x: number; y: number };
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
  private overlay?: PlanningOverlay;
  private layers: Layer[] = [];
  private layerById = new Map<string, Layer>();
  private visible = new Set<string>();
  private opacity = new Map<string, number>();
  private events: EngineEvents = {};
  private attached!: () => void;
  private whenAttached = new Promise<void>((r) => (this.attached = r));
  private selection: Selection | null = null;
  private basemap: BasemapId;
  private basemapOptions: Omit<BasemapOptions, 'base'>;
  private basemapWatch?: { timer: ReturnType<typeof setTimeout>; off: () => void };
  private generation = 0;
  /** presenting to a room: projector labels and symbols, no keyboard panning */
  private presenting = false;
  /** label, line and point size factor while presenting */
  private presentScale = PROJECTOR_SCALE;
  private overlayDone!: () => void;
  /** settles when the overlay has drawn for the first time (or failed) */
  private overlaySettled = new Promise<void>((r) => (this.overlayDone = r));
  /** the latest hand-over of layers to the overlay */
  private refreshing: Promise<void> = Promise.resolve();
  private overlayStarted!: { resolve: () => void; reject: (e: unknown) => void };
  /** resolves once the planning overlay has drawn (a sheet's capture needs its layers) */
  private overlayReady = new Promise<void>((resolve, reject) => (this.overlayStarted = { resolve, reject }));
  /** stops following the reduced-motion preference (the label fade) */
  private stopMotionWatch?: () => void;

  constructor(private container: HTMLElement, init: EngineInit) {
    this.basemap = init.basemap;
    this.basemapOptions = init.basemapOptions;
    this.overlayReady.catch(() => undefined); // the failure is reported as a notice
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
      this.sketchLayers?.sync();
      this.drawing?.resume();
    });
    this.map.on('styledata', () => this.sketchLayers?.sync());
    this.map.on('idle', () => {
      if (container.dataset.mapState !== 'context-lost') container.dataset.mapState = 'idle';
    });
    this.watchContext();
    this.listenKeyboardPicking();
    this.map.on('movestart', () => (container.dataset.mapState = 'moving'));
    this.map.once('idle', () => performance.mark('planning-map:first-idle'));
    // the planning layers' chunk comes at once; the layers are drawn from drawEarly (the link's
    // state read beside the UI) or, failing that, once the UI has attached
    void this.planModule();
    // a base-map switch empties the style: our layers go back in (cheap checks when all is in place)
    for (const ev of ['styledata', 'sourcedata', 'idle'] as const) this.map.on(ev, () => this.ensurePlanInStyle());
    this.map.on('click', (e) => this.onMapClick(e.point));
    this.map.on('mousemove', (e) => this.onPointerMove(e.point, e.originalEvent?.target === this.map.getCanvas()));
    this.map.on('mouseout', () => {
      this.onPointerMove(null, false);
      this.overlay?.pointerLeft();
    });
    this.map.on('moveend', () => this.onMoveEndGroups());
    this.map.on('movestart', () => this.onPointerMove(null, false));
    if (isOnline(this.basemap)) this.watchBasemap(this.basemap);
    if (custom) this.setBasemap('custom');
  }

  /** Called once by the UI: catalog, initial layer state, attribution and event handlers. */
  attach(a: EngineAttach) {
    performance.mark('planning-map:attach');
    this.setLayerState(a.catalog, a.visible, a.opacity);
    this.events = a.events;
    this.isAttached = true;
    this.setAttribution(a.customAttribution);
    this.attached();
    for (const [kind, detail, info] of this.missedNotices.splice(0)) this.notice(kind, detail, info);
    void this.startPlanning();
  }

  /** true once the UI has attached (clicks and hovers select nothing before: there is no panel to show it) */
  private isAttached = false;

  /**
   * Before the UI has mounted: start drawing the planning layers its state will hold (read from the
   * link by src/state/earlyDraw.ts, with the same codec), so MapLibre tiles them with the base map
   * and compiles their programs while tiles still arrive. attach() then hands over the same state:
   * the layers already in place are not sent again. Ignored once the UI has attached.
   */
  drawEarly(e: { catalog: Catalog; visible: Iterable<string>; opacity: Map<string, number>; stop: StopView; lang: 'zh' | 'en' }) {
    if (this.isAttached) return;
    performance.mark('planning-map:early-draw');
    this.setLayerState(e.catalog, e.visible, e.opacity);
    this.setLanguage(e.lang);
    this.setStop(e.stop);
    void this.startPlanning();
  }

  private setLayerState(catalog: Catalog, visible: Iterable<string>, opacity: Map<string, number>) {
    this.layers = catalog.groups.flatMap((g) => g.layers);
    this.layerById = new Map(this.layers.map((l) => [l.id, l]));
    this.visible = new Set(visible);
    this.opacity = new Map(opacity);
    // the shown layers' data downloads while the base map draws
    for (const l of this.layers) if (this.visible.has(l.id)) void loadData(l.data).catch(() => undefined);
  }

  private missedNotices: [NoticeKind, string, NoticeInfo | undefined][] = [];
  /** Notices raised before the UI attached are replayed to it. */
  private notice(kind: NoticeKind, detail: string, info?: NoticeInfo) {
    if (this.events.onNotice) this.events.onNotice(kind, detail, info);
    else this.missedNotices.push([kind, detail, info]);
  }

  // ---- keyboard: the features under the centre -----------------------------------------------

  private keyPick: KeyboardPick | null = null;

  /**
   * Keyboard users select features too: with the map focused, the arrow keys pan (MapLibre's own
   * handler), N / Shift+N step through the features under the centre of the free area, and Enter
   * inspects the one reached — what a click does for a pointer.
   */
  private listenKeyboardPicking() {
    const canvas = this.map.getCanvas();
    const focused = () => document.activeElement === canvas;
    const update = () => {
      if (!focused()) return;
      const point = this.freeCentre();
      const hits = this.hitsAt(point);
      const prev = this.keyPick?.hits[this.keyPick.index]?.feature;
      const kept = prev ? hits.findIndex((h) => h.feature === prev) : -1;
      this.keyPick = { point, hits, index: Math.max(0, kept) };
      this.events.onKeyboardPick?.(this.keyPick);
    };
    canvas.addEventListener('pointerdown', () => (this.drawEndedThisGesture = false), { capture: true });
    canvas.addEventListener('focus', update);
    canvas.addEventListener('blur', () => {
      this.keyPick = null;
      this.events.onKeyboardPick?.(null);
    });
    this.map.on('moveend', update);
    canvas.addEventListener('keydown', (e) => {
      if (this.presenting || e.ctrlKey || e.metaKey || e.altKey || this.drawing?.active || this.picking) return;
      const pick = this.keyPick;
      if (!pick) return;
      if (e.key === 'n' || e.key === 'N') {
        e.preventDefault();
        if (!pick.hits.length) return;
        const step = e.shiftKey ? -1 : 1;
        this.keyPick = { ...pick, index: (pick.index + step + pick.hits.length) % pick.hits.length };
        this.events.onKeyboardPick?.(this.keyPick);
      } else if (e.key === 'Enter' && pick.hits.length) {
        e.preventDefault();
        const hit = pick.hits[pick.index];
        if (groupCount(hit.feature)) {
          const bounds = hit.feature.properties?.bounds as Bounds | undefined;
          if (bounds) this.frameBounds(bounds, { maxZoom: 13, minZoom: this.map.getZoom() + 1 });
          return;
        }
        this.setSelection({ ...hit, alsoHere: pick.hits.filter((h) => h !== hit && !groupCount(h.feature)) }, true);
      }
    });
  }

  /** The centre of the part of the map the overlays leave free (map CSS px). */
  private freeCentre(): { x: number; y: number } {
    const vp = this.getViewport();
    const r = this.reservedArea();
    return { x: (r.left + vp.width - r.right) / 2, y: (r.top + vp.height - r.bottom) / 2 };
  }

  /** Features at a point of the map: the user's layers (drawn on top) first, then the plan's. */
  private hitsAt(point: { x: number; y: number }, radius = 6): { layer: Layer; feature: Feature }[] {
    return [...this.userHits(point), ...this.planHitsAt(point, radius)];
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
  private gl = () => this.map.getCanvas().getContext('webgl2');
  /**
   * A GPU reset, a driver update or a laptop waking up takes the WebGL context away. MapLibre
   * rebuilds its own layers when the context comes back, but deck.gl's resources died with it:
   * drop the overlay on loss and build a fresh one on restore. If the browser does not give the
   * context back within a few seconds, say so (the UI offers a reload).
   */
  private watchContext() {
    this.map.on('webglcontextlost', () => {
      this.container.dataset.mapState = 'context-lost';
      this.container.dataset.overlay = 'pending';
      try {
        this.overlay?.destroy();
      } catch {
        /* its GPU objects are gone already */
      }
      this.overlay = undefined;
      stripLuma(this.gl());
      this.notice('context-lost', '');
      clearTimeout(this.contextTimer);
      this.contextTimer = setTimeout(() => this.notice('context-lost', 'not-restored'), CONTEXT_RESTORE_WAIT_MS);
    });
    this.map.on('webglcontextrestored', () => {
      clearTimeout(this.contextTimer);
      this.container.dataset.mapState = 'loading';
      this.notice('context-restored', '');
      // MapLibre rebuilds its own layers (the planning polygons and lines among them); deck.gl's are rebuilt here
      this.map.once('idle', () =>
        void this.whenAttached.then(async () => {
          await this.applyDrawn();
          await this.deckReady;
          this.map.once('idle', () => (this.container.dataset.overlay = 'drawn'));
          this.map.triggerRepaint();
        }),
      );
    });
  }

  // ---- planning layers ----------------------------------------------------------------------

  private planChunk?: Promise<typeof import('./planLayers')>;
  private plan?: typeof import('./planLayers');
  private planModule() {
    return (this.planChunk ??= import('./planLayers').then((m) => (this.plan = m)));
  }
  private overlayChunk?: Promise<typeof import('./overlay')>;
  private overlayModule() {
    return (this.overlayChunk ??= import('./overlay'));
  }
  /** the catalog layers drawn now, in catalog order (MapLibre's polygons and lines, deck's markers) */
  private drawn: DrawnLayer[] = [];
  /** layers got ready but not shown (a talk's next scenes: see prepare) */
  private prepared: DrawnLayer[] = [];

  /** What the renderers hold: the drawn layers and, not drawn, the prepared ones — in catalog order. */
  private planList(): { list: DrawnLayer[]; preparedIds: Set<string> } {
    const shown = new Set(this.drawn.map((d) => d.layer.id));
    const extra = this.prepared.filter((p) => !shown.has(p.layer.id));
    if (!extra.length) return { list: this.grouped(this.drawn), preparedIds: new Set() };
    const rank = new Map(this.layers.map((l, i) => [l.id, i]));
    const list = [...this.drawn, ...extra].sort((a, b) => rank.get(a.layer.id)! - rank.get(b.layer.id)!);
    return { list: this.grouped(list), preparedIds: new Set(extra.map((p) => p.layer.id)) };
  }

  /** the whole zoom overlapping markers are grouped at now (-1: none grouped yet) */
  private groupZoom = -1;
  /** where a camera move under way ends (see prepareFor) */
  private targetZoom: number | null = null;

  /** Layers as shown: the markers of layers that ask for it grouped where they would overlap (./markerGroups). */
  private grouped(list: DrawnLayer[]): DrawnLayer[] {
    // (no plan module yet: nothing is drawn yet either)
    if (!list.some((d) => d.layer.style.group) || !this.plan) return list;
    this.groupZoom = groupZoomOf(this.targetZoom ?? this.map.getZoom());
    return this.plan.withGroups(list, this.groupZoom, this.presenting ? this.presentScale : 1, this.selection?.feature, this.stop);
  }

  /** Group the markers again (the zoom bucket, the selection, the stop or the symbol scale changed). */
  private regroup() {
    if (this.drawn.some((d) => d.layer.style.group) || this.prepared.some((d) => d.layer.style.group)) void this.applyDrawn();
  }

  /**
   * A camera move to `zoom` has just started: markers are grouped for where it ends now, so
   * arriving costs no rebuild and no extra frame (a scene switch on a slow projector PC).
   */
  private prepareFor(zoom: number) {
    this.targetZoom = zoom;
    if (groupZoomOf(zoom) !== this.groupZoom) this.regroup();
  }

  private onMoveEndGroups() {
    this.targetZoom = null;
    if (this.groupZoom !== -1 && groupZoomOf(this.map.getZoom()) !== this.groupZoom) this.regroup();
  }

  /**
   * Get catalog layers ready to be shown, without showing them (a talk rehearses its next scene
   * while the current one is on screen): their data loaded and tiled, their GPU programs compiled
   * and buffers filled, one frame drawn and finished. Showing them later costs a paint change.
   * Kept until `unprepare()`.
   */
  async prepare(ids: readonly string[]): Promise<void> {
    await this.whenAttached;
    const want = this.layers.filter((l) => ids.includes(l.id) && !this.prepared.some((p) => p.layer.id === l.id));
    const loaded = await Promise.all(
      want.map((layer) =>
        loadData(layer.data).then(
          (data) => ({ layer, data: this.shownData(layer.id, data), opacity: this.opacity.get(layer.id) ?? layer.opacity }),
          () => null,
        ),
      ),
    );
    const add = loaded.filter((d) => d !== null);
    if (!add.length) return;
    this.prepared = [...this.prepared, ...add];
    await this.applyDrawn();
    await this.deckReady;
    await new Promise<void>((r) => {
      this.map.once('render', () => r());
      this.map.triggerRepaint();
    });
    this.finishDrawing();
  }

  /** Forget prepared layers (hidden again: nothing drawn for them). */
  unprepare() {
    if (!this.prepared.length) return;
    this.prepared = [];
    void this.applyDrawn();
  }

  private planningStarted = false;
  /**
   * The first planning layers (drawEarly's, or the UI's), then — once the UI has attached and its
   * layers are handed over — "drawn" (data-overlay) when they are on screen.
   */
  private async startPlanning() {
    if (this.planningStarted) return;
    this.planningStarted = true;
    try {
      await this.planModule();
      await this.refreshLayers();
      performance.mark('planning-map:overlay-layers-set');
      if (!this.isAttached) {
        // drawn early: "drawn" means the UI's state is drawn (the same layers: nothing changes in the style)
        await this.whenAttached;
        await this.refreshLayers();
      }
      await this.deckReady;
      // the frame that draws them: MapLibre is idle once their sources are tiled and drawn
      await new Promise<void>((r) => {
        const done = () => (this.map.loaded() && this.planInPlace() ? r() : this.map.once('idle', done));
        this.map.once('render', done);
        this.map.triggerRepaint();
      });
      performance.mark('planning-map:overlays-drawn');
      this.container.dataset.overlay = 'drawn';
      this.overlayStarted.resolve();
      this.events.onOverlayReady?.();
    } catch (e) {
      this.overlayStarted.reject(e);
      this.container.dataset.overlay = 'failed';
      this.notice('overlay-failed', String((e as Error)?.message ?? e));
    }
    this.overlayDone();
  }

  /** settles when deck.gl has drawn what was last handed to it (at once when nothing needs deck) */
  private deckReady: Promise<void> = Promise.resolve();

  /** Hand the drawn layers to MapLibre (polygons, lines, labels, the selection) and, where needed, to deck.gl. */
  private async applyDrawn() {
    const plan = this.plan ?? (await this.planModule());
    // before the style is in (a base map still loading its style), at its next event
    while (!this.syncPlan()) await new Promise((r) => this.map.once('styledata', r));
    if (!this.overlay && !this.planList().list.some((d) => plan.needsDeck(d.layer))) return;
    const overlay = await this.deckOverlay();
    if (!overlay) return;
    const { list, preparedIds } = this.planList(); // as they are now: they may have changed while deck.gl loaded
    overlay.setLayers(list, preparedIds);
    this.deckReady = overlay.whenDrawn();
  }

  /** MapLibre's part, now if the style can take it (false: not yet). */
  private syncPlan(): boolean {
    const plan = this.plan;
    if (!plan) return false;
    const k = this.presenting ? this.presentScale : 1;
    const { list, preparedIds } = this.planList();
    // MapLibre fires "styledata" inside addImage/addSource: ensurePlanInStyle must not start a sync within this one
    this.syncing = true;
    try {
      if (!plan.syncPlanLayers(this.map, list, { symbolScale: k, prepared: preparedIds, stop: this.stop })) return false;
      plan.syncLabels(this.map, this.grouped(this.drawn), this.stop);
      plan.syncSelection(this.map, this.selection?.feature ?? null);
      plan.syncHighlight(this.map, this.highlighted, k);
    } finally {
      this.syncing = false;
    }
    // deck's layers keep their places among MapLibre's
    this.overlay?.render();
    return true;
  }
  /** true while syncPlan runs (see there) */
  private syncing = false;

  /** True when the drawn layers' MapLibre parts, labels and the selection's mark are all in the style. */
  private planInPlace(): boolean {
    const plan = this.plan;
    return !plan || (plan.planLayersInPlace(this.map, this.drawn) && plan.selectionInPlace(this.map) && plan.highlightInPlace(this.map) && plan.labelsInPlace(this.map, this.grouped(this.drawn)));
  }

  private ensurePlanInStyle() {
    if (this.syncing || !this.plan || (!this.drawn.length && !this.selection && !this.highlighted.length)) return;
    if (!this.map.getLayer(OVERLAY_ANCHOR)) return;
    if (!this.planInPlace()) this.syncPlan();
  }

  /** deck.gl, started on first need (its chunk is large and its start costs shader compiles). */
  private deckStart?: Promise<PlanningOverlay | undefined>;
  private deckOverlay(): Promise<PlanningOverlay | undefined> {
    if (this.overlay) return Promise.resolve(this.overlay);
    return (this.deckStart ??= (async () => {
      const { PlanningOverlay } = await this.overlayModule();
      performance.mark('planning-map:overlay-module');
      this.overlay = new PlanningOverlay(this.map, {
        onHover: (hit) => this.setHover('deck', hit),
        beforeIdOf: (id) => this.plan?.beforeIdFor(this.map, this.drawn, id) ?? OVERLAY_ANCHOR,
        cursor: (hovering, dragging) => this.cursor(hovering, dragging),
      });
      if (this.presenting) this.overlay.setSymbolScale(this.presentScale);
      this.overlay.setStop(this.stop);
      if (this.container.dataset.drawing && this.container.dataset.drawing !== 'off') this.overlay.setInteractive(false);
      this.deckStart = undefined;
      return this.overlay;
    })().catch((e) => {
      this.deckStart = undefined;
      this.notice('overlay-failed', String((e as Error)?.message ?? e));
      return undefined;
    }));
  }

  // ---- picking and hovering -------------------------------------------------------------

  /** false while the user draws, edits or picks a point: plan layers do not react to the pointer */
  private interactive = true;
  /**
   * A drawing just ended on a pointer-up (the click that closes a polygon, places a point): the map's
   * own click for that same gesture comes after it and must not pick the plan feature underneath (it
   * took the cursor from the new sketch's name field). The next press on the map clears it.
   */
  private drawEndedThisGesture = false;
  private hovered: { deck: HoverHit | null; plan: HoverHit | null } = { deck: null, plan: null };

  /** Every feature under a click, top first (imported layers above the plan's, markers above polygons where the catalog says so). */
  private onMapClick(point: { x: number; y: number }) {
    if (!this.isAttached || !this.interactive || this.drawing?.active || this.picking) return;
    if (this.drawEndedThisGesture) {
      this.drawEndedThisGesture = false;
      return;
    }
    const sketch = this.sketchLayers?.idsAt(point, SKETCH_KINDS)[0];
    if (sketch && this.toolEvents.onSketchClick) {
      this.toolEvents.onSketchClick(sketch);
      return;
    }
    // a group of points of a large imported layer: zoom in until it splits
    const group = this.userMod?.groupAt(this.map, [...this.userLayers.values()], point);
    if (group) {
      void group.zoom.then((zoom) => this.easeToCamera({ center: group.center, zoom: Math.max(zoom, this.map.getZoom() + 1), bearing: this.map.getBearing() }), () => undefined);
      return;
    }
    // user layers are drawn above the planning layers: their hits come first
    const found = [...this.userHits(point), ...this.planHitsAt(point)];
    // a numbered marker (overlapping markers grouped): zoom in until they stand apart
    const bounds = groupCount(found[0]?.feature) ? (found[0].feature.properties?.bounds as Bounds | undefined) : undefined;
    if (bounds) {
      this.frameBounds(bounds, { maxZoom: 13, minZoom: this.map.getZoom() + 1 });
      return;
    }
    const alsoHere = found.slice(1).filter((h) => !groupCount(h.feature));
    this.setSelection(found.length ? { ...found[0], alsoHere } : null, true);
  }

  /** Planning features under a point: deck's markers and MapLibre's polygons and lines, merged in drawing order (top first). */
  private planHitsAt(point: { x: number; y: number }, radius = 3): { layer: Layer; feature: Feature }[] {
    const rank = new Map(this.drawn.map((d, i) => [d.layer.id, i]));
    const deck = (this.overlay?.pick(point, radius) ?? []).map((h, i) => ({ ...h, i }));
    const native = (this.plan?.planHits(this.map, this.drawn, point, radius) ?? []).map((h, i) => ({ ...h, i: i + deck.length }));
    return [...deck, ...native]
      .sort((a, b) => (rank.get(b.layerId) ?? -1) - (rank.get(a.layerId) ?? -1) || a.i - b.i)
      .flatMap((h) => {
        const layer = this.layerById.get(h.layerId);
        return layer ? [{ layer, feature: h.feature }] : [];
      });
  }

  private hoverFrame = 0;
  /** A pointer move over the map (null: it left, or the map started moving): what is under it, at most once a frame. */
  private onPointerMove(point: { x: number; y: number } | null, overCanvas: boolean) {
    cancelAnimationFrame(this.hoverFrame);
    // over a panel or the legend lying on the map (MapLibre listens on the document), nothing is hovered
    if (!point || !overCanvas || !this.interactive || !this.isAttached || this.map.isMoving()) {
      this.setHover('plan', null);
      return;
    }
    this.hoverFrame = requestAnimationFrame(() => {
      const top = this.plan?.planHits(this.map, this.drawn, point)[0];
      this.setHover('plan', top ? { layerId: top.layerId, feature: top.feature, x: point.x, y: point.y } : null);
    });
  }

  private setHover(from: 'deck' | 'plan', hit: HoverHit | null) {
    const before = this.hovered[from];
    if (before?.feature === hit?.feature && before?.layerId === hit?.layerId && (!hit || (before?.x === hit.x && before?.y === hit.y))) return;
    this.hovered[from] = hit;
    if (from === 'plan' && this.plan) {
      const d = hit && this.drawn.find((x) => x.layer.id === hit.layerId);
      this.plan.setPlanHover(this.map, hit && d ? { layerId: hit.layerId, feature: hit.feature, data: d.data } : null);
    }
    const shown = this.hovered.deck ?? this.hovered.plan;
    const layer = shown && this.layerById.get(shown.layerId);
    this.events.onHover?.(shown && layer ? { layer, feature: shown.feature, x: shown.x, y: shown.y } : null);
    if (from === 'plan') this.map.getCanvas().style.cursor = this.cursor(Boolean(this.hovered.deck), false);
  }

  /** The map's cursor: a crosshair while drawing, a hand over something to click, else MapLibre's own. */
  private cursor(deckHovering: boolean, dragging: boolean): string {
    if (!this.interactive) return 'crosshair';
    if (dragging) return 'grabbing';
    return deckHovering || this.hovered.plan ? 'pointer' : '';
  }

  private refreshLayers(): Promise<void> {
    const p = this.loadAndSetLayers();
    this.refreshing = p;
    return p;
  }

  private async loadAndSetLayers() {
    const gen = ++this.generation;
    const wanted = this.layers.filter((l) => this.visible.has(l.id));
    const loaded = await Promise.all(
      wanted.map((layer) =>
        loadData(layer.data).then(
          (data) => ({ layer, data: this.shownData(layer.id, data), opacity: this.opacity.get(layer.id) ?? layer.opacity }),
          (e: Error) => {
            this.notice('data-failed', e.message);
            return null;
          },
        ),
      ),
    );
    if (gen !== this.generation) return; // a newer request won
    this.drawn = loaded.filter((d) => d !== null);
    // a hovered feature of a layer now hidden is hovered no more
    if (this.hovered.plan && !this.drawn.some((d) => d.layer.id === this.hovered.plan!.layerId)) this.setHover('plan', null);
    const shown = this.applyDrawn();
    this.container.dataset.layers = this.drawn.map((d) => d.layer.id).join(',');
    await shown;
  }

  /** per layer, named filters (e.g. "inventory", "elements"); a feature shows if all pass */
  private filters = new Map<string, Map<string, (f: Feature) => boolean>>();
  private extras = new Map<string, Feature[]>();

  /**
   * The features drawn for a layer: its file, plus features added at run time, minus the filter.
   * Kept until the filter or the additions change, so an opacity drag or another layer's toggle
   * hands deck.gl the same object (no re-tessellation, no new outline simplification).
   */
  private shown = new Map<string, { source: FeatureCollection; result: FeatureCollection }>();
  private shownData(id: string, data: FeatureCollection): FeatureCollection {
    const cached = this.shown.get(id);
    if (cached?.source === data) return cached.result;
    const extra = this.extras.get(id) ?? [];
    const preds = [...(this.filters.get(id)?.values() ?? [])];
    let result = data;
    if (extra.length || preds.length) {
      const all = extra.length ? [...data.features, ...extra] : data.features;
      result = { type: 'FeatureCollection', features: preds.length ? all.filter((f) => preds.every((p) => p(f))) : all };
    }
    this.shown.set(id, { source: data, result });
    return result;
  }

  /** Show only the features of a layer that pass `keep` (null: remove that filter). */
  setLayerFilter(id: string, keep: ((f: Feature) => boolean) | null, name = 'default') {
    const byName = this.filters.get(id) ?? new Map<string, (f: Feature) => boolean>();
    if (keep) byName.set(name, keep);
    else byName.delete(name);
    this.filters.set(id, byName);
    this.shown.delete(id);
    void this.refreshLayers();
  }

  /** Features added to a layer at run time (e.g. an imported inventory). */
  setExtraFeatures(id: string, features: Feature[]) {
    this.extras.set(id, features);
    this.shown.delete(id);
    void this.refreshLayers();
  }

  /**
   * All features of a layer as drawn (file + run-time additions, filters and the stop applied; a
   * user layer's features). Asked before the UI has attached (a panel's first effect), it waits for
   * the catalog and the filters rather than answer "nothing" (the public legend listed no markers that way).
   */
  async layerFeatures(id: string, { filtered = true, stop }: { filtered?: boolean; stop?: StopView } = {}): Promise<Feature[]> {
    await this.whenAttached;
    const user = this.userLayers.get(id);
    if (user) return user.data.features;
    const layer = this.layerById.get(id);
    if (!layer) return [];
    const data = await loadData(layer.data);
    if (!filtered) return [...data.features, ...(this.extras.get(id) ?? [])];
    const shown = this.shownData(id, data).features;
    // at an earlier stop, features due later are not drawn (unless drawn as planned); `stop`: as at another stop (compare's other side)
    const at = stop ?? this.stop;
    return showsEverything(at) || at.later === 'planned' ? shown : shown.filter((f) => dueBy(f.properties, at.t));
  }

  /** Show exactly these layers (one redraw, e.g. for a pasted URL). */
  setVisibleLayers(ids: readonly string[]) {
    this.visible = new Set(ids.filter((id) => this.layerById.has(id)));
    void this.refreshLayers();
  }

  setLayerVisible(id: string, on: boolean) {
    if (!this.layerById.has(id)) return;
    if (on) this.visible.add(id);
    else this.visible.delete(id);
    void this.refreshLayers();
  }

  setLayerOpacity(id: string, value: number) {
    this.opacity.set(id, Math.max(0, Math.min(1, value)));
    void this.refreshLayers();
  }

  // ---- the plan period -----------------------------------------------------------------------

  private stop: StopView = ALL_STOPS_VIEW;
  /** Show the plan at a stop: features due later are hidden or drawn as planned (filtered on the GPU). */
  setStop(stop: StopView) {
    this.stop = { t: stop.t, later: stop.later };
    this.container.dataset.stop = String(stop.t);
    this.overlay?.setStop(this.stop);
    this.syncPlan();
    this.regroup();
  }

  getStop(): StopView {
    return this.stop;
  }

  // ---- map sheets -------------------------------------------------------------------------

  /**
   * Draws what the map shows now (base map, planning layers, labels, selection) off screen at
   * the requested size, camera and pixel ratio, for a map sheet; the on-screen map is untouched.
   * `offline`: use the offline base map instead (when an online one cannot be reached).
   * Rejects with a SnapshotError ('too-large', 'webgl', 'timeout', 'basemap-failed').
   */
  async capture(req: SnapshotRequest, opts: { offline?: boolean } = {}): Promise<HTMLCanvasElement> {
    const [{ captureMap }] = await Promise.all([import('./snapshot'), this.overlayReady]);
    const basemap = opts.offline ? 'offline' : this.basemap;
    const online = isOnline(basemap);
    return captureMap(
      {
        style: opts.offline ? this.styleFor('offline') : this.map.getStyle(),
        drawn: this.drawn,
        selected: this.selection?.feature ?? null,
        highlighted: this.highlighted,
        stop: this.stop,
        // our region outline, planning layers and labels, and user layers ride on every style; the rest is the base map
        ownSources: (id) => !online || id === 'region' || id.startsWith('planning-label-') || id.startsWith('user-') || id.startsWith('cat-'),
        gl: this.liveGl(),
        labels: (await this.planModule()).designedLabelsOf(this.map),
      },
      req,
    );
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
    return this.overlayReady;
  }

  /** The largest side (device px) an off-screen capture can have on this GPU (0: no WebGL2). */
  async captureLimit(): Promise<number> {
    const { gpuMaxSide } = await import('./snapshot');
    return gpuMaxSide(this.liveGl());
  }

  /** the on-screen map's WebGL2 context (the same object MapLibre draws with), if it is one */
  private liveGl(): WebGL2RenderingContext | null {
    const gl = this.map.getCanvas().getContext('webgl2');
    return gl instanceof WebGL2RenderingContext ? gl : null;
  }

  // ---- user layers (我的数据) ----------------------------------------------------------------
  // Drawn by MapLibre itself (GeoJSON sources tiled in its worker), not deck.gl: 100 000 points or
  // 20 000 polygons stay pannable under software WebGL. Re-added after every base-map switch.

  private userLayers = new Map<string, UserLayerSpec>();
  /** ./userLayers, loaded with the first user layers (it stays out of the first-paint chunk) */
  private userMod?: typeof import('./userLayers');
  private userSeq = 0;
  /** layers whose data is still going to MapLibre's worker (a large import goes in parts), and how far */
  private userDrawing = new Map<string, number>();
  private userDrawingListeners = new Set<(drawing: ReadonlyMap<string, number>) => void>();

  /**
   * Called now and whenever a user layer's data goes to MapLibre's worker in parts (a large import):
   * `drawing` maps the layer id (`user-<id>`) to the share sent so far; a layer drawn in full is not in it.
   * `#map[data-user-layers]` says `drawing` meanwhile, `drawn` otherwise.
   */
  onUserLayerDrawing(fn: (drawing: ReadonlyMap<string, number>) => void): () => void {
    this.userDrawingListeners.add(fn);
    fn(this.userDrawing);
    return () => this.userDrawingListeners.delete(fn);
  }

  private userDrawProgress(id: string, fraction: number | null) {
    const next = new Map(this.userDrawing);
    if (fraction === null) next.delete(id);
    else next.set(id, fraction);
    this.userDrawing = next;
    this.container.dataset.userLayers = next.size ? 'drawing' : 'drawn';
    for (const fn of this.userDrawingListeners) fn(next);
  }

  /** Show exactly these user layers (id `user-<id>`), in order (last on top). */
  async setUserLayers(specs: UserLayerSpec[]) {
    this.userLayers = new Map(specs.map((s) => [s.layer.id, s]));
    const seq = ++this.userSeq;
    if (!this.userMod) {
      const mod = await import('./userLayers');
      if (!this.userMod) {
        this.userMod = mod;
        mod.onDrawProgress(this.map, (id, f) => this.userDrawProgress(id, f));
        // a new base style has none of our sources: put them back once it has loaded
        this.map.on('style.load', () => mod.syncUserLayers(this.map, [...this.userLayers.values()]));
      }
      if (seq !== this.userSeq) return;
    }
    const { syncUserLayers } = this.userMod;
    if (this.map.isStyleLoaded() || this.map.getLayer(OVERLAY_ANCHOR)) syncUserLayers(this.map, specs);
    else this.map.once('load', () => syncUserLayers(this.map, [...this.userLayers.values()]));
    const sel = this.selection;
    if (sel && sel.layer.id.startsWith('user-') && !this.userLayers.has(sel.layer.id)) this.setSelection(null);
  }

  /** The user layers the engine draws (their catalog-like descriptions), in drawing order. */
  userLayerList(): Layer[] {
    return [...this.userLayers.values()].map((s) => s.layer);
  }

  /** Features of visible user layers under a click (3 px tolerance), top first. */
  private userHits(point: { x: number; y: number }): { layer: Layer; feature: Feature }[] {
    const mod = this.userMod;
    if (!mod) return [];
    const layers = mod.userStyleLayerIds(this.map, [...this.userLayers.values()].filter((s) => s.visible));
    if (!layers.length) return [];
    const r = 3;
    const rendered = this.map.queryRenderedFeatures([[point.x - r, point.y - r], [point.x + r, point.y + r]], { layers });
    const seen = new Set<string>();
    const out: { layer: Layer; feature: Feature }[] = [];
    for (const rf of rendered) {
      const id = mod.userLayerIdOf(rf.layer.id);
      const spec = id ? this.userLayers.get(id) : undefined;
      const feature = spec?.data.features[Number(rf.id)];
      const key = `${id}/${rf.id}`;
      if (!spec || !feature || seen.has(key)) continue;
      seen.add(key);
      out.push({ layer: userLayerFor(spec, feature), feature });
    }
    return out;
  }

  // ---- selection --------------------------------------------------------------------------

  private setSelection(sel: Selection | null, reveal = false) {
    this.selection = sel;
    this.plan?.syncSelection(this.map, sel?.feature ?? null);
    // the selected marker is never grouped
    this.regroup();
    this.events.onSelect?.(sel);
    // a feature picked on the map: once its panel is laid out, make sure the panel does not hide it
    if (sel && reveal) requestAnimationFrame(() => this.selection === sel && this.reveal(sel.feature));
  }

  /** Select a feature by catalog layer id and feature id; optionally fly to it. */
  async select(layerId: string, featureId: string, opts: { fly?: boolean; spanKm?: number } = {}): Promise<boolean> {
    if (this.holds.length) await Promise.allSettled(this.holds);
    const user = this.userLayers.get(layerId);
    if (user) {
      const feature = user.data.features[Number(featureId)];
      if (!/^\d+$/.test(featureId) || !feature) return false;
      this.setSelection({ layer: userLayerFor(user, feature), feature });
      if (opts.fly) this.flyAfterLayout(feature, opts.spanKm);
      return true;
    }
    const layer = this.layerById.get(layerId);
    if (!layer) return false;
    let feature: Feature | undefined;
    try {
      feature = (await findFeature(layer.data, featureId)) ?? this.extras.get(layerId)?.find((f) => String(f.properties?.id) === featureId);
    } catch (e) {
      this.notice('data-failed', String((e as Error).message));
      return false;
    }
    if (!feature) return false;
    this.setSelection({ layer, feature });
    // after the panel for it is laid out, so the frame leaves it free
    if (opts.fly) this.flyAfterLayout(feature, opts.spanKm);
    return true;
  }

  /**
   * Fly to a selected feature once its panel is laid out (next frame) and the bounds module is
   * loaded. Until the camera move has started, the container says `data-framing` > 0, so whoever
   * waits for the map to settle (a story, a scene) also waits for a flight that is decided but not
   * yet begun — on a slow machine the module load alone can outlast the map's next idle.
   */
  private flyAfterLayout(feature: Feature, spanKm?: number) {
    const done = this.beginFraming();
    requestAnimationFrame(() => void this.flyTo(feature, { spanKm }).finally(done));
  }

  private framing = 0;
  private beginFraming(): () => void {
    this.container.dataset.framing = String(++this.framing);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.container.dataset.framing = String(--this.framing);
    };
  }

  clearSelection() {
    this.setSelection(null);
  }

  private highlighted: { feature: Feature; geometry: Layer['geometry'] }[] = [];
  /**
   * Highlight features of any layers together (a clause of the plan shown on the map); [] clears.
   * The map state says what is highlighted (src/state/textBinding.ts asks for it).
   */
  setHighlight(items: { feature: Feature; geometry: Layer['geometry'] }[]) {
    this.highlighted = items;
    this.plan?.syncHighlight(this.map, items, this.presenting ? this.presentScale : 1);
    this.map.triggerRepaint();
    this.container.dataset.highlight = String(items.length);
  }

  /** Frame features together in the part of the map the panels leave free (the same framing as a selection's). */
  frameFeatures(features: Feature[]) {
    void import('./bounds').then(({ unionBounds }) => {
      const b = unionBounds(features);
      if (b) this.frameBounds(b, { maxZoom: 11 });
    });
  }

  /** The selected feature as a reference (layer id + feature id), or null. */
  getSelectionRef(): { layer: string; id: string } | null {
    const s = this.selection;
    if (!s) return null;
    // a user layer's features are referred to by their index (their own properties may lack an id)
    return { layer: s.layer.id, id: String(this.userLayers.has(s.layer.id) ? s.feature.id : (s.feature.properties?.id ?? '')) };
  }

  private holds: Promise<unknown>[] = [];
  /** Features that arrive later (imports kept in IndexedDB): selections by id wait for them. */
  waitBeforeSelect(p: Promise<unknown>) {
    this.holds.push(p);
  }

  private reservedArea: (aspect?: number) => Padding = () => ({ top: 0, right: 0, bottom: 0, left: 0 });
  /**
   * The UI tells which part of the map its overlays cover (legend, tool bars, panels, the scale
   * bar and attribution), as the padding of the free area, measured when asked (src/state/reserved.ts).
   * `aspect`: the width/height of what is to be framed, so the free rectangle that shows it largest is chosen.
   */
  setReservedArea(measure: (aspect?: number) => Padding) {
    this.reservedArea = measure;
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
      this.prepareFor(cam.zoom);
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

  /** Frame a feature in the part of the map the panels leave free (`spanKm`: a point with that much of its surroundings). */
  flyTo(feature: Feature, opts: { spanKm?: number } = {}): Promise<void> {
    return this.withBounds(feature, (bounds) => this.frameBounds(bounds, { maxZoom: 11, ...opts }));
  }

  /** A feature's bounds, from a module loaded on first use (turf is not needed for the first paint). */
  private withBounds(feature: Feature, then: (bounds: [number, number, number, number]) => void): Promise<void> {
    return import('./bounds').then(({ featureBounds }) => {
      const b = featureBounds(feature);
      if (b) then([b[0][0], b[0][1], b[1][0], b[1][1]]);
    });
  }

  /**
   * After a click: when less than half of the feature's frame shows in the free area, move it
   * there (never zooming in; zooming out only as far as it takes to fit).
   */
  private reveal(feature: Feature) {
    const done = this.beginFraming();
    void this.withBounds(feature, (bounds) => this.selection?.feature === feature && this.revealBounds(bounds)).finally(done);
  }

  private revealBounds(bounds: [number, number, number, number]) {
    const vp = this.getViewport();
    const c = this.map.getCenter();
    const cam = { center: [c.lng, c.lat] as [number, number], zoom: this.map.getZoom(), bearing: this.map.getBearing() };
    const box = boundsOnScreen(bounds, cam, vp);
    const point = box.right - box.left < 1 && box.bottom - box.top < 1;
    const r = this.reservedArea(point ? undefined : (box.right - box.left) / Math.max(1, box.bottom - box.top));
    const free = { left: r.left, top: r.top, right: vp.width - r.right, bottom: vp.height - r.bottom };
    const area = (x0: number, y0: number, x1: number, y1: number) => Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
    const boxArea = Math.max(1, area(box.left, box.top, box.right, box.bottom));
    const shown = area(Math.max(box.left, free.left), Math.max(box.top, free.top), Math.min(box.right, free.right), Math.min(box.bottom, free.bottom));
    const inFree = point ? box.left >= free.left && box.left <= free.right && box.top >= free.top && box.top <= free.bottom : shown / boxArea >= 0.5;
    if (inFree) return;
    const z = this.map.getZoom();
    this.frameBounds(bounds, { pointZoom: z, maxZoom: z });
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
      this.prepareFor(cam.zoom);
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
    await this.overlaySettled;
    for (let p = this.refreshing; ; p = this.refreshing) {
      await p.catch(() => undefined);
      if (p === this.refreshing) break;
    }
    await this.deckReady;
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
    this.overlay?.setSymbolScale(on ? scale : 1);
    if (!on) this.unprepare();
    this.syncPlan();
    this.regroup();
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
    this.drawing?.suspend(); // terra-draw's layers must go before the style does
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
   * layers' chunk (not with the first paint): at once when it is loaded, else in call order once it is
   * — before any planning label is added (those are added by that chunk, after these calls).
   */
  private withLabels(fn: (m: typeof import('./planLayers')) => void) {
    if (this.plan) fn(this.plan);
    else void this.planModule().then(fn);
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

  // ---- sketches, drawing, point queries ---------------------------------------------------

  private sketchLayers?: SketchLayers;
  private sketchChunk?: Promise<SketchLayers>;
  private toolEvents: ToolEvents = {};
  private drawing?: Drawing;
  private picking: (() => void) | null = null;
  private pointQueries?: Promise<typeof import('./pointQuery')>;
  private stopPointQueries?: () => void;

  /** The second map of a compare (side B), which shows the sketches and answers the tools too; null: none. */
  private mirror: MapEngine | null = null;
  private mirroredSketches: Feature[] = [];

  /**
   * Compare's side B: it draws the same sketches and a right-click or long press on it asks "what
   * applies here" through this engine's tool events (the camera is kept in step by ./compareView).
   */
  setMirror(other: MapEngine | null) {
    const was = this.mirror;
    if (was && was !== other && this.pickEngines.includes(was)) {
      // a pick under way goes on on this map alone
      was.picking = null;
      was.setDrawingState('off');
      this.pickEngines = this.pickEngines.filter((e) => e !== was);
    }
    this.mirror = other;
    if (!other) return;
    other.setToolEvents({
      onPointQuery: (p) => this.toolEvents.onPointQuery?.(p),
      onSketchClick: (id) => this.toolEvents.onSketchClick?.(id),
    });
    other.setSketchFeatures(this.mirroredSketches);
  }

  /** The planner tools' events; right-click and long-press queries start listening here. */
  setToolEvents(events: ToolEvents) {
    this.toolEvents = events;
    if (events.onPointQuery && !this.stopPointQueries) {
      void this.pointQueryModule().then(({ listenForPointQueries }) => {
        this.stopPointQueries ??= listenForPointQueries(this.map, (p) => {
          if (!this.drawing?.active && !this.picking) this.toolEvents.onPointQuery?.(p);
        });
      });
    }
  }

  private pointQueryModule() {
    return (this.pointQueries ??= import('./pointQuery'));
  }

  /**
   * The next click on the map as [lon, lat] (null if cancelled): plan layers do not react to it.
   * Used by the "what applies here" button.
   */
  async pickPoint(): Promise<[number, number] | null> {
    this.cancelPick();
    this.stopDrawing();
    const { pickOnce } = await this.pointQueryModule();
    // with compare on, the click may land on the second map (side B of a swipe or split): it picks
    // too, and its own click (a selection) and hover stay off meanwhile, as on this map
    const engines: MapEngine[] = [this, ...(this.mirror ? [this.mirror] : [])];
    const picks = engines.map((e) => pickOnce(e.map));
    this.pickSide = 'a';
    const pick = {
      // which map was clicked: a report asked on side B reads side B's plan period (pickedSide);
      // the other map's pick ends with null (cancelled) and says nothing about the side
      point: Promise.race(picks.map((x, i) => x.point.then((pt) => (pt && (this.pickSide = i ? 'b' : 'a'), pt)))).then((pt) => (picks.forEach((x) => x.cancel()), pt)),
      cancel: () => picks.forEach((x) => x.cancel()),
    };
    for (const e of engines) {
      e.picking = pick.cancel;
      e.setDrawingState('picking');
    }
    this.pickEngines = engines;
    const p = await pick.point;
    if (this.picking === pick.cancel) this.endPick();
    return p;
  }

  /** The maps the pick under way listens on (this one, and compare's side B). */
  private pickEngines: MapEngine[] = [];
  private endPick() {
    for (const e of this.pickEngines) {
      e.picking = null;
      e.setDrawingState('off');
    }
    this.pickEngines = [];
  }

  private pickSide: 'a' | 'b' = 'a';
  /** The side of a comparison the last picked point was clicked on ('b': compare's second map). */
  pickedSide(): 'a' | 'b' {
    return this.pickSide;
  }

  cancelPick() {
    const cancel = this.picking;
    if (!cancel) return;
    this.endPick();
    cancel();
  }
  private drawingChunk?: Promise<typeof import('./drawing')>;

  /**
   * The user's sketches, the current measurement and a report's place, drawn on top of the map.
   * Properties: id, kind (point|line|polygon|rectangle|circle|measure|report), label, selected.
   */
  setSketchFeatures(features: Feature[]) {
    this.mirroredSketches = features;
    this.mirror?.setSketchFeatures(features);
    if (this.sketchLayers) {
      this.sketchLayers.set(features);
      return;
    }
    if (!features.length) return; // nothing to draw: the module can wait
    this.sketchChunk ??= import('./sketchLayers').then(({ SketchLayers }) => (this.sketchLayers = new SketchLayers(this.map)));
    void this.sketchChunk.then((layers) => layers.set(features));
  }

  /** What setSketchFeatures last drew (visible sketches, the measurement, a report's place). */
  sketchFeatures(): Feature[] {
    return this.sketchLayers?.features ?? [];
  }

  /** Draw new shapes with a tool until `stopDrawing()`; plan layers stop reacting to the pointer meanwhile. */
  async startDrawing(tool: DrawTool, handlers: DrawHandlers, opts: { measure?: boolean } = {}) {
    this.cancelPick();
    const drawing = await this.drawingTool();
    drawing.drawWith(tool, handlers, opts);
    this.setDrawingState('drawing');
  }

  /** Edit one shape (drag it or its vertices) until `stopDrawing()`. */
  async editShape(shape: DrawnShape, handlers: DrawHandlers) {
    this.cancelPick();
    const drawing = await this.drawingTool();
    drawing.edit(shape, handlers);
    this.setDrawingState('editing');
  }

  stopDrawing() {
    if (!this.drawing?.active) return;
    this.drawing.stop();
    this.setDrawingState('off');
  }

  private async drawingTool(): Promise<Drawing> {
    const { Drawing } = await (this.drawingChunk ??= import('./drawing'));
    return (this.drawing ??= new Drawing(this.map));
  }

  private setDrawingState(state: 'off' | 'drawing' | 'editing' | 'picking') {
    if (state === 'off' && this.container.dataset.drawing && this.container.dataset.drawing !== 'off') this.drawEndedThisGesture = true;
    this.container.dataset.drawing = state;
    this.interactive = state === 'off';
    this.overlay?.setInteractive(this.interactive);
    if (!this.interactive) {
      this.hovered.deck = null;
      this.setHover('plan', null);
      this.events.onHover?.(null);
    }
    this.map.getCanvas().style.cursor = this.cursor(false, false);
  }

  /** Screen position (map CSS px) of a lon/lat. */
  project(lonLat: [number, number]): { x: number; y: number } {
    const p = this.map.project(lonLat);
    return { x: p.x, y: p.y };
  }

  destroy() {
    this.stopMotionWatch?.();
    this.stopPointQueries?.();
    this.drawing?.stop();
    this.stopBasemapWatch();
    this.overlay?.destroy();
    this.map.remove();
  }
}
