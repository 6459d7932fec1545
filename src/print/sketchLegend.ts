/**
 * The user's sketches on a sheet: legend rows for what is drawn in the frame (sketched areas,
 * lines and points, a measurement, the place a report was asked for), with the symbols
 * src/engine/sketchLayers.ts draws them with. Each row is a small catalog-like layer, so the
 * legend, the sources (用户草图) and the swatches treat sketches like any other layer. Pure.
 */
import type { Feature } from 'geojson';
import type { Layer, LayerStyle } from '../catalog/types';
import type { I18nText } from '../catalog/schema';
import { SKETCH_COLOR, MEASURE_COLOR } from '../engine/sketchLayers';

/** The source every sketch row cites (layers/sources.json: 用户草图). */
export const USER_SKETCH_DOC = 'user-sketch';

type Use = 'sketch' | 'measure' | 'report';
type Geom = Layer['geometry'];

const alpha = (hex: string, a: number) => hex + Math.round(a * 255).toString(16).padStart(2, '0');
/** MapLibre's line dashes are in line widths: [2, 1.5] at 2.5 px */
const DASH: [number, number] = [5, 3.75];

const ROWS: { use: Use; geometry: Geom; label: I18nText; style: Partial<LayerStyle> }[] = [
  { use: 'sketch', geometry: 'polygon', label: { zh: '草图（面）', en: 'Sketch (area)' }, style: { fill: alpha(SKETCH_COLOR, 0.16), line: SKETCH_COLOR, lineWidth: 2.5 } },
  { use: 'sketch', geometry: 'line', label: { zh: '草图（线）', en: 'Sketch (line)' }, style: { line: SKETCH_COLOR, lineWidth: 2.5 } },
  { use: 'sketch', geometry: 'point', label: { zh: '草图（点）', en: 'Sketch (point)' }, style: { fill: SKETCH_COLOR, line: '#ffffff', pointRadius: 6, shape: 'circle' } },
  { use: 'measure', geometry: 'polygon', label: { zh: '量测范围', en: 'Measured area' }, style: { fill: alpha(MEASURE_COLOR, 0.16), line: MEASURE_COLOR, lineWidth: 2.5, dash: DASH } },
  { use: 'measure', geometry: 'line', label: { zh: '量测线', en: 'Measured line' }, style: { line: MEASURE_COLOR, lineWidth: 2.5, dash: DASH } },
  { use: 'report', geometry: 'polygon', label: { zh: '“此处适用”查询范围', en: '“What applies here” area' }, style: { fill: alpha(MEASURE_COLOR, 0.08), line: MEASURE_COLOR, lineWidth: 2.5, dash: DASH } },
  { use: 'report', geometry: 'point', label: { zh: '“此处适用”查询位置', en: '“What applies here” place' }, style: { fill: MEASURE_COLOR, line: '#ffffff', pointRadius: 6, shape: 'circle' } },
];

const useOf = (f: Feature): Use => {
  const kind = f.properties?.kind;
  return kind === 'measure' || kind === 'report' ? kind : 'sketch';
};

const geomOf = (f: Feature): Geom | null => {
  const t = f.geometry?.type ?? '';
  return /Polygon/.test(t) ? 'polygon' : /LineString/.test(t) ? 'line' : /Point/.test(t) ? 'point' : null;
};

/** A catalog-like layer for one kind of sketch row (id `user-sketches-<use>-<geometry>`). */
function sketchLayer(row: (typeof ROWS)[number]): Layer {
  return {
    id: `user-sketches-${row.use}-${row.geometry}`,
    title: row.label,
    data: 'data/user.geojson',
    geometry: row.geometry,
    style: { lineWidth: 1, pointRadius: 6, ...row.style },
    legend: [{ label: row.label }],
    attributes: [],
    source: { doc: USER_SKETCH_DOC },
    accuracy: 'approximate',
    visible: true,
    opacity: 1,
    public: false,
    pickable: false,
    listed: false,
  };
}

/**
 * The sketch rows for the features drawn in the frame (properties.kind as the engine draws them:
 * point|line|polygon|rectangle|circle = a sketch, measure, report), each with its features.
 */
export function sketchLayers(features: readonly Feature[]): { layer: Layer; features: Feature[] }[] {
  const out: { layer: Layer; features: Feature[] }[] = [];
  for (const row of ROWS) {
    const mine = features.filter((f) => useOf(f) === row.use && geomOf(f) === row.geometry);
    if (mine.length) out.push({ layer: sketchLayer(row), features: mine });
  }
  // a measured point or a line-shaped report place has no row of its own: shown as a sketch of its shape
  const listed = new Set(ROWS.map((r) => `${r.use}/${r.geometry}`));
  const rest = features.filter((f) => geomOf(f) && !listed.has(`${useOf(f)}/${geomOf(f)}`));
  for (const f of rest) {
    const row = ROWS.find((r) => r.use === 'sketch' && r.geometry === geomOf(f))!;
    const have = out.find((o) => o.layer.id === sketchLayer(row).id);
    if (have) have.features.push(f);
    else out.push({ layer: sketchLayer(row), features: [f] });
  }
  return out;
}
