/**
 * The planning layers' polygons and lines as MapLibre style layers: what ./planLayers.ts adds to
 * a map, from the same symbols as the legend (src/symbology). Pure: style JSON and pattern tiles
 * as numbers, no map and no DOM — tested in Node (test/unit/planStyle.test.ts).
 *
 * A catalog layer `L` drawn by MapLibre is one GeoJSON source `cat-L` (each feature gets its index
 * as `id` and its class as `__cls`) and, bottom to top, up to five style layers:
 *   cat-L-fill     solid fills
 *   cat-L-pattern  hatching, cross-hatching, dots (fill-pattern images, see patternTile)
 *   cat-L-hit      polygons: every feature, at opacity 0 (never drawn: MapLibre skips a fill whose
 *                  opacity is a constant 0); what clicks query
 *   cat-L-hover    polygons: the hovered one, amber (from the HOVER_SOURCE, which holds it alone —
 *                  a hover opacity by feature state made MapLibre draw every polygon of the layer,
 *                  transparent, in every frame: ≈ 12 % of a pan frame under software WebGL)
 *   cat-L-line     solid outlines / lines
 *   cat-L-dash     dashed outlines / lines (schematic): one layer per dash pattern (cat-L-dash,
 *                  cat-L-dash-1 …), each a constant `line-dasharray` — MapLibre's data-driven
 *                  dasharray rounds a pattern's length to whole line widths (maplibre-gl-js #8383)
 *   cat-L-planned  at an earlier stop of the plan period, features due later drawn "as planned":
 *                  hollow, dashed, a little faded (one layer per line width, like the dashes)
 * At an earlier stop every part keeps only the features due by then (a filter on `phase_due`).
 */
import type { ExpressionSpecification, FilterSpecification, LayerSpecification } from 'maplibre-gl';
import type { Layer } from '../catalog/types';
import type { RGBA } from '../symbology/color';
import { layerSymbols, PATTERN_GEOMETRY, type ResolvedSymbol } from '../symbology/symbols';
import { dueFilterExpression, showsEverything, ALL_STOPS_VIEW, type StopView } from '../time/stops';

export const SOURCE_PREFIX = 'cat-';
/** the class of a feature in the source data (its value of `style.classes.key`, or '' for the base symbol) */
export const CLASS_PROP = '__cls';
/** what a hovered feature is tinted with (deck.gl's highlight before: rgba(255,196,0,150)) */
export const HOVER_RGBA: RGBA = [255, 196, 0, 150];

export type PlanPart = 'fill' | 'pattern' | 'hit' | 'hover' | 'line' | 'dash' | `dash-${number}` | 'planned' | `planned-${number}`;
/** the part of one of our style layer ids */
export const PART_RE = /-(fill|pattern|hit|hover|line|dash(?:-\d+)?|planned(?:-\d+)?)$/;

export const sourceId = (layerId: string) => `${SOURCE_PREFIX}${layerId}`;
/** The one GeoJSON source of the hovered polygon (its catalog layer in HOVER_LAYER_PROP), shared by every cat-L-hover layer. */
export const HOVER_SOURCE = `${SOURCE_PREFIX}hover-tint`;
export const HOVER_LAYER_PROP = '__layer';
export const styleLayerId = (layerId: string, part: PlanPart) => `${SOURCE_PREFIX}${layerId}-${part}`;
/** the catalog layer id of one of our style layer ids (undefined: not ours) */
export function catalogLayerOf(styleLayer: string, known: (id: string) => boolean): string | undefined {
  if (!styleLayer.startsWith(SOURCE_PREFIX)) return undefined;
  const m = /^(.*)-(fill|pattern|hit|hover|line|dash(?:-\d+)?|planned(?:-\d+)?)$/.exec(styleLayer.slice(SOURCE_PREFIX.length));
  return m && known(m[1]) ? m[1] : undefined;
}

/** Polygons and lines are drawn by MapLibre; point markers stay with deck.gl (./overlay.ts). */
export const drawnByMapLibre = (layer: Pick<Layer, 'geometry'>) => layer.geometry !== 'point';

/** True when a catalog layer needs deck.gl: point markers, or arrowheads at the ends of its lines. */
export const needsDeck = (layer: Pick<Layer, 'geometry' | 'style'>) =>
  layer.geometry === 'point' || (layer.geometry === 'line' && [...layerSymbols(layer).values()].some((s) => s.arrow));

const css = (c: RGBA) => `rgba(${c[0]},${c[1]},${c[2]},${Math.round((c[3] / 255) * 1000) / 1000})`;

