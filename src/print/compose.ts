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
import { sheetLayout, type LegendRoom, type Rect, type SheetLayout } from './layout';
import { formatScale, scaleBar } from './scale';
import { ptToMm, type Size } from './paper';
import { st } from './strings';
import type { LegendGroup } from './legend';
import type { BaseLegendRow } from './baseLegend';
import type { SheetSources } from './sources';
import { MAX_TITLE } from './titles';
import { mercX, mercY } from '../state/view';
import { splitFrames } from './comparison';

export type Pt = [number, number];

export type Prim =
  | { t: 'rect'; x: number; y: number; w: number; h: number; fill?: string; fillOpacity?: number; stroke?: string; strokeOpacity?: number; lw?: number; dash?: number[] }
  | { t: 'path'; rings: Pt[][]; closed: boolean; fill?: string; fillOpacity?: number; stroke?: string; strokeOpacity?: number; lw?: number; dash?: number[] }
  | { t: 'circle'; cx: number; cy: number; r: number; fill?: string; fillOpacity?: number; stroke?: string; lw?: number }
  /** an SVG path (legend symbols' marker shapes), drawn at (x, y) scaled by `scale` */
  | { t: 'svg'; d: string; x: number; y: number; scale: number; fill?: string; fillOpacity?: number; stroke?: string; strokeOpacity?: number; lw?: number; dash?: number[] }
  | { t: 'text'; x: number; y: number; text: string; size: number; color?: string; align?: 'left' | 'center' | 'right' }
  /** the captured map (side B's in a side-by-side comparison: `side: 'b'`) */
  | { t: 'map'; x: number; y: number; w: number; h: number; side?: 'b' };

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
  /** the base map's lines in the frame (listed after the layers, under 底图) */
  baseLegend?: BaseLegendRow[];
  /** room the layout gives the legend (layout.ts); planned with the frame, since it narrows the map */
  legendRoom?: LegendRoom;
  sources: SheetSources;
  /** names of schematic features in the frame */
  schematic: string[];
  locator: { shapes: LocatorShape[]; frame: Pt[] };
  /** e.g. "the online base map could not be reached: offline base map used" */
  notes?: string[];
  /** false when the frame at the fixed scale is smaller than the area asked for */
  coversArea?: boolean;
  measure: Measure;
  /**
   * A comparison (issue 18): side by side (two frames at the same 1:N, each under a strip naming its
   * side) or a swipe (one frame, side B past the divider, drawn as a rule at `frac` across the
   * frame). `legend`/`baseLegend` are side A's; side B's legend is listed under it.
   */
  compare?: {
    mode: 'split' | 'swipe';
    orientation: 'cols' | 'rows';
    frac?: number;
    labels: { a: string; b: string };
    legendB: LegendGroup[];
    baseLegendB?: BaseLegendRow[];
  };
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

/**
 * Tokens for wrapping: each CJK character alone, Latin words with their trailing space. Opening
 * brackets stay with the character after them and closing punctuation with the one before, so
 * no line starts with "）" or "，" nor ends with "（" (the usual 禁则 of Chinese typesetting).
 */
function tokens(text: string): string[] {
  return text.match(/[（【「『《“‘(]*[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f][）】」』》”’)，。、；：！？,.;:!?]*|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+\s*|\s+/g) ?? [];
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
      prims.push({ t: 'svg', d: p.d, x: ox, y: oy, scale: s, fill: f?.color, fillOpacity: f?.alpha, stroke: k?.color, strokeOpacity: k?.alpha, lw: (p.strokeWidth ?? 1) * s, dash: p.dash?.map((d) => d * s) });
    }
  }
}

type RowKind = 'heading' | 'entry' | 'base' | 'more';

interface LegendRow {
  kind: RowKind;
  text: string;
  entry?: LegendEntry;
  layer?: Layer;
  base?: BaseLegendRow;
  /** how prominent the entry is in the frame (legend.ts `prominence`); headings: 0 */
  weight: number;
  /** which group a row belongs to (a heading goes when its entries have gone) */
  group: number;
}

/** Screen-only hints in legend labels ("（点击查看…）", "(click …)") mean nothing on paper. */
export const paperLabel = (s: string) => s.replace(/（点击[^）]*）|\s*\((?:click|tap)[^)]*\)/gi, '').trim();

