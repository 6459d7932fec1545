/**
 * The map state: one typed, versioned object for everything a user sees on the map — the view,
 * the base map, the visible layers and their opacity, per-layer filters, the selection and the
 * language. The URL hash, scenes, saved decks, map sheets and reports all serialise this object;
 * components read it from the store and the engine is asked to draw it.
 *
 * Pure data and pure functions (no DOM, no MapLibre): every change is a function from a state to
 * a new state, so the same actions serve the UI, the URL, scenes and tests.
 */
import type { BasemapId } from '../engine/basemaps';
import { BASEMAP_IDS, cleanView, finite, type Bounds, type ViewState } from './viewState';
import { DEFAULT_STOP, isStop, type LaterStyle, type Stop } from '../time/stops';
import { cleanCompare, sameCompare, type CompareState } from './compare';

export { BASEMAP_IDS, isValidBounds, cleanView, type Bounds, type ViewState } from './viewState';

/** Bumped when the meaning of a field changes; older states are migrated forward (see url.ts). */
export const STATE_VERSION = 2;

/** The 清单 inventory filter (serialisable form of inventory/merge's InventoryFilter). */
export interface InventoryFilterState {
  classes: string[];
  categories: string[];
  /** protection levels as written on the items; '' matches items without a level */
  levels: string[];
  /** city names as written on the items; '' matches items without a city */
  cities: string[];
  query: string;
}

export interface FeatureRef {
  layer: string;
  id: string;
}

export type Lang = 'zh' | 'en';

/** The pseudo-layer id of the user's sketches (in report targets and selections of sketches). */
export const SKETCH_LAYER = 'sketches';

/**
 * The user's sketches on the map. Their shapes, names and notes live in the browser (IndexedDB);
 * the state says whether they are shown and which are hidden one by one, so a scene or a sheet
 * made from the state shows the same sketches.
 */
export interface SketchesState {
  show: boolean;
  hidden: string[];
}

/**
 * Where "what applies here" was asked: a point (lon, lat), or a polygon feature — a sketch
 * (layer `sketches`) or a feature of another layer (e.g. an imported one).
 */
/**
 * A "what applies here" report's place. `side: 'b'`: asked on compare's side B (right of the
 * divider, or side B's half): the report is read at side B's plan period (URL `qs=b`).
 */
export type ReportTarget = ({ kind: 'point'; at: [number, number] } | { kind: 'feature'; layer: string; id: string }) & { side?: 'b' };

/**
 * The plan-text reader (规划文本): which document and clause it shows, whether that clause's
 * features are highlighted on the map ("在图上显示 / Show on map"), and the quote highlighted in
 * the clause ("在规划文本中查看 / Read in the plan"). null: the reader is closed.
 */
export interface TextState {
  /** document id (public/data/text/documents.json) */
  doc: string;
  /** paragraph or heading id; null: the document's contents */
  para: string | null;
  /** the clause's features highlighted on the map (every layer, turned on); leaves with Esc */
  show: boolean;
  /** the quote highlighted in the paragraph: [start, end) of its display text */
  hl: [number, number] | null;
}

export interface MapState {
  /** null: the whole region, framed to fit the screen */
  view: ViewState | null;
  basemap: BasemapId;
  /** visible layers, in catalog order */
  layers: string[];
  /** opacity per layer where it differs from the catalog's default */
  opacity: Record<string, number>;
  /** colour (#rrggbb) per layer where the user chose one (user layers, `user-<id>`) */
  colors: Record<string, string>;
  /** plan elements switched off one by one: layer id → feature ids */
  hidden: Record<string, string[]>;
  inventory: InventoryFilterState;
  selection: FeatureRef | null;
  lang: Lang;
  sketches: SketchesState;
  /** the open "what applies here" report, if any */
  report: ReportTarget | null;
  /** the plan period shown (2020 = 现状, 2025, 2035 = the whole plan) */
  stop: Stop;
  /** features due after the stop: hidden, or drawn as planned (hollow, dashed) */
  later: LaterStyle;
  /** compare: side B (layers, opacity, stop, base map) and how the two sides are shown; null: off */
  compare: CompareState | null;
  /** the plan-text reader, if open */
  text: TextState | null;
}

/** What the state is checked against: the layers that exist and their defaults. */
export interface StateContext {
  /** known layer ids in catalog order (the order `layers` is kept in) */
  layerIds: readonly string[];
  /** layers visible by default */
  defaultLayers: readonly string[];
  /** each layer's default opacity */
  defaultOpacity: Readonly<Record<string, number>>;
  /** layers known at run time outside the catalog (e.g. a user's imports), accepted as well */
  isExtraLayer?: (id: string) => boolean;
}

