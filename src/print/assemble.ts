/**
 * From the map state to a sheet: which frame the map shows, the legend of what is in it, the
 * sources it cites, the schematic features it shows, the locator map's shapes, and the texts.
 * Pure (data in, SheetInput out), so the whole sheet can be tested in Node.
 */
import { simplify } from '@turf/turf';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Catalog, Layer } from '../catalog/types';
import type { I18nText } from '../catalog/schema';
import type { MapState, Bounds } from '../state/mapState';
import type { Dpi, Paper } from '../state/url';
import type { BasemapId } from '../engine/basemaps';
import type { Lang } from '../i18n';
import { sheetLayout, LEGEND_ROOMS, type LegendRoom } from './layout';
import { mmToCss } from './paper';
import { sheetFrame, type SheetArea, type SheetFrame, type SheetScale } from './frame';
import { inFrame, legendInFrame, prominence } from './legend';
import { sheetSources } from './sources';
import { defaultTitles } from './titles';
import { sketchLayers } from './sketchLegend';
import { baseLegend, type BaseData } from './baseLegend';
import { USER_IMPORT_DOC } from '../import/layerKeys';
import type { StyleSpecification } from 'maplibre-gl';
import { formatDate } from './strings';
import { DEFAULT_STOP, stopLine } from '../time/stops';
import { planLegend, type LocatorShape, type Measure, type Pt, type SheetInput } from './compose';

export interface SheetOptions {
  paper: Paper;
  dpi: Dpi;
  area: SheetArea;
  scale: SheetScale;
  /** edited texts; absent: the defaults */
  title?: string;
  subtitle?: string;
  org?: string;
}

export interface LocatorData {
  shanxi?: FeatureCollection;
  cities?: FeatureCollection;
  region?: FeatureCollection;
}

export interface SheetPlan {
  frame: SheetFrame;
  /** the map frame's size in CSS px (the capture's size; pixel ratio = dpi / 96) */
  mapCss: { width: number; height: number };
  /** the 图名 and subtitle the sheet would have by default (for a preview whose texts were not edited) */
  defaults: { title: string; subtitle: string };
  input: SheetInput;
}

function rings(g: Geometry | null): Pt[][] {
  if (!g) return [];
  if (g.type === 'Polygon') return g.coordinates as Pt[][];
  if (g.type === 'MultiPolygon') return (g.coordinates as Pt[][][]).flat();
  return [];
}

function locatorShapes(data: LocatorData): LocatorShape[] {
  const simple = (fc: FeatureCollection | undefined) => (fc ? simplify(fc, { tolerance: 0.01, highQuality: false, mutate: false }).features.flatMap((f) => rings(f.geometry)) : []);
  const out: LocatorShape[] = [];
  const shanxi = simple(data.shanxi);
  if (shanxi.length) out.push({ rings: shanxi, fill: '#f1efe8', stroke: '#9a9a9a', lw: 0.15 });
  const cities = simple(data.cities);
  if (cities.length) out.push({ rings: cities, fill: '#e4e0d4', stroke: '#ffffff', lw: 0.25 });
  const region = simple(data.region);
  if (region.length) out.push({ rings: region, stroke: '#555555', lw: 0.3 });
  return out;
}

export interface PlanInput {
  catalog: Catalog;
  state: MapState;
  options: SheetOptions;
  /** features each layer draws now (filters and run-time additions applied) */
  features: (layerId: string) => Feature[];
  /** layers drawn that are not in the catalog (a user's imports) */
  extraLayers?: Layer[];
  /** the user's sketches, measurement and report place as drawn (properties.kind) */
  sketches?: Feature[];
  /** the style the sheet's map is drawn with, and the base data its lines draw (for the base map's legend rows) */
  baseStyle?: Pick<StyleSpecification, 'layers'>;
  baseData?: BaseData;
  region: Bounds;
  locator: LocatorData;
  basemap: BasemapId;
  shentu: string;
  date: Date;
  measure: Measure;
  sceneTitle?: string;
  notes?: string[];
}

/**
 * The sheet for a frame's state. Everything comes from the arguments (no globals), so two frames
 * can be planned side by side. The legend gets more room (a narrower map) when it could not
 * otherwise list every entry at 7 pt or more.
 */
export function planSheet(a: PlanInput): SheetPlan {
  const shapes = locatorShapes(a.locator);
  let plan: SheetPlan | undefined;
  for (const room of LEGEND_ROOMS) {
    plan = planWithRoom(a, room, shapes);
    if (!planLegend(plan.input, sheetLayout(a.options.paper, room)).dropped.length) break;
  }
  return plan!;
}

const GEOMETRY_WORD: Record<Layer['geometry'], I18nText> = { point: { zh: '点', en: 'points' }, line: { zh: '线', en: 'lines' }, polygon: { zh: '面', en: 'areas' } };
const geometryOf = (f: Feature): Layer['geometry'] | null => {
  const t = f.geometry?.type ?? '';
  return /Polygon/.test(t) ? 'polygon' : /LineString/.test(t) ? 'line' : /Point/.test(t) ? 'point' : null;
};
const SPLIT = '#';

