/**
 * Drawing and editing shapes on the map with terra-draw and its MapLibre adapter (loaded as its
 * own chunk the first time a tool is used). terra-draw only ever holds the one shape being drawn
 * or edited: finished shapes are handed to the caller (who stores them and asks the engine to
 * draw them with the other sketches), so there is one source of truth for what the user made.
 *
 * A base-map switch (`setStyle`) wipes terra-draw's layers: `suspend()` takes a snapshot and stops
 * it before the switch, `resume()` builds a new instance on the new style and puts the edited
 * shape back.
 */
import {
  TerraDraw,
  TerraDrawPointMode,
  TerraDrawLineStringMode,
  TerraDrawPolygonMode,
  TerraDrawRectangleMode,
  TerraDrawCircleMode,
  TerraDrawSelectMode,
  type GeoJSONStoreFeatures,
} from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Geometry, Position } from 'geojson';

export type DrawTool = 'point' | 'line' | 'polygon' | 'rectangle' | 'circle';

export interface DrawnShape {
  tool: DrawTool;
  geometry: Geometry;
  /** circles: centre and radius (the geometry is a 64-gon on the ellipsoid) */
  circle?: { center: Position; radiusM: number };
}

export interface DrawHandlers {
  /** the shape as it is now, while the pointer moves (null when nothing is being drawn) */
  onProgress?: (shape: DrawnShape | null) => void;
  /** a new shape was finished */
  onFinish?: (shape: DrawnShape) => void;
  /** the shape being edited was changed (a vertex or the whole shape dragged, a vertex deleted) */
  onEdit?: (shape: DrawnShape) => void;
}

const MODE: Record<DrawTool, string> = { point: 'point', line: 'linestring', polygon: 'polygon', rectangle: 'rectangle', circle: 'circle' };
const TOOL = Object.fromEntries(Object.entries(MODE).map(([k, v]) => [v, k])) as Record<string, DrawTool>;

const INK = '#e8590c';
/**
 * How near (CSS px) a click must be to the first vertex to close a polygon, or to the last one to
 * finish a line or polygon (a double click). terra-draw's default (40 px) closed a square drawn at
 * region zoom as a triangle; this is the closing point's marker itself.
 */
const CLOSE_PX = 10;
const MEASURE_INK = '#0b7285';
const WHITE = '#ffffff';

function createDraw(map: MapLibreMap, ink: `#${string}`) {
  const lineStyle = { lineStringColor: ink, lineStringWidth: 3, closingPointColor: WHITE, closingPointOutlineColor: ink, closingPointWidth: 5, closingPointOutlineWidth: 2 } as const;
  const polyStyle = { fillColor: ink, fillOpacity: 0.18, outlineColor: ink, outlineWidth: 3, closingPointColor: WHITE, closingPointOutlineColor: ink, closingPointWidth: 5, closingPointOutlineWidth: 2 } as const;
  const shapeStyle = { fillColor: ink, fillOpacity: 0.18, outlineColor: ink, outlineWidth: 3 } as const;
  const editFlags = { draggable: true, coordinates: { draggable: true, midpoints: true, deletable: true } };
  return new TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({ map, prefixId: 'sketch-draw', coordinatePrecision: 7 }),
    modes: [
      new TerraDrawPointMode({ styles: { pointColor: ink, pointOutlineColor: WHITE, pointWidth: 6, pointOutlineWidth: 2 } }),
      new TerraDrawLineStringMode({ styles: lineStyle, pointerDistance: CLOSE_PX }),
      new TerraDrawPolygonMode({ styles: polyStyle, pointerDistance: CLOSE_PX }),
      new TerraDrawRectangleMode({ styles: shapeStyle }),
      // 'globe': the circle is laid out on the earth (a geodesic radius), not in Web Mercator
      new TerraDrawCircleMode({ styles: shapeStyle, projection: 'globe', segments: 64 }),
      new TerraDrawSelectMode({
        flags: {
          point: { feature: { draggable: true } },
          linestring: { feature: editFlags },
          polygon: { feature: editFlags },
          rectangle: { feature: { draggable: true, coordinates: { resizable: 'opposite' } } },
          circle: { feature: { draggable: true, coordinates: { resizable: 'center-fixed' } } },
        },
        // deleting is the sketch list's job (with undo); Escape leaves editing through the UI
        keyEvents: { deselect: null, delete: null, rotate: null, scale: null },
        allowManualDeselection: false,
        styles: {
          selectedPolygonColor: ink,
          selectedPolygonFillOpacity: 0.22,
          selectedPolygonOutlineColor: ink,
          selectedPolygonOutlineWidth: 3,
          selectedLineStringColor: ink,
          selectedLineStringWidth: 4,
          selectedPointColor: ink,
          selectedPointWidth: 7,
          selectedPointOutlineColor: WHITE,
          selectedPointOutlineWidth: 2,
          selectionPointColor: WHITE,
          selectionPointOutlineColor: ink,
          selectionPointWidth: 5,
          selectionPointOutlineWidth: 2,
          midPointColor: ink,
          midPointOutlineColor: WHITE,
          midPointWidth: 4,
          midPointOutlineWidth: 1,
        },
      }),
    ],
  });
}

const isGuidance = (f: GeoJSONStoreFeatures) => {
  const p = f.properties ?? {};
  return Boolean(p.closingPoint || p.coordinatePoint || p.midPoint || p.selectionPoint || p.snappingPoint);
};