/** Symbols by class value ('' = the base symbol, which also draws unknown classes). */
function classSymbols(layer: Pick<Layer, 'geometry' | 'style'>): Map<string, ResolvedSymbol> {
  return new Map([...layerSymbols(layer)].map(([k, s]) => [k ?? '', s]));
}

/** A per-feature value: the base symbol's unless the feature's class says otherwise. */
function byClass<T extends string | number | ExpressionSpecification>(syms: Map<string, ResolvedSymbol>, value: (s: ResolvedSymbol) => T): T | ExpressionSpecification {
  const base = value(syms.get('')!);
  const cases: (string | number | ExpressionSpecification)[] = [];
  for (const [cls, s] of syms) {
    const v = value(s);
    if (cls !== '' && JSON.stringify(v) !== JSON.stringify(base)) cases.push(cls, v);
  }
  return cases.length ? (['match', ['get', CLASS_PROP], ...cases, base] as unknown as ExpressionSpecification) : base;
}

/** Features whose symbol passes `test` (null: none does; true: all do). */
function classFilter(syms: Map<string, ResolvedSymbol>, test: (s: ResolvedSymbol) => boolean): FilterSpecification | null | true {
  const all = [...syms];
  const yes = all.filter(([, s]) => test(s)).map(([c]) => c);
  if (!yes.length) return null;
  if (yes.length === all.length) return true;
  const baseYes = test(syms.get('')!);
  // classes other than the listed ones draw with the base symbol
  const listed = all.filter(([c]) => c !== '').map(([c]) => c);
  return baseYes
    ? (['!', ['in', ['get', CLASS_PROP], ['literal', listed.filter((c) => !yes.includes(c))]]] as FilterSpecification)
    : (['in', ['get', CLASS_PROP], ['literal', yes.filter((c) => c !== '')]] as FilterSpecification);
}

const solidFill = (s: ResolvedSymbol) => !s.pattern && s.fill[3] > 0;
const hasPattern = (s: ResolvedSymbol) => Boolean(s.pattern) && (s.fill[3] > 0 || s.patternBackground[3] > 0);
const hasLine = (s: ResolvedSymbol) => s.lineWidth > 0 && s.line[3] > 0;

/** The fill-pattern image of a symbol: pattern, angle, ink and background decide it. */
export function patternImageId(s: ResolvedSymbol): string {
  return `cat-pattern-${s.pattern}-${s.patternAngle}-${s.fill.join('.')}-${s.patternBackground.join('.')}`;
}

export interface StyleOptions {
  /** layer opacity 0–1 */
  opacity: number;
  /** line widths × this (a projector) */
  symbolScale: number;
  /** whether hovering highlights (pickable layers) */
  pickable: boolean;
  /** the plan period shown (default: the whole plan) */
  stop?: StopView;
}

/** How features due after the stop are drawn as planned (deck.gl's look before: dashed 5/4 px, ¾ opacity). */
const PLANNED_DASH: [number, number] = [5, 4];
const PLANNED_OPACITY = 0.75;

