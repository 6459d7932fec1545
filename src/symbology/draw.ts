/**
 * What the map draws for a layer, as per-feature accessors over the layer's symbols: the
 * engine hands these to deck.gl (src/engine/overlay.ts); tests compare them with the legend's
 * swatches. Pure: no deck.gl import.
 */
import type { Feature } from 'geojson';
import type { Layer } from '../catalog/types';
import type { RGBA } from './color';
import { layerSymbols, symbolLookup, patternId, PATTERN_GEOMETRY, type ResolvedSymbol } from './symbols';

type Props = Record<string, unknown> | null | undefined;
const propsOf = (f: { properties?: Props }) => f.properties;

/** deck.gl's FillStyleExtension procedural pattern config for each pattern id. */
export type PatternConfig =
  | { type: 'hatch'; angle: number; strokeWidth: number; gap: number }
  | { type: 'cross-hatch'; angles: [number, number]; strokeWidth: number; gap: number }
  | { type: 'dots'; radius: number; gap: number; angle: number };

export function patternConfig(sym: ResolvedSymbol): PatternConfig | null {
  if (!sym.pattern) return null;
  const g = PATTERN_GEOMETRY[sym.pattern];
  if (sym.pattern === 'hatch') return { type: 'hatch', angle: sym.patternAngle, strokeWidth: g.strokeWidth, gap: g.gap };
  if (sym.pattern === 'cross-hatch') return { type: 'cross-hatch', angles: [sym.patternAngle, (sym.patternAngle + 90) % 180], strokeWidth: g.strokeWidth, gap: g.gap };
  return { type: 'dots', radius: g.strokeWidth, gap: g.gap, angle: 0 };
}

export interface LayerDraw {
  symbolOf: (f: { properties?: Props }) => ResolvedSymbol;
  /** polygon fill (solid or pattern ink) / point marker fill */
  fillColor: (f: { properties?: Props }) => RGBA;
  lineColor: (f: { properties?: Props }) => RGBA;
  lineWidth: (f: { properties?: Props }) => number;
  /** [dash, gap]; [0, 0] draws solid (deck.gl's PathStyleExtension) */
  dashArray: (f: { properties?: Props }) => [number, number];
  pattern: (f: { properties?: Props }) => string;
  patternBackground: (f: { properties?: Props }) => RGBA;
  /** marker key in the layer's icon atlas (the class value, or "" for the base symbol) */
  marker: (f: { properties?: Props }) => string;
  /** the layer needs these extensions / extra layers at all */
  anyDash: boolean;
  anyPattern: boolean;
  anyArrow: boolean;
  /** some symbol draws an outline (polygons) */
  anyOutline: boolean;
  /** some symbol paints the inside (a colour with alpha > 0, or a pattern); a layer without is only picked, not drawn */
  anyFill: boolean;
  patterns: Record<string, PatternConfig>;
  /** every marker the layer can draw (atlas key → symbol) */
  markers: Map<string, ResolvedSymbol>;
}

export function layerDraw(layer: Pick<Layer, 'geometry' | 'style'>): LayerDraw {
  const lookup = symbolLookup(layer);
  const all = layerSymbols(layer);
  const symbolOf = (f: { properties?: Props }) => lookup(propsOf(f));
  const patterns: Record<string, PatternConfig> = {};
  for (const s of all.values()) {
    const c = patternConfig(s);
    if (c) patterns[patternId(s)] = c;
  }
  const markerKey = (f: { properties?: Props }) => {
    const v = layer.style.classes ? String(propsOf(f)?.[layer.style.classes.key] ?? '') : '';
    return layer.style.classes?.symbols[v] ? v : '';
  };
  return {
    symbolOf,
    fillColor: (f) => symbolOf(f).fill,
    lineColor: (f) => symbolOf(f).line,
    lineWidth: (f) => symbolOf(f).lineWidth,
    dashArray: (f) => symbolOf(f).dash ?? [0, 0],
    pattern: (f) => patternId(symbolOf(f)),
    patternBackground: (f) => symbolOf(f).patternBackground,
    marker: markerKey,
    anyDash: [...all.values()].some((s) => s.dash),
    anyPattern: Object.keys(patterns).length > 0,
    anyArrow: [...all.values()].some((s) => s.arrow),
    anyOutline: [...all.values()].some((s) => s.lineWidth > 0 && s.line[3] > 0),
    anyFill: Object.keys(patterns).length > 0 || [...all.values()].some((s) => s.fill[3] > 0),
    patterns,
    markers: new Map([...all].map(([k, s]) => [k ?? '', s])),
  };
}

/** Convenience for tests and tools: the accessors applied to one feature. */
export function drawnFeature(draw: LayerDraw, f: Feature) {
  return {
    fill: draw.fillColor(f),
    line: draw.lineColor(f),
    lineWidth: draw.lineWidth(f),
    dash: draw.dashArray(f),
    pattern: draw.pattern(f),
    patternBackground: draw.patternBackground(f),
    marker: draw.marker(f),
  };
}