export const EMPTY_INVENTORY_FILTER: InventoryFilterState = { classes: [], categories: [], levels: [], cities: [], query: '' };

export function defaultState(ctx: StateContext): MapState {
  return {
    view: null,
    basemap: 'offline',
    layers: [...ctx.defaultLayers],
    opacity: {},
    colors: {},
    hidden: {},
    inventory: { ...EMPTY_INVENTORY_FILTER },
    selection: null,
    lang: 'zh',
    sketches: { show: true, hidden: [] },
    report: null,
    stop: DEFAULT_STOP,
    later: 'hide',
    compare: null,
    text: null,
  };
}

// ---- validation --------------------------------------------------------------------------

export const LAYER_ID_RE = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const FEATURE_ID_RE = /^[\w.-]{1,80}$/;
export const COLOR_RE = /^#[0-9a-fA-F]{6}$/;
const MAX_TEXT = 200;
const MAX_LIST = 200;

export const isKnownLayer = (ctx: StateContext, id: string) =>
  LAYER_ID_RE.test(id) && (ctx.layerIds.includes(id) || Boolean(ctx.isExtraLayer?.(id)));

const strings = (v: unknown, ok: (s: string) => boolean = () => true): string[] =>
  Array.isArray(v) ? [...new Set(v.filter((s): s is string => typeof s === 'string' && s.length <= MAX_TEXT && ok(s)))].slice(0, MAX_LIST) : [];

function cleanSketches(v: unknown): SketchesState {
  const k = (v && typeof v === 'object' ? v : {}) as Partial<Record<keyof SketchesState, unknown>>;
  return { show: k.show !== false, hidden: strings(k.hidden, (x) => FEATURE_ID_RE.test(x)) };
}

export function isValidLonLat(p: unknown): p is [number, number] {
  return Array.isArray(p) && p.length === 2 && p.every(finite) && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 85.06;
}

function cleanReport(v: unknown, ctx: StateContext): ReportTarget | null {
  if (!v || typeof v !== 'object') return null;
  const r = v as Record<string, unknown>;
  const side = r.side === 'b' ? { side: 'b' as const } : {};
  if (r.kind === 'point' && isValidLonLat(r.at)) return { kind: 'point', at: [r.at[0], r.at[1]], ...side };
  if (r.kind === 'feature' && typeof r.layer === 'string' && typeof r.id === 'string' && FEATURE_ID_RE.test(r.id)) {
    if (r.layer === SKETCH_LAYER || isKnownLayer(ctx, r.layer)) return { kind: 'feature', layer: r.layer, id: r.id, ...side };
  }
  return null;
}

export const DOC_ID_RE = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const PARA_ID_RE = /^[a-z0-9][a-z0-9-]{0,39}$/;
const MAX_OFFSET = 100_000;

export function cleanText(v: unknown): TextState | null {
  if (!v || typeof v !== 'object') return null;
  const t = v as Record<string, unknown>;
  if (typeof t.doc !== 'string' || !DOC_ID_RE.test(t.doc)) return null;
  const para = typeof t.para === 'string' && PARA_ID_RE.test(t.para) ? t.para : null;
  const hl =
    para && Array.isArray(t.hl) && t.hl.length === 2 && t.hl.every((x) => Number.isInteger(x) && x >= 0 && x <= MAX_OFFSET) && t.hl[0] < t.hl[1]
      ? ([t.hl[0], t.hl[1]] as [number, number])
      : null;
  return { doc: t.doc, para, show: para !== null && t.show === true, hl };
}

/**
 * Any value in, a valid state out: unknown layers, malformed ids, out-of-range numbers and wrong
 * types are dropped field by field, and what is missing takes its default. Never throws.
 */
