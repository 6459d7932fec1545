/**
 * The legend cannot drift from the map: every legend swatch is compared with what the map's
 * drawing accessors give each feature of the layer's data, every class drawn has a legend row,
 * schematic features are dashed, classes differ by more than colour, and the palette stays
 * distinguishable under simulated colour-vision deficiencies (report: docs/palette-cvd.md).
 */
import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { differenceCiede2000, filterDeficiencyProt, filterDeficiencyDeuter, filterDeficiencyTrit, type Color } from 'culori';
import { loadCatalogFromDisk } from '../../scripts/vite-plugin-catalog';
import type { Layer } from '../../src/catalog/types';
import { swatchOf, swatchPrimitives, type Primitive } from '../../src/symbology/swatch';
import { layerDraw, drawnFeature } from '../../src/symbology/draw';
import { classOf, resolveSymbol, patternId } from '../../src/symbology/symbols';
import { shapePath } from '../../src/symbology/shapes';
import { CATEGORY_COLORS } from '../../src/inventory/categoryColors';
import type { Feature } from 'geojson';

const { catalog } = loadCatalogFromDisk(process.cwd());
const layers: Layer[] = catalog!.groups.flatMap((g) => g.layers);
const dataOf = (l: Layer): Feature[] => JSON.parse(readFileSync(resolve('public', l.data), 'utf8')).features;

/** The colours a swatch paints, by role, read back from its primitives. */
function swatchColours(prims: Primitive[]) {
  const fills = prims.filter((p) => 'fill' in p && p.fill).map((p) => (p as { fill: number[] }).fill);
  const strokes = prims.filter((p) => 'stroke' in p && p.stroke).map((p) => (p as { stroke: number[] }).stroke);
  return { fills, strokes };
}

describe('fills nobody sees are only picked, not drawn', () => {
  it('a polygon layer is pick-only exactly when none of its features paints its inside', () => {
    for (const layer of layers.filter((l) => l.geometry === 'polygon')) {
      const draw = layerDraw(layer);
      const painted = dataOf(layer).some((f) => drawnFeature(draw, f).fill[3] > 0 || drawnFeature(draw, f).pattern !== 'none');
      expect(draw.anyFill, layer.id).toBe(painted);
    }
    // the county units: an outline to read, an inside to click
    expect(layerDraw(layers.find((l) => l.id === 'counties')!).anyFill).toBe(false);
    expect(layerDraw(layers.find((l) => l.id === 'plan-core')!).anyFill).toBe(true);
  });
});

describe('legend swatches are drawn from the styles that draw the map', () => {
  for (const layer of layers) {
    it(`${layer.id}: each feature is drawn as its legend row shows`, () => {
      const draw = layerDraw(layer);
      const rows = new Map(layer.legend.map((e) => [e.value, swatchOf(layer, e)]));
      for (const f of dataOf(layer)) {
        const v = classOf(layer.style, f.properties);
        const row = rows.get(layer.style.classes ? v : undefined);
        expect(row, `${layer.id} › ${f.properties?.id}: class "${v}" has no legend row`).toBeDefined();
        const drawn = drawnFeature(draw, f);
        const { fills, strokes } = swatchColours(row!.primitives);
        const sym = row!.symbol;
        if (layer.geometry === 'polygon') {
          if (sym.pattern) {
            expect(drawn.pattern).toBe(patternId(sym));
            // the pattern's ink: hatch lines are strokes of the fill colour, dots are fills
            expect([...fills, ...strokes]).toContainEqual(drawn.fill);
          } else {
            expect(drawn.pattern).toBe('none');
            if (drawn.fill[3] > 0) expect(fills).toContainEqual(drawn.fill);
            else expect(fills.every((c) => c[3] === 0) || fills.length === 0).toBe(true);
          }
          if (drawn.lineWidth > 0 && drawn.line[3] > 0) {
            const outline = row!.primitives.find((p) => p.type === 'rect' && p.stroke) as Extract<Primitive, { type: 'rect' }>;
            expect(outline?.stroke, `${layer.id} › ${f.properties?.id} outline`).toEqual(drawn.line);
            expect(outline.dash ?? [0, 0]).toEqual(drawn.dash);
          }
        } else if (layer.geometry === 'line') {
          const line = row!.primitives.find((p) => p.type === 'line') as Extract<Primitive, { type: 'line' }>;
          expect(line.stroke).toEqual(drawn.line);
          expect(line.dash ?? [0, 0]).toEqual(drawn.dash);
          expect(row!.primitives.some((p) => p.type === 'path')).toBe(sym.arrow);
        } else {
          // points: the marker of the feature's class is the swatch's shape in the swatch's colour
          expect(draw.markers.get(drawn.marker)).toEqual(sym);
          const path = row!.primitives.find((p) => p.type === 'path') as Extract<Primitive, { type: 'path' }>;
          expect(path.d).toBe(shapePath(sym.shape, 14, 9, Math.min(sym.pointRadius, 9 - 1.5)));
          expect([...fills, ...strokes]).toContainEqual(drawn.fill);
        }
      }
    });
  }

  it('a changed style changes the swatch (the tie is real)', () => {
    const core = layers.find((l) => l.id === 'plan-core')!;
    const changed = { ...core, style: { ...core.style, fill: '#00ff0040' } };
    expect(swatchColours(swatchOf(changed, {}).primitives).fills).toContainEqual([0, 255, 0, 64]);
    expect(drawnFeature(layerDraw(changed), dataOf(core)[0]).fill).toEqual([0, 255, 0, 64]);
  });

  it('the inventory layer draws each category in the 清单 colour', () => {
    const inv = layers.find((l) => l.id === 'inventory-items')!;
    for (const [cat, hex] of Object.entries(CATEGORY_COLORS)) expect(inv.style.classes?.symbols[cat]?.fill, cat).toBe(hex);
  });
});

