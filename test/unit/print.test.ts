import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { distance } from '@turf/turf';
import type { FeatureCollection } from 'geojson';
import { loadCatalogFromDisk } from '../../scripts/vite-plugin-catalog';
import { pixelSize, paperSize, ptToMm } from '../../src/print/paper';
import { formatScale, roundScaleUp, scaleBar, scaleDenominator, zoomForScale } from '../../src/print/scale';
import { sheetFrame } from '../../src/print/frame';
import { entryMatcher, inFrame, legendInFrame } from '../../src/print/legend';
import { sheetSources } from '../../src/print/sources';
import { sheetLayout, rectInside, rectsOverlap } from '../../src/print/layout';
import { composeSheet, sheetTexts, wrapText, paperLabel, type Measure, type SheetInput } from '../../src/print/compose';
import { planSheet } from '../../src/print/assemble';
import { renderPdf } from '../../src/print/renderPdf';
import { defaultTitles } from '../../src/print/titles';
import { PAPERS } from '../../src/state/url';
import { defaultState, type Bounds, type MapState } from '../../src/state/mapState';
import { stateContext } from '../../src/state/context';
import { userCatalogLayer } from '../../src/state/userLayerBinding';
import type { UserLayerMeta } from '../../src/import/userLayers';

const { catalog } = loadCatalogFromDisk(process.cwd());
if (!catalog) throw new Error('catalog');
const layers = catalog.groups.flatMap((g) => g.layers);
const layer = (id: string) => layers.find((l) => l.id === id)!;
const data = (path: string) => JSON.parse(readFileSync(join('public', path), 'utf8')) as FeatureCollection;
const featuresOf = (id: string) => data(layer(id).data).features;
const REGION: Bounds = [110.37, 36.65, 114.14, 39.67];
const ctx = stateContext(catalog);

/** CJK 1 em, everything else about half an em (the test's stand-in for the font's metrics) */
const measure: Measure = (text, pt) => [...text].reduce((w, c) => w + (/[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]/.test(c) ? 1 : 0.55), 0) * ptToMm(pt);

describe('paper and pixels', () => {
  it('A4 landscape at 300 dpi is 3508 × 2480 px; A3 landscape 4961 × 3508; portrait swaps', () => {
    expect(pixelSize('a4-landscape', 300)).toEqual({ width: 3508, height: 2480 });
    expect(pixelSize('a3-landscape', 300)).toEqual({ width: 4961, height: 3508 });
    expect(pixelSize('a4-portrait', 150)).toEqual({ width: 1240, height: 1754 });
    expect(paperSize('a3-portrait')).toEqual({ width: 297, height: 420 });
  });
});

describe('numeric scale', () => {
  it('follows 1:N = ground metres per CSS px / (0.0254 / 96), and zoomForScale inverts it', () => {
    // equator, zoom 0: 40075016.686 / 512 m per CSS px
    expect(scaleDenominator(0, 0)).toBeCloseTo(40075016.686 / 512 / (0.0254 / 96), 3);
    for (const n of [250_000, 500_000, 1_000_000, 2_000_000]) expect(scaleDenominator(38, zoomForScale(38, n))).toBeCloseTo(n, 3);
    // GUIDE §7's formula
    expect(zoomForScale(37.5, 500_000)).toBeCloseTo(Math.log2((40075016.686 * Math.cos((37.5 * Math.PI) / 180) * 96) / (0.0254 * 512 * 500_000)), 9);
  });

  it('rounds a fitted scale up to a readable one and prints it with grouped digits', () => {
    expect(roundScaleUp(1_234_567)).toBe(1_500_000);
    expect(roundScaleUp(1_000_000)).toBe(1_000_000);
    expect(roundScaleUp(812_000)).toBe(1_000_000);
    expect(roundScaleUp(2_600_000)).toBe(3_000_000);
    expect(roundScaleUp(7_100)).toBe(7_500);
    expect(formatScale(500_000)).toBe('1:500 000');
    expect(formatScale(2_000_000)).toBe('1:2 000 000');
  });

  it('a scale bar is a round length no longer than asked, true at the scale', () => {
    const b = scaleBar(500_000, 40);
    expect(b.km).toBe(20);
    expect(b.mm).toBeCloseTo(40);
    expect(b.ticks).toEqual([0, 5, 10, 15, 20]);
    const c = scaleBar(1_500_000, 40); // 60 km max → 50 km = 33.3 mm
    expect(c.km).toBe(50);
    expect(c.mm).toBeCloseTo(33.333, 2);
  });
});

