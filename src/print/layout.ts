/**
 * Where everything sits on a sheet, in mm from the top-left corner. Landscape: title band on top,
 * the map on the left, a side panel (scale + north arrow, legend, locator) on the right, a footer
 * band (sources, 编制单位, date, 审图号, disclaimer). Portrait: the panel goes below the map.
 * A3 is A4 scaled by √2 (type sizes too), so both read alike. A long legend gets more room
 * (`legendRoom` 1, 2: a wider side panel, or a taller bottom panel) at the map's expense, rather
 * than smaller type or entries left out.
 */
import type { Paper } from '../state/url';
import { paperSize, isLandscape, type Size } from './paper';

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface SheetLayout {
  paper: Size;
  landscape: boolean;
  /** outer (thick) and inner (thin) frame lines */
  outer: Rect;
  inner: Rect;
  title: Rect;
  map: Rect;
  /** north arrow + scale block */
  scaleBlock: Rect;
  legend: Rect;
  locator: Rect;
  footer: Rect;
  /** A4 = 1, A3 = √2 */
  k: number;
  /** how much room the legend was given (0: the usual panel) */
  legendRoom: LegendRoom;
  /** type sizes in pt (legend rows never below minBody, and notes in the legend panel at `note`) */
  type: { title: number; subtitle: number; heading: number; body: number; small: number; minBody: number; note: number };
  /** line widths in mm */
  lines: { outer: number; inner: number; frame: number };
}

export const rectInside = (a: Rect, b: Rect, eps = 1e-6) => a.x >= b.x - eps && a.y >= b.y - eps && a.x + a.w <= b.x + b.w + eps && a.y + a.h <= b.y + b.h + eps;
export const rectsOverlap = (a: Rect, b: Rect, eps = 1e-6) => a.x < b.x + b.w - eps && b.x < a.x + a.w - eps && a.y < b.y + b.h - eps && b.y < a.y + a.h - eps;

export type LegendRoom = 0 | 1 | 2 | 3;
export const LEGEND_ROOMS: readonly LegendRoom[] = [0, 1, 2, 3];
/**
 * Side panel width (landscape) and bottom panel height (portrait) in A4 mm, per legend room. The
 * last room is for a map with nearly every layer on: in landscape the locator map gives its
 * place to the legend (the frame's place in the region is then only in the scale and title).
 */
const PANEL_W = [66, 100, 134, 134];
const PANEL_H = [66, 92, 118, 130];
const NO_LOCATOR: LegendRoom = 3;

export function sheetLayout(paperId: Paper, legendRoom: LegendRoom = 0): SheetLayout {
  const paper = paperSize(paperId);
  const landscape = isLandscape(paperId);
  const k = paperId.startsWith('a3') ? Math.SQRT2 : 1;
  const margin = 8 * k;
  const outer: Rect = { x: margin, y: margin, w: paper.width - 2 * margin, h: paper.height - 2 * margin };
  const gapFrame = 1.4 * k;
  const inner: Rect = { x: outer.x + gapFrame, y: outer.y + gapFrame, w: outer.w - 2 * gapFrame, h: outer.h - 2 * gapFrame };
  const pad = 4 * k;
  const gap = 4 * k;
  const content: Rect = { x: inner.x + pad, y: inner.y + pad, w: inner.w - 2 * pad, h: inner.h - 2 * pad };
  const titleH = 15 * k;
  const footerH = (landscape ? 11.5 : 14) * k;
  const title: Rect = { x: content.x, y: content.y, w: content.w, h: titleH };
  const footer: Rect = { x: content.x, y: content.y + content.h - footerH, w: content.w, h: footerH };
  const bodyTop = title.y + title.h + gap * 0.5;
  const bodyH = footer.y - gap * 0.75 - bodyTop;

  let map: Rect;
  let scaleBlock: Rect;
  let legend: Rect;
  let locator: Rect;
  if (landscape) {
    const panelW = PANEL_W[legendRoom] * k;
    map = { x: content.x, y: bodyTop, w: content.w - panelW - gap, h: bodyH };
    const px = map.x + map.w + gap;
    const scaleH = 27 * k;
    const locH = legendRoom === NO_LOCATOR ? 0 : 46 * k;
    scaleBlock = { x: px, y: bodyTop, w: panelW, h: scaleH };
    locator = { x: px, y: bodyTop + bodyH - locH, w: panelW, h: locH };
    legend = { x: px, y: scaleBlock.y + scaleH + gap * 0.5, w: panelW, h: locator.y - (locH ? gap * 0.5 : 0) - (scaleBlock.y + scaleH + gap * 0.5) };
  } else {
    const panelH = PANEL_H[legendRoom] * k;
    map = { x: content.x, y: bodyTop, w: content.w, h: bodyH - panelH - gap };
    const py = map.y + map.h + gap;
    const sideW = 56 * k;
    const sx = content.x + content.w - sideW;
    scaleBlock = { x: sx, y: py, w: sideW, h: 24 * k };
    locator = { x: sx, y: py + 24 * k + gap * 0.5, w: sideW, h: panelH - 24 * k - gap * 0.5 };
    legend = { x: content.x, y: py, w: content.w - sideW - gap, h: panelH };
  }
  return {
    paper,
    landscape,
    outer,
    inner,
    title,
    map,
    scaleBlock,
    legend,
    locator,
    footer,
    k,
    legendRoom,
    // legend text stays at 7 pt or more on paper (issue 22: 5 pt could not be read)
    type: { title: 20 * k, subtitle: 9.5 * k, heading: 9 * k, body: 8 * k, small: 6.2 * k, minBody: 7 * k, note: 7 * k },
    lines: { outer: 0.7 * k, inner: 0.2 * k, frame: 0.25 * k },
  };
}
