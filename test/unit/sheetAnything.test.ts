/**
 * Map sheets of anything (issue 24) and the legend on paper (issue 22 item 10), as pure planning
 * and composition: the base map alone, sketches alone, one imported layer alone, and a planner's
 * many layers — every legend row at 7 pt or more, nothing drawn large left out.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature, FeatureCollection } from 'geojson';
import type { StyleSpecification } from 'maplibre-gl';
import { loadCatalogFromDisk } from '../../scripts/vite-plugin-catalog';
import { ptToMm } from '../../src/print/paper';
import { composeSheet, paperLabel, planLegend, sheetTexts, type Measure } from '../../src/print/compose';
import { planSheet, type PlanInput } from '../../src/print/assemble';
import { baseLegend, valueAtZoom, BASE_LINE_IDS } from '../../src/print/baseLegend';
import { LARGE } from '../../src/print/legend';
import { sheetLayout, rectInside, rectsOverlap, LEGEND_ROOMS } from '../../src/print/layout';
import { SKETCH_COLOR } from '../../src/engine/sketchLayers';
import { designedLabels } from '../../src/engine/labels';
import { basemapStyle } from '../../src/engine/basemaps';
import { defaultState, type Bounds, type MapState } from '../../src/state/mapState';
import { stateContext } from '../../src/state/context';
import { userCatalogLayer } from '../../src/state/userLayerBinding';
import type { UserLayerMeta } from '../../src/import/userLayers';
import { PAPERS } from '../../src/state/url';

const { catalog } = loadCatalogFromDisk(process.cwd());
if (!catalog) throw new Error('catalog');
const layers = catalog.groups.flatMap((g) => g.layers);
const data = (path: string) => JSON.parse(readFileSync(join('public', path), 'utf8')) as FeatureCollection;
const featuresOf = (id: string) => data(layers.find((l) => l.id === id)!.data).features;
const REGION: Bounds = [110.37, 36.65, 114.14, 39.67];
const ctx = stateContext(catalog);
const offline = JSON.parse(readFileSync('styles/offline.json', 'utf8')) as StyleSpecification;
const blank = JSON.parse(readFileSync('styles/blank.json', 'utf8')) as StyleSpecification;
const base = Object.fromEntries(['region', 'shanxi', 'cities', 'counties', 'rivers'].map((n) => [n, data(`data/base/${n}.geojson`)]));
/** CJK 1 em, everything else about half an em (the test's stand-in for the font's metrics) */
const measure: Measure = (text, pt) => [...text].reduce((w, c) => w + (/[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]/.test(c) ? 1 : 0.55), 0) * ptToMm(pt);

function plan(state: Partial<MapState>, over: Partial<PlanInput> = {}) {
  return planSheet({
    catalog: catalog!,
    state: { ...defaultState(ctx), ...state },
    options: { paper: 'a4-landscape', dpi: 150, area: 'view', scale: 'fit' },
    features: featuresOf,
    baseStyle: offline,
    baseData: base,
    region: REGION,
    locator: { region: base.region, cities: base.cities, shanxi: base.shanxi },
    basemap: 'offline',
    shentu: '',
    date: new Date(2026, 11, 5),
    measure,
    ...over,
  });
}

const TAIYUAN = { bounds: [111.9, 37.3, 113.1, 38.2] as Bounds, bearing: 0 };
const WHOLE = { bounds: REGION, bearing: 0 };

/** the text primitives drawn in the legend panel (between the scale block and the locator map) */
function legendTexts(sheet: ReturnType<typeof composeSheet>) {
  const L = sheet.layout;
  return sheet.prims.flatMap((p) => (p.t === 'text' && p.x >= L.legend.x - 1e-6 && p.x <= L.legend.x + L.legend.w && p.y > L.legend.y && p.y <= L.legend.y + L.legend.h ? [p] : []));
}