describe('the frame on paper', () => {
  const L = sheetLayout('a4-landscape');
  const frame = { width: Math.round((L.map.w / 25.4) * 96), height: Math.round((L.map.h / 25.4) * 96) };
  const view = { bounds: [112.2, 37.6, 112.9, 38.1] as Bounds, bearing: 0 };

  it('a fixed 1:N is true at paper size: the frame spans N × its printed width on the ground', () => {
    for (const n of [250_000, 500_000, 1_000_000]) {
      const f = sheetFrame({ area: 'view', scale: n, view, region: REGION, frame });
      const [tl, tr, br, bl] = f.outline;
      const midL = [(tl[0] + bl[0]) / 2, (tl[1] + bl[1]) / 2];
      const midR = [(tr[0] + br[0]) / 2, (tr[1] + br[1]) / 2];
      const ground = distance(midL, midR, { units: 'meters' });
      const printedMm = (frame.width / 96) * 25.4;
      expect(ground / (printedMm / 1000) / n).toBeCloseTo(1, 2);
    }
  });

  it('"fit" shows the whole area at the next round scale', () => {
    const f = sheetFrame({ area: 'region', scale: 'fit', view, region: REGION, frame });
    expect(f.coversArea).toBe(true);
    expect(roundScaleUp(f.scale)).toBe(f.scale);
    const inside = inFrame(f.outline);
    const region = data('data/base/region.geojson').features[0];
    expect(inside(region)).toBe(true);
    // …and the view at 1:250 000 does not fit the region
    expect(sheetFrame({ area: 'region', scale: 250_000, view, region: REGION, frame }).coversArea).toBe(false);
  });

  it('a rotated view gives a rotated frame outline', () => {
    const f = sheetFrame({ area: 'view', scale: 'fit', view: { ...view, bearing: 30 }, region: REGION, frame });
    const [tl, tr] = f.outline;
    expect(tr[1]).not.toBeCloseTo(tl[1], 3); // the top edge is no longer a parallel
    expect(f.bearing).toBe(30);
  });
});

describe('legend of what is in the frame', () => {
  it('every drawn feature has its legend row, and a class’s row stands for that class only', () => {
    const unexplained: string[] = [];
    for (const l of layers) {
      const fs = featuresOf(l.id);
      for (const f of fs) if (!l.legend.some((e) => entryMatcher(l, e)(f))) unexplained.push(`${l.id}/${f.properties?.id}`);
      if (!l.style.classes) continue;
      for (const e of l.legend.filter((x) => x.value !== undefined))
        for (const f of fs.filter(entryMatcher(l, e))) expect(String(f.properties?.[l.style.classes.key])).toBe(e.value);
    }
    expect(unexplained).toEqual([]);
  });

  it('lists only entries with features inside the frame, and never hidden layers', () => {
    // a small frame in western Lüliang, by the Yellow River
    const outline: [number, number][] = [
      [110.9, 37.7],
      [111.2, 37.7],
      [111.2, 37.5],
      [110.9, 37.5],
      [110.9, 37.7],
    ];
    const visible = [layer('counties'), layer('plan-core'), layer('plan-belts')];
    const groups = legendInFrame(visible, featuresOf, inFrame(outline));
    const labels = groups.flatMap((g) => g.entries.map((e) => e.label.zh));
    expect(labels.some((s) => s.startsWith('沿黄城镇带'))).toBe(true);
    expect(labels.some((s) => s.startsWith('太行城镇带'))).toBe(false);
    expect(groups.map((g) => g.layer.id)).toEqual(['counties', 'plan-belts']); // the core is far away
    // the whole region: every visible layer, and the hidden green axis never
    const all = legendInFrame(visible, featuresOf, inFrame([[110, 40], [115, 40], [115, 36], [110, 36], [110, 40]]));
    expect(all.map((g) => g.layer.id)).toEqual(['counties', 'plan-core', 'plan-belts']);
    expect(all.flatMap((g) => g.entries).length).toBe(1 + 1 + layer('plan-belts').legend.length);
  });

  it('sources name the documents cited by features in the frame, then the base map’s data', () => {
    const s = sheetSources(catalog, [{ layer: layer('plan-core'), features: featuresOf('plan-core') }], 'offline', 'zh');
    expect(s.layers[0]).toContain('山西中部城市群高质量发展规划');
    expect(s.basemap.join()).toContain('GSHHG');
    expect(sheetSources(catalog, [], 'osm', 'zh').basemap.join()).toContain('OpenStreetMap');
  });

  it('default titles follow the visible plan group, or the scene', () => {
    expect(defaultTitles(catalog, ['counties', 'plan-core', 'plan-belts'], 'zh').title).toBe('山西中部城市群城镇格局图');
    expect(defaultTitles(catalog, ['counties', 'plan-core', 'eco-axis'], 'zh').title).toBe('山西中部城市群规划图');
    expect(defaultTitles(catalog, ['counties'], 'zh', '第三幕：太忻一体化').title).toBe('第三幕：太忻一体化');
  });
});