describe('cartographic rules', () => {
  it('schematic features are dashed (outline, line or marker) everywhere', () => {
    for (const layer of layers) {
      const draw = layerDraw(layer);
      for (const f of dataOf(layer)) {
        const acc = f.properties?.accuracy ?? layer.accuracy;
        if (acc === 'schematic') expect(draw.dashArray(f)[1], `${layer.id} › ${f.properties?.id}`).toBeGreaterThan(0);
      }
    }
  });

  it('a layer declares the worst accuracy of its features (surveyed < derived < approximate < schematic)', () => {
    const rank = ['surveyed', 'derived', 'approximate', 'schematic'];
    for (const layer of layers) {
      const worst = dataOf(layer).reduce((w, f) => Math.max(w, rank.indexOf(f.properties?.accuracy ?? layer.accuracy)), 0);
      expect(layer.accuracy, layer.id).toBe(rank[worst]);
    }
  });

  it('a dashed marker is drawn dashed in the legend and says “schematic”', () => {
    for (const layer of layers.filter((l) => l.geometry === 'point')) {
      for (const e of layer.legend) {
        const sw = swatchOf(layer, e);
        if (!sw.symbol.dash) continue;
        expect(sw.primitives.some((p) => p.type === 'path' && p.dash), `${layer.id} ${e.value}`).toBe(true);
        expect(`${e.label.zh} ${layer.title.zh}`, `${layer.id} ${e.value}`).toMatch(/示意/);
        expect(`${e.label.en} ${layer.title.en}`, `${layer.id} ${e.value}`).toMatch(/schematic/i);
      }
    }
  });

  it('never colour alone: within a layer, every legend row differs in shape, pattern, dash or arrow', () => {
    for (const layer of layers) {
      const keys = layer.legend.map((e) => {
        const s = resolveSymbol(layer, e.value);
        return JSON.stringify([s.geometry === 'point' ? s.shape : '', s.geometry === 'polygon' ? patternId(s) : '', s.dash ?? null, s.arrow]);
      });
      expect(new Set(keys).size, `${layer.id}: ${keys.join(' | ')}`).toBe(keys.length);
    }
  });

  it('no two default-visible layers both lay solid translucent fills (their mix would be a colour no legend shows)', () => {
    const solid = layers.filter((l) => l.visible && l.geometry === 'polygon' && [...layerDraw(l).markers.values()].some((s) => !s.pattern && s.fill[3] > 0));
    expect(solid.map((l) => l.id).length, solid.map((l) => l.id).join(', ')).toBeLessThanOrEqual(1);
  });

  it('swatch primitives are plain numbers and colours (usable by a PDF or canvas renderer)', () => {
    const belts = layers.find((l) => l.id === 'plan-belts')!;
    const prims = swatchPrimitives(resolveSymbol(belts, 'belt-fenhe-valley'), 40, 20);
    expect(prims.filter((p) => p.type === 'line').length).toBeGreaterThan(2);
    for (const p of prims) for (const v of Object.values(p)) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
  });
});

// ---- colour-vision deficiency check -------------------------------------------------------