/**
 * An imported file may hold points, lines and areas together (MapLibre draws each as what it is):
 * its legend gets a row per kind, each with its own swatch ("调查点（点）", "调查点（面）").
 */
function byGeometry(layer: Layer, features: Feature[]): Layer[] {
  const kinds = (['polygon', 'line', 'point'] as const).filter((g) => features.some((f) => geometryOf(f) === g));
  if (kinds.length < 2) return [{ ...layer, geometry: kinds[0] ?? layer.geometry }];
  return kinds.map((g) => {
    const label = (l: 'zh' | 'en') => `${layer.legend[0].label[l]}${l === 'zh' ? `（${GEOMETRY_WORD[g].zh}）` : ` (${GEOMETRY_WORD[g].en})`}`;
    return { ...layer, id: `${layer.id}${SPLIT}${g}`, geometry: g, legend: [{ label: { zh: label('zh'), en: label('en') } }] };
  });
}

/** the features of a layer, or of one kind of a split imported layer (`user-x#point`) */
function splitFeatures(id: string, features: (id: string) => Feature[]): Feature[] {
  const [base, kind] = id.split(SPLIT);
  return kind ? features(base).filter((f) => geometryOf(f) === kind) : features(id);
}

function planWithRoom(a: PlanInput, room: LegendRoom, shapes: LocatorShape[]): SheetPlan {
  const { catalog, state, options } = a;
  const lang: Lang = state.lang;
  const L = sheetLayout(options.paper, room);
  const mapCss = { width: Math.round(mmToCss(L.map.w)), height: Math.round(mmToCss(L.map.h)) };
  const frame = sheetFrame({ area: options.area, scale: options.scale, view: state.view, region: a.region, frame: mapCss });
  const inside = inFrame(frame.outline);
  // imported layers are drawn above the plan's, sketches above both: listed in that order, as on screen
  const all = [...(a.extraLayers ?? []), ...catalog.groups.flatMap((g) => g.layers)];
  const visible = all.filter((l) => state.layers.includes(l.id));
  const sketched = sketchLayers((a.sketches ?? []).filter(inside));
  const sketchFeatures = new Map(sketched.map((x) => [x.layer.id, x.features]));
  const featuresOf = (id: string) => sketchFeatures.get(id) ?? splitFeatures(id, a.features);
  const layers = [...sketched.map((x) => x.layer), ...visible.flatMap((l) => (l.source.doc === USER_IMPORT_DOC ? byGeometry(l, a.features(l.id)) : [l]))];
  // each feature is tested against the frame once (a county's outline against the frame is the costly part)
  const shown = layers.map((layer) => ({ layer, features: featuresOf(layer.id).filter(inside) })).filter((x) => x.features.length);
  const shownOf = new Map(shown.map((x) => [x.layer.id, x.features]));
  const legend = legendInFrame(layers, (id) => shownOf.get(id) ?? [], () => true, prominence(frame.outline));
  const nameOf = (f: Feature) => String((lang === 'en' && f.properties?.name_en) || f.properties?.name || f.properties?.id);
  const schematic = [
    ...new Set(
      shown.flatMap(({ layer, features }) =>
        // an imported layer the user marked schematic is named as a whole (its columns are the user's)
        layer.source.doc === USER_IMPORT_DOC ? (layer.accuracy === 'schematic' ? [layer.title[lang]] : []) : features.filter((f) => f.properties?.accuracy === 'schematic').map(nameOf),
      ),
    ),
  ];
  // the base map's own lines, unless a plan layer of the same meaning is listed already
  const planned = new Set(legend.map((g) => g.layer.id));
  const skip = [...(planned.has('counties') ? ['county-line'] : []), ...(planned.has('cities') ? ['city-line'] : []), ...(planned.has('rivers') ? ['rivers-line'] : [])];
  const base = a.baseStyle ? baseLegend(a.baseStyle, frame.zoom, a.baseData ?? {}, frame.outline, skip) : [];
  const defaults = defaultTitles(catalog, state.layers, lang, a.sceneTitle, {
    imported: visible.filter((l) => l.source.doc === USER_IMPORT_DOC).map((l) => l.title[lang]),
    sketches: sketched.length > 0,
  });
  // the plan period in the title block (规划期：2025年) when the map shows an earlier stop
  if (state.stop < DEFAULT_STOP) defaults.subtitle = [stopLine(state.stop, lang), defaults.subtitle].filter(Boolean).join(' · ');
  return {
    frame,
    mapCss,
    defaults,
    input: {
      paper: options.paper,
      lang,
      title: options.title ?? defaults.title,
      subtitle: options.subtitle ?? defaults.subtitle,
      org: options.org ?? '',
      date: formatDate(a.date, lang),
      shentu: a.shentu,
      scale: frame.scale,
      bearing: frame.bearing,
      legend,
      baseLegend: base,
      legendRoom: room,
      sources: sheetSources(catalog, shown, a.basemap, lang),
      schematic,
      locator: { shapes, frame: frame.outline },
      notes: a.notes,
      coversArea: frame.coversArea,
      measure: a.measure,
    },
  };
}
