/**
 * Numeric scale of a Web-Mercator map printed at 96 CSS px per inch (GUIDE §7):
 *   ground metres per CSS px = 40075016.686 · cos(lat) / (512 · 2^zoom)
 *   1:N with N = ground metres per CSS px / paper metres per CSS px (0.0254 / 96)
 * so zoom = log2(40075016.686 · cos(lat) · 96 / (0.0254 · 512 · N)). The scale is true at the
 * latitude it is computed for (the frame's centre); the sheet says so.
 */
import { CSS_DPI } from './paper';
import { SHEET_SCALES } from '../state/url';

const EARTH_CIRCUMFERENCE = 40075016.686;
const WORLD_PX = 512;
const PAPER_M_PER_CSS_PX = 0.0254 / CSS_DPI;

/** The fixed scales a sheet offers besides "fit". */
export const FIXED_SCALES = SHEET_SCALES;

const cosLat = (lat: number) => Math.cos((lat * Math.PI) / 180);

export const groundMetresPerCssPx = (lat: number, zoom: number) => (EARTH_CIRCUMFERENCE * cosLat(lat)) / (WORLD_PX * 2 ** zoom);

/** N of 1:N for a zoom at a latitude. */
export const scaleDenominator = (lat: number, zoom: number) => groundMetresPerCssPx(lat, zoom) / PAPER_M_PER_CSS_PX;

/** The zoom at which the map is 1:N at a latitude. */
export const zoomForScale = (lat: number, n: number) => Math.log2((EARTH_CIRCUMFERENCE * cosLat(lat) * CSS_DPI) / (0.0254 * WORLD_PX * n));

/**
 * The smallest "round" denominator ≥ n (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 8 × 10^k): a fitted
 * frame is printed at a scale a planner can read and measure with (it then holds a little more).
 */
export function roundScaleUp(n: number): number {
  if (!(n > 0) || !Number.isFinite(n)) throw new RangeError(`scale denominator ${n}`);
  const steps = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 8, 10];
  const mag = 10 ** Math.floor(Math.log10(n));
  for (const s of steps) {
    const v = Math.round(s * mag);
    if (v >= n * (1 - 1e-9)) return v;
  }
  return 10 * mag;
}

/** "1:500 000" (groups of three digits separated by spaces, as printed on Chinese maps). */
export function formatScale(n: number): string {
  return `1:${String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ')}`;
}

export interface ScaleBar {
  /** total length in km */
  km: number;
  /** total length on paper in mm */
  mm: number;
  /** number of alternating segments */
  segments: number;
  /** tick labels (km) at 0, each segment end */
  ticks: number[];
}

/** A scale bar with a round length (1, 2, 5 × 10^k km) no longer than `maxMm` on paper at 1:N. */
export function scaleBar(n: number, maxMm: number): ScaleBar {
  const kmPerMm = n / 1e6;
  const maxKm = maxMm * kmPerMm;
  const mag = 10 ** Math.floor(Math.log10(maxKm));
  const km = [5, 2, 1].map((s) => s * mag).find((v) => v <= maxKm) ?? mag;
  const lead = Math.round(km / mag);
  const segments = lead === 5 ? 5 : lead === 2 ? 4 : 5;
  const ticks = Array.from({ length: segments + 1 }, (_, i) => Number(((km / segments) * i).toPrecision(6)));
  return { km, mm: km / kmPerMm, segments, ticks };
}
