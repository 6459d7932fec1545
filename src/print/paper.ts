/**
 * Paper sizes and resolutions of map sheets. A sheet is laid out in millimetres; the map frame
 * is drawn in CSS px at 96 per inch (so MapLibre's label sizes and line widths keep their
 * on-screen proportions on paper) with a pixel ratio of dpi / 96.
 */
import type { Dpi, Paper } from '../state/url';

export const MM_PER_INCH = 25.4;
export const CSS_DPI = 96;

const ISO: Record<'a4' | 'a3', [number, number]> = { a4: [210, 297], a3: [297, 420] };

export interface Size {
  width: number;
  height: number;
}

/** Paper size in mm (width × height as the sheet is read). */
export function paperSize(paper: Paper): Size {
  const [short, long] = ISO[paper.startsWith('a3') ? 'a3' : 'a4'];
  return paper.endsWith('landscape') ? { width: long, height: short } : { width: short, height: long };
}

export const isLandscape = (paper: Paper) => paper.endsWith('landscape');

/** mm → device px at a resolution (the PNG's size is the paper's size at its dpi). */
export const mmToPx = (mm: number, dpi: number) => Math.round((mm / MM_PER_INCH) * dpi);

/** The PNG's size in pixels: A4 landscape at 300 dpi is 3508 × 2480. */
export function pixelSize(paper: Paper, dpi: Dpi | number): Size {
  const mm = paperSize(paper);
  return { width: mmToPx(mm.width, dpi), height: mmToPx(mm.height, dpi) };
}

/** mm → CSS px (96 per inch), the unit the map frame is laid out in. */
export const mmToCss = (mm: number) => (mm / MM_PER_INCH) * CSS_DPI;

/** mm → PDF points (72 per inch). */
export const mmToPt = (mm: number) => (mm / MM_PER_INCH) * 72;

/** PDF points (font sizes) → mm. */
export const ptToMm = (pt: number) => (pt / 72) * MM_PER_INCH;