describe("the base map's legend rows", () => {
  it('read colour, width and dashes from the style at the sheet zoom', () => {
    expect(valueAtZoom(['interpolate', ['linear'], ['zoom'], 6, 2, 10, 3.2], 8)).toBeCloseTo(2.6);
    expect(valueAtZoom(['interpolate', ['linear'], ['zoom'], 6, ['match', ['get', 'name'], '黄河', 2.2, 1.1], 10, 2.2], 4)).toBeCloseTo(1.1);
    const outline: [number, number][] = [[111.9, 38.2], [113.1, 38.2], [113.1, 37.3], [111.9, 37.3], [111.9, 38.2]];
    const rows = baseLegend(offline, 8, base, outline);
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    // Taiyuan: city, county lines and rivers cross the frame; the region's and the province's borders do not
    expect(Object.keys(byId)).toEqual(['city-line', 'county-line', 'rivers-line']);
    const county = offline.layers.find((l) => l.id === 'county-line')!;
    expect(byId['county-line'].color).toBe((county.paint as Record<string, string>)['line-color']);
    expect(byId['county-line'].width).toBeCloseTo(0.5 + (1.2 - 0.5) * 0.5);
    expect(byId['county-line'].dash).toEqual([3 * byId['county-line'].width, 1.5 * byId['county-line'].width]);
    expect(byId['city-line'].label.zh).toBe('市界');
    // the whole region shows the province's border too
    expect(baseLegend(offline, 6.5, base, [[110, 40], [114.5, 40], [114.5, 36.3], [110, 36.3], [110, 40]]).map((r) => r.id)).toEqual(['region-line', 'shanxi-line', 'city-line', 'county-line', 'rivers-line']);
    // the blank base map draws fewer lines; an online one only the outline we put on it
    expect(baseLegend(blank, 8, base, outline).map((r) => r.id)).toEqual(['city-line']);
    const osm = basemapStyle('osm', { base: 'http://localhost/' }) as StyleSpecification;
    const whole: [number, number][] = [[110, 40], [114.5, 40], [114.5, 36.3], [110, 36.3], [110, 40]];
    expect(baseLegend(osm, 8, base, whole).map((r) => [r.id, r.color])).toEqual([['region-line', '#c0392b']]);
    expect(BASE_LINE_IDS).toContain('rivers-line');
  });
});

describe('a sheet of anything (issue 24)', () => {
  it('the base map alone: its own legend, only its data cited, no plan named', () => {
    const p = plan({ layers: [], view: TAIYUAN });
    expect(p.input.legend).toEqual([]);
    expect(p.input.baseLegend!.map((r) => r.label.zh)).toEqual(['市界', '县界', '河流']);
    expect(p.input.sources.layers).toEqual([]);
    expect(p.input.title).toBe('山西中部城市群区域图');
    expect(p.input.subtitle).toBe('');
    const sheet = composeSheet(p.input);
    const text = sheetTexts(sheet).join('\n');
    expect(text).toContain('底图');
    expect(text).toContain('县界');
    expect(text).toMatch(/数据来源：底图：/);
    expect(text).not.toContain('图框内没有可见的规划要素');
    expect(sheet.warnings).not.toContain('legend-empty');
  });

  it('sketches alone: a row per kind drawn in the frame, cited as 用户草图', () => {
    const sq = (x: number, y: number): Feature => ({ type: 'Feature', properties: { id: 'a', kind: 'rectangle', label: '规划用地 A' }, geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]] } });
    const sketches: Feature[] = [
      sq(112.4, 37.8),
      { type: 'Feature', properties: { id: 'b', kind: 'point', label: '' }, geometry: { type: 'Point', coordinates: [112.6, 37.9] } },
      { type: 'Feature', properties: { id: 'm', kind: 'measure', label: '12 km' }, geometry: { type: 'LineString', coordinates: [[112.2, 37.6], [112.5, 37.7]] } },
      // outside the frame: not in the legend
      { type: 'Feature', properties: { id: 'c', kind: 'line', label: '' }, geometry: { type: 'LineString', coordinates: [[100, 30], [101, 31]] } },
    ];
    const p = plan({ layers: [], view: TAIYUAN }, { sketches });
    expect(p.input.legend.map((g) => g.entries[0].label.zh)).toEqual(['草图（面）', '草图（点）', '量测线']);
    expect(p.input.legend[0].layer.style.line).toBe(SKETCH_COLOR);
    expect(p.input.sources.layers).toEqual(['用户草图']);
    expect(p.input.title).toBe('山西中部城市群规划草图');
    const text = sheetTexts(composeSheet(p.input)).join('\n');
    expect(text).toContain('草图（面）');
    expect(text).toContain('数据来源：用户草图；底图：');
  });

  it('one imported layer alone: titled after it, its file cited, its rows and the base map in the legend', () => {
    const meta: UserLayerMeta = {
      id: 'jc1', name: '晋祠调查点', fileName: 'jinci.geojson', geometry: 'point', featureCount: 3, columns: ['名称'],
      bbox: [112.4, 37.7, 112.5, 37.8], crs: { label: { zh: 'WGS84', en: 'WGS84' }, how: 'declared' }, notes: [], importedAt: '2026-12-05T00:00:00Z',
      color: '#6a1b9a', accuracy: 'approximate', saved: true,
    };
    const user = userCatalogLayer(meta, meta.color);
    const points: Feature[] = [0, 1, 2].map((i) => ({ type: 'Feature', id: i, properties: { 名称: `点${i}` }, geometry: { type: 'Point', coordinates: [112.43 + i * 0.02, 37.71] } }));
    const p = plan({ layers: [user.id], view: TAIYUAN }, { extraLayers: [user], features: (id) => (id === user.id ? points : featuresOf(id)) });
    expect(p.input.legend.map((g) => [g.layer.id, g.layer.geometry])).toEqual([[user.id, 'point']]);
    // a file of points and areas together: a row for each, with its own swatch
    const area: Feature = { type: 'Feature', id: 3, properties: { 名称: '范围' }, geometry: { type: 'Polygon', coordinates: [[[112.4, 37.7], [112.5, 37.7], [112.5, 37.8], [112.4, 37.7]]] } };
    const mixed = plan({ layers: [user.id], view: TAIYUAN }, { extraLayers: [user], features: (id) => (id === user.id ? [...points, area] : featuresOf(id)) });
    expect(mixed.input.legend.map((g) => [g.layer.geometry, g.entries[0].label.zh])).toEqual([['polygon', '晋祠调查点（面）'], ['point', '晋祠调查点（点）']]);
    expect(mixed.input.sources.layers).toEqual(['用户导入：jinci.geojson']);
    expect(p.input.title).toBe('晋祠调查点');
    expect(p.input.sources.layers).toEqual(['用户导入：jinci.geojson']);
    expect(p.input.baseLegend!.length).toBeGreaterThan(0);
  });

  it('a plan layer of the same meaning replaces the base map’s row (county lines)', () => {
    const p = plan({ layers: ['counties'], view: TAIYUAN });
    expect(p.input.baseLegend!.map((r) => r.id)).not.toContain('county-line');
    expect(p.input.title).toBe('山西中部城市群行政区划图');
  });
});

