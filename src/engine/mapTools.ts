/**
 * The planner tools' part of the map engine: the user's sketches drawn on the map, drawing and
 * editing shapes (terra-draw, ./drawing), "what applies here" asked by a right-click, a long press
 * or the next click after its button (./pointQuery), and compare's side B answering the same tools.
 * Part of the planning chunk (./planningEngine), not of the first paint; the modules it drives are
 * loaded on first use. `#map[data-drawing]` says what the pointer does: off | drawing | editing | picking.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Feature } from 'geojson';
import type { MapEngine, ToolEvents } from './MapEngine';
import type { SketchLayers } from './sketchLayers';
import type { Drawing, DrawHandlers, DrawTool, DrawnShape } from './drawing';

/** sketch kinds a click selects (a measurement or a report's mark is not a sketch) */
const SKETCH_KINDS = ['point', 'line', 'polygon', 'rectangle', 'circle'];

export class MapTools {
  private sketchLayers?: SketchLayers;
  private sketchChunk?: Promise<SketchLayers>;
  private toolEvents: ToolEvents = {};
  private drawing?: Drawing;
  private drawingChunk?: Promise<typeof import('./drawing')>;
  private picking: (() => void) | null = null;
  private pointQueries?: Promise<typeof import('./pointQuery')>;
  private stopPointQueries?: () => void;
  /**
   * A drawing just ended on a pointer-up (the click that closes a polygon, places a point): the map's
   * own click for that same gesture comes after it and must not pick the plan feature underneath (it
   * took the cursor from the new sketch's name field). The next press on the map clears it.
   */
  private drawEndedThisGesture = false;

  /** The second map of a compare (side B), which shows the sketches and answers the tools too; null: none. */
  private mirror: MapEngine | null = null;
  private mirroredSketches: Feature[] = [];

  /**
   * `onInteractive(false)`: plan layers stop reacting to the pointer (drawing, editing or picking a
   * point); `true`: they react again.
   */
  constructor(
    readonly map: MapLibreMap,
    private container: HTMLElement,
    private onInteractive: (on: boolean) => void,
  ) {
    map.getCanvas().addEventListener('pointerdown', () => (this.drawEndedThisGesture = false), { capture: true });
    // a new base style has none of our layers: the sketches and a drawing under way go back in
    map.on('style.load', () => {
      this.sketchLayers?.sync();
      this.drawing?.resume();
    });
    map.on('styledata', () => this.sketchLayers?.sync());
  }

  /** true while a shape is drawn or edited, or a point is being picked: plan features are not selected then */
  get busy(): boolean {
    return Boolean(this.drawing?.active || this.picking);
  }

  /** Did a drawing end with this gesture (see drawEndedThisGesture)? Asking forgets it. */
  takeDrawEnd(): boolean {
    const ended = this.drawEndedThisGesture;
    this.drawEndedThisGesture = false;
    return ended;
  }

  /** A click on a sketch, told to the tools (true: they took it — the plan feature under it is not selected). */
  sketchClicked(point: { x: number; y: number }): boolean {
    const sketch = this.sketchLayers?.idsAt(point, SKETCH_KINDS)[0];
    if (!sketch || !this.toolEvents.onSketchClick) return false;
    this.toolEvents.onSketchClick(sketch);
    return true;
  }

  /**
   * Compare's side B: it draws the same sketches and a right-click or long press on it asks "what
   * applies here" through this engine's tool events (the camera is kept in step by ./compareView).
   */
  setMirror(other: MapEngine | null) {
    const was = this.mirror;
    const wasPicking = was && was !== other ? this.pickEngines.find((t) => t !== this && t.map === was.map) : undefined;
    if (wasPicking) {
      // a pick under way goes on on this map alone
      wasPicking.picking = null;
      wasPicking.setDrawingState('off');
      this.pickEngines = this.pickEngines.filter((t) => t !== wasPicking);
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
          if (!this.busy) this.toolEvents.onPointQuery?.(p);
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
    // with compare on, the click may land on the second map (side B of a swipe or split): it picks
    // too, and its own click (a selection) and hover stay off meanwhile, as on this map
    const mirror = this.mirror;
    const [{ pickOnce }, ...others] = await Promise.all([this.pointQueryModule(), ...(mirror ? [mirror.planningPart()] : [])]);
    const engines: MapTools[] = [this, ...others.map((p) => p.tools)];
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
  private pickEngines: MapTools[] = [];
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

  /** Before a base-map switch: terra-draw's layers must go before the style does (resumed on style.load). */
  suspendDrawing() {
    this.drawing?.suspend();
  }

  private async drawingTool(): Promise<Drawing> {
    const { Drawing } = await (this.drawingChunk ??= import('./drawing'));
    return (this.drawing ??= new Drawing(this.map));
  }

  private setDrawingState(state: 'off' | 'drawing' | 'editing' | 'picking') {
    if (state === 'off' && this.container.dataset.drawing && this.container.dataset.drawing !== 'off') this.drawEndedThisGesture = true;
    this.container.dataset.drawing = state;
    this.onInteractive(state === 'off');
  }

  destroy() {
    this.stopPointQueries?.();
    this.drawing?.stop();
  }
}
