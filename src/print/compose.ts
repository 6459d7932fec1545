/**
 * A map sheet as drawing primitives in mm (y down): frame lines, title, the map's place, the
 * legend drawn from the catalog as vectors, scale bar and numeric scale, north arrow, locator map,
 * sources, 编制单位, date, 审图号 and the disclaimer. Pure: text is measured by the caller's
 * function (the embedded font's metrics in the browser), so the PNG and the PDF renderers
 * draw exactly the same sheet, and tests can check it without a browser.
 */
import type { Paper } from '../state/url';
import type { Layer, LegendEntry } from '../catalog/types';
import { swatchOf } from '../symbology/swatch';
import { rgbHex, alpha01, type RGBA } from '../symbology/color';
import type { Lang } from '../i18n';
import { sheetLayout, type Rect, type SheetLayout } from './layout';
import { formatScale, scaleBar } from './scale';
import { ptToMm, type Size } from './paper';
import { st } from './strings';
import type { LegendGroup } from './legend';
import type { SheetSources } from './sources';
import { MAX_TITLE } from './titles';
import { mercX, mercY } from '../state/view';

export type Pt = [number, number];

export type Prim =
  | { t: 'rect'; x: number; y: number; w: number; h: number; fill?: string; fillOpacity?: number; stroke?: string; strokeOpacity?: number; lw?: number; dash?: number[] }
  | { t: 'path'; rings: Pt[][]; closed: boolean; fill?: string; fillOpacity?: number; stroke?: string; strokeOpacity?: number; lw?: number; dash?: number[] }
  | { t: 'circle'; cx: number; cy: number; r: number; fill?: string; fillOpacity?: number; stroke?: string; lw?: number }
  /** an SVG path (legend symbols' marker shapes), drawn at (x, y) scaled by `scale` */
  | { t: 'svg'; d: string; x: number; y: number; scale: number; fill?: string; fillOpacity?: number; stroke?: string; strokeOpacity?: number; lw?: number }
  | { t: 'text'; x: number; y: number; text: string; size: number; color?: string; align?: 'left' | 'center' | 'right' }
  | { t: 'map'; x: number; y: number; w: number; h: number };

export type SheetWarning = 'title-truncated' | 'legend-truncated' | 'legend-empty' | 'sources-truncated' | 'area-cut';

/** Width of a text in mm at a size in pt. */
export type Measure = (text: string, pt: number) => number;

export interface LocatorShape {
  rings: Pt[][];
  fill?: string;
  stroke?: string;
  lw: number;
}

export interface SheetInput {
  paper: Paper;
  lang: Lang;
  title: string;
  subtitle: string;
  org: string;
  date: string;
  /** the configured 审图号, '' when none */
  shentu: string;
  scale: number;
  bearing: number;
  legend: LegendGroup[];
  sources: SheetSources;
  /** names of schematic features in the frame */
  schematic: string[];
  locator: { shapes: LocatorShape[]; frame: Pt[] };
  /** e.g. "the online base map could not be reached: offline base map used" */
  notes?: string[];
  /** false when the frame at the fixed scale is smaller than the area asked for */
  coversArea?: boolean;
  measure: Measure;
}

export interface Sheet {
  size: Size;
  layout: SheetLayout;
  prims: Prim[];
  warnings: SheetWarning[];
}

const INK = '#1a1a1a';
const MUTED = '#555555';
const RED = '#c0392b';

/** Tokens for wrapping: each CJK character alone, Latin words with their trailing space. */
function tokens(text: string): string[] {
  return text.match(/[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+\s*|\s+/g) ?? [];
}

/** Cut a text to fit a width, ending in "…". */
export function fitText(text: string, maxW: number, pt: number, measure: Measure): { text: string; cut: boolean } {
  if (measure(text, pt) <= maxW) return { text, cut: false };
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(chars.slice(0, mid).join('').trimEnd() + '…', pt) <= maxW) lo = mid;
    else hi = mid - 1;
  }
  return { text: chars.slice(0, lo).join('').trimEnd() + '…', cut: true };
}