describe('layout', () => {
  it.each(PAPERS)('%s: every block inside the frame, none overlapping', (paper) => {
    const L = sheetLayout(paper);
    const blocks = { title: L.title, map: L.map, scale: L.scaleBlock, legend: L.legend, locator: L.locator, footer: L.footer };
    for (const [name, r] of Object.entries(blocks)) {
      expect(rectInside(r, L.inner), name).toBe(true);
      expect(r.w > 10 && r.h > 10, name).toBe(true);
    }
    const entries = Object.entries(blocks);
    for (let i = 0; i < entries.length; i++)
      for (let j = i + 1; j < entries.length; j++) expect(rectsOverlap(entries[i][1], entries[j][1]), `${entries[i][0]} × ${entries[j][0]}`).toBe(false);
    // the map takes most of the sheet
    expect((L.map.w * L.map.h) / (L.paper.width * L.paper.height)).toBeGreaterThan(0.45);
  });

  it('A3 is A4 scaled by √2', () => {
    const a4 = sheetLayout('a4-landscape');
    const a3 = sheetLayout('a3-landscape');
    expect(a3.map.w / a4.map.w).toBeCloseTo(Math.SQRT2, 1);
    expect(a3.type.title / a4.type.title).toBeCloseTo(Math.SQRT2, 5);
  });
});

function baseInput(over: Partial<SheetInput> = {}): SheetInput {
  const groups = [{ layer: layer('counties'), entries: layer('counties').legend }];
  return {
    paper: 'a4-landscape',
    lang: 'zh',
    title: '山西中部城市群城镇格局图',
    subtitle: '依据规划',
    org: '',
    date: '2026年11月30日',
    shentu: '',
    scale: 1_500_000,
    bearing: 0,
    legend: groups,
    sources: { layers: ['规划'], basemap: ['GSHHG'] },
    schematic: [],
    locator: { shapes: [], frame: [[111, 38], [113, 38], [113, 37], [111, 37], [111, 38]] },
    measure,
    ...over,
  };
}

const textsIn = (sheet: ReturnType<typeof composeSheet>, r: { x: number; y: number; w: number; h: number }) =>
  sheet.prims.filter((p) => p.t === 'text' && p.x >= r.x - 1e-6 && p.x <= r.x + r.w + 1e-6 && p.y >= r.y && p.y <= r.y + r.h);