/** a planner's map with many layers on (issue 22 item 10: the legend left out the 汾河 axis at 5 pt) */
const MANY = ['counties', 'cities', 'plan-core', 'plan-belts', 'plan-clusters', 'industry-poles', 'industry-corridors', 'plan-railways', 'plan-roads', 'eco-axis', 'eco-barriers'];

describe('the legend on paper (issue 22 item 10)', () => {
  it.each(PAPERS)('%s: every layout room keeps the blocks inside the frame and apart, the map the largest', (paper) => {
    for (const room of LEGEND_ROOMS) {
      const L = sheetLayout(paper, room);
      const blocks = { title: L.title, map: L.map, scale: L.scaleBlock, legend: L.legend, locator: L.locator, footer: L.footer };
      for (const [name, r] of Object.entries(blocks)) expect(rectInside(r, L.inner), `${room} ${name}`).toBe(true);
      const e = Object.entries(blocks);
      for (let i = 0; i < e.length; i++) for (let j = i + 1; j < e.length; j++) expect(rectsOverlap(e[i][1], e[j][1]), `${room} ${e[i][0]} × ${e[j][0]}`).toBe(false);
      expect(L.map.w * L.map.h).toBeGreaterThan(L.legend.w * L.legend.h);
    }
  });

  it.each(PAPERS)('%s, eleven layers over the whole region: every entry listed, at 7 pt or more, the 汾河 axis included', (paper) => {
    const p = plan({ layers: MANY, view: WHOLE }, { options: { paper, dpi: 150, area: 'view', scale: 'fit' } });
    const sheet = composeSheet(p.input);
    expect(sheet.warnings).not.toContain('legend-truncated');
    const texts = legendTexts(sheet);
    const all = texts.map((t) => t.text).join('\n');
    for (const g of p.input.legend) for (const e of g.entries) expect(all, e.label.zh).toContain(paperLabel(e.label.zh).slice(0, 5));
    expect(all).toContain('汾河生态绿轴');
    expect(all).not.toMatch(/另有 \d+ 项/);
    for (const t of texts) expect(t.size, t.text).toBeGreaterThanOrEqual(7 * sheet.layout.k - 1e-9);
    // and inside its panel
    const L = sheet.layout;
    for (const t of texts) expect(t.x + measure(t.text, t.size), t.text).toBeLessThanOrEqual(L.legend.x + L.legend.w + 0.01);
  });

  it.each(PAPERS)('%s, every layer on: nothing drawn large is left out, nothing under 7 pt', (paper) => {
    const p = plan({ layers: layers.map((l) => l.id), view: WHOLE }, { options: { paper, dpi: 150, area: 'view', scale: 'fit' } });
    const legend = planLegend(p.input, sheetLayout(paper, p.input.legendRoom));
    const weightOf = new Map(p.input.legend.flatMap((g) => g.entries.map((e, i) => [e, g.weights![i]] as const)));
    for (const d of legend.dropped) expect(weightOf.get(d.entry!), d.text).toBeLessThan(LARGE);
    const sheet = composeSheet(p.input);
    for (const t of legendTexts(sheet)) expect(t.size, t.text).toBeGreaterThanOrEqual(7 * sheet.layout.k - 1e-9);
    expect(sheetTexts(sheet).join('\n')).toContain('汾河生态绿轴');
  });

  it('when even the most room cannot hold every entry at 7 pt, the least prominent go first and are named', () => {
    const groups = layers.map((l, gi) => ({ layer: l, entries: l.legend, weights: l.legend.map((_, i) => ((gi * 7 + i * 3) % 23) / 100) }));
    const input = { ...plan({ layers: [], view: WHOLE }).input, legend: [...groups, ...groups], baseLegend: [], legendRoom: 3 as const };
    const legend = planLegend(input, sheetLayout('a4-landscape', 3));
    const kept = legend.placed.filter((r) => r.row.kind === 'entry').map((r) => r.row.weight);
    const dropped = legend.dropped.map((r) => r.weight);
    expect(dropped.length).toBeGreaterThan(0);
    expect(Math.max(...dropped)).toBeLessThanOrEqual(Math.min(...kept));
    const sheet = composeSheet(input);
    expect(sheet.warnings).toContain('legend-truncated');
    expect(sheetTexts(sheet).join('')).toContain(`另有 ${dropped.length} 项图例未能列出：${legend.dropped[0].text}`);
    for (const t of legendTexts(sheet)) expect(t.size).toBeGreaterThanOrEqual(7 - 1e-9);
  });

  it('a short legend keeps the usual panel (the map is not narrowed for nothing)', () => {
    expect(plan({ layers: ['counties', 'plan-core', 'plan-belts'], view: TAIYUAN }).input.legendRoom).toBe(0);
    expect(plan({ layers: MANY, view: WHOLE }).input.legendRoom).toBeGreaterThan(0);
  });
});