/** Greedy line wrapping; the last allowed line ends in "…" when the text does not fit. */
export function wrapText(text: string, maxW: number, pt: number, measure: Measure, maxLines: number): { lines: string[]; cut: boolean } {
  const lines: string[] = [];
  let line = '';
  const toks = tokens(text);
  for (let i = 0; i < toks.length; i++) {
    const next = line + toks[i];
    if (measure(next.trimEnd(), pt) <= maxW || line === '') {
      line = next;
      // a single token wider than the line (a long Latin word): cut it
      if (measure(line.trimEnd(), pt) > maxW) {
        const f = fitText(line, maxW, pt, measure);
        line = f.text;
      }
      continue;
    }
    lines.push(line.trimEnd());
    line = toks[i].trimStart();
    if (lines.length === maxLines) {
      const rest = lines.pop()! + ' ' + toks.slice(i).join('');
      lines.push(fitText(rest, maxW, pt, measure).text);
      return { lines, cut: true };
    }
  }
  if (line.trim()) lines.push(line.trimEnd());
  if (lines.length > maxLines) {
    const rest = lines.slice(maxLines - 1).join('');
    return { lines: [...lines.slice(0, maxLines - 1), fitText(rest + '…', maxW, pt, measure).text], cut: true };
  }
  return { lines, cut: false };
}

const mm = ptToMm;
/** baseline offset from the top of a line box for a size in pt (cap height ≈ 0.8 em) */
const ascent = (pt: number) => mm(pt) * 0.86;

function titleBlock(input: SheetInput, L: SheetLayout, prims: Prim[], warnings: SheetWarning[]) {
  const r = L.title;
  const raw = input.title.trim().replace(/\s+/g, ' ');
  const title = [...raw].length > MAX_TITLE ? [...raw].slice(0, MAX_TITLE).join('') + '…' : raw;
  let cut = title !== raw;
  const T = L.type.title;
  let lines: string[] = [title];
  let size = T;
  const tries: [number, number][] = [
    [T, 1],
    [T * 0.9, 1],
    [T * 0.8, 1],
    [T * 0.7, 1],
    [T * 0.62, 2],
    [T * 0.55, 2],
  ];
  for (const [s, max] of tries) {
    const w = wrapText(title, r.w, s, input.measure, max);
    lines = w.lines;
    size = s;
    if (!w.cut) break;
    if (s === tries[tries.length - 1][0]) cut = true;
  }
  if (cut) warnings.push('title-truncated');
  const lh = mm(size) * 1.2;
  const sub = input.subtitle.trim() ? fitText(input.subtitle.trim(), r.w, L.type.subtitle, input.measure).text : '';
  const subH = sub ? mm(L.type.subtitle) * 1.5 : 0;
  const blockH = lines.length * lh + subH;
  let y = r.y + Math.max(0, (r.h - blockH) / 2);
  for (const line of lines) {
    prims.push({ t: 'text', x: r.x + r.w / 2, y: y + ascent(size), text: line, size, color: INK, align: 'center' });
    y += lh;
  }
  if (sub) prims.push({ t: 'text', x: r.x + r.w / 2, y: y + mm(L.type.subtitle) * 0.5 + ascent(L.type.subtitle), text: sub, size: L.type.subtitle, color: MUTED, align: 'center' });
}

function northArrow(cx: number, cy: number, h: number, bearing: number, label: string, labelPt: number, prims: Prim[]) {
  // a split arrowhead (left half dark, right half white), rotated so it points to north on the map
  const rad = (-bearing * Math.PI) / 180;
  const rot = ([x, y]: Pt): Pt => [cx + x * Math.cos(rad) - y * Math.sin(rad), cy + x * Math.sin(rad) + y * Math.cos(rad)];
  const w = h * 0.36;
  const tip: Pt = [0, -h / 2];
  const tail: Pt = [0, h * 0.32];
  const left: Pt = [-w / 2, h / 2];
  const right: Pt = [w / 2, h / 2];
  prims.push({ t: 'path', rings: [[tip, left, tail].map(rot)], closed: true, fill: INK, stroke: INK, lw: 0.2 });
  prims.push({ t: 'path', rings: [[tip, right, tail].map(rot)], closed: true, fill: '#ffffff', stroke: INK, lw: 0.2 });
  const [lx, ly] = rot([0, -h / 2 - mm(labelPt) * 0.55]);
  prims.push({ t: 'text', x: lx, y: ly + mm(labelPt) * 0.35, text: label, size: labelPt, color: INK, align: 'center' });
}

