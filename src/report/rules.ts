/**
 * What each catalog layer contributes to a "what applies here" report, and under which heading.
 * Layers not named here still take part, by their geometry: polygons as areas that contain (or
 * overlap) the place, lines as lines within the stated distance, points as places nearby — so a
 * layer added to the catalog is never silently left out of a report.
 */
import type { Layer } from '../catalog/types';

export type SectionId = 'admin' | 'elements' | 'zones' | 'city-level' | 'lines' | 'sites' | 'unmapped';

export type Role =
  /** the county-level unit (区/县/市) */
  | 'county'
  /** the prefecture-level city */
  | 'city'
  /** plan areas that contain or overlap the place (核, 带, 组团, 轴, 屏, 太忻, 沉陷区 …) */
  | 'element'
  /** points of zones and parks listed for the county they are in */
  | 'zone'
  /** items the plan states for a whole city (its industry focus, clusters, growth poles) */
  | 'city-level'
  /** corridors, rivers, axes, transport lines within the stated distance */
  | 'line'
  /** protected sites and other places within the stated distance */
  | 'site';

export const SECTION_OF: Record<Role, SectionId> = {
  county: 'admin',
  city: 'admin',
  element: 'elements',
  zone: 'zones',
  'city-level': 'city-level',
  line: 'lines',
  site: 'sites',
};

export const SECTION_ORDER: SectionId[] = ['admin', 'elements', 'zones', 'city-level', 'lines', 'sites', 'unmapped'];

export const SECTION_TITLE: Record<SectionId, { zh: string; en: string }> = {
  admin: { zh: '所在行政区', en: 'Administrative units' },
  elements: { zh: '所在规划要素（核、带、组团、轴、屏、廊、太忻、沉陷区）', en: 'Plan elements at this place (core, belts, clusters, axes, barriers, corridors, Taixin zone, subsidence)' },
  zones: { zh: '县内开发区、园区与公园', en: 'Zones, parks and platforms in the county' },
  'city-level': { zh: '规划对所在市的定位与产业布局', en: 'What the plan states for the city' },
  lines: { zh: '附近的轴线、廊道、河流与交通线', en: 'Axes, corridors, rivers and transport lines nearby' },
  sites: { zh: '附近的保护对象与重要地点', en: 'Protected sites and places nearby' },
  unmapped: { zh: '规划提及、未上图', en: 'Named in the plan, not mapped' },
};

/** A short name of the plan element a layer draws (shown beside each entry). */
export interface LayerRule {
  role: Role;
  element?: { zh: string; en: string };
}

const el = (zh: string, en: string) => ({ zh, en });

export const LAYER_RULES: Record<string, LayerRule> = {
  counties: { role: 'county' },
  cities: { role: 'city' },
  'plan-core': { role: 'element', element: el('核', 'Core') },
  'plan-core-extension': { role: 'element', element: el('核（拓展）', 'Core (extension)') },
  'plan-belts': { role: 'element', element: el('带', 'Belt') },
  'plan-clusters': { role: 'element', element: el('组团', 'Cluster') },
  'plan-cluster-radiating': { role: 'element', element: el('组团（辐射带动）', 'Cluster (radiating)') },
  'eco-axis': { role: 'element', element: el('轴', 'Axis') },
  'eco-barriers': { role: 'element', element: el('屏', 'Barrier') },
  'eco-areas': { role: 'element', element: el('生态修复与绿化', 'Restoration and greening') },
  'eco-subsidence': { role: 'element', element: el('沉陷区', 'Subsidence') },
  'taixin-zone': { role: 'element', element: el('太忻', 'Taixin zone') },
  'plan-axes': { role: 'line', element: el('轴', 'Axis') },
  'eco-corridors': { role: 'line', element: el('廊', 'Corridor') },
  'eco-corridors-schematic': { role: 'line', element: el('廊', 'Corridor') },
  'industry-corridors': { role: 'line', element: el('廊', 'Corridor') },
  rivers: { role: 'line', element: el('河流', 'River') },
  'plan-railways': { role: 'line', element: el('铁路', 'Railway') },
  'plan-roads': { role: 'line', element: el('公路', 'Road') },
  'plan-metro': { role: 'line', element: el('轨道交通', 'Metro') },
  'plan-zones': { role: 'zone', element: el('园区', 'Zone') },
  'eco-places': { role: 'zone', element: el('生态地点', 'Ecological place') },
  'industry-clusters': { role: 'city-level', element: el('产业集群', 'Industry cluster') },
  'city-focus': { role: 'city-level', element: el('城市定位', 'City focus') },
  'industry-poles': { role: 'city-level', element: el('增长极', 'Growth pole') },
  'plan-airports': { role: 'site', element: el('机场', 'Airport') },
  'inventory-items': { role: 'site', element: el('保护清单', 'Protected inventory') },
  'heritage-region': { role: 'site', element: el('文化遗产', 'Heritage') },
};

export function ruleFor(layer: Pick<Layer, 'id' | 'geometry'>): LayerRule {
  return LAYER_RULES[layer.id] ?? { role: layer.geometry === 'polygon' ? 'element' : layer.geometry === 'line' ? 'line' : 'site' };
}

/** The distances a report looks within (stated in the report). */
export interface ReportRadii {
  /** corridors, rivers, axes, transport lines */
  lines: number;
  /** protected sites, airports and other places */
  sites: number;
}

export const DEFAULT_RADII: ReportRadii = { lines: 10_000, sites: 20_000 };
