/**
 * The planning half of the map engine — a chunk MapEngine loads at once beside the first paint,
 * not in it: the catalog's layers as drawn (their polygons, lines and labels are MapLibre layers
 * through ./planLayers; point markers and arrowheads go to deck.gl through ./overlay, loaded only
 * when a layer needs it), their filters and run-time additions, the plan period, the user's
 * imported layers (./userLayers), the selection and a clause's highlight, what is under a click,
 * the pointer or the keyboard's centre, map sheets (./snapshot), and the planner tools (./mapTools).
 *
 * MapEngine keeps the base map (creation, style, base-map switching, camera, controls, health) and
 * hands every call meant for this half over in call order (MapEngine.withPlanning); what this half
 * needs of the base map it asks through PlanningHost.
 */
import type { Map as MapLibreMap, StyleSpecification } from 'maplibre-gl';
import type { Feature, FeatureCollection } from 'geojson';
import type { Catalog, Layer } from '../catalog/types';
import type { PlanningOverlay, DrawnLayer } from './overlay';
import type { UserLayerSpec } from './userLayers';
import type { SnapshotRequest } from './snapshot';
import type { Bounds } from '../state/mapState';
import { boundsOnScreen, type Padding, type Viewport } from '../state/view';
import { uncoveredShare, type Rect } from '../state/reserved';
import type { EngineEvents, NoticeInfo, NoticeKind, Selection, KeyboardPick } from './MapEngine';
import type { BasemapId } from './basemaps';
import * as plan from './planLayers';
import * as labels from './labels';
import { isOnline, OVERLAY_ANCHOR } from './basemaps';
import { loadData, findFeature } from './dataStore';
import { stripLuma } from './contextLoss';
import { groupCount, groupZoomOf } from './groupIds';
import { ALL_STOPS_VIEW, dueBy, showsEverything, type StopView } from '../time/stops';
import { MapTools } from './mapTools';

/** What the planning half asks of the base map's engine (MapEngine). */
export interface PlanningHost {
  readonly map: MapLibreMap;
  readonly container: HTMLElement;
  /** the UI's event handlers ({} until it attaches) */
  events(): EngineEvents;
  /** a short message for the user (kept until the UI attaches) */
  notice(kind: NoticeKind, detail: string, info?: NoticeInfo): void;
  /** true once the UI has attached (clicks and hovers select nothing before: there is no panel to show it) */
  attached(): boolean;
  /** resolves when the UI attaches */
  readonly whenAttached: Promise<void>;
  /** presenting to a room (no keyboard picking then) */
  presenting(): boolean;
  /** the size factor of lines, points and labels now (> 1 while presenting) */
  symbolScale(): number;
  /** the framing function (MapEngine.frameBounds) */
  frameBounds(bounds: Bounds, opts?: { maxZoom?: number; minZoom?: number; pointZoom?: number; spanKm?: number }): void;
  /** ease (or jump, with reduced motion) to a camera */
  easeToCamera(cam: { center: [number, number]; zoom: number; bearing: number }): void;
  /** the padding of the part of the map the UI leaves free (see MapEngine.setReservedArea) */
  reservedArea(aspect?: number): Padding;
  /** the rectangles the UI's overlays cover, in the map's own pixels */
  covers(): Rect[];
  viewport(): Viewport;
  /** wait until the GPU has drawn what was asked (MapEngine.finishDrawing) */
  finishDrawing(): void;
  basemap(): BasemapId;
  /** the offline base map's style (a sheet falls back to it) */
  offlineStyle(): StyleSpecification;
}

/** a planning feature under the pointer (map container px) */
type HoverHit = { layerId: string; feature: Feature; x: number; y: number };

/** The catalog-like layer of a user layer, with the geometry of the given feature (for the highlight). */
function userLayerFor(spec: UserLayerSpec, feature: Feature): Layer {
  const t = feature.geometry?.type ?? '';
  const geometry = /Point/.test(t) ? 'point' : /LineString/.test(t) ? 'line' : 'polygon';
  return geometry === spec.layer.geometry ? spec.layer : { ...spec.layer, geometry };
}