function scaleBlock(input: SheetInput, L: SheetLayout, prims: Prim[]) {
  const r = L.scaleBlock;
  const { type, k } = L;
  const arrowW = 16 * k;
  northArrow(r.x + arrowW / 2, r.y + r.h * 0.56, r.h * 0.62, input.bearing, st(input.lang, 'north'), type.heading, prims);
  const x0 = r.x + arrowW + 4 * k;
  const w = r.x + r.w - x0;
  prims.push({ t: 'text', x: x0, y: r.y + ascent(type.heading) + 1.5 * k, text: `${st(input.lang, 'scale')} ${formatScale(input.scale)}`, size: type.heading, color: INK });
  const bar = scaleBar(input.scale, w - 8 * k); // room for the unit after the last number
  const by = r.y + 11 * k;
  const bh = 1.5 * k;
  const seg = bar.mm / bar.segments;
  for (let i = 0; i < bar.segments; i++) {
    prims.push({ t: 'rect', x: x0 + i * seg, y: by, w: seg, h: bh, fill: i % 2 ? '#ffffff' : INK, stroke: INK, lw: 0.15 * k });
  }
  const unit = st(input.lang, 'km');
  // every tick labelled where there is room, else 0, the middle (when there is one) and the end
  const roomy = seg >= 7 * k;
  bar.ticks.forEach((km, i) => {
    const keep = roomy ? !(bar.segments === 4 && i % 2 === 1) : i === 0 || i === bar.segments || (bar.segments % 2 === 0 && i === bar.segments / 2);
    if (!keep) return;
    const x = x0 + i * seg;
    const y = by + bh + mm(type.small) * 1.25;
    prims.push({ t: 'text', x, y, text: String(km), size: type.small, color: INK, align: 'center' });
    // the unit follows the last number
    if (i === bar.segments) prims.push({ t: 'text', x: x + input.measure(String(km), type.small) / 2 + 0.8 * k, y, text: unit, size: type.small, color: INK });
  });
  const note = fitText(st(input.lang, 'scaleNote'), w, type.small * 0.92, input.measure).text;
  prims.push({ t: 'text', x: x0, y: by + bh + mm(type.small) * 3.1, text: note, size: type.small * 0.92, color: MUTED });
}

/**
 * The legend swatch for an entry in a box (x, y, w, h) in mm: the vector primitives the on-screen
 * legend draws (symbology/swatch.ts, from the symbols the map draws with), scaled to paper.
 */
function swatch(layer: Layer, e: LegendEntry, x: number, y: number, w: number, h: number, prims: Prim[]) {
  const BW = 28;
  const BH = 18;
  const s = Math.min(w / BW, h / BH);
  const ox = x + (w - BW * s) / 2;
  const oy = y + (h - BH * s) / 2;
  const paint = (c: RGBA | undefined) => (c ? { color: rgbHex(c), alpha: alpha01(c) } : undefined);
  for (const p of swatchOf(layer, e, BW, BH).primitives) {
    if (p.type === 'rect') {
      const f = paint(p.fill);
      const k = paint(p.stroke);
      prims.push({ t: 'rect', x: ox + p.x * s, y: oy + p.y * s, w: p.w * s, h: p.h * s, fill: f?.color, fillOpacity: f?.alpha, stroke: k?.color, strokeOpacity: k?.alpha, lw: (p.strokeWidth ?? 1) * s, dash: p.dash?.map((d) => d * s) });
    } else if (p.type === 'line') {
      const k = paint(p.stroke)!;
      prims.push({ t: 'path', rings: [[[ox + p.x1 * s, oy + p.y1 * s], [ox + p.x2 * s, oy + p.y2 * s]]], closed: false, stroke: k.color, strokeOpacity: k.alpha, lw: p.strokeWidth * s, dash: p.dash?.map((d) => d * s) });
    } else if (p.type === 'circle') {
      const f = paint(p.fill)!;
      prims.push({ t: 'circle', cx: ox + p.cx * s, cy: oy + p.cy * s, r: p.r * s, fill: f.color, fillOpacity: f.alpha });
    } else {
      const f = paint(p.fill);
      const k = paint(p.stroke);
      prims.push({ t: 'svg', d: p.d, x: ox, y: oy, scale: s, fill: f?.color, fillOpacity: f?.alpha, stroke: k?.color, strokeOpacity: k?.alpha, lw: (p.strokeWidth ?? 1) * s });
    }
  }
}