/** The style layers of one catalog layer, bottom to top (only the parts its symbols need). */
export function planStyleLayers(layer: Pick<Layer, 'id' | 'geometry' | 'style'>, opts: StyleOptions): LayerSpecification[] {
  const syms = classSymbols(layer);
  const source = sourceId(layer.id);
  const out: LayerSpecification[] = [];
  const stop = opts.stop ?? ALL_STOPS_VIEW;
  // at an earlier stop only the features due by then (the ground has no phase and always shows)
  const due = showsEverything(stop) ? null : (dueFilterExpression(stop.t) as FilterSpecification);
  const later = due && stop.later === 'planned' ? (['!', due] as FilterSpecification) : null;
  const all = (...fs: (FilterSpecification | true | null)[]): FilterSpecification | true => {
    const real = fs.filter((f): f is FilterSpecification => f !== null && f !== true);
    return real.length === 0 ? true : real.length === 1 ? real[0] : (['all', ...real] as FilterSpecification);
  };
  const withFilter = <T extends LayerSpecification>(l: T, f: FilterSpecification | true, onlyDue = true): T => {
    const filter = onlyDue ? all(f, due) : f;
    return filter === true ? l : { ...l, filter };
  };
  const hovered: ExpressionSpecification = ['boolean', ['feature-state', 'hover'], false];
  const hover = css(HOVER_RGBA);
  const op = opts.opacity;
  const k = opts.symbolScale;
  if (layer.geometry === 'polygon') {
    const fills = classFilter(syms, solidFill);
    if (fills) out.push(withFilter({ id: styleLayerId(layer.id, 'fill'), type: 'fill', source, paint: { 'fill-color': byClass(syms, (s) => css(s.fill)) as string, 'fill-opacity': op, 'fill-antialias': false } }, fills));
    const patterns = classFilter(syms, hasPattern);
    if (patterns) out.push(withFilter({ id: styleLayerId(layer.id, 'pattern'), type: 'fill', source, paint: { 'fill-pattern': byClass(syms, (s) => (hasPattern(s) ? patternImageId(s) : '')) as string, 'fill-opacity': op, 'fill-antialias': false } }, patterns));
    // every polygon shown (the planned ones too), for clicks: never drawn (MapLibre skips a fill
    // whose opacity is a constant 0, and still queries it)
    out.push(withFilter({ id: styleLayerId(layer.id, 'hit'), type: 'fill', source, paint: { 'fill-color': hover, 'fill-opacity': 0, 'fill-antialias': false } }, true, !later));
    // the hovered polygon's amber tint, where the hit layer is
    if (opts.pickable) out.push({ id: styleLayerId(layer.id, 'hover'), type: 'fill', source: HOVER_SOURCE, filter: ['==', ['get', HOVER_LAYER_PROP], layer.id], paint: { 'fill-color': hover, 'fill-opacity': op, 'fill-antialias': false } });
  }
  const lineColor = (s: ResolvedSymbol) => css(s.line);
  // lines tint while hovered; outlines of polygons keep their colour (their fill is tinted)
  const color = (expr: string | ExpressionSpecification): string | ExpressionSpecification =>
    layer.geometry === 'line' && opts.pickable ? ['case', hovered, hover, expr as ExpressionSpecification] : expr;
  const width = byClass(syms, (s) => s.lineWidth);
  const scaled = (typeof width === 'number' ? Math.max(0.5, width * k) : ['max', 0.5, ['*', k, width]]) as number;
  const solid = classFilter(syms, (s) => hasLine(s) && !s.dash);
  if (solid) out.push(withFilter({ id: styleLayerId(layer.id, 'line'), type: 'line', source, layout: { 'line-join': 'round' }, paint: { 'line-color': color(byClass(syms, lineColor)) as string, 'line-width': scaled, 'line-opacity': op } }, solid));
  // the catalog gives dashes in pixels; MapLibre counts them in line widths
  const dashOf = (s: ResolvedSymbol) => (s.dash ? [s.dash[0] / Math.max(s.lineWidth, 0.1), s.dash[1] / Math.max(s.lineWidth, 0.1)].map((v) => Math.round(v * 1000) / 1000) : null);
  const patterns = [...new Set([...syms.values()].filter(hasLine).map(dashOf).filter((d) => d !== null).map((d) => JSON.stringify(d)))];
  patterns.forEach((p, i) => {
    const filter = classFilter(syms, (s) => hasLine(s) && JSON.stringify(dashOf(s)) === p);
    if (!filter) return;
    out.push(withFilter({ id: styleLayerId(layer.id, i ? `dash-${i}` : 'dash'), type: 'line', source, paint: { 'line-color': color(byClass(syms, lineColor)) as string, 'line-width': scaled, 'line-opacity': op, 'line-dasharray': JSON.parse(p) } }, filter));
  });
  if (later) {
    // features due later, as planned: their outline or line dashed (5/4 px), ¾ opacity, 1.5–3 px wide
    const plannedWidth = (s: ResolvedSymbol) => Math.max(1.5, Math.min(3, s.lineWidth));
    const widths = [...new Set([...syms.values()].map(plannedWidth))];
    widths.forEach((w, i) => {
      const filter = classFilter(syms, (s) => plannedWidth(s) === w);
      if (!filter) return;
      const planned: LayerSpecification = {
        id: styleLayerId(layer.id, i ? `planned-${i}` : 'planned'),
        type: 'line',
        source,
        filter: all(filter, later) as FilterSpecification,
        paint: {
          'line-color': color(byClass(syms, (s) => css([...(layer.geometry === 'point' ? s.fill : s.line).slice(0, 3), Math.max(s.line[3], 200)] as RGBA))) as string,
          'line-width': w * k,
          'line-opacity': op * PLANNED_OPACITY,
          'line-dasharray': [PLANNED_DASH[0] / w, PLANNED_DASH[1] / w],
        },
      };
      out.push(planned);
    });
  }
  return out;
}