export class PlanningEngine {
  /** the map labels' settings (language, size, projector): base map and planning labels alike */
  readonly labels = labels;
  readonly tools: MapTools;
  private readonly map: MapLibreMap;
  private readonly container: HTMLElement;
  private overlay?: PlanningOverlay;
  private layers: Layer[] = [];
  private layerById = new Map<string, Layer>();
  private visible = new Set<string>();
  private opacity = new Map<string, number>();
  private selection: Selection | null = null;
  private generation = 0;
  private overlayDone!: () => void;
  /** settles when the overlay has drawn for the first time (or failed) */
  private overlaySettled = new Promise<void>((r) => (this.overlayDone = r));
  /** the latest hand-over of layers to the overlay */
  private refreshing: Promise<void> = Promise.resolve();
  private overlayStarted!: { resolve: () => void; reject: (e: unknown) => void };
  /** resolves once the planning overlay has drawn (a sheet's capture needs its layers) */
  private overlayReady = new Promise<void>((resolve, reject) => (this.overlayStarted = { resolve, reject }));

  constructor(private host: PlanningHost) {
    this.map = host.map;
    this.container = host.container;
    this.overlayReady.catch(() => undefined); // the failure is reported as a notice
    this.tools = new MapTools(this.map, this.container, (on) => this.setInteractive(on));
    this.listenKeyboardPicking();
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
  }