interface LegendRow {
  kind: 'heading' | 'entry';
  text: string;
  entry?: LegendEntry;
  layer?: Layer;
}

/** Screen-only hints in legend labels ("（点击查看…）", "(click …)") mean nothing on paper. */
export const paperLabel = (s: string) => s.replace(/（点击[^）]*）|\s*\((?:click|tap)[^)]*\)/gi, '').trim();

function legendRows(groups: LegendGroup[], lang: Lang): LegendRow[] {
  const rows: LegendRow[] = [];
  for (const g of groups) {
    if (g.entries.length > 1) rows.push({ kind: 'heading', text: g.layer.title[lang] });
    for (const e of g.entries) rows.push({ kind: 'entry', text: paperLabel(e.label[lang]), entry: e, layer: g.layer });
  }
  return rows;
}

function legendBlock(input: SheetInput, L: SheetLayout, prims: Prim[], warnings: SheetWarning[]): number {
  const r = L.legend;
  const { type, k } = L;
  const headH = mm(type.heading) * 1.9;
  prims.push({ t: 'text', x: r.x, y: r.y + ascent(type.heading), text: st(input.lang, 'legend'), size: type.heading, color: INK });
  prims.push({ t: 'path', rings: [[[r.x, r.y + headH - 1.2 * k], [r.x + r.w, r.y + headH - 1.2 * k]]], closed: false, stroke: INK, lw: 0.2 * k });
  const box: Rect = { x: r.x, y: r.y + headH, w: r.w, h: r.h - headH };
  const rows = legendRows(input.legend, input.lang);
  if (!rows.length) {
    warnings.push('legend-empty');
    prims.push({ t: 'text', x: box.x, y: box.y + ascent(type.body) + 1 * k, text: st(input.lang, 'legendEmpty'), size: type.body, color: MUTED });
    return box.y + mm(type.body) * 2;
  }
  // notes under the legend take what they need first
  const minColW = 34 * k;
  const maxCols = Math.max(1, Math.floor((box.w + 3 * k) / (minColW + 3 * k)));
  const sizes: number[] = [];
  for (let s = type.body; s >= type.minBody - 1e-9; s -= 0.5 * k) sizes.push(s);
  let chosen: { size: number; cols: number; columns: LegendRow[][]; rowH: number } | null = null;
  for (const size of sizes) {
    const rowH = mm(size) * 1.75;
    const perCol = Math.max(1, Math.floor(box.h / rowH));
    for (let cols = 1; cols <= maxCols; cols++) {
      if (Math.ceil(rows.length / perCol) > cols) continue;
      // fill columns top-down, never leaving a heading last in a column
      const columns: LegendRow[][] = [];
      let col: LegendRow[] = [];
      rows.forEach((row, i) => {
        const headingLast = row.kind === 'heading' && col.length === perCol - 1;
        if (col.length >= perCol || (headingLast && i < rows.length - 1)) {
          columns.push(col);
          col = [];
        }
        col.push(row);
      });
      if (col.length) columns.push(col);
      if (columns.length <= cols) {
        chosen = { size, cols: columns.length, columns, rowH };
        break;
      }
    }
    if (chosen) break;
  }
  if (!chosen) {
    // even at the smallest size in as many columns as fit: list what fits, say how many are left
    const size = type.minBody;
    const rowH = mm(size) * 1.75;
    const perCol = Math.max(1, Math.floor(box.h / rowH));
    const room = perCol * maxCols - 1;
    const kept = rows.slice(0, room);
    const left = rows.slice(room).filter((x) => x.kind === 'entry').length;
    kept.push({ kind: 'heading', text: st(input.lang, 'legendMore', { n: left }) });
    const columns: LegendRow[][] = [];
    for (let i = 0; i < kept.length; i += perCol) columns.push(kept.slice(i, i + perCol));
    chosen = { size, cols: columns.length, columns, rowH };
    warnings.push('legend-truncated');
  }
  const { size, columns, rowH } = chosen;
  const colGap = 3 * k;
  const colW = (box.w - colGap * (columns.length - 1)) / columns.length;
  const swW = 6.5 * k * (size / type.body);
  const swH = swW * (18 / 28);
  let bottom = box.y;
  columns.forEach((col, ci) => {
    const x = box.x + ci * (colW + colGap);
    col.forEach((row, ri) => {
      const top = box.y + ri * rowH;
      const baseline = top + rowH / 2 + mm(size) * 0.36;
      if (row.kind === 'heading') {
        prims.push({ t: 'text', x, y: baseline, text: fitText(row.text, colW, size, input.measure).text, size, color: MUTED });
      } else {
        swatch(row.layer!, row.entry!, x, top + (rowH - swH) / 2, swW, swH, prims);
        const tx = x + swW + 2 * k;
        prims.push({ t: 'text', x: tx, y: baseline, text: fitText(row.text, colW - (tx - x), size, input.measure).text, size, color: INK });
      }
      bottom = Math.max(bottom, top + rowH);
    });
  });
  return bottom;
}