describe('composing a sheet', () => {
  it('prints every element: title, scale, legend, 审图号 (未送审 when none), 编制单位, date, sources, disclaimer', () => {
    const sheet = composeSheet(baseInput());
    const text = sheetTexts(sheet).join('\n');
    for (const s of ['山西中部城市群城镇格局图', '比例尺 1:1 500 000', '图例', '县级单元界', '审图号：未送审', '编制单位：', '制图日期：2026年11月30日', '数据来源：', '示意图，行政区划界线不作为权属争议依据', '北', '位置示意'])
      expect(text).toContain(s);
    expect(sheet.warnings).toEqual([]);
    expect(sheetTexts(composeSheet(baseInput({ shentu: 'GS(2026)1234号' }))).join()).toContain('审图号：GS(2026)1234号');
  });

  it('a 500-character title is fitted in two lines and cut, with a warning', () => {
    const sheet = composeSheet(baseInput({ title: '太原'.repeat(250) }));
    expect(sheet.warnings).toContain('title-truncated');
    const L = sheet.layout;
    const titles = textsIn(sheet, L.title);
    expect(titles.length).toBeGreaterThanOrEqual(2);
    for (const t of titles) if (t.t === 'text') expect(measure(t.text, t.size)).toBeLessThanOrEqual(L.title.w + 1e-6);
    expect(titles.some((t) => t.t === 'text' && t.text.endsWith('…'))).toBe(true);
  });

  it('an empty legend says so instead of leaving a hole', () => {
    const sheet = composeSheet(baseInput({ legend: [] }));
    expect(sheet.warnings).toContain('legend-empty');
    expect(sheetTexts(sheet)).toContain('图框内没有可见的规划要素');
  });

  it('a long legend shrinks into columns and stays inside its box; too long a one says what it left out', () => {
    const many = layers.filter((l) => l.legend.length > 1).map((l) => ({ layer: l, entries: l.legend }));
    const sheet = composeSheet(baseInput({ legend: many }));
    const L = sheet.layout;
    const legendTexts = sheet.prims.filter((p) => p.t === 'text' && p.x >= L.legend.x - 1e-6 && p.x <= L.legend.x + L.legend.w && p.y >= L.legend.y && p.y <= L.locator.y);
    for (const t of legendTexts) if (t.t === 'text') {
      expect(t.y).toBeLessThanOrEqual(L.legend.y + L.legend.h + 1e-6);
      expect(t.x + measure(t.text, t.size)).toBeLessThanOrEqual(L.legend.x + L.legend.w + 0.01);
    }
    const huge = composeSheet(baseInput({ legend: [...many, ...many, ...many, ...many] }));
    expect(huge.warnings).toContain('legend-truncated');
    expect(sheetTexts(huge).some((s) => /另有 \d+ 项图例未能列出/.test(s))).toBe(true);
  });

  it('the north arrow follows the bearing', () => {
    const tipOf = (bearing: number) => {
      const s = composeSheet(baseInput({ bearing }));
      const arrow = s.prims.find((p) => p.t === 'path' && p.fill === '#1a1a1a' && p.closed)!;
      if (arrow.t !== 'path') throw new Error();
      const [tip, , tail] = arrow.rings[0];
      return [tip[0] - tail[0], tip[1] - tail[1]];
    };
    const [x0, y0] = tipOf(0);
    expect(Math.abs(x0)).toBeLessThan(1e-9);
    expect(y0).toBeLessThan(0); // up
    const [x90, y90] = tipOf(90);
    expect(x90).toBeLessThan(0); // map turned so east is up: north points left
    expect(Math.abs(y90)).toBeLessThan(1e-9);
  });

  it('a schematic feature in the frame adds an accuracy note', () => {
    const s = composeSheet(baseInput({ schematic: ['雄忻城镇带'] }));
    expect(sheetTexts(s).join()).toContain('雄忻城镇带');
    expect(sheetTexts(s).join()).toContain('示意位置');
  });

  it('drops screen-only hints from legend labels', () => {
    expect(paperLabel('县级单元界（点击查看所属规划要素）')).toBe('县级单元界');
    expect(paperLabel('County boundaries (click for the plan elements)')).toBe('County boundaries');
    expect(paperLabel('一核（太原六区+榆次+太谷，成员合并）')).toBe('一核（太原六区+榆次+太谷，成员合并）');
  });

  it('wraps Chinese by character and Latin by word', () => {
    expect(wrapText('山西中部城市群规划', ptToMm(10) * 4.5, 10, measure, 3).lines).toEqual(['山西中部', '城市群规', '划']);
    expect(wrapText('Central Shanxi map', ptToMm(10) * 7, 10, measure, 3).lines).toEqual(['Central', 'Shanxi map']);
  });
});

/** what every sheet planned in these tests shares: region, locator map, base map, date, text metrics */
const sheetFixed = {
  region: REGION,
  locator: { region: data('data/base/region.geojson'), cities: data('data/base/cities.geojson'), shanxi: data('data/base/shanxi.geojson') },
  basemap: 'offline' as const,
  shentu: '',
  date: new Date(2026, 10, 30),
  measure,
};

describe('an imported layer on the sheet', () => {
  it('is in the legend (with its grouping note) and 数据来源 names its file', () => {
    const meta: UserLayerMeta = {
      id: 'abc123', name: '调查点', fileName: '2026调查点.geojson', geometry: 'point', featureCount: 20_000, columns: ['名称'],
      bbox: [112, 37.5, 113, 38], crs: { label: { zh: 'WGS84', en: 'WGS84' }, how: 'declared' }, notes: [], importedAt: '2026-11-30T00:00:00Z',
      color: '#e65100', accuracy: 'approximate', saved: true,
    };
    const user = userCatalogLayer(meta, meta.color);
    const points = Array.from({ length: 50 }, (_, i) => ({ type: 'Feature' as const, id: i, properties: { 名称: `点${i}` }, geometry: { type: 'Point' as const, coordinates: [112.3 + i * 0.01, 37.7] } }));
    const state: MapState = { ...defaultState(ctx), layers: [user.id, 'plan-core'], view: { bounds: [111.9, 37.2, 113.2, 38.3], bearing: 0 } };
    const plan = planSheet({
      catalog,
      state,
      options: { paper: 'a4-landscape', dpi: 150, area: 'view', scale: 'fit' },
      features: (id) => (id === user.id ? points : id === 'plan-core' ? featuresOf(id) : []),
      extraLayers: [user],
      ...sheetFixed,
    });
    const entries = plan.input.legend.flatMap((g) => g.entries.map((e) => e.label.zh));
    expect(entries.some((l) => l.includes('调查点') && l.includes('聚合'))).toBe(true);
    expect(plan.input.sources.layers).toContain('用户导入：2026调查点.geojson');
    expect(plan.input.sources.layers[0]).toContain('山西中部城市群高质量发展规划');
  });
});

