/**
 * One place that says how each feature is drawn: a layer's base symbol refined by its class (the
 * value of `style.classes.key`). The map's accessors (src/engine/overlay.ts) and the legend's
 * swatches (./swatch.ts) both come from `resolveSymbol`, so they cannot drift apart.
 * Pure and renderer-agnostic: no deck.gl, no DOM.
 */
import type { Layer, LayerStyle, SymbolSpec } from '../catalog/types';
import { hexToRgba, type RGBA } from './color';
import type { ShapeName } from './shapes';

export type PatternKind = NonNullable<SymbolSpec['pattern']>;

/** A symbol with every field decided and colours as RGBA. */
export interface ResolvedSymbol {
  geometry: Layer['geometry'];
  /** polygons: solid fill, or the pattern's ink; points: marker fill */
  fill: RGBA;
  /** outline / line / marker rim */
  line: RGBA;
  lineWidth: number;
  /** [dash, gap] in px; undefined: solid */
  dash?: [number, number];
  pattern?: PatternKind;
  /** degrees, counter-clockwise from horizontal */
  patternAngle: number;
  patternBackground: RGBA;
  arrow: boolean;
  shape: ShapeName;
  pointRadius: number;
}

const NONE: RGBA = [0, 0, 0, 0];
const WHITE: RGBA = [255, 255, 255, 255];

/** How patterns are spaced, in screen pixels: the map and the legend draw them alike. */
export const PATTERN_GEOMETRY: Record<PatternKind, { strokeWidth: number; gap: number }> = {
  hatch: { strokeWidth: 1.3, gap: 6 },
  'cross-hatch': { strokeWidth: 1, gap: 6 },
  dots: { strokeWidth: 1.6, gap: 5 }, // strokeWidth = dot radius
};

/** The class value of a feature (as a string), or undefined when the layer has no classes. */
export function classOf(style: LayerStyle, props: Record<string, unknown> | null | undefined): string | undefined {
  if (!style.classes) return undefined;
  const v = props?.[style.classes.key];
  return v === undefined || v === null ? undefined : String(v);
}

/** The symbol of a class (undefined: the base symbol; an unknown class also gets the base). */
export function resolveSymbol(layer: Pick<Layer, 'geometry' | 'style'>, value?: string): ResolvedSymbol {
  const s = layer.style;
  const c: SymbolSpec = (value !== undefined && s.classes?.symbols[value]) || {};
  const pick = <K extends keyof SymbolSpec>(k: K): SymbolSpec[K] => (c[k] !== undefined ? c[k] : s[k]);
  const fillHex = pick('fill') ?? (layer.geometry === 'line' ? pick('line') : undefined);
  const lineHex = pick('line') ?? (layer.geometry === 'point' ? undefined : pick('fill'));
  return {
    geometry: layer.geometry,
    fill: hexToRgba(fillHex, NONE),
    line: layer.geometry === 'point' ? hexToRgba(lineHex, WHITE) : hexToRgba(lineHex, NONE),
    lineWidth: pick('lineWidth') ?? 1,
    dash: pick('dash') as [number, number] | undefined,
    pattern: pick('pattern'),
    patternAngle: pick('patternAngle') ?? 45,
    patternBackground: hexToRgba(pick('patternBackground'), NONE),
    arrow: Boolean(pick('arrow')),
    shape: pick('shape') ?? 'circle',
    pointRadius: pick('pointRadius') ?? 6,
  };
}

/** The symbol a feature is drawn with. */
export const symbolOfFeature = (layer: Pick<Layer, 'geometry' | 'style'>, props: Record<string, unknown> | null | undefined) =>
  resolveSymbol(layer, classOf(layer.style, props));

/** Name of a procedural pattern (deck.gl's FillStyleExtension mapping key). */
export const patternId = (sym: Pick<ResolvedSymbol, 'pattern' | 'patternAngle'>) => (sym.pattern ? `${sym.pattern}-${sym.patternAngle}` : 'none');

/** Every symbol a layer can draw: the base and each class (value → symbol). */
export function layerSymbols(layer: Pick<Layer, 'geometry' | 'style'>): Map<string | undefined, ResolvedSymbol> {
  const out = new Map<string | undefined, ResolvedSymbol>([[undefined, resolveSymbol(layer)]]);
  for (const v of Object.keys(layer.style.classes?.symbols ?? {})) out.set(v, resolveSymbol(layer, v));
  return out;
}

/** The layer's symbols in a form cheap to call per feature (memoised by class value). */
export function symbolLookup(layer: Pick<Layer, 'geometry' | 'style'>): (props: Record<string, unknown> | null | undefined) => ResolvedSymbol {
  const table = layerSymbols(layer);
  const base = table.get(undefined)!;
  return (props) => {
    const v = classOf(layer.style, props);
    return (v !== undefined && table.get(v)) || base;
  };
}
