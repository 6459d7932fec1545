/**
 * From the map state to a sheet: which frame the map shows, the legend of what is in it, the
 * sources it cites, the schematic features it shows, the locator map's shapes, and the texts.
 * Pure (data in, SheetInput out), so the whole sheet can be tested in Node.
 */
import { simplify } from '@turf/turf';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Catalog, Layer } from '../catalog/types';
import type { MapState, Bounds } from '../state/mapState';
import type { Dpi, Paper } from '../state/url';
import type { BasemapId } from '../engine/basemaps';
import type { Lang } from '../i18n';
import { sheetLayout } from './layout';
import { mmToCss } from './paper';
import { sheetFrame, type SheetArea, type SheetFrame, type SheetScale } from './frame';
import { inFrame, legendInFrame } from './legend';
import { sheetSources } from './sources';
import { defaultTitles } from './titles';
import { formatDate } from './strings';
import { DEFAULT_STOP, stopLine } from '../time/stops';
import type { LocatorShape, Measure, Pt, SheetInput } from './compose';

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

export function planSheet(a: {
  catalog: Catalog;
  state: MapState;
  options: SheetOptions;
  /** features each layer draws now (filters and run-time additions applied) */
  features: (layerId: string) => Feature[];
  /** layers drawn that are not in the catalog (a user's imports) */
  extraLayers?: Layer[];
  region: Bounds;
  locator: LocatorData;
  basemap: BasemapId;
  shentu: string;
  date: Date;
  measure: Measure;
  sceneTitle?: string;
  notes?: string[];
}): SheetPlan {
  const { catalog, state, options } = a;
  const lang: Lang = state.lang;
  const L = sheetLayout(options.paper);
  const mapCss = { width: Math.round(mmToCss(L.map.w)), height: Math.round(mmToCss(L.map.h)) };
  const frame = sheetFrame({ area: options.area, scale: options.scale, view: state.view, region: a.region, frame: mapCss });
  const inside = inFrame(frame.outline);
  // imported layers are drawn above the plan's: listed first, as on screen
  const all = [...(a.extraLayers ?? []), ...catalog.groups.flatMap((g) => g.layers)];
  const visible = all.filter((l) => state.layers.includes(l.id));
  const legend = legendInFrame(visible, a.features, inside);
  const shown = visible.map((layer) => ({ layer, features: a.features(layer.id).filter(inside) })).filter((x) => x.features.length);
  const schematic = [
    ...new Set(
      shown.flatMap(({ features }) => features.filter((f) => f.properties?.accuracy === 'schematic').map((f) => String((lang === 'en' && f.properties?.name_en) || f.properties?.name || f.properties?.id))),
    ),
  ];
  const defaults = defaultTitles(catalog, state.layers, lang, a.sceneTitle);
  // the plan period in the title block (规划期：2025年) when the map shows an earlier stop
  if (state.stop < DEFAULT_STOP) defaults.subtitle = [stopLine(state.stop, lang), defaults.subtitle].filter(Boolean).join(' · ');
  return {
    frame,
    mapCss,
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
      sources: sheetSources(catalog, shown, a.basemap, lang),
      schematic,
      locator: { shapes: locatorShapes(a.locator), frame: frame.outline },
      notes: a.notes,
      coversArea: frame.coversArea,
      measure: a.measure,
    },
  };
}
