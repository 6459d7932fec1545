/**
 * Legend swatches, described as renderer-agnostic vector primitives in a w×h box (CSS px, y down),
 * computed from the very symbols the map draws with (./symbols.ts). The Svelte legend turns them
 * into SVG; a print sheet can draw the same primitives into a PDF or a canvas.
 */
import type { Layer, LegendEntry } from '../catalog/types';
import type { RGBA } from './color';
import { resolveSymbol, PATTERN_GEOMETRY, type ResolvedSymbol } from './symbols';
import { shapePath, isOpenShape } from './shapes';
import { schematicFill } from './color';

export type Primitive =
  | { type: 'rect'; x: number; y: number; w: number; h: number; fill?: RGBA; stroke?: RGBA; strokeWidth?: number; dash?: [number, number] }
  | { type: 'line'; x1: number; y1: number; x2: number; y2: number; stroke: RGBA; strokeWidth: number; dash?: [number, number] }
  | { type: 'circle'; cx: number; cy: number; r: number; fill: RGBA }
  | { type: 'path'; d: string; fill?: RGBA; stroke?: RGBA; strokeWidth?: number; dash?: [number, number] };

/** The symbol a legend row shows: the symbol of its class. */
export function legendSymbol(layer: Pick<Layer, 'geometry' | 'style'>, entry: Pick<LegendEntry, 'value'>): ResolvedSymbol {
  return resolveSymbol(layer, entry.value);
}

/** Clip the infinite line through (px, py) with direction (dx, dy) to the rectangle; null if it misses. */
function clipToRect(px: number, py: number, dx: number, dy: number, x0: number, y0: number, x1: number, y1: number) {
  let t0 = -Infinity;
  let t1 = Infinity;
  for (const [p, d, lo, hi] of [[px, dx, x0, x1], [py, dy, y0, y1]] as const) {
    if (Math.abs(d) < 1e-12) {
      if (p < lo || p > hi) return null;
      continue;
    }
    const a = (lo - p) / d;
    const b = (hi - p) / d;
    t0 = Math.max(t0, Math.min(a, b));
    t1 = Math.min(t1, Math.max(a, b));
  }
  return t1 > t0 ? { x1: px + dx * t0, y1: py + dy * t0, x2: px + dx * t1, y2: py + dy * t1 } : null;
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Hatch lines at `angle` (degrees, counter-clockwise) spaced `period` apart, clipped to a box. */
function hatchLines(angle: number, period: number, box: [number, number, number, number], stroke: RGBA, strokeWidth: number): Primitive[] {
  const [x0, y0, x1, y1] = box;
  const a = (angle * Math.PI) / 180;
  const dx = Math.cos(a);
  const dy = -Math.sin(a); // screen y points down
  const nx = -dy;
  const ny = dx;
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const reach = Math.hypot(x1 - x0, y1 - y0) / 2;
  const out: Primitive[] = [];
  for (let k = -Math.ceil(reach / period); k <= Math.ceil(reach / period); k++) {
    const seg = clipToRect(cx + nx * k * period, cy + ny * k * period, dx, dy, x0, y0, x1, y1);
    if (seg) out.push({ type: 'line', x1: round(seg.x1), y1: round(seg.y1), x2: round(seg.x2), y2: round(seg.y2), stroke, strokeWidth });
  }
  return out;
}

/**
 * The primitives of a swatch for a symbol in a w×h box, bottom first. Polygons: a rectangle with
 * the fill (or the pattern over its background) and the outline; lines: a horizontal stroke (and
 * an arrowhead); points: the marker shape.
 */
export function swatchPrimitives(sym: ResolvedSymbol, w = 28, h = 18): Primitive[] {
  const out: Primitive[] = [];
  if (sym.geometry === 'polygon') {
    const sw = Math.min(sym.lineWidth, 3);
    const inset = Math.max(1, sw / 2);
    const box: [number, number, number, number] = [inset, inset, w - inset, h - inset];
    const rect = { type: 'rect' as const, x: inset, y: inset, w: w - 2 * inset, h: h - 2 * inset };
    if (sym.pattern) {
      if (sym.patternBackground[3] > 0) out.push({ ...rect, fill: sym.patternBackground });
      const g = PATTERN_GEOMETRY[sym.pattern];
      if (sym.pattern === 'dots') {
        const period = g.strokeWidth * 2 + g.gap;
        for (let y = box[1] + period / 2; y < box[3]; y += period) {
          for (let x = box[0] + period / 2; x < box[2]; x += period) out.push({ type: 'circle', cx: round(x), cy: round(y), r: g.strokeWidth, fill: sym.fill });
        }
      } else {
        const period = g.strokeWidth + g.gap;
        out.push(...hatchLines(sym.patternAngle, period, box, sym.fill, g.strokeWidth));
        if (sym.pattern === 'cross-hatch') out.push(...hatchLines(sym.patternAngle + 90, period, box, sym.fill, g.strokeWidth));
      }
    } else if (sym.fill[3] > 0) {
      out.push({ ...rect, fill: sym.fill });
    }
    if (sw > 0 && sym.line[3] > 0) out.push({ ...rect, stroke: sym.line, strokeWidth: sw, dash: sym.dash });
  } else if (sym.geometry === 'line') {
    const sw = Math.min(sym.lineWidth, 5);
    const end = sym.arrow ? w - 7 : w - 1;
    out.push({ type: 'line', x1: 1, y1: h / 2, x2: end, y2: h / 2, stroke: sym.line, strokeWidth: sw, dash: sym.dash });
    if (sym.arrow) out.push({ type: 'path', d: `M${w - 9} ${round(h / 2 - 5)} L${w - 1} ${h / 2} L${w - 9} ${round(h / 2 + 5)} Z`, fill: sym.line });
  } else {
    const r = Math.min(sym.pointRadius, h / 2 - 1.5);
    const d = shapePath(sym.shape, w / 2, h / 2, r);
    if (sym.dash) {
      // a schematic position: the shape's outline dashed in the class colour over a pale fill
      out.push({ type: 'path', d, stroke: [255, 255, 255, 255], strokeWidth: 4 });
      out.push({ type: 'path', d, fill: schematicFill(sym.fill), stroke: sym.fill, strokeWidth: 2, dash: sym.dash });
    } else if (isOpenShape(sym.shape)) {
      out.push({ type: 'path', d, stroke: [255, 255, 255, 255], strokeWidth: 5 });
      out.push({ type: 'path', d, stroke: sym.fill, strokeWidth: 2.5 });
    } else {
      out.push({ type: 'path', d, fill: sym.fill, stroke: sym.line, strokeWidth: 1.5 });
    }
  }
  return out;
}

/** A legend row's swatch: the symbol and its primitives. */
export function swatchOf(layer: Pick<Layer, 'geometry' | 'style'>, entry: Pick<LegendEntry, 'value'>, w = 28, h = 18) {
  const symbol = legendSymbol(layer, entry);
  return { symbol, primitives: swatchPrimitives(symbol, w, h), width: w, height: h };
}
