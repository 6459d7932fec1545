/**
 * The public viewing mode's site list: protected sites from the catalog's `listed` layers,
 * as plain records the list, the card and the map share. Pure functions (tested in Node).
 */
import type { Feature, Point } from 'geojson';
import { distance } from '@turf/turf';
import type { Catalog, Layer } from '../catalog/types';

export interface Site {
  layerId: string;
  id: string;
  name: string;
  name_en?: string;
  category: string;
  city: string;
  level?: string;
  description?: string;
  accuracy: string;
  sourceDoc: string;
  sourceSection?: string;
  /** the clause quoted (verbatim; “在规划文本中查看” opens it) */
  sourceQuote?: string;
  note?: string;
  lon: number;
  lat: number;
}

/** Layers shown in public mode: only those the catalog marks public. */
export const publicLayers = (catalog: Catalog): Layer[] => catalog.groups.flatMap((g) => g.layers).filter((l) => l.public);
export const listedLayers = (catalog: Catalog): Layer[] => publicLayers(catalog).filter((l) => l.listed);

/** Category names for features that carry only a `kind` (the ecological places of 第九章). */
const KIND_CATEGORY: Record<string, string> = {
  'eco-water-source': '饮用水水源地',
  'eco-wetland-park': '湿地公园',
  'eco-forest-park': '森林公园',
  'eco-scenic-area': '风景名胜区',
  'eco-landscape-belt': '城市生态景观带',
};

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** A site from a listed layer's feature; features marked `public: false` never become sites. */
export function toSite(layer: Layer, f: Feature): Site | null {
  const p = f.properties ?? {};
  if (p.public === false || f.geometry?.type !== 'Point') return null;
  const [lon, lat] = (f.geometry as Point).coordinates;
  const id = str(p.id);
  const name = str(p.name);
  if (!id || !name || !Number.isFinite(lon) || !Number.isFinite(lat)) return null;
  return {
    layerId: layer.id,
    id,
    name,
    name_en: str(p.name_en),
    category: str(p.category_zh) ?? str(p.group_zh) ?? KIND_CATEGORY[String(p.kind)] ?? layer.title.zh,
    city: str(p.city) ?? '',
    level: str(p.level),
    description: str(p.description),
    accuracy: str(p.accuracy) ?? layer.accuracy,
    sourceDoc: str(p.source_doc) ?? layer.source.doc,
    sourceSection: str(p.source_section) ?? layer.source.section,
    sourceQuote: str(p.source_quote),
    note: str(p.note),
    lon,
    lat,
  };
}

export interface SiteQuery {
  text?: string;
  category?: string;
  city?: string;
  /** sort by distance from here when given, else by city then name */
  near?: { lon: number; lat: number };
}

export function querySites(sites: Site[], q: SiteQuery): (Site & { km?: number })[] {
  const text = (q.text ?? '').trim().toLowerCase();
  const out = sites
    .filter((s) => !q.category || s.category === q.category)
    .filter((s) => !q.city || s.city === q.city)
    .filter((s) => !text || [s.name, s.name_en ?? '', s.category, s.city, s.level ?? ''].some((v) => v.toLowerCase().includes(text)))
    .map((s): Site & { km?: number } => (q.near ? { ...s, km: distance([q.near.lon, q.near.lat], [s.lon, s.lat], { units: 'kilometers' }) } : { ...s }));
  return q.near
    ? out.sort((a, b) => a.km! - b.km! || a.name.localeCompare(b.name, 'zh'))
    : out.sort((a, b) => a.city.localeCompare(b.city, 'zh') || a.name.localeCompare(b.name, 'zh'));
}

export const distinct = (sites: Site[], key: 'category' | 'city') =>
  [...new Set(sites.map((s) => s[key]).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'zh'));

/** A link that opens the public map on one site. */
export const siteHash = (s: Pick<Site, 'layerId' | 'id'>) => `#v=2&mode=public&s=${s.layerId}/${encodeURIComponent(s.id)}`;
