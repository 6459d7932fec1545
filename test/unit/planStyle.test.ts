/**
 * The planning layers' polygons and lines are MapLibre style layers (src/engine/planStyle.ts):
 * they are valid style JSON, and — evaluated with MapLibre's own expression and filter code —
 * every feature is drawn exactly as its legend row shows (fill, pattern, outline colour, width,
 * dashes for the schematic), once. The hatching tiles seamlessly, near the legend's angle and
 * spacing. Point markers and arrowheads stay with deck.gl.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { featureFilter, createPropertyExpression, latest, validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import type { Feature } from 'geojson';
import { loadCatalogFromDisk } from '../../scripts/vite-plugin-catalog';
import type { Layer } from '../../src/catalog/types';
import { swatchOf } from '../../src/symbology/swatch';
import { classOf, layerSymbols, PATTERN_GEOMETRY } from '../../src/symbology/symbols';
import { planStyleLayers, patternImageId, patternTile, patternSymbols, needsDeck, drawnByMapLibre, CLASS_PROP, catalogLayerOf } from '../../src/engine/planStyle';

const { catalog } = loadCatalogFromDisk(process.cwd());
const layers: Layer[] = catalog!.groups.flatMap((g) => g.layers);
const dataOf = (l: Layer): Feature[] => JSON.parse(readFileSync(resolve('public', l.data), 'utf8')).features;
const native = layers.filter(drawnByMapLibre);

const css = (c: number[]) => `rgba(${c[0]},${c[1]},${c[2]},${Math.round((c[3] / 255) * 1000) / 1000})`;
/** A paint value for one feature (not hovered), with MapLibre's own evaluator. */
function paint(layerType: string, prop: string, value: unknown, f: Feature): unknown {
  const spec = (latest as any)[`paint_${layerType}`][prop];
  const e = createPropertyExpression(value as any, `layers[0].paint.${prop}`, spec);
  if (e.result !== 'success') throw new Error(`${prop}: ${JSON.stringify(e.value)}`);
  const v = e.value.evaluate({ zoom: 8 }, { type: 2, properties: f.properties ?? {} } as any, {} as any);
  if (v && typeof v === 'object' && 'r' in v) {
    const c = v as { r: number; g: number; b: number; a: number };
    // premultiplied in MapLibre's Color
    return c.a === 0 ? 'rgba(0,0,0,0)' : css([Math.round((c.r / c.a) * 255), Math.round((c.g / c.a) * 255), Math.round((c.b / c.a) * 255), Math.round(c.a * 255)]);
  }
  return v;
}
const withClass = (l: Layer, f: Feature): Feature => ({ ...f, properties: { ...f.properties, [CLASS_PROP]: classOf(l.style, f.properties) ?? '' } });