describe('labels on paper (issue 22 item 9)', () => {
  it('are as designed: planning labels at their own size and zoom, the base style’s at the size it gave, county names from their own zoom', () => {
    const layers = [
      { id: 'planning-label-plan-core', type: 'symbol', metadata: { size: 13.5, geometry: 'polygon' } },
      { id: 'planning-label-plan-airports', type: 'symbol', metadata: { size: 12, geometry: 'point' } },
      { id: 'city-label', type: 'symbol' },
      { id: 'county-label', type: 'symbol' },
      { id: 'region-line', type: 'line' },
    ];
    // what present mode recorded before scaling the labels 1.8× and moving county names to zoom 6
    const originals = new Map<string, unknown>([['city-label', ['interpolate', ['linear'], ['zoom'], 6, 14, 10, 18]], ['county-label', 12]]);
    expect(designedLabels(layers, originals, 7)).toEqual([
      { id: 'planning-label-plan-core', size: 13.5, minzoom: 5 },
      { id: 'planning-label-plan-airports', size: 12, minzoom: 7.5 },
      { id: 'city-label', size: ['interpolate', ['linear'], ['zoom'], 6, 14, 10, 18] },
      { id: 'county-label', size: 12, minzoom: 7 },
    ]);
    // never scaled: only the planning labels' own design applies
    expect(designedLabels(layers, undefined, undefined).map((d) => d.id)).toEqual(['planning-label-plan-core', 'planning-label-plan-airports']);
  });
});