describe('the PDF (rendered in Node, read back with poppler)', () => {
  it('has real, selectable Chinese text: title, 审图号, sources, legend of visible layers only, 1:N, date', async () => {
    const state: MapState = { ...defaultState(ctx), layers: ['counties', 'plan-core', 'plan-belts'], view: { bounds: [111.9, 37.2, 113.2, 38.3], bearing: 0 } };
    const plan = planSheet({
      catalog,
      state,
      options: { paper: 'a4-landscape', dpi: 300, area: 'view', scale: 'fit' },
      features: (id) => (state.layers.includes(id) ? featuresOf(id) : []),
      ...sheetFixed,
    });
    const sheet = composeSheet(plan.input);
    // a 2×2 grey PNG stands for the map
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAADklEQVR4nGOYCQYMEAoAMkIHLdmWYfwAAAAASUVORK5CYII=', 'base64');
    const bytes = await renderPdf(sheet, { font: readFileSync('public/fonts/sheet-cjk.ttf'), map: { bytes: png, type: 'png' }, title: plan.input.title });
    const dir = mkdtempSync(join(tmpdir(), 'sheet-pdf-'));
    const file = join(dir, 'sheet.pdf');
    writeFileSync(file, bytes);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const s of ['山西中部城市群城镇格局图', '审图号：未送审', '数据来源：', '山西中部城市群高质量发展规划', '2026年11月30日', formatScale(plan.frame.scale), '一核（太原六区', '汾河谷地城镇带', '示意图，行政区划界线不作为权属争议依据'])
      expect(text).toContain(s);
    expect(text).not.toContain('生态绿轴'); // eco-axis is hidden
    // …and its glyphs are drawn: the title band, rendered by poppler, holds the ink of every character
    const L = sheet.layout;
    const px = (mm: number) => String(Math.round((mm / 25.4) * 100));
    execFileSync('pdftoppm', ['-gray', '-r', '100', '-x', px(L.title.x), '-y', px(L.title.y), '-W', px(L.title.w), '-H', px(L.title.h), '-singlefile', file, join(dir, 'title')]);
    const pgm = readFileSync(join(dir, 'title.pgm'));
    const header = pgm.subarray(0, 20).toString('latin1').match(/^P5\s+(\d+)\s+(\d+)\s+255\s/)!;
    const pixels = pgm.subarray(header[0].length);
    let ink = 0;
    for (const v of pixels) if (v < 128) ink++;
    // a 20 pt CJK character at 100 dpi leaves well over 60 dark pixels; a blank glyph none
    const chars = [...plan.input.title, ...plan.input.subtitle].filter((c) => /[\u4e00-\u9fff]/.test(c)).length;
    expect(ink).toBeGreaterThan(40 * chars);
    // the font is a subset: the PDF stays small
    expect(bytes.length).toBeLessThan(400_000);
  });
});

describe('the print route', () => {
  it('round-trips paper, dpi, whole region and a fixed scale; garbage falls back to the defaults', async () => {
    const { parseHash, formatHash } = await import('../../src/state/url');
    const route = { mode: 'planner' as const, print: { paper: 'a3-landscape' as const, dpi: 300 as const, area: 'region' as const, scale: 500_000 as const } };
    const hash = formatHash(defaultState(ctx), route, ctx);
    expect(hash).toContain('print=1&paper=a3-landscape&dpi=300&area=region&scale=500000');
    expect(parseHash(hash, ctx).route.print).toEqual(route.print);
    expect(parseHash('#v=2&print=1&scale=123&area=moon', ctx).route.print).toEqual({ paper: 'a4-landscape', dpi: 150 });
    expect(parseHash('#v=2&mode=present&scene=2&print=1&dpi=300', ctx).route).toMatchObject({ mode: 'present', scene: 2, print: { dpi: 300 } });
  });
});