function shapeOf(f: GeoJSONStoreFeatures, tool: DrawTool): DrawnShape {
  const geometry = f.geometry as Geometry;
  if (tool === 'circle' && geometry.type === 'Polygon') {
    const ring = geometry.coordinates[0].slice(0, -1);
    const center = [ring.reduce((s, p) => s + p[0], 0) / ring.length, ring.reduce((s, p) => s + p[1], 0) / ring.length];
    const radiusKm = Number(f.properties?.radiusKilometers);
    return { tool, geometry, circle: { center, radiusM: Number.isFinite(radiusKm) ? radiusKm * 1000 : NaN } };
  }
  return { tool, geometry };
}

export class Drawing {
  private draw: TerraDraw | null = null;
  private tool: DrawTool | null = null;
  private editing: { id: string | number; tool: DrawTool } | null = null;
  private handlers: DrawHandlers = {};
  private ink: `#${string}` = INK;
  private suspended: { tool: DrawTool | null; editing: DrawnShape | null } | null = null;

  constructor(private map: MapLibreMap) {}

  /** Start (or switch to) drawing new shapes with a tool. */
  drawWith(tool: DrawTool, handlers: DrawHandlers, opts: { measure?: boolean } = {}) {
    this.handlers = handlers;
    this.ink = opts.measure ? MEASURE_INK : INK;
    this.restart();
    this.tool = tool;
    this.editing = null;
    this.draw!.setMode(MODE[tool]);
  }

  /** Edit one shape: drag it, drag its vertices, add (midpoints) or delete (right-click) vertices. */
  edit(shape: DrawnShape, handlers: DrawHandlers) {
    this.handlers = handlers;
    this.ink = INK;
    this.restart();
    this.tool = null;
    const draw = this.draw!;
    draw.setMode('select');
    const id = draw.getFeatureId();
    const props: Record<string, string | number> = { mode: MODE[shape.tool] };
    if (shape.circle && Number.isFinite(shape.circle.radiusM)) props.radiusKilometers = shape.circle.radiusM / 1000;
    const [result] = draw.addFeatures([{ id, type: 'Feature', geometry: shape.geometry as GeoJSONStoreFeatures['geometry'], properties: props }]);
    if (!result?.valid) throw new Error(`terra-draw refused the shape: ${result?.reason ?? 'invalid'}`);
    this.editing = { id, tool: shape.tool };
    draw.selectFeature(id);
  }

  /** True while a tool or an edit is active. */
  get active(): boolean {
    return Boolean(this.draw && (this.tool || this.editing));
  }

  /** Stop drawing or editing; whatever was unfinished is dropped. */
  stop() {
    this.tool = null;
    this.editing = null;
    this.handlers.onProgress?.(null);
    this.handlers = {};
    this.teardown();
  }

  /** Before a base-map switch: remember what was going on and stop (the new style has no layers of ours). */
  suspend() {
    if (!this.draw) return;
    const edited = this.editing && this.draw.getSnapshotFeature(this.editing.id);
    this.suspended = { tool: this.tool, editing: edited && this.editing ? shapeOf(edited, this.editing.tool) : null };
    this.teardown();
  }

  /** After the new style has loaded: carry on with the same tool or edit. */
  resume() {
    const s = this.suspended;
    this.suspended = null;
    if (!s) return;
    const handlers = this.handlers;
    if (s.editing) this.edit(s.editing, handlers);
    else if (s.tool) this.drawWith(s.tool, handlers, { measure: this.ink === MEASURE_INK });
  }

  private restart() {
    this.teardown();
    // a double click finishes a line or a polygon (its second click is on the last vertex): it must not zoom the map
    this.map.doubleClickZoom.disable();
    const draw = createDraw(this.map, this.ink);
    draw.start();
    draw.on('change', this.onChange);
    draw.on('finish', this.onFinish);
    this.draw = draw;
  }

  private teardown() {
    const draw = this.draw;
    this.draw = null;
    if (!draw) return;
    this.map.doubleClickZoom.enable();
    draw.off('change', this.onChange);
    draw.off('finish', this.onFinish);
    // stop() removes terra-draw's layers: only possible while they are still in the style
    try {
      if (draw.enabled) draw.stop();
    } catch {
      /* the style was already replaced: its layers are gone anyway */
    }
  }

  private current(): GeoJSONStoreFeatures | undefined {
    const draw = this.draw;
    if (!draw) return undefined;
    if (this.editing) return draw.getSnapshotFeature(this.editing.id);
    return draw.getSnapshot().find((f) => !isGuidance(f) && f.properties?.currentlyDrawing);
  }

  private onChange = () => {
    const f = this.current();
    const tool = this.editing?.tool ?? this.tool;
    this.handlers.onProgress?.(f && tool ? shapeOf(f, tool) : null);
  };

  private onFinish = (id: string | number, ctx: { mode: string; action: string }) => {
    const draw = this.draw;
    const f = draw?.getSnapshotFeature(id);
    if (!draw || !f) return;
    if (this.editing) {
      if (id === this.editing.id) this.handlers.onEdit?.(shapeOf(f, this.editing.tool));
      return;
    }
    const tool = TOOL[String(f.properties?.mode ?? ctx.mode)] ?? this.tool;
    if (!tool) return;
    const shape = shapeOf(f, tool);
    // the finished shape leaves terra-draw: the caller stores it and the engine draws it
    draw.removeFeatures([id]);
    this.handlers.onProgress?.(null);
    this.handlers.onFinish?.(shape);
  };
}