  /** The catalog and which layers show, at what opacity (drawEarly's, then the UI's at attach). */
  setLayerState(catalog: Catalog, visible: Iterable<string>, opacity: Map<string, number>) {
    this.layers = catalog.groups.flatMap((g) => g.layers);
    this.layerById = new Map(this.layers.map((l) => [l.id, l]));
    this.visible = new Set(visible);
    this.opacity = new Map(opacity);
    // the shown layers' data downloads while the base map draws
    for (const l of this.layers) if (this.visible.has(l.id)) void loadData(l.data).catch(() => undefined);
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
      this.host.events().onKeyboardPick?.(this.keyPick);
    };
    canvas.addEventListener('focus', update);
    canvas.addEventListener('blur', () => {
      this.keyPick = null;
      this.host.events().onKeyboardPick?.(null);
    });
    this.map.on('moveend', update);
    canvas.addEventListener('keydown', (e) => {
      if (this.host.presenting() || e.ctrlKey || e.metaKey || e.altKey || this.tools.busy) return;
      const pick = this.keyPick;
      if (!pick) return;
      if (e.key === 'n' || e.key === 'N') {
        e.preventDefault();
        if (!pick.hits.length) return;
        const step = e.shiftKey ? -1 : 1;
        this.keyPick = { ...pick, index: (pick.index + step + pick.hits.length) % pick.hits.length };
        this.host.events().onKeyboardPick?.(this.keyPick);
      } else if (e.key === 'Enter' && pick.hits.length) {
        e.preventDefault();
        const hit = pick.hits[pick.index];
        if (groupCount(hit.feature)) {
          const bounds = hit.feature.properties?.bounds as Bounds | undefined;
          if (bounds) this.host.frameBounds(bounds, { maxZoom: 13, minZoom: this.map.getZoom() + 1 });
          return;
        }
        this.setSelection({ ...hit, alsoHere: pick.hits.filter((h) => h !== hit && !groupCount(h.feature)) }, 'click');
      }
    });
    // focused already (this chunk comes after the first paint)
    update();
  }

  /** The centre of the part of the map the overlays leave free (map CSS px). */
  private freeCentre(): { x: number; y: number } {
    const vp = this.host.viewport();
    const r = this.host.reservedArea();
    return { x: (r.left + vp.width - r.right) / 2, y: (r.top + vp.height - r.bottom) / 2 };
  }

  /** Features at a point of the map: the user's layers (drawn on top) first, then the plan's. */
  private hitsAt(point: { x: number; y: number }, radius = 6): { layer: Layer; feature: Feature }[] {
    return [...this.userHits(point), ...this.planHitsAt(point, radius)];
  }

  // ---- GPU context loss (MapEngine watches it) --------------------------------------------------

  /** deck.gl's resources died with the context: drop the overlay (a fresh one is built on restore). */
  contextLost() {
    try {
      this.overlay?.destroy();
    } catch {
      /* its GPU objects are gone already */
    }
    this.overlay = undefined;
    stripLuma(this.map.getCanvas().getContext('webgl2'));
  }

  /** The context is back and MapLibre has rebuilt its own layers: deck.gl's are rebuilt here. */
  async contextRestored() {
    await this.applyDrawn();
    await this.deckReady;
    this.map.once('idle', () => (this.container.dataset.overlay = 'drawn'));
    this.map.triggerRepaint();
  }

  // ---- planning layers ----------------------------------------------------------------------

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
    if (!list.some((d) => d.layer.style.group)) return list;
    this.groupZoom = groupZoomOf(this.targetZoom ?? this.map.getZoom());
    return plan.withGroups(list, this.groupZoom, this.host.symbolScale(), this.selection?.feature, this.stop);
  }

  /** Group the markers again (the zoom bucket, the selection, the stop or the symbol scale changed). */
  private regroup() {
    if (this.drawn.some((d) => d.layer.style.group) || this.prepared.some((d) => d.layer.style.group)) void this.applyDrawn();
  }

  /**
   * A camera move to `zoom` has just started: markers are grouped for where it ends now, so
   * arriving costs no rebuild and no extra frame (a scene switch on a slow projector PC).
   */
  prepareFor(zoom: number) {
    this.targetZoom = zoom;
    if (groupZoomOf(zoom) !== this.groupZoom) this.regroup();
  }

  private onMoveEndGroups() {
    this.targetZoom = null;
    if (this.groupZoom !== -1 && groupZoomOf(this.map.getZoom()) !== this.groupZoom) this.regroup();
  }

  /** See MapEngine.prepare. */
  async prepare(ids: readonly string[]): Promise<void> {
    await this.host.whenAttached;
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
    this.host.finishDrawing();
  }

  /** Forget prepared layers (hidden again: nothing drawn for them). */
  unprepare() {
    if (!this.prepared.length) return;
    this.prepared = [];
    void this.applyDrawn();
  }

  /** Presenting to a room, or not: markers' scale, prepared layers forgotten when the talk ends. */
  presentationChanged(on: boolean, scale: number) {
    this.overlay?.setSymbolScale(on ? scale : 1);
    if (!on) this.unprepare();
    this.syncPlan();
    this.regroup();
  }

  private planningStarted = false;
  /**
   * The first planning layers (drawEarly's, or the UI's), then — once the UI has attached and its
   * layers are handed over — "drawn" (data-overlay) when they are on screen.
   */
  async startPlanning() {
    if (this.planningStarted) return;
    this.planningStarted = true;
    try {
      await this.refreshLayers();
      performance.mark('planning-map:overlay-layers-set');
      if (!this.host.attached()) {
        // drawn early: "drawn" means the UI's state is drawn (the same layers: nothing changes in the style)
        await this.host.whenAttached;
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
      this.host.events().onOverlayReady?.();
    } catch (e) {
      this.overlayStarted.reject(e);
      this.container.dataset.overlay = 'failed';
      this.host.notice('overlay-failed', String((e as Error)?.message ?? e));
    }
    this.overlayDone();
  }

  /**
   * Resolves when the planning layers have drawn for the first time (or failed), the latest layers
   * were handed over and deck.gl has drawn them (MapEngine.settled then waits for the map's idle).
   */
  async handedOver(): Promise<void> {
    await this.overlaySettled;
    for (let p = this.refreshing; ; p = this.refreshing) {
      await p.catch(() => undefined);
      if (p === this.refreshing) break;
    }
    await this.deckReady;
  }

  /** settles when deck.gl has drawn what was last handed to it (at once when nothing needs deck) */
  private deckReady: Promise<void> = Promise.resolve();

  /** Hand the drawn layers to MapLibre (polygons, lines, labels, the selection) and, where needed, to deck.gl. */
  private async applyDrawn() {
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
    const k = this.host.symbolScale();
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
    return plan.planLayersInPlace(this.map, this.drawn) && plan.selectionInPlace(this.map) && plan.highlightInPlace(this.map) && plan.labelsInPlace(this.map, this.grouped(this.drawn));
  }

  private ensurePlanInStyle() {
    if (this.syncing || (!this.drawn.length && !this.selection && !this.highlighted.length)) return;
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
        beforeIdOf: (id) => plan.beforeIdFor(this.map, this.drawn, id),
        cursor: (hovering, dragging) => this.cursor(hovering, dragging),
      });
      if (this.host.presenting()) this.overlay.setSymbolScale(this.host.symbolScale());
      this.overlay.setStop(this.stop);
      if (!this.interactive) this.overlay.setInteractive(false);
      this.deckStart = undefined;
      return this.overlay;
    })().catch((e) => {
      this.deckStart = undefined;
      this.host.notice('overlay-failed', String((e as Error)?.message ?? e));
      return undefined;
    }));
  }

  // ---- picking and hovering -------------------------------------------------------------

  /** false while the user draws, edits or picks a point: plan layers do not react to the pointer */
  private interactive = true;
  private hovered: { deck: HoverHit | null; plan: HoverHit | null } = { deck: null, plan: null };

  private setInteractive(on: boolean) {
    this.interactive = on;
    this.overlay?.setInteractive(on);
    if (!on) {
      this.hovered.deck = null;
      this.setHover('plan', null);
      this.host.events().onHover?.(null);
    }
    this.map.getCanvas().style.cursor = this.cursor(false, false);
  }

  /** Every feature under a click, top first (imported layers above the plan's, markers above polygons where the catalog says so). */
  private onMapClick(point: { x: number; y: number }) {
    if (!this.host.attached() || !this.interactive || this.tools.busy) return;
    if (this.tools.takeDrawEnd()) return;
    if (this.tools.sketchClicked(point)) return;
    // a group of points of a large imported layer: zoom in until it splits
    const group = this.userMod?.groupAt(this.map, [...this.userLayers.values()], point);
    if (group) {
      void group.zoom.then((zoom) => this.host.easeToCamera({ center: group.center, zoom: Math.max(zoom, this.map.getZoom() + 1), bearing: this.map.getBearing() }), () => undefined);
      return;
    }
    // user layers are drawn above the planning layers: their hits come first
    const found = [...this.userHits(point), ...this.planHitsAt(point)];
    // a numbered marker (overlapping markers grouped): zoom in until they stand apart
    const bounds = groupCount(found[0]?.feature) ? (found[0].feature.properties?.bounds as Bounds | undefined) : undefined;
    if (bounds) {
      this.host.frameBounds(bounds, { maxZoom: 13, minZoom: this.map.getZoom() + 1 });
      return;
    }
    const alsoHere = found.slice(1).filter((h) => !groupCount(h.feature));
    this.setSelection(found.length ? { ...found[0], alsoHere } : null, 'click');
  }

  /** Planning features under a point: deck's markers and MapLibre's polygons and lines, merged in drawing order (top first). */
  private planHitsAt(point: { x: number; y: number }, radius = 3): { layer: Layer; feature: Feature }[] {
    const rank = new Map(this.drawn.map((d, i) => [d.layer.id, i]));
    const deck = (this.overlay?.pick(point, radius) ?? []).map((h, i) => ({ ...h, i }));
    const native = plan.planHits(this.map, this.drawn, point, radius).map((h, i) => ({ ...h, i: i + deck.length }));
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
    if (!point || !overCanvas || !this.interactive || !this.host.attached() || this.map.isMoving()) {
      this.setHover('plan', null);
      return;
    }
    this.hoverFrame = requestAnimationFrame(() => {
      const top = plan.planHits(this.map, this.drawn, point)[0];
      this.setHover('plan', top ? { layerId: top.layerId, feature: top.feature, x: point.x, y: point.y } : null);
    });
  }

  private setHover(from: 'deck' | 'plan', hit: HoverHit | null) {
    const before = this.hovered[from];
    if (before?.feature === hit?.feature && before?.layerId === hit?.layerId && (!hit || (before?.x === hit.x && before?.y === hit.y))) return;
    this.hovered[from] = hit;
    if (from === 'plan') {
      const d = hit && this.drawn.find((x) => x.layer.id === hit.layerId);
      plan.setPlanHover(this.map, hit && d ? { layerId: hit.layerId, feature: hit.feature, data: d.data } : null);
    }
    const shown = this.hovered.deck ?? this.hovered.plan;
    const layer = shown && this.layerById.get(shown.layerId);
    this.host.events().onHover?.(shown && layer ? { layer, feature: shown.feature, x: shown.x, y: shown.y } : null);
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
            this.host.notice('data-failed', e.message);
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

  /** See MapEngine.setLayerFilter. */
  setLayerFilter(id: string, keep: ((f: Feature) => boolean) | null, name: string) {
    const byName = this.filters.get(id) ?? new Map<string, (f: Feature) => boolean>();
    if (keep) byName.set(name, keep);
    else byName.delete(name);
    this.filters.set(id, byName);
    this.shown.delete(id);
    void this.refreshLayers();
  }

  /** See MapEngine.setExtraFeatures. */
  setExtraFeatures(id: string, features: Feature[]) {
    this.extras.set(id, features);
    this.shown.delete(id);
    void this.refreshLayers();
  }

  /** See MapEngine.layerFeatures. */
  async layerFeatures(id: string, { filtered = true, stop }: { filtered?: boolean; stop?: StopView } = {}): Promise<Feature[]> {
    await this.host.whenAttached;
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
    this.stop = stop;
    this.overlay?.setStop(this.stop);
    this.syncPlan();
    this.regroup();
  }

  // ---- map sheets -------------------------------------------------------------------------

  /** See MapEngine.capture. */
  async capture(req: SnapshotRequest, opts: { offline?: boolean } = {}): Promise<HTMLCanvasElement> {
    const [{ captureMap }] = await Promise.all([import('./snapshot'), this.overlayReady]);
    const basemap = opts.offline ? 'offline' : this.host.basemap();
    const online = isOnline(basemap);
    return captureMap(
      {
        style: opts.offline ? this.host.offlineStyle() : this.map.getStyle(),
        drawn: this.drawn,
        selected: this.selection?.feature ?? null,
        highlighted: this.highlighted,
        stop: this.stop,
        // our region outline, planning layers and labels, and user layers ride on every style; the rest is the base map
        ownSources: (id) => !online || id === 'region' || id.startsWith('planning-label-') || id.startsWith('user-') || id.startsWith('cat-'),
        gl: this.liveGl(),
        labels: labels.designedLabelsOf(this.map),
      },
      req,
    );
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
  /** ./userLayers, loaded with the first user layers */
  private userMod?: typeof import('./userLayers');
  private userSeq = 0;
  /** layers whose data is still going to MapLibre's worker (a large import goes in parts), and how far */
  private userDrawing = new Map<string, number>();
  private userDrawingListeners = new Set<(drawing: ReadonlyMap<string, number>) => void>();

  /** See MapEngine.onUserLayerDrawing. */
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

  /**
   * `reveal`: once its panel is laid out, move the feature out from under the panels — 'click' when
   * less than half of it is in the free area (it was just picked there), 'link' when less than half
   * of it shows at all (a link's frame is kept while the feature can be seen).
   */
  private setSelection(sel: Selection | null, reveal: false | 'click' | 'link' = false) {
    this.selection = sel;
    plan.syncSelection(this.map, sel?.feature ?? null);
    // the selected marker is never grouped
    this.regroup();
    this.host.events().onSelect?.(sel);
    // a feature picked on the map: once its panel is laid out, make sure the panel does not hide it
    if (sel && reveal) requestAnimationFrame(() => this.selection === sel && this.reveal(sel.feature, reveal));
  }

  /** See MapEngine.select. */
  async select(layerId: string, featureId: string, opts: { fly?: boolean; spanKm?: number; reveal?: boolean } = {}): Promise<boolean> {
    if (this.holds.length) await Promise.allSettled(this.holds);
    // `reveal`: keep the frame, but move the feature out from under the panels if they hide it
    const reveal = opts.reveal && !opts.fly ? 'link' : false;
    const user = this.userLayers.get(layerId);
    if (user) {
      const feature = user.data.features[Number(featureId)];
      if (!/^\d+$/.test(featureId) || !feature) return false;
      this.setSelection({ layer: userLayerFor(user, feature), feature }, reveal);
      if (opts.fly) this.flyAfterLayout(feature, opts.spanKm);
      return true;
    }
    const layer = this.layerById.get(layerId);
    if (!layer) return false;
    let feature: Feature | undefined;
    try {
      feature = (await findFeature(layer.data, featureId)) ?? this.extras.get(layerId)?.find((f) => String(f.properties?.id) === featureId);
    } catch (e) {
      this.host.notice('data-failed', String((e as Error).message));
      return false;
    }
    if (!feature) return false;
    this.setSelection({ layer, feature }, reveal);
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
  /** See MapEngine.setHighlight. */
  setHighlight(items: { feature: Feature; geometry: Layer['geometry'] }[]) {
    this.highlighted = items;
    plan.syncHighlight(this.map, items, this.host.symbolScale());
    this.map.triggerRepaint();
    this.container.dataset.highlight = String(items.length);
  }

  /** Frame features together in the part of the map the panels leave free (the same framing as a selection's). */
  frameFeatures(features: Feature[]) {
    void import('./bounds').then(({ unionBounds }) => {
      const b = unionBounds(features);
      if (b) this.host.frameBounds(b, { maxZoom: 11 });
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

  /** Frame a feature in the part of the map the panels leave free (`spanKm`: a point with that much of its surroundings). */
  flyTo(feature: Feature, opts: { spanKm?: number } = {}): Promise<void> {
    return this.withBounds(feature, (bounds) => this.host.frameBounds(bounds, { maxZoom: 11, ...opts }));
  }

  /** A feature's bounds, from a module loaded on first use (turf is not needed for the first paint). */
  private withBounds(feature: Feature, then: (bounds: [number, number, number, number]) => void): Promise<void> {
    return import('./bounds').then(({ featureBounds }) => {
      const b = featureBounds(feature);
      if (b) then([b[0][0], b[0][1], b[1][0], b[1][1]]);
    });
  }

  /**
   * After a click (or a link's selection, see setSelection): when the feature is hidden, move it
   * into the free area (never zooming in; zooming out only as far as it takes to fit).
   */
  private reveal(feature: Feature, why: 'click' | 'link') {
    const done = this.beginFraming();
    void this.withBounds(feature, (bounds) => this.selection?.feature === feature && this.revealBounds(bounds, why)).finally(done);
  }

  private revealBounds(bounds: [number, number, number, number], why: 'click' | 'link') {
    const vp = this.host.viewport();
    const c = this.map.getCenter();
    const cam = { center: [c.lng, c.lat] as [number, number], zoom: this.map.getZoom(), bearing: this.map.getBearing() };
    const box = boundsOnScreen(bounds, cam, vp);
    const seen = why === 'click' ? this.shareInFreeArea(box, vp) : uncoveredShare(box, { left: 0, top: 0, right: vp.width, bottom: vp.height }, this.host.covers());
    if (seen >= 0.5) return;
    const z = this.map.getZoom();
    this.host.frameBounds(bounds, { pointZoom: z, maxZoom: z });
  }

  /** The share of a box on screen that lies in the free area (the largest uncovered rectangle for its shape); a point: 1 or 0. */
  private shareInFreeArea(box: Rect, vp: Viewport): number {
    const point = box.right - box.left < 1 && box.bottom - box.top < 1;
    const r = this.host.reservedArea(point ? undefined : (box.right - box.left) / Math.max(1, box.bottom - box.top));
    const free = { left: r.left, top: r.top, right: vp.width - r.right, bottom: vp.height - r.bottom };
    if (point) return box.left >= free.left && box.left <= free.right && box.top >= free.top && box.top <= free.bottom ? 1 : 0;
    const area = (x0: number, y0: number, x1: number, y1: number) => Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
    const shown = area(Math.max(box.left, free.left), Math.max(box.top, free.top), Math.min(box.right, free.right), Math.min(box.bottom, free.bottom));
    return shown / Math.max(1, area(box.left, box.top, box.right, box.bottom));
  }

  destroy() {
    this.tools.destroy();
    this.overlay?.destroy();
  }
}