function locatorBlock(input: SheetInput, L: SheetLayout, prims: Prim[]) {
  const r = L.locator;
  const { type, k } = L;
  const labelH = mm(type.small) * 1.8;
  prims.push({ t: 'text', x: r.x, y: r.y + ascent(type.small), text: st(input.lang, 'locator'), size: type.small, color: MUTED });
  const box: Rect = { x: r.x, y: r.y + labelH, w: r.w, h: r.h - labelH };
  prims.push({ t: 'rect', ...box, fill: '#ffffff', stroke: INK, lw: L.lines.frame });
  // fit everything (shapes + the frame) in mercator, with a small inset
  const all = [...input.locator.shapes.flatMap((s) => s.rings.flat()), ...input.locator.frame];
  if (!all.length) return;
  const xs = all.map((p) => mercX(p[0]));
  const ys = all.map((p) => mercY(p[1]));
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const inset = 2.5 * k;
  const s = Math.min((box.w - 2 * inset) / (x1 - x0 || 1), (box.h - 2 * inset) / (y1 - y0 || 1));
  const ox = box.x + (box.w - (x1 - x0) * s) / 2;
  const oy = box.y + (box.h - (y1 - y0) * s) / 2;
  const proj = (p: Pt): Pt => [ox + (mercX(p[0]) - x0) * s, oy + (mercY(p[1]) - y0) * s];
  for (const sh of input.locator.shapes) {
    prims.push({ t: 'path', rings: sh.rings.map((ring) => ring.map(proj)), closed: true, fill: sh.fill, stroke: sh.stroke, lw: sh.lw * k });
  }
  prims.push({ t: 'path', rings: [input.locator.frame.map(proj)], closed: true, fill: RED, fillOpacity: 0.12, stroke: RED, lw: 0.45 * k });
}

function footerBlock(input: SheetInput, L: SheetLayout, prims: Prim[], warnings: SheetWarning[]) {
  const r = L.footer;
  const { type, k, lang } = { ...L, lang: input.lang };
  const size = type.small;
  const lh = mm(size) * 1.45;
  prims.push({ t: 'path', rings: [[[r.x, r.y], [r.x + r.w, r.y]]], closed: false, stroke: INK, lw: 0.2 * k });
  const sep = lang === 'zh' ? '；' : '; ';
  // a sheet of the base map alone cites only the base map's data
  const parts = [
    ...(input.sources.layers.length ? [input.sources.layers.join(sep)] : []),
    ...(input.sources.basemap.length ? [`${st(lang, 'basemapData')}${input.sources.basemap.join(lang === 'zh' ? '、' : ', ')}`] : []),
  ];
  const srcText = st(lang, 'sources') + parts.join(sep);
  const lines = L.landscape ? 2 : 3;
  const wrapped = wrapText(srcText, r.w, size, input.measure, lines);
  if (wrapped.cut) warnings.push('sources-truncated');
  let y = r.y + 1.2 * k + ascent(size);
  for (const line of wrapped.lines) {
    prims.push({ t: 'text', x: r.x, y, text: line, size, color: MUTED });
    y += lh;
  }
  const yLast = r.y + r.h - 0.6 * k;
  const left = [
    `${st(lang, 'org')}${input.org.trim() || st(lang, 'defaultOrg')}`,
    `${st(lang, 'date')}${input.date}`,
    `${st(lang, 'shentu')}${input.shentu.trim() || st(lang, 'unreviewed')}`,
  ].join('　　');
  const disclaimer = st(lang, 'disclaimer');
  const dW = input.measure(disclaimer, size);
  prims.push({ t: 'text', x: r.x, y: yLast, text: fitText(left, r.w - dW - 6 * k, size, input.measure).text, size, color: INK });
  prims.push({ t: 'text', x: r.x + r.w, y: yLast, text: disclaimer, size, color: INK, align: 'right' });
}