function legendRows(groups: LegendGroup[], lang: Lang): LegendRow[] {
  const rows: LegendRow[] = [];
  groups.forEach((g, group) => {
    if (g.entries.length > 1) rows.push({ kind: 'heading', text: g.layer.title[lang], weight: 0, group });
    // without weights every entry counts as drawn large (never left out for a smaller one)
    g.entries.forEach((e, i) => rows.push({ kind: 'entry', text: paperLabel(e.label[lang]), entry: e, layer: g.layer, weight: g.weights?.[i] ?? Infinity, group }));
  });
  return rows;
}

function baseRows(base: BaseLegendRow[], lang: Lang): LegendRow[] {
  if (!base.length) return [];
  return [
    { kind: 'heading', text: st(lang, 'basemapLegend'), weight: 0, group: -1 },
    ...base.map((b): LegendRow => ({ kind: 'base', text: b.label[lang], base: b, weight: 0, group: -1 })),
  ];
}

interface PlacedRow {
  row: LegendRow;
  lines: string[];
  x: number;
  top: number;
  h: number;
}

/** a one-line legend row's height in ems of its type size (and when room is short) */
const ROW_LEAD = 1.75;
const ROW_LEAD_TIGHT = 1.4;

interface LegendPlan {
  size: number;
  lead: number;
  colW: number;
  swW: number;
  placed: PlacedRow[];
  /** entries left out (none unless even the most room at the smallest type could not hold them) */
  dropped: LegendRow[];
  /** the base map's rows were listed */
  withBase: boolean;
  bottom: number;
}

/** the legend's geometry on a layout: the box under its heading, minus the notes' reserve */
function legendBox(input: Pick<SheetInput, 'schematic' | 'notes'>, L: SheetLayout): Rect {
  const r = L.legend;
  const headH = mm(L.type.heading) * 1.9;
  const noteLines = (input.schematic.length ? 2 : 0) + (input.notes?.length ?? 0) * 2;
  const reserve = noteLines * mm(L.type.note) * 1.4 + (noteLines ? 2 * L.k : 0);
  return { x: r.x, y: r.y + headH, w: r.w, h: r.h - headH - reserve };
}

/**
 * Rows into columns at a type size: each entry's label wraps onto a second line rather than being
 * cut; a heading never ends a column. null when more than `cols` columns would be needed.
 */
function placeRows(rows: LegendRow[], box: Rect, size: number, cols: number, L: SheetLayout, measure: Measure, lead = ROW_LEAD): Omit<LegendPlan, 'dropped' | 'withBase'> | null {
  const { k } = L;
  const colGap = 3 * k;
  const colW = (box.w - colGap * (cols - 1)) / cols;
  const swW = 6.5 * k * (size / L.type.body);
  const line1 = mm(size) * lead;
  const lineN = mm(size) * 1.15;
  const textW = colW - swW - 2 * k;
  const sized = rows.map((row) => {
    if (row.kind === 'heading') return { row, lines: [fitText(row.text, colW, size, measure).text] };
    const w = row.kind === 'more' ? colW : textW;
    return { row, lines: wrapText(row.text, w, size, measure, row.kind === 'more' ? 3 : 2).lines };
  });
  const heightOf = (n: number) => line1 + (n - 1) * lineN;
  const placed: PlacedRow[] = [];
  let col = 0;
  let y = 0;
  for (let i = 0; i < sized.length; i++) {
    const { row, lines } = sized[i];
    const h = heightOf(lines.length);
    // a heading goes to the next column with its first entry
    const need = row.kind === 'heading' && i + 1 < sized.length ? h + heightOf(sized[i + 1].lines.length) : h;
    if (y > 0 && y + need > box.h + 1e-9) {
      col++;
      y = 0;
    }
    if (col >= cols || h > box.h + 1e-9) return null;
    placed.push({ row, lines, x: box.x + col * (colW + colGap), top: box.y + y, h });
    y += h;
  }
  const bottom = placed.reduce((b, p) => Math.max(b, p.top + p.h), box.y);
  return { size, lead, colW, swW, placed, bottom };
}

/** The largest type (down to minBody) and fewest columns that hold the rows, or null. */
function fitRows(rows: LegendRow[], box: Rect, L: SheetLayout, measure: Measure): Omit<LegendPlan, 'dropped' | 'withBase'> | null {
  const { type, k } = L;
  const minColW = 34 * k;
  const maxCols = Math.max(1, Math.floor((box.w + 3 * k) / (minColW + 3 * k)));
  for (let size = type.body; size >= type.minBody - 1e-9; size -= 0.5 * k) {
    for (let cols = 1; cols <= maxCols; cols++) {
      const p = placeRows(rows, box, size, cols, L, measure);
      if (p) return p;
    }
  }
  // the last resort before leaving anything out: rows set closer at the smallest size
  for (let cols = 1; cols <= maxCols; cols++) {
    const p = placeRows(rows, box, type.minBody, cols, L, measure, ROW_LEAD_TIGHT);
    if (p) return p;
  }
  return null;
}