/** The opacity paint property of each part (what changes with the layer's opacity). */
export function opacityPaint(part: string, layer: Pick<Layer, 'geometry' | 'pickable'>, opacity: number): [string, unknown] {
  if (part === 'hit') return ['fill-opacity', 0];
  if (part.startsWith('planned')) return ['line-opacity', opacity * PLANNED_OPACITY];
  return [part === 'fill' || part === 'pattern' || part === 'hover' ? 'fill-opacity' : 'line-opacity', opacity];
}

/** Every pattern symbol of a layer (one image each). */
export function patternSymbols(layer: Pick<Layer, 'geometry' | 'style'>): ResolvedSymbol[] {
  if (layer.geometry !== 'polygon') return [];
  const seen = new Map<string, ResolvedSymbol>();
  for (const s of classSymbols(layer).values()) if (hasPattern(s)) seen.set(patternImageId(s), s);
  return [...seen.values()];
}

/** One family of parallel lines in a tile: direction angle (radians, y down) and spacing, in tile px. */
export interface HatchFamily {
  angle: number;
  period: number;
}

/**
 * A seamless tile for a pattern at `pixelRatio` device px per CSS px: its size in device px, the
 * line families or dot lattice drawn in it, and the stroke width / dot radius in device px. The
 * tile's size is rounded to whole pixels, so the angle and spacing are adjusted slightly to tile
 * exactly (at most ≈1° and a few per cent; tested).
 */
export interface PatternTile {
  width: number;
  height: number;
  kind: 'hatch' | 'dots';
  families: HatchFamily[];
  /** hatch: line width; dots: radius (device px) */
  size: number;
  /** dots: lattice spacing (device px) */
  period: number;
}

export function patternTile(sym: Pick<ResolvedSymbol, 'pattern' | 'patternAngle'>, pixelRatio: number): PatternTile {
  const g = PATTERN_GEOMETRY[sym.pattern ?? 'hatch'];
  if (sym.pattern === 'dots') {
    const period = Math.max(2, Math.round((g.strokeWidth * 2 + g.gap) * pixelRatio));
    return { width: period, height: period, kind: 'dots', families: [], size: g.strokeWidth * pixelRatio, period };
  }
  const P = (g.strokeWidth + g.gap) * pixelRatio;
  const rad = (d: number) => (((d % 180) + 180) % 180) * (Math.PI / 180);
  const first = rad(sym.patternAngle);
  const s = Math.abs(Math.sin(first));
  const c = Math.abs(Math.cos(first));
  // a family of lines with normal n = (sin a, cos a) (y-down pixels) repeats along x every P/|sin a|
  // and along y every P/|cos a|: the tile holds i such periods across and j down, rounded to whole
  // pixels, and the angle and spacing become those that make it repeat exactly (the best i, j ≤ 4)
  let width = Math.max(1, Math.round(P));
  let height = width;
  if (s > 1e-6 && c > 1e-6) {
    let best = Infinity;
    for (let i = 1; i <= 4; i++) {
      for (let j = 1; j <= 4; j++) {
        const w = Math.max(1, Math.round((i * P) / s));
        const h = Math.max(1, Math.round((j * P) / c));
        const a = Math.atan((i * h) / (j * w));
        const err = Math.abs(a - Math.atan(s / c)) * 20 + Math.abs((w * Math.sin(a)) / i - P) / P + (w * h) / 1e6;
        if (err < best) [best, width, height] = [err, w, h];
      }
    }
  } else if (s > 1e-6) width = Math.max(1, Math.round(P)); // vertical lines
  else height = Math.max(1, Math.round(P)); // horizontal lines
  const angles = sym.pattern === 'cross-hatch' ? [sym.patternAngle, sym.patternAngle + 90] : [sym.patternAngle];
  const families = angles.map((deg) => {
    const r = rad(deg);
    const sr = Math.sin(r);
    const cr = Math.cos(r);
    if (Math.abs(sr) < 1e-6) return { angle: 0, period: height / Math.max(1, Math.round(height / P)) }; // horizontal
    if (Math.abs(cr) < 1e-6) return { angle: Math.PI / 2, period: width / Math.max(1, Math.round(width / P)) }; // vertical
    // i crossings along the width, j down the height: tan a = (i·H)/(j·W), spacing W·sin a / i
    const i = Math.max(1, Math.round((width * Math.abs(sr)) / P));
    const j = Math.max(1, Math.round((height * Math.abs(cr)) / P));
    const t = Math.atan((i * height) / (j * width));
    return { angle: sr * cr > 0 ? t : Math.PI - t, period: (width * Math.sin(t)) / i };
  });
  return { width, height, kind: 'hatch', families, size: g.strokeWidth * pixelRatio, period: P };
}
