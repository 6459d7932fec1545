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
import { legendParts, planLegend, type LocatorShape, type Measure, type Pt, type SheetInput } from './compose';
import { splitFrames, swipeParts, type SheetOrientation, type SideCapture } from './comparison';
import type { LegendGroup } from './legend';

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
  /** what each side's off-screen capture draws (one frame; a comparison: side B too — a swipe, each side's part) */
  captures: { a: SideCapture | null; b: SideCapture | null };
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
  /** a comparison (issue 18): side B's set, how the two are shown, and each side in a few words */
  compare?: PlanCompare;
}

export interface PlanCompare {
  mode: 'split' | 'swipe';
  /** swipe: the divider across the frame (cols) or along it (rows) */
  orientation: SheetOrientation;
  /** swipe: the divider's place 0–1 on screen, and the lon/lat it runs through (the sheet puts it there) */
  pos: number;
  divider?: [number, number];
  labels: { a: string; b: string };
  b: {
    /** the map state as side B (its layers and stop; the rest is side A's) */
    state: MapState;
    features: (layerId: string) => Feature[];
    extraLayers?: Layer[];
    basemap: BasemapId;
    baseStyle?: Pick<StyleSpecification, 'layers'>;
  };
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
    // a comparison lists two legends, one above the other: both must hold every entry
    if (legendParts(plan.input, sheetLayout(a.options.paper, room)).every((x) => !planLegend(x.input, x.layout).dropped.length)) break;
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

/** What one side of a sheet shows in a frame: the legend of what is in it, the features shown, the schematic ones. */
function sideContent(a: PlanInput, side: { state: MapState; features: (id: string) => Feature[]; extraLayers?: Layer[]; sketches?: Feature[] }, frame: SheetFrame) {
  const { catalog } = a;
  const lang: Lang = a.state.lang;
  const inside = inFrame(frame.outline);
  // imported layers are drawn above the plan's, sketches above both: listed in that order, as on screen
  const all = [...(side.extraLayers ?? []), ...catalog.groups.flatMap((g) => g.layers)];
  const visible = all.filter((l) => side.state.layers.includes(l.id));
  const sketched = sketchLayers((side.sketches ?? []).filter(inside));
  const sketchFeatures = new Map(sketched.map((x) => [x.layer.id, x.features]));
  const featuresOf = (id: string) => sketchFeatures.get(id) ?? splitFeatures(id, side.features);
  const layers = [...sketched.map((x) => x.layer), ...visible.flatMap((l) => (l.source.doc === USER_IMPORT_DOC ? byGeometry(l, side.features(l.id)) : [l]))];
  // each feature is tested against the frame once (a county's outline against the frame is the costly part)
  const shown = layers.map((layer) => ({ layer, features: featuresOf(layer.id).filter(inside) })).filter((x) => x.features.length);
  const shownOf = new Map(shown.map((x) => [x.layer.id, x.features]));
  const legend = legendInFrame(layers, (id) => shownOf.get(id) ?? [], () => true, prominence(frame.outline));
  const nameOf = (f: Feature) => String((lang === 'en' && f.properties?.name_en) || f.properties?.name || f.properties?.id);
  const schematic = shown.flatMap(({ layer, features }) =>
    // an imported layer the user marked schematic is named as a whole (its columns are the user's)
    layer.source.doc === USER_IMPORT_DOC ? (layer.accuracy === 'schematic' ? [layer.title[lang]] : []) : features.filter((f) => f.properties?.accuracy === 'schematic').map(nameOf),
  );
  return { visible, sketched, shown, legend, schematic };
}

/** The base map's own lines in the frame, unless a plan layer of the same meaning is listed already. */
function baseRowsFor(legend: LegendGroup[], baseStyle: PlanInput['baseStyle'], baseData: BaseData | undefined, frame: SheetFrame) {
  const planned = new Set(legend.map((g) => g.layer.id));
  const skip = [...(planned.has('counties') ? ['county-line'] : []), ...(planned.has('cities') ? ['city-line'] : []), ...(planned.has('rivers') ? ['rivers-line'] : [])];
  return baseStyle ? baseLegend(baseStyle, frame.zoom, baseData ?? {}, frame.outline, skip) : [];
}

function planWithRoom(a: PlanInput, room: LegendRoom, shapes: LocatorShape[]): SheetPlan {
  const { catalog, state, options } = a;
  const lang: Lang = state.lang;
  const L = sheetLayout(options.paper, room);
  const cmp = a.compare;
  // side by side: two frames of the same size (the camera is the same, so is the 1:N)
  const frameRect = cmp?.mode === 'split' ? splitFrames(L.map, L.k).a : L.map;
  const mapCss = { width: Math.round(mmToCss(frameRect.w)), height: Math.round(mmToCss(frameRect.h)) };
  const frame = sheetFrame({ area: options.area, scale: options.scale, view: state.view, region: a.region, frame: mapCss });
  const A = sideContent(a, { state, features: a.features, extraLayers: a.extraLayers, sketches: a.sketches }, frame);
  const B = cmp ? sideContent(a, { state: cmp.b.state, features: cmp.b.features, extraLayers: cmp.b.extraLayers }, frame) : null;
  const schematic = [...new Set([...A.schematic, ...(B?.schematic ?? [])])];
  const base = baseRowsFor(A.legend, a.baseStyle, a.baseData, frame);
  // side B's base map is listed when it is another one than side A's
  const baseB = cmp && B && cmp.b.basemap !== a.basemap ? baseRowsFor(B.legend, cmp.b.baseStyle, a.baseData, frame) : [];
  const visible = [...A.visible, ...(B?.visible.filter((l) => !A.visible.includes(l)) ?? [])];
  const defaults = defaultTitles(catalog, cmp ? [...new Set([...state.layers, ...cmp.b.state.layers])] : state.layers, lang, a.sceneTitle, {
    imported: visible.filter((l) => l.source.doc === USER_IMPORT_DOC).map((l) => l.title[lang]),
    sketches: A.sketched.length > 0,
  });
  if (cmp) {
    // a comparison's subtitle names both sides (each frame's own strip or label names its side)
    const vs = lang === 'zh' ? `对比：A ${cmp.labels.a} ↔ B ${cmp.labels.b}` : `Compare: A ${cmp.labels.a} ↔ B ${cmp.labels.b}`;
    defaults.subtitle = [vs, defaults.subtitle].filter(Boolean).join(' · ');
  } else if (state.stop < DEFAULT_STOP) {
    // the plan period in the title block (规划期：2025年) when the map shows an earlier stop
    defaults.subtitle = [stopLine(state.stop, lang), defaults.subtitle].filter(Boolean).join(' · ');
  }
  const sources = sheetSources(catalog, [...A.shown, ...(B?.shown ?? [])], a.basemap, lang);
  if (cmp && cmp.b.basemap !== a.basemap) {
    for (const x of sheetSources(catalog, [], cmp.b.basemap, lang).basemap) if (!sources.basemap.includes(x) && !sources.layers.includes(x)) sources.basemap.push(x);
  }
  let compare: SheetInput['compare'];
  const whole: SideCapture = { center: frame.center, zoom: frame.zoom, bearing: frame.bearing, ...mapCss, x: 0, y: 0 };
  let captures: SheetPlan['captures'] = { a: whole, b: null };
  if (cmp?.mode === 'split') {
    compare = { mode: 'split', orientation: 'cols', labels: cmp.labels, legendB: B!.legend, baseLegendB: baseB };
    captures = { a: whole, b: { ...whole } };
  } else if (cmp) {
    const parts = swipeParts(frame, mapCss, cmp.orientation, { divider: cmp.divider, pos: cmp.pos });
    compare = { mode: 'swipe', orientation: cmp.orientation, frac: parts.frac, labels: cmp.labels, legendB: B!.legend, baseLegendB: baseB };
    captures = { a: parts.a, b: parts.b };
  }
  return {
    frame,
    mapCss,
    captures,
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
      legend: A.legend,
      baseLegend: base,
      legendRoom: room,
      sources,
      schematic,
      locator: { shapes, frame: frame.outline },
      notes: a.notes,
      coversArea: frame.coversArea,
      measure: a.measure,
      compare,
    },
  };
}