export function normalizeState(input: unknown, ctx: StateContext): MapState {
  const d = defaultState(ctx);
  if (!input || typeof input !== 'object') return d;
  const s = input as Partial<Record<keyof MapState, unknown>>;
  const known = (id: string) => isKnownLayer(ctx, id);
  const layers = Array.isArray(s.layers) ? orderLayers(strings(s.layers, known), ctx) : d.layers;
  const opacity: Record<string, number> = {};
  if (s.opacity && typeof s.opacity === 'object') {
    for (const [id, v] of Object.entries(s.opacity as Record<string, unknown>)) {
      if (known(id) && finite(v) && v >= 0 && v <= 1 && v !== ctx.defaultOpacity[id]) opacity[id] = v;
    }
  }
  const colors: Record<string, string> = {};
  if (s.colors && typeof s.colors === 'object') {
    for (const [id, v] of Object.entries(s.colors as Record<string, unknown>)) {
      if (known(id) && typeof v === 'string' && COLOR_RE.test(v)) colors[id] = v.toLowerCase();
    }
  }
  const hidden: Record<string, string[]> = {};
  if (s.hidden && typeof s.hidden === 'object') {
    for (const [id, v] of Object.entries(s.hidden as Record<string, unknown>)) {
      const ids = strings(v, (x) => FEATURE_ID_RE.test(x));
      if (known(id) && ids.length) hidden[id] = ids;
    }
  }
  const inv = (s.inventory && typeof s.inventory === 'object' ? s.inventory : {}) as Partial<Record<keyof InventoryFilterState, unknown>>;
  const inventory: InventoryFilterState = {
    classes: strings(inv.classes),
    categories: strings(inv.categories),
    levels: strings(inv.levels),
    cities: strings(inv.cities),
    query: typeof inv.query === 'string' ? inv.query.slice(0, MAX_TEXT) : '',
  };
  const sel = s.selection as Partial<FeatureRef> | null | undefined;
  const selection =
    sel && typeof sel.layer === 'string' && typeof sel.id === 'string' && known(sel.layer) && FEATURE_ID_RE.test(sel.id)
      ? { layer: sel.layer, id: sel.id }
      : null;
  return {
    view: cleanView(s.view),
    basemap: BASEMAP_IDS.includes(s.basemap as BasemapId) ? (s.basemap as BasemapId) : d.basemap,
    layers,
    opacity,
    colors,
    hidden,
    inventory,
    selection,
    lang: s.lang === 'en' || s.lang === 'zh' ? s.lang : d.lang,
    sketches: cleanSketches(s.sketches),
    report: cleanReport(s.report, ctx),
    stop: isStop(s.stop) ? s.stop : d.stop,
    later: s.later === 'planned' ? 'planned' : 'hide',
    compare: withOrderedB(cleanCompare(s.compare, known, { layers, opacity, stop: isStop(s.stop) ? s.stop : d.stop, basemap: BASEMAP_IDS.includes(s.basemap as BasemapId) ? (s.basemap as BasemapId) : d.basemap }), ctx),
    text: cleanText(s.text),
  };
}

/** Side B's layers in catalog order, as side A's are kept. */
function withOrderedB(c: CompareState | null, ctx: StateContext): CompareState | null {
  return c ? { ...c, b: { ...c.b, layers: orderLayers(c.b.layers, ctx) } } : null;
}

/** Catalog order first, then layers known only at run time in the order given. */
export function orderLayers(ids: readonly string[], ctx: StateContext): string[] {
  const set = new Set(ids);
  const catalogOrder = ctx.layerIds.filter((id) => set.has(id));
  const extra = ids.filter((id) => !ctx.layerIds.includes(id));
  return [...catalogOrder, ...new Set(extra)];
}

// ---- equality ----------------------------------------------------------------------------

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export function sameView(a: ViewState | null, b: ViewState | null, tolerance = 1e-9): boolean {
  if (!a || !b) return a === b;
  return a.bearing === b.bearing && a.bounds.every((x, i) => Math.abs(x - b.bounds[i]) <= tolerance);
}

export function sameRecord<T>(a: Readonly<Record<string, T>>, b: Readonly<Record<string, T>>, eq: (x: T, y: T) => boolean = Object.is): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => k in b && eq(a[k], b[k]));
}

export function sameInventoryFilter(a: InventoryFilterState, b: InventoryFilterState): boolean {
  return sameList(a.classes, b.classes) && sameList(a.categories, b.categories) && sameList(a.levels, b.levels) && sameList(a.cities, b.cities) && a.query === b.query;
}

export function sameReport(a: ReportTarget | null, b: ReportTarget | null): boolean {
  if (!a || !b) return a === b;
  if (a.side !== b.side) return false;
  if (a.kind === 'point' && b.kind === 'point') return a.at[0] === b.at[0] && a.at[1] === b.at[1];
  if (a.kind === 'feature' && b.kind === 'feature') return a.layer === b.layer && a.id === b.id;
  return false;
}