const toColor = (c: number[]) => ({ mode: 'rgb', r: c[0] / 255, g: c[1] / 255, b: c[2] / 255 }) as Color;
/** the colour as seen over the map's ground (#fbfaf6), alpha composited */
const GROUND = [0xfb, 0xfa, 0xf6];
const over = (c: number[]) => c.slice(0, 3).map((v, i) => v * (c[3] / 255) + GROUND[i] * (1 - c[3] / 255));
const VISION: Record<string, (c: Color) => Color> = { normal: (c) => c, protan: filterDeficiencyProt(1) as (c: Color) => Color, deutan: filterDeficiencyDeuter(1) as (c: Color) => Color, tritan: filterDeficiencyTrit(1) as (c: Color) => Color };
const dE = differenceCiede2000() as (a: Color, b: Color) => number;

/** the colour that tells a class apart: ink for patterns and markers, the line for lines */
function keyColour(layer: Layer, value: string | undefined): number[] {
  const s = resolveSymbol(layer, value);
  if (layer.geometry === 'line') return s.line;
  // polygons: the pattern's ink, else the outline (a light fill only backs the outline up)
  if (layer.geometry === 'polygon') return s.pattern ? [...s.fill.slice(0, 3), 255] : s.line;
  return s.fill;
}

describe('palette under simulated colour-vision deficiencies (Machado 2009, full severity)', () => {
  const rows: string[] = [];
  // CIEDE2000 between any two classes of a layer, in every vision; a layer of many classes (the 15
  // inventory categories) cannot keep them all this far apart — its marker shapes carry identity
  const MIN_PAIR = 6;
  const MIN_PAIR_MANY = 3.5;
  const MIN_GROUND = 12; // every class against the map's ground
  it(`classes of a layer stay ≥ ${MIN_PAIR} ΔE00 apart (${MIN_PAIR_MANY} with many classes) and ≥ ${MIN_GROUND} from the ground`, () => {
    const failures: string[] = [];
    for (const layer of layers) {
      const values = layer.legend.map((e) => e.value);
      const cols = values.map((v) => over(keyColour(layer, v)));
      const cells: string[] = [];
      for (const [vision, sim] of Object.entries(VISION)) {
        let minPair = Infinity;
        let minGround = Infinity;
        let pair = '';
        // a class and its schematic twin share the colour: the dashed outline tells them apart
        const dashedRow = values.map((v) => Boolean(layer.geometry === 'point' && resolveSymbol(layer, v).dash));
        for (let i = 0; i < cols.length; i++) {
          minGround = Math.min(minGround, dE(sim(toColor(cols[i])), sim(toColor(GROUND))));
          for (let j = i + 1; j < cols.length; j++) {
            if (dashedRow[i] !== dashedRow[j] && dE(toColor(cols[i]), toColor(cols[j])) < 1) continue;
            const d = dE(sim(toColor(cols[i])), sim(toColor(cols[j])));
            if (d < minPair) [minPair, pair] = [d, `${values[i]}~${values[j]}`];
          }
        }
        if (cols.length > 1 && minPair < (cols.length > 8 ? MIN_PAIR_MANY : MIN_PAIR)) failures.push(`${layer.id} ${vision}: closest classes ${pair} ${minPair.toFixed(1)}`);
        if (minGround < MIN_GROUND) failures.push(`${layer.id} ${vision}: a class ${minGround.toFixed(1)} from the ground`);
        cells.push(`${cols.length > 1 ? minPair.toFixed(1) : '—'} / ${minGround.toFixed(1)}`);
      }
      rows.push(`| ${layer.id} | ${values.length} | ${cells.join(' | ')} |`);
    }
    if (process.env.WRITE_PALETTE_REPORT) {
      writeFileSync(
        'docs/palette-cvd.md',
        [
          '# Palette under simulated colour-vision deficiencies',
          '',
          'Written by `WRITE_PALETTE_REPORT=1 npx vitest run test/unit/symbology.test.ts` from the catalog styles.',
          'Each cell: smallest CIEDE2000 difference between two classes of the layer / smallest difference of a class',
          'from the map ground (#fbfaf6), after simulating the vision (culori, Machado et al. 2009, severity 1).',
          `The test requires ≥ ${MIN_PAIR} between classes (≥ ${MIN_PAIR_MANY} in layers of more than 8 classes) and ≥ ${MIN_GROUND} from the ground; classes also differ by shape,`,
          'pattern, dash or arrow (never colour alone).',
          '',
          '| layer | classes | normal | protanopia | deuteranopia | tritanopia |',
          '|---|---|---|---|---|---|',
          ...rows,
          '',
        ].join('\n'),
      );
    }
    expect(failures).toEqual([]);
  });
});