function notesBlock(input: SheetInput, L: SheetLayout, top: number, prims: Prim[]) {
  const notes: string[] = [];
  if (input.schematic.length) {
    const names = input.schematic.slice(0, 3).join(input.lang === 'zh' ? '、' : ', ') + (input.schematic.length > 3 ? (input.lang === 'zh' ? '等' : ' …') : '');
    notes.push(st(input.lang, 'schematicNote', { n: input.schematic.length, names }));
  }
  notes.push(...(input.notes ?? []));
  if (!notes.length) return;
  const r = L.legend;
  const size = L.type.small;
  const lh = mm(size) * 1.4;
  const wrapped = notes.flatMap((n) => wrapText(n, r.w, size, input.measure, 3).lines);
  // notes sit at the legend box's bottom (the legend layout left room when it could)
  let y = Math.max(top + 1.5 * L.k, r.y + r.h - wrapped.length * lh) + ascent(size);
  for (const line of wrapped) {
    prims.push({ t: 'text', x: r.x, y, text: line, size, color: MUTED });
    y += lh;
  }
}

/** Characters the sheet font draws differently or lacks, replaced by their plain forms. */
const PLAIN: [RegExp, string][] = [
  [/[\u2010\u2011]/g, '-'],
  [/\u00a0/g, ' '],
];
const plain = (s: string) => PLAIN.reduce((t, [re, by]) => t.replace(re, by), s);

export function composeSheet(input: SheetInput): Sheet {
  const L = sheetLayout(input.paper);
  const prims: Prim[] = [];
  const warnings: SheetWarning[] = [];
  prims.push({ t: 'rect', x: 0, y: 0, w: L.paper.width, h: L.paper.height, fill: '#ffffff' });
  prims.push({ t: 'rect', ...L.outer, stroke: INK, lw: L.lines.outer });
  prims.push({ t: 'rect', ...L.inner, stroke: INK, lw: L.lines.inner });
  titleBlock(input, L, prims, warnings);
  prims.push({ t: 'map', ...L.map });
  prims.push({ t: 'rect', ...L.map, stroke: INK, lw: L.lines.frame });
  scaleBlock(input, L, prims);
  // reserve room for the notes below the legend
  const noteLines = (input.schematic.length ? 2 : 0) + (input.notes?.length ?? 0) * 2;
  const reserve = noteLines * mm(L.type.small) * 1.4 + (noteLines ? 2 * L.k : 0);
  const legendRect = L.legend;
  L.legend = { ...legendRect, h: legendRect.h - reserve };
  const legendBottom = legendBlock(input, L, prims, warnings);
  L.legend = legendRect;
  notesBlock(input, L, legendBottom, prims);
  locatorBlock(input, L, prims);
  footerBlock(input, L, prims, warnings);
  if (input.coversArea === false) warnings.push('area-cut');
  for (const p of prims) if (p.t === 'text') p.text = plain(p.text);
  return { size: L.paper, layout: L, prims, warnings };
}

/** Every text printed on a sheet (for glyph checks and tests). */
export const sheetTexts = (sheet: Sheet) => sheet.prims.flatMap((p) => (p.t === 'text' ? [p.text] : []));