export function sameText(a: TextState | null, b: TextState | null): boolean {
  if (!a || !b) return a === b;
  return a.doc === b.doc && a.para === b.para && a.show === b.show && a.hl?.[0] === b.hl?.[0] && a.hl?.[1] === b.hl?.[1];
}

export function sameState(a: MapState, b: MapState): boolean {
  return (
    sameView(a.view, b.view) &&
    a.basemap === b.basemap &&
    sameList(a.layers, b.layers) &&
    sameRecord(a.opacity, b.opacity) &&
    sameRecord(a.colors ?? {}, b.colors ?? {}) &&
    sameRecord(a.hidden, b.hidden, sameList) &&
    sameInventoryFilter(a.inventory, b.inventory) &&
    a.selection?.layer === b.selection?.layer &&
    a.selection?.id === b.selection?.id &&
    a.lang === b.lang &&
    a.sketches.show === b.sketches.show &&
    sameList(a.sketches.hidden, b.sketches.hidden) &&
    sameReport(a.report, b.report) &&
    a.stop === b.stop &&
    a.later === b.later &&
    sameCompare(a.compare ?? null, b.compare ?? null) &&
    sameText(a.text ?? null, b.text ?? null)
  );
}

/** The catalog layer the 清单 (inventory) filter applies to. */
export const INVENTORY_LAYER = 'inventory-items';

export const inventoryFilterActive = (f: InventoryFilterState) =>
  f.classes.length + f.categories.length + f.levels.length + f.cities.length > 0 || f.query.trim() !== '';

// ---- actions (state → state) -------------------------------------------------------------

export function setLayerVisible(s: MapState, id: string, on: boolean, ctx: StateContext): MapState {
  if (!isKnownLayer(ctx, id) || s.layers.includes(id) === on) return s;
  const layers = orderLayers(on ? [...s.layers, id] : s.layers.filter((l) => l !== id), ctx);
  const selection = !on && s.selection?.layer === id ? null : s.selection;
  return { ...s, layers, selection };
}

export function setLayers(s: MapState, ids: readonly string[], ctx: StateContext): MapState {
  const layers = orderLayers(ids.filter((id) => isKnownLayer(ctx, id)), ctx);
  const selection = s.selection && !layers.includes(s.selection.layer) ? null : s.selection;
  return { ...s, layers, selection };
}

export function setLayerOpacity(s: MapState, id: string, value: number, ctx: StateContext): MapState {
  if (!isKnownLayer(ctx, id) || !finite(value)) return s;
  const v = Math.max(0, Math.min(1, value));
  const opacity = { ...s.opacity };
  if (v === ctx.defaultOpacity[id]) delete opacity[id];
  else opacity[id] = v;
  return { ...s, opacity };
}

export const layerOpacity = (s: MapState, id: string, ctx: StateContext) => s.opacity[id] ?? ctx.defaultOpacity[id] ?? 1;

/** A layer's colour (user layers); null removes the choice. */
export function setLayerColor(s: MapState, id: string, color: string | null, ctx: StateContext): MapState {
  if (!isKnownLayer(ctx, id) || (color !== null && !COLOR_RE.test(color))) return s;
  const colors = { ...s.colors };
  if (color === null) delete colors[id];
  else colors[id] = color.toLowerCase();
  return sameRecord(colors, s.colors) ? s : { ...s, colors };
}

/** Forget a layer that no longer exists (a removed import): visibility, opacity, colour, filters, selection. */
export function dropLayer(s: MapState, id: string): MapState {
  const omit = <T,>(r: Record<string, T>) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== id));
  return {
    ...s,
    layers: s.layers.filter((l) => l !== id),
    opacity: omit(s.opacity),
    colors: omit(s.colors),
    hidden: omit(s.hidden),
    selection: s.selection?.layer === id ? null : s.selection,
    compare: s.compare ? { ...s.compare, b: { ...s.compare.b, layers: s.compare.b.layers.filter((l) => l !== id), opacity: omit(s.compare.b.opacity) } } : s.compare,
  };
}

export function setElementVisible(s: MapState, layer: string, featureId: string, on: boolean): MapState {
  const set = new Set(s.hidden[layer] ?? []);
  if (on) set.delete(featureId);
  else set.add(featureId);
  const hidden = { ...s.hidden };
  if (set.size) hidden[layer] = [...set];
  else delete hidden[layer];
  const selection = !on && s.selection?.layer === layer && s.selection.id === featureId ? null : s.selection;
  return { ...s, hidden, selection };
}