describe('planning polygons and lines as MapLibre layers', () => {
  it('are valid style layers', () => {
    for (const l of native) {
      const style = { version: 8, sources: { [`cat-${l.id}`]: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } }, 'cat-hover-tint': { type: 'geojson', data: { type: 'FeatureCollection', features: [] } } }, layers: planStyleLayers(l, { opacity: 0.8, symbolScale: 1.5, pickable: l.pickable }) };
      expect(validateStyleMin(style as any), l.id).toEqual([]);
      for (const s of style.layers) expect(catalogLayerOf(s.id, (id) => id === l.id), s.id).toBe(l.id);
    }
  });

  for (const l of native) {
    it(`${l.id}: each feature is drawn once, as its legend row shows`, () => {
      const specs = planStyleLayers(l, { opacity: 1, symbolScale: 1, pickable: l.pickable });
      const rows = new Map(l.legend.map((e) => [e.value, swatchOf(l, e).symbol]));
      for (const raw of dataOf(l)) {
        const f = withClass(l, raw);
        const sym = rows.get(l.style.classes ? classOf(l.style, raw.properties) : undefined)!;
        expect(sym, `${l.id} › ${raw.properties?.id}: no legend row`).toBeDefined();
        const drawnBy = specs.filter((s) => !('filter' in s) || featureFilter(s.filter as any, 'layers[0].filter').filter({ zoom: 8 } as any, { type: l.geometry === 'line' ? 2 : 3, properties: f.properties } as any));
        const part = (p: string) => drawnBy.filter((s) => s.id.endsWith(`-${p}`) || (p === 'dash' && /-dash-\d+$/.test(s.id)));
        const where = `${l.id} › ${raw.properties?.id}`;
        if (l.geometry === 'polygon') {
          expect(part('hit'), where).toHaveLength(1);
          const solid = !sym.pattern && sym.fill[3] > 0;
          expect(part('fill').length, where).toBe(solid ? 1 : 0);
          if (solid) expect(paint('fill', 'fill-color', (part('fill')[0] as any).paint['fill-color'], f), where).toBe(css(sym.fill));
          const patterned = Boolean(sym.pattern) && (sym.fill[3] > 0 || sym.patternBackground[3] > 0);
          expect(part('pattern').length, where).toBe(patterned ? 1 : 0);
          if (patterned) expect(paint('fill', 'fill-pattern', (part('pattern')[0] as any).paint['fill-pattern'], f)?.toString(), where).toBe(patternImageId(sym));
        }
        const outlined = sym.lineWidth > 0 && sym.line[3] > 0;
        const lines = [...part('line'), ...part('dash')];
        expect(lines.length, where).toBe(outlined ? 1 : 0);
        if (!outlined) continue;
        const line = lines[0] as any;
        expect(paint('line', 'line-color', line.paint['line-color'], f), where).toBe(css(sym.line));
        const width = paint('line', 'line-width', line.paint['line-width'], f) as number;
        expect(width, where).toBeCloseTo(Math.max(0.5, sym.lineWidth), 6);
        if (sym.dash) {
          // MapLibre counts dashes in line widths; in pixels they are the legend's
          expect(line.id, where).toMatch(/-dash(-\d+)?$/);
          const d = line.paint['line-dasharray'] as number[];
          expect(d.map((x) => Math.round(x * width * 10) / 10), where).toEqual(sym.dash);
        } else expect(line.id, where).toMatch(/-line$/);
      }
    });
  }

  it('every schematic feature is drawn dashed', () => {
    for (const l of native) {
      const specs = planStyleLayers(l, { opacity: 1, symbolScale: 1, pickable: true });
      for (const raw of dataOf(l).filter((f) => f.properties?.accuracy === 'schematic')) {
        const f = withClass(l, raw);
        const lines = specs.filter((s) => s.type === 'line' && (!('filter' in s) || featureFilter(s.filter as any, 'layers[0].filter').filter({ zoom: 8 } as any, { type: 2, properties: f.properties } as any)));
        expect(lines.map((s) => s.id), `${l.id} › ${raw.properties?.id}`).toEqual(lines.map((s) => s.id).filter((id) => /-dash(-\d+)?$/.test(id)));
        expect(lines.length, `${l.id} › ${raw.properties?.id}`).toBe(1);
      }
    }
  });

  it('line widths follow a projector’s scale; opacity applies to every part; a layer not pickable never tints', () => {
    const belts = layers.find((l) => l.id === 'plan-belts')!;
    const big = planStyleLayers(belts, { opacity: 0.4, symbolScale: 2, pickable: false });
    const f = withClass(belts, dataOf(belts)[0]);
    const line = big.find((s) => s.type === 'line') as any;
    const sym = layerSymbols(belts).get(classOf(belts.style, f.properties))!;
    expect(paint('line', 'line-width', line.paint['line-width'], f)).toBeCloseTo(sym.lineWidth * 2, 6);
    for (const s of big as any[]) {
      const op = s.paint['fill-opacity'] ?? s.paint['line-opacity'];
      expect(s.id.endsWith('-hit') ? op : op, s.id).toBe(s.id.endsWith('-hit') ? 0 : 0.4);
    }
  });
});

describe('hatching, cross-hatching and dots as seamless pattern tiles', () => {
  const symbols = native.flatMap((l) => patternSymbols(l));
  it('the catalog has patterns to draw', () => expect(symbols.length).toBeGreaterThan(5));
  for (const ratio of [1, 2, 4]) {
    it(`at ${ratio}× a tile keeps the legend's angle (±1.5°) and spacing (±5 %)`, () => {
      for (const s of symbols) {
        const t = patternTile(s, ratio);
        const g = PATTERN_GEOMETRY[s.pattern!];
        const where = `${patternImageId(s)} at ${ratio}×`;
        expect(t.width, where).toBeGreaterThanOrEqual(2);
        expect(t.height, where).toBeGreaterThanOrEqual(2);
        if (t.kind === 'dots') {
          expect(Math.abs(t.period / ratio - (2 * g.strokeWidth + g.gap)) / (2 * g.strokeWidth + g.gap), where).toBeLessThan(0.07);
          continue;
        }
        const want = s.pattern === 'cross-hatch' ? [s.patternAngle, s.patternAngle + 90] : [s.patternAngle];
        expect(t.families).toHaveLength(want.length);
        t.families.forEach((fam, i) => {
          const a = (((want[i] % 180) + 180) % 180) * (Math.PI / 180);
          const diff = Math.abs(((fam.angle - a + Math.PI / 2) % Math.PI) - Math.PI / 2);
          expect(diff * (180 / Math.PI), where).toBeLessThan(1.5);
          expect(Math.abs(fam.period / ratio - (g.strokeWidth + g.gap)) / (g.strokeWidth + g.gap), where).toBeLessThan(0.05);
          // seamless: the family repeats across the tile's width and height
          const n = [Math.sin(fam.angle), Math.cos(fam.angle)];
          for (const shift of [n[0] * t.width, n[1] * t.height]) {
            const k = shift / fam.period;
            expect(Math.abs(k - Math.round(k)), where).toBeLessThan(1e-9);
          }
        });
      }
    });
  }
});

describe('what deck.gl still draws', () => {
  it('markers and arrowheads only', () => {
    for (const l of layers) expect(needsDeck(l), l.id).toBe(l.geometry === 'point' || (l.geometry === 'line' && [...layerSymbols(l).values()].some((s) => s.arrow)));
    expect(needsDeck(layers.find((l) => l.id === 'plan-axes')!)).toBe(true);
    expect(needsDeck(layers.find((l) => l.id === 'plan-belts')!)).toBe(false);
  });
});