/**
 * What the legend lists and how: every entry at minBody or larger. Only when even that cannot hold
 * them all are entries left out — the least prominent first (a few points before a belt or an axis
 * drawn across the map), and the last row names them. The base map's rows come only where room is left.
 */
export function planLegend(input: Pick<SheetInput, 'legend' | 'baseLegend' | 'lang' | 'measure' | 'schematic' | 'notes'>, L: SheetLayout): LegendPlan {
  const box = legendBox(input, L);
  const rows = legendRows(input.legend, input.lang);
  const base = baseRows(input.baseLegend ?? [], input.lang);
  const all = rows.length && base.length ? fitRows([...rows, ...base], box, L, input.measure) : null;
  if (all) return { ...all, dropped: [], withBase: true };
  if (!rows.length) {
    const b = base.length ? fitRows(base, box, L, input.measure) : null;
    return b ? { ...b, dropped: [], withBase: true } : { size: L.type.body, lead: ROW_LEAD, colW: box.w, swW: 0, placed: [], dropped: [], withBase: false, bottom: box.y };
  }
  const plain = fitRows(rows, box, L, input.measure);
  if (plain) return { ...plain, dropped: [], withBase: false };
  // left out, least prominent first (ties: the later row), until the rest and a closing line fit
  let kept = rows;
  const dropped: LegendRow[] = [];
  for (;;) {
    const candidates = kept.filter((r) => r.kind === 'entry');
    if (candidates.length <= 1) break;
    const victim = candidates.reduce((lo, r) => (r.weight <= lo.weight ? r : lo));
    dropped.push(victim);
    kept = kept.filter((r) => r !== victim);
    // a heading whose entries have all gone goes too
    kept = kept.filter((r) => r.kind !== 'heading' || kept.some((e) => e.kind === 'entry' && e.group === r.group));
    const sep = input.lang === 'zh' ? '：' : ': ';
    const names = dropped.map((r) => r.text).join(input.lang === 'zh' ? '、' : ', ');
    const more: LegendRow = { kind: 'more', text: st(input.lang, 'legendMore', { n: dropped.length }) + sep + names, weight: 0, group: -2 };
    const p = fitRows([...kept, more], box, L, input.measure);
    if (p) return { ...p, dropped, withBase: false };
  }
  // a single entry that does not fit even alone: list it cut at the smallest size
  const p = placeRows(kept, box, L.type.minBody, 1, L, input.measure, ROW_LEAD_TIGHT) ?? { size: L.type.minBody, lead: ROW_LEAD_TIGHT, colW: box.w, swW: 6.5 * L.k, placed: [], bottom: box.y };
  return { ...p, dropped, withBase: false };
}

/** A legend part: its rows (side A's or side B's), the layout whose legend box it fills, its heading. */
export interface LegendPart {
  input: SheetInput;
  layout: SheetLayout;
  heading: string;
}

/**
 * The legend's parts: one; a comparison's two — side A's above side B's, each listing only its
 * own classes under a heading naming the side, the box shared by how many rows each has.
 */
export function legendParts(input: SheetInput, L: SheetLayout): LegendPart[] {
  const c = input.compare;
  const heading = st(input.lang, 'legend');
  if (!c) return [{ input, layout: L, heading }];
  const r = L.legend;
  const gap = 2.5 * L.k;
  const sep = ' · ';
  const split = (share: number): LegendPart[] => {
    const hA = (r.h - gap) * share;
    return [
      { input: { ...input, schematic: [], notes: [], compare: undefined }, layout: { ...L, legend: { ...r, h: hA } }, heading: `${heading}${sep}A ${c.labels.a}` },
      {
        input: { ...input, legend: c.legendB, baseLegend: c.baseLegendB ?? [], compare: undefined },
        layout: { ...L, legend: { ...r, y: r.y + hA + gap, h: r.h - hA - gap } },
        heading: `${heading}${sep}B ${c.labels.b}`,
      },
    ];
  };
  // the share of the box that leaves out the fewest entries, then sets the smaller legend's type largest
  let best = split(0.5);
  let bestScore = -Infinity;
  for (let share = 0.25; share <= 0.751; share += 0.05) {
    const parts = split(share);
    const plans = parts.map((x) => planLegend(x.input, x.layout));
    const score = -1000 * plans.reduce((n, x) => n + x.dropped.length, 0) + 10 * Math.min(...plans.map((x) => x.size)) + plans.filter((x) => x.withBase).length - Math.abs(share - 0.5) * 0.01;
    if (score > bestScore) [best, bestScore] = [parts, score];
  }
  return best;
}