export function setInventoryFilter(s: MapState, f: Partial<InventoryFilterState>): MapState {
  const inventory: InventoryFilterState = {
    classes: [...(f.classes ?? [])],
    categories: [...(f.categories ?? [])],
    levels: [...(f.levels ?? [])],
    cities: [...(f.cities ?? [])],
    query: f.query ?? '',
  };
  return sameInventoryFilter(inventory, s.inventory) ? s : { ...s, inventory };
}

export function select(s: MapState, ref: FeatureRef | null): MapState {
  if (s.selection?.layer === ref?.layer && s.selection?.id === ref?.id) return s;
  return { ...s, selection: ref ? { layer: ref.layer, id: ref.id } : null };
}

export const setView = (s: MapState, view: ViewState | null): MapState => (sameView(s.view, view) ? s : { ...s, view });
/**
 * The view the map reports after a move. A view the map only framed (a link's, a scene's) comes
 * back with its edges moved by rounding — far under a pixel, yet enough to change a link's last
 * digit once the view rests. Within 1/4000 of the frame (a fifth of a pixel on an 800 px map) the
 * state keeps the view it has, so a link opened and left alone stays the same link.
 */
export function setViewFromMap(s: MapState, view: ViewState | null): MapState {
  const b = s.view?.bounds;
  const subPixel = b ? Math.min(b[2] - b[0], b[3] - b[1]) / 4000 : 0;
  return sameView(s.view, view, Math.max(1e-9, subPixel)) ? s : { ...s, view };
}
export const setBasemap = (s: MapState, basemap: BasemapId): MapState => (s.basemap === basemap ? s : { ...s, basemap });
export const setLang = (s: MapState, lang: Lang): MapState => (s.lang === lang ? s : { ...s, lang });

/** Show or hide all sketches. */
export const setSketchesShown = (s: MapState, show: boolean): MapState => (s.sketches.show === show ? s : { ...s, sketches: { ...s.sketches, show } });

/** Show or hide one sketch. */
export function setSketchVisible(s: MapState, id: string, on: boolean): MapState {
  if (!s.sketches.hidden.includes(id) === on) return s;
  const hidden = on ? s.sketches.hidden.filter((x) => x !== id) : [...s.sketches.hidden, id];
  return { ...s, sketches: { ...s.sketches, hidden } };
}

/** Drop a deleted sketch from the state (its hidden flag, a report on it). */
export function forgetSketch(s: MapState, id: string): MapState {
  let next = setSketchVisible(s, id, true);
  if (next.report?.kind === 'feature' && next.report.layer === SKETCH_LAYER && next.report.id === id) next = { ...next, report: null };
  return next;
}

/** Show the plan at a stop (现状 2020, 2025, 2035). */
export const setStop = (s: MapState, stop: Stop): MapState => (s.stop === stop || !isStop(stop) ? s : { ...s, stop });
/** Compare on (a state for side B and the mode) or off (null: the map shows side A, as it was). */
export const setCompare = (s: MapState, compare: CompareState | null): MapState => {
  if (sameCompare(s.compare, compare)) return s;
  // leaving compare: a report asked on side B is read on the one map (side A's state) now
  if (!compare && s.report?.side) {
    const { side: _b, ...report } = s.report;
    return { ...s, compare, report };
  }
  return { ...s, compare };
};

/** Features due after the stop: hidden, or drawn as planned. */
export const setLater = (s: MapState, later: LaterStyle): MapState => (s.later === later ? s : { ...s, later });

/** Open ("what applies here") or close (null) the report. */
export const setReport = (s: MapState, report: ReportTarget | null): MapState => (sameReport(s.report, report) ? s : { ...s, report });

// ---- the plan-text reader ------------------------------------------------------------------

/** Open the reader at a document (its contents) or a clause, optionally with a quote highlighted and the clause shown on the map. */
export function openText(s: MapState, at: { doc: string; para?: string | null; hl?: [number, number] | null; show?: boolean }): MapState {
  const text = cleanText({ doc: at.doc, para: at.para ?? null, hl: at.hl ?? null, show: at.show ?? false });
  return sameText(s.text, text) ? s : { ...s, text };
}

/** Close the reader (and the clause's highlight on the map). */
export const closeText = (s: MapState): MapState => (s.text ? { ...s, text: null } : s);

/** "Show on map" on or off for the clause the reader shows. */
export function setTextShow(s: MapState, show: boolean): MapState {
  if (!s.text || !s.text.para || s.text.show === show) return s;
  return { ...s, text: { ...s.text, show } };
}
