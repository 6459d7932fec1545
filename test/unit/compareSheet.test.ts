/**
 * A comparison on a map sheet (issue 18): the frames' geometry (pure), the plan of a side-by-side
 * and a swipe sheet (same 1:N, each side's own legend), and the PDF's text read back with poppler.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import type { FeatureCollection } from 'geojson';
import { loadCatalogFromDisk } from '../../scripts/vite-plugin-catalog';
import { ptToMm } from '../../src/print/paper';
import { formatScale } from '../../src/print/scale';
import { sheetLayout, rectInside, rectsOverlap } from '../../src/print/layout';
import { composeSheet, legendParts, sheetTexts, type Measure } from '../../src/print/compose';
import { planSheet, type PlanCompare } from '../../src/print/assemble';
import { renderPdf } from '../../src/print/renderPdf';
import { partCenter, projectInFrame, splitFrames, swipeParts } from '../../src/print/comparison';
import { defaultState, type Bounds, type MapState } from '../../src/state/mapState';
import { stateContext } from '../../src/state/context';

const { catalog } = loadCatalogFromDisk(process.cwd());
if (!catalog) throw new Error('catalog');
const layers = catalog.groups.flatMap((g) => g.layers);
const data = (path: string) => JSON.parse(readFileSync(join('public', path), 'utf8')) as FeatureCollection;
const featuresAt = (id: string, t: number) => data(layers.find((l) => l.id === id)!.data).features.filter((f) => (f.properties?.phase_due ?? 2020) <= t);
const ctx = stateContext(catalog);
const measure: Measure = (text, pt) => [...text].reduce((w, c) => w + (/[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]/.test(c) ? 1 : 0.55), 0) * ptToMm(pt);
const fixed = {
  region: [110.37, 36.65, 114.14, 39.67] as Bounds,
  locator: { region: data('data/base/region.geojson') },
  basemap: 'offline' as const,
  shentu: '',
  date: new Date(2026, 11, 5),
  measure,
};

describe('the frames of a comparison (pure geometry)', () => {
  const camera = { center: [112.55, 37.87] as [number, number], zoom: 8.2, bearing: 30 };
  const frame = { width: 700, height: 500 };

  it('a lon/lat projects back to the place its part was centred on, also on a rotated map', () => {
    const part = { x: 100, y: 40, w: 260, h: 300 };
    const [x, y] = projectInFrame(camera, frame, partCenter(camera, frame, part));
    expect(x).toBeCloseTo(part.x + part.w / 2, 6);
    expect(y).toBeCloseTo(part.y + part.h / 2, 6);
    expect(partCenter(camera, frame, { x: 0, y: 0, ...{ w: frame.width, h: frame.height } })[0]).toBeCloseTo(camera.center[0], 9);
  });

  it('a swipe cuts the frame where the screen’s divider runs; the two parts tile it; an edge leaves one side', () => {
    const divider = partCenter(camera, frame, { x: 0, y: 0, w: 420, h: frame.height }); // the ground at x = 210
    const s = swipeParts(camera, frame, 'cols', { divider, pos: 0.5 });
    expect(s.frac).toBeCloseTo(210 / 700, 6);
    expect(s.a).toMatchObject({ x: 0, y: 0, width: 210, height: 500 });
    expect(s.b).toMatchObject({ x: 210, y: 0, width: 490, height: 500 });
    const rows = swipeParts(camera, frame, 'rows', { pos: 0.25 });
    expect(rows.a).toMatchObject({ y: 0, height: 125, width: 700 });
    expect(rows.b).toMatchObject({ y: 125, height: 375 });
    expect(swipeParts(camera, frame, 'cols', { pos: 1 }).b).toBeNull();
    // a divider off the frame puts the rule at its edge
    expect(swipeParts(camera, frame, 'cols', { divider: [100, 37.9], pos: 0.5 }).frac).toBe(0);
  });

  it('side by side: two frames of one size inside the map’s place, each under its strip', () => {
    for (const paper of ['a4-landscape', 'a3-landscape', 'a4-portrait'] as const) {
      const L = sheetLayout(paper);
      const f = splitFrames(L.map, L.k);
      expect(f.a.w).toBeCloseTo(f.b.w, 9);
      expect(f.a.h).toBeCloseTo(f.b.h, 9);
      for (const r of [f.a, f.b, f.stripA, f.stripB]) expect(rectInside(r, L.map)).toBe(true);
      expect(rectsOverlap(f.a, f.b)).toBe(false);
    }
  });
});

describe('a comparison sheet', () => {
  const state: MapState = { ...defaultState(ctx), layers: ['counties', 'plan-roads'], stop: 2020, view: { bounds: [111.9, 37.2, 113.2, 38.3], bearing: 0 } };
  const b = (mode: PlanCompare['mode']): PlanCompare => ({
    mode,
    orientation: 'cols',
    pos: 0.5,
    labels: { a: '现状', b: '2035年' },
    b: { state: { ...state, layers: ['counties', 'plan-core'], stop: 2035 }, features: (id) => featuresAt(id, 2035), basemap: 'offline' },
  });
  const plan = (mode: PlanCompare['mode'], paper: 'a3-landscape' | 'a4-landscape' = 'a3-landscape') =>
    planSheet({ catalog, state, options: { paper, dpi: 150, area: 'view', scale: 'fit' }, features: (id) => featuresAt(id, 2020), compare: b(mode), ...fixed });
  const entriesOf = (groups: { layer: { id: string } }[]) => groups.map((g) => g.layer.id);

  it('side by side: both sides captured with one camera (one 1:N), each legend lists only its own layers', () => {
    const p = plan('split');
    expect(p.captures.a).toEqual(p.captures.b);
    expect(p.captures.a!.zoom).toBe(p.frame.zoom);
    expect(entriesOf(p.input.legend)).toContain('plan-roads');
    expect(entriesOf(p.input.legend)).not.toContain('plan-core');
    expect(entriesOf(p.input.compare!.legendB)).toContain('plan-core');
    expect(entriesOf(p.input.compare!.legendB)).not.toContain('plan-roads');
    expect(p.defaults.subtitle).toContain('对比：A 现状 ↔ B 2035年');
    const sheet = composeSheet(p.input);
    const maps = sheet.prims.filter((x) => x.t === 'map');
    expect(maps.map((m) => (m as { side?: string }).side ?? 'a')).toEqual(['a', 'b']);
    const scales = sheetTexts(sheet).filter((t) => t.includes(formatScale(p.frame.scale)));
    expect(scales.length).toBe(3); // each frame's strip, and the scale block
    // the two legends share the legend's box, one above the other, inside it
    const parts = legendParts(p.input, sheet.layout);
    expect(parts.map((x) => x.heading)).toEqual(['图例 · A 现状', '图例 · B 2035年']);
    expect(parts[0].layout.legend.y + parts[0].layout.legend.h).toBeLessThanOrEqual(parts[1].layout.legend.y);
    for (const x of parts) expect(rectInside(x.layout.legend, sheet.layout.legend)).toBe(true);
    expect(sheet.warnings).not.toContain('legend-truncated');
  });

  it('a swipe: one frame, each side captured only where it shows, the divider drawn as a rule', () => {
    const p = plan('swipe', 'a4-landscape');
    expect(p.captures.a!.width + p.captures.b!.width).toBe(p.mapCss.width);
    expect(p.input.compare!.frac).toBeCloseTo(p.captures.a!.width / p.mapCss.width, 9);
    const sheet = composeSheet(p.input);
    expect(sheet.prims.filter((x) => x.t === 'map')).toHaveLength(1);
    const L = sheet.layout;
    const x = L.map.x + p.input.compare!.frac! * L.map.w;
    const rule = sheet.prims.find((r) => r.t === 'path' && r.stroke === '#1a1a1a' && r.rings[0].length === 2 && Math.abs(r.rings[0][0][0] - x) < 1e-6 && Math.abs(r.rings[0][1][1] - (L.map.y + L.map.h)) < 1e-6);
    expect(rule).toBeTruthy();
    expect(sheetTexts(sheet)).toEqual(expect.arrayContaining(['A 现状', 'B 2035年', '图例 · A 现状', '图例 · B 2035年']));
  });

  it('the PDF of an A3 side-by-side sheet: two frames with equal 1:N, each legend with only its side’s classes', async () => {
    const p = plan('split');
    const sheet = composeSheet(p.input);
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAADklEQVR4nGOYCQYMEAoAMkIHLdmWYfwAAAAASUVORK5CYII=', 'base64');
    const bytes = await renderPdf(sheet, { font: readFileSync('public/fonts/sheet-cjk.ttf'), map: { bytes: png, type: 'png' }, mapB: { bytes: png, type: 'png' }, title: p.input.title });
    const file = join(mkdtempSync(join(tmpdir(), 'cmp-sheet-')), 'sheet.pdf');
    writeFileSync(file, bytes);
    const text = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' });
    const ratios = [...text.matchAll(/1:[\d ]+\d/g)].map((m) => m[0]);
    expect(ratios.length).toBeGreaterThanOrEqual(3);
    expect(new Set(ratios).size).toBe(1);
    const a = text.slice(text.indexOf('图例 · A 现状'), text.indexOf('图例 · B 2035年'));
    const bText = text.slice(text.indexOf('图例 · B 2035年'));
    // each side's classes under its own heading, and not under the other's
    const labels = (groups: { entries: { label: { zh: string } }[] }[]) => groups.flatMap((g) => g.entries.map((e) => e.label.zh.replace(/（点击[^）]*）/, '').trim()));
    const la = labels(p.input.legend);
    const lb = labels(p.input.compare!.legendB);
    const onlyA = la.filter((x) => !lb.includes(x));
    const onlyB = lb.filter((x) => !la.includes(x));
    expect(onlyA.length).toBeGreaterThan(0);
    expect(onlyB.length).toBeGreaterThan(0);
    for (const x of onlyA) expect(a, x).toContain(x), expect(bText, x).not.toContain(x);
    for (const x of onlyB) expect(bText, x).toContain(x), expect(a, x).not.toContain(x);
  });
});