function legendBlock(input: SheetInput, L: SheetLayout, prims: Prim[], warnings: SheetWarning[], heading = st(input.lang, 'legend')): number {
  const r = L.legend;
  const { type, k } = L;
  const headH = mm(type.heading) * 1.9;
  prims.push({ t: 'text', x: r.x, y: r.y + ascent(type.heading), text: fitText(heading, r.w, type.heading, input.measure).text, size: type.heading, color: INK });
  prims.push({ t: 'path', rings: [[[r.x, r.y + headH - 1.2 * k], [r.x + r.w, r.y + headH - 1.2 * k]]], closed: false, stroke: INK, lw: 0.2 * k });
  const plan = planLegend(input, L);
  if (!plan.placed.length) {
    const box = legendBox(input, L);
    warnings.push('legend-empty');
    prims.push({ t: 'text', x: box.x, y: box.y + ascent(type.minBody) + 1 * k, text: st(input.lang, 'legendEmpty'), size: type.minBody, color: MUTED });
    return box.y + mm(type.minBody) * 2;
  }
  if (plan.dropped.length) warnings.push('legend-truncated');
  const { size, swW } = plan;
  const swH = swW * (18 / 28);
  const line1 = mm(size) * plan.lead;
  const lineN = mm(size) * 1.15;
  for (const { row, lines, x, top } of plan.placed) {
    // the first line sits where a one-line row's text would; further lines follow
    const baseline = top + line1 / 2 + mm(size) * 0.36;
    const textX = row.kind === 'entry' || row.kind === 'base' ? x + swW + 2 * k : x;
    const color = row.kind === 'heading' || row.kind === 'more' ? MUTED : INK;
    lines.forEach((text, i) => prims.push({ t: 'text', x: textX, y: baseline + i * lineN, text, size, color }));
    const swY = top + (line1 - swH) / 2;
    if (row.kind === 'entry') swatch(row.layer!, row.entry!, x, swY, swW, swH, prims);
    if (row.kind === 'base') baseSwatch(row.base!, x, swY, swW, swH, prims);
  }
  return plan.bottom;
}

/** A base-map line in the legend: its colour, width and dashes at paper scale (1 CSS px = 0.2646 mm). */
function baseSwatch(b: BaseLegendRow, x: number, y: number, w: number, h: number, prims: Prim[]) {
  const pxMm = 25.4 / 96;
  prims.push({ t: 'path', rings: [[[x + 0.3, y + h / 2], [x + w - 0.3, y + h / 2]]], closed: false, stroke: b.color, lw: b.width * pxMm, dash: b.dash?.map((d) => d * pxMm) });
}

function locatorBlock(input: SheetInput, L: SheetLayout, prims: Prim[]) {
  const r = L.locator;
  if (r.h <= 0) return; // its place went to a long legend
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
  const size = L.type.note;
  const lh = mm(size) * 1.4;
  const wrapped = notes.flatMap((n) => wrapText(n, r.w, size, input.measure, 3).lines);
  // notes sit at the legend box's bottom (the legend layout left room when it could)
  let y = Math.max(top + 1.5 * L.k, r.y + r.h - wrapped.length * lh) + ascent(size);
  for (const line of wrapped) {
    prims.push({ t: 'text', x: r.x, y, text: line, size, color: MUTED });
    y += lh;
  }
}

/** A side's name on a white label inside the frame (a swipe's two sides). */
function sideLabel(text: string, x: number, y: number, align: 'left' | 'right', L: SheetLayout, input: SheetInput, prims: Prim[]) {
  const size = L.type.small * 1.15;
  const pad = 1.2 * L.k;
  const w = input.measure(text, size) + 2 * pad;
  const h = mm(size) * 1.6;
  const x0 = align === 'left' ? x : x - w;
  prims.push({ t: 'rect', x: x0, y, w, h, fill: '#ffffff', fillOpacity: 0.9, stroke: INK, lw: 0.15 * L.k });
  prims.push({ t: 'text', x: x0 + pad, y: y + h / 2 + mm(size) * 0.36, text, size, color: INK });
}

/**
 * The map frame(s): one; side by side, two frames of the same size (so the same 1:N, printed in
 * each strip with the side's name); a swipe, one frame with the divider drawn as a rule.
 */
