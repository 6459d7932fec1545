/**
 * The base map's part of a sheet's legend: its boundary and river lines, read from the very style
 * the sheet's map is drawn with (colour, width at the sheet's zoom, dashes), and listed only where
 * the line shows in the frame. A sheet of the base map alone then still has a legend, and an
 * online base map (raster tiles) lists only the outline we draw on it. Pure.
 */
import { booleanIntersects, polygonToLine } from '@turf/turf';
import type { Feature, FeatureCollection, Polygon, MultiPolygon } from 'geojson';
import type { StyleSpecification } from 'maplibre-gl';
import type { I18nText } from '../catalog/schema';

export interface BaseLegendRow {
  /** the style layer it stands for */
  id: string;
  label: I18nText;
  /** line colour (#rrggbb), width and dashes in CSS px at the sheet's zoom */
  color: string;
  width: number;
  dash?: number[];
}

/** The base lines a legend names, in the order a map reader expects, and the data each one draws. */
const BASE_LINES: { id: string; data: BaseDataKey; label: I18nText }[] = [
  { id: 'region-line', data: 'region', label: { zh: '城市群范围', en: 'City-cluster boundary' } },
  { id: 'shanxi-line', data: 'shanxi', label: { zh: '省界', en: 'Provincial boundary' } },
  { id: 'city-line', data: 'cities', label: { zh: '市界', en: 'Prefecture boundary' } },
  { id: 'county-line', data: 'counties', label: { zh: '县界', en: 'County boundary' } },
  { id: 'rivers-line', data: 'rivers', label: { zh: '河流', en: 'River' } },
];

/** the style layers the base map's legend rows can stand for */
export const BASE_LINE_IDS = BASE_LINES.map((b) => b.id);

export type BaseDataKey = 'region' | 'shanxi' | 'cities' | 'counties' | 'rivers';
export type BaseData = Partial<Record<BaseDataKey, FeatureCollection>>;

/**
 * A paint value at a zoom: a number, or MapLibre's `interpolate` over the zoom (linear), whose
 * stops may be a `match` on a feature property (its fallback, i.e. the ordinary feature, is used).
 */
export function valueAtZoom(v: unknown, zoom: number): number | undefined {
  if (typeof v === 'number') return v;
  if (!Array.isArray(v)) return undefined;
  if (v[0] === 'match') return valueAtZoom(v[v.length - 1], zoom);
  if (v[0] === 'interpolate' && Array.isArray(v[2]) && v[2][0] === 'zoom') {
    const stops: [number, number][] = [];
    for (let i = 3; i + 1 < v.length; i += 2) {
      const out = valueAtZoom(v[i + 1], zoom);
      if (typeof v[i] === 'number' && out !== undefined) stops.push([v[i] as number, out]);
    }
    if (!stops.length) return undefined;
    if (zoom <= stops[0][0]) return stops[0][1];
    for (let i = 1; i < stops.length; i++) {
      const [z0, a] = stops[i - 1];
      const [z1, b] = stops[i];
      if (zoom <= z1) return a + ((b - a) * (zoom - z0)) / (z1 - z0);
    }
    return stops[stops.length - 1][1];
  }
  return undefined;
}

const isHex = (c: unknown): c is string => typeof c === 'string' && /^#[0-9a-f]{6}$/i.test(c);

/** Does the outline of a polygon feature (or a line feature) cross the frame? */
function lineShows(f: Feature, frame: Feature<Polygon>): boolean {
  const g = f.geometry;
  if (!g) return false;
  try {
    if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') return booleanIntersects(f, frame);
    const lines = polygonToLine(f as Feature<Polygon | MultiPolygon>);
    return (lines.type === 'FeatureCollection' ? lines.features : [lines]).some((l) => booleanIntersects(l, frame));
  } catch {
    return false;
  }
}

/**
 * The base map's legend rows for a sheet: lines the style draws (visible layers only), at the
 * sheet's zoom, whose data shows in the frame (`outline`: lon/lat ring). `skip`: style layers
 * whose meaning the plan layers' legend already gives (e.g. county lines under the counties layer).
 */
export function baseLegend(style: Pick<StyleSpecification, 'layers'>, zoom: number, data: BaseData, outline: [number, number][], skip: readonly string[] = []): BaseLegendRow[] {
  const frame: Feature<Polygon> = { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [outline] } };
  const rows: BaseLegendRow[] = [];
  for (const b of BASE_LINES) {
    if (skip.includes(b.id)) continue;
    const l = style.layers.find((x) => x.id === b.id);
    if (!l || l.type !== 'line' || l.layout?.visibility === 'none') continue;
    if ((l.minzoom !== undefined && zoom < l.minzoom) || (l.maxzoom !== undefined && zoom >= l.maxzoom)) continue;
    const paint = l.paint ?? {};
    const color = paint['line-color'];
    const width = valueAtZoom(paint['line-width'] ?? 1, zoom);
    if (!isHex(color) || !width) continue;
    const fc = data[b.data];
    if (!fc?.features.some((f) => lineShows(f, frame))) continue;
    const dashes = paint['line-dasharray'];
    // MapLibre's dashes are in line widths
    const dash = Array.isArray(dashes) && dashes.every((d) => typeof d === 'number') ? (dashes as number[]).map((d) => d * width) : undefined;
    rows.push({ id: b.id, label: b.label, color, width, ...(dash ? { dash } : {}) });
  }
  return rows;
}