function mapBlock(input: SheetInput, L: SheetLayout, prims: Prim[]) {
  const c = input.compare;
  const { k } = L;
  if (c?.mode === 'split') {
    const f = splitFrames(L.map, k);
    const size = L.type.heading;
    const scale = `${st(input.lang, 'scale')} ${formatScale(input.scale)}`;
    for (const [side, frame, strip, label] of [
      ['a', f.a, f.stripA, c.labels.a],
      ['b', f.b, f.stripB, c.labels.b],
    ] as const) {
      const base = strip.y + strip.h - 1.6 * k;
      const scaleW = input.measure(scale, size * 0.85);
      prims.push({ t: 'text', x: strip.x, y: base, text: fitText(`${side.toUpperCase()}  ${label}`, strip.w - scaleW - 4 * k, size, input.measure).text, size, color: INK });
      prims.push({ t: 'text', x: strip.x + strip.w, y: base, text: scale, size: size * 0.85, color: MUTED, align: 'right' });
      prims.push(side === 'b' ? { t: 'map', ...frame, side: 'b' } : { t: 'map', ...frame });
      prims.push({ t: 'rect', ...frame, stroke: INK, lw: L.lines.frame });
    }
    return;
  }
  prims.push({ t: 'map', ...L.map });
  prims.push({ t: 'rect', ...L.map, stroke: INK, lw: L.lines.frame });
  if (c?.mode !== 'swipe') return;
  const m = L.map;
  const frac = c.frac ?? 0.5;
  const inset = 2 * k;
  if (c.orientation === 'cols') {
    const x = m.x + frac * m.w;
    const line: Pt[] = [
      [x, m.y],
      [x, m.y + m.h],
    ];
    prims.push({ t: 'path', rings: [line], closed: false, stroke: '#ffffff', lw: 1.1 * k });
    prims.push({ t: 'path', rings: [line], closed: false, stroke: INK, lw: 0.45 * k });
    // each side named in its own corner of the frame
    if (frac > 0) sideLabel(`A ${c.labels.a}`, m.x + inset, m.y + inset, 'left', L, input, prims);
    if (frac < 1) sideLabel(`B ${c.labels.b}`, m.x + m.w - inset, m.y + inset, 'right', L, input, prims);
  } else {
    const y = m.y + frac * m.h;
    const line: Pt[] = [
      [m.x, y],
      [m.x + m.w, y],
    ];
    prims.push({ t: 'path', rings: [line], closed: false, stroke: '#ffffff', lw: 1.1 * k });
    prims.push({ t: 'path', rings: [line], closed: false, stroke: INK, lw: 0.45 * k });
    const h = mm(L.type.small * 1.15) * 1.6;
    if (frac > 0) sideLabel(`A ${c.labels.a}`, m.x + inset, m.y + inset, 'left', L, input, prims);
    if (frac < 1) sideLabel(`B ${c.labels.b}`, m.x + inset, m.y + m.h - h - inset, 'left', L, input, prims);
  }
}

/** Characters the sheet font draws differently or lacks, replaced by their plain forms. */
const PLAIN: [RegExp, string][] = [
  [/[\u2010\u2011]/g, '-'],
  [/\u00a0/g, ' '],
];
const plain = (s: string) => PLAIN.reduce((t, [re, by]) => t.replace(re, by), s);

export function composeSheet(input: SheetInput): Sheet {
  const L = sheetLayout(input.paper, input.legendRoom ?? 0);
  const prims: Prim[] = [];
  const warnings: SheetWarning[] = [];
  prims.push({ t: 'rect', x: 0, y: 0, w: L.paper.width, h: L.paper.height, fill: '#ffffff' });
  prims.push({ t: 'rect', ...L.outer, stroke: INK, lw: L.lines.outer });
  prims.push({ t: 'rect', ...L.inner, stroke: INK, lw: L.lines.inner });
  titleBlock(input, L, prims, warnings);
  mapBlock(input, L, prims);
  scaleBlock(input, L, prims);
  // the legend leaves room for the notes below it (legendBox); a comparison lists each side's
  let legendBottom = 0;
  for (const part of legendParts(input, L)) legendBottom = legendBlock(part.input, part.layout, prims, warnings, part.heading);
  notesBlock(input, L, legendBottom, prims);
  locatorBlock(input, L, prims);
  footerBlock(input, L, prims, warnings);
  if (input.coversArea === false) warnings.push('area-cut');
  for (const p of prims) if (p.t === 'text') p.text = plain(p.text);
  return { size: L.paper, layout: L, prims, warnings };
}

/** Every text printed on a sheet (for glyph checks and tests). */
export const sheetTexts = (sheet: Sheet) => sheet.prims.flatMap((p) => (p.t === 'text' ? [p.text] : []));
