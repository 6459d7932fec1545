/**
 * The public viewing mode's site list: protected sites from the catalog's `listed` layers,
 * as plain records the list, the card and the map share. Pure functions (tested in Node).
 */
import type { Feature, Point } from 'geojson';
import { distance } from '@turf/turf';
import type { Catalog, Layer } from '../catalog/types';
import type { Lang } from '../i18n';
import { INVENTORY_CATEGORIES } from '../inventory/categories';
import { valueText } from '../catalog/valueText';

export interface Site {
  layerId: string;
  id: string;
  name: string;
  name_en?: string;
  category: string;
  /** the category in English */
  category_en: string;
  city: string;
  level?: string;
  description?: string;
  description_en?: string;
  accuracy: string;
  sourceDoc: string;
  sourceSection?: string;
  /** the clause quoted (verbatim; “在规划文本中查看” opens it) */
  sourceQuote?: string;
  note?: string;
  note_en?: string;
  lon: number;
  lat: number;
}

/** Layers shown in public mode: only those the catalog marks public. */
export const publicLayers = (catalog: Catalog): Layer[] => catalog.groups.flatMap((g) => g.layers).filter((l) => l.public);
export const listedLayers = (catalog: Catalog): Layer[] => publicLayers(catalog).filter((l) => l.listed);

/** Category names for features that carry only a `kind` (the ecological places of 第九章). */
const KIND_CATEGORY: Record<string, { zh: string; en: string }> = {
  'eco-water-source': { zh: '饮用水水源地', en: 'Drinking-water source' },
  'eco-wetland-park': { zh: '湿地公园', en: 'Wetland park' },
  'eco-forest-park': { zh: '森林公园', en: 'Forest park' },
  'eco-scenic-area': { zh: '风景名胜区', en: 'Scenic area' },
  'eco-landscape-belt': { zh: '城市生态景观带', en: 'Urban ecological landscape belt' },
};

/** A site's category in both languages: 清单 category, heritage group, kind, else the layer's title. */
function categoryOf(layer: Layer, p: Record<string, unknown>): { zh: string; en: string } {
  const cat = str(p.category_zh);
  if (cat) return { zh: cat, en: INVENTORY_CATEGORIES.find((c) => c.zh === cat)?.en ?? valueText('category_zh', cat, 'en') };
  const group = str(p.group_zh);
  if (group) return { zh: group, en: valueText('group_zh', group, 'en') };
  return KIND_CATEGORY[String(p.kind)] ?? layer.title;
}

/** Enumerated site values as the language shows them (city, level, source section). */
export const siteCity = (city: string, lang: Lang) => (city ? valueText('city', city, lang) : '');
export const siteLevel = (level: string | undefined, lang: Lang) => (level ? valueText('level', level, lang) : '');
export const siteSection = (section: string | undefined, lang: Lang) => (section ? valueText('source_section', section, lang) : '');
/**
 * A designation's level as the card shows it after the designation, without saying the designation twice:
 * ('世界文化遗产', '世界文化遗产（文化景观，2009 年列入）') → '（文化景观，2009 年列入）';
 * ('World cultural heritage', 'World cultural heritage (1997)') → ' (1997)'; a level that does not repeat the
 * designation follows it with ' · '. Spaces and letter case are ignored in the comparison.
 */
export function levelAfterDesignation(category: string, level: string | undefined): string {
  const lv = level?.trim() ?? '';
  if (!lv) return '';
  const a = lv.toLowerCase();
  const b = category.trim().toLowerCase();
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (/\s/.test(a[i])) i++;
    else if (/\s/.test(b[j])) j++;
    else if (a[i] === b[j]) (i++, j++);
    else break;
  }
  if (!b || j < b.length) return ` · ${lv}`;
  const rest = lv.slice(i).trim();
  if (!rest) return '';
  // a full-width bracket needs no space before it; anything else is a word or a Latin bracket
  return /^[（【]/.test(rest) ? rest : /^[(]/.test(rest) && /[\u3400-\u9fff]/.test(category) ? rest : ` ${rest}`;
}

export const siteCategory = (s: Pick<Site, 'category' | 'category_en'>, lang: Lang) => (lang === 'en' ? s.category_en : s.category);

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
    category: categoryOf(layer, p).zh,
    category_en: categoryOf(layer, p).en,
    city: str(p.city) ?? '',
    level: str(p.level),
    description: str(p.description),
    description_en: str(p.description_en),
    accuracy: str(p.accuracy) ?? layer.accuracy,
    sourceDoc: str(p.source_doc) ?? layer.source.doc,
    sourceSection: str(p.source_section) ?? layer.source.section,
    sourceQuote: str(p.source_quote),
    note: str(p.note),
    note_en: str(p.note_en),
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
    .filter((s) => !text || [s.name, s.name_en ?? '', s.category, s.category_en, s.city, siteCity(s.city, 'en'), s.level ?? ''].some((v) => v.toLowerCase().includes(text)))
    .map((s): Site & { km?: number } => (q.near ? { ...s, km: distance([q.near.lon, q.near.lat], [s.lon, s.lat], { units: 'kilometers' }) } : { ...s }));
  return q.near
    ? out.sort((a, b) => a.km! - b.km! || a.name.localeCompare(b.name, 'zh'))
    : out.sort((a, b) => a.city.localeCompare(b.city, 'zh') || a.name.localeCompare(b.name, 'zh'));
}

export const distinct = (sites: Site[], key: 'category' | 'city') =>
  [...new Set(sites.map((s) => s[key]).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'zh'));

/** A link that opens the public map on one site. */
export const siteHash = (s: Pick<Site, 'layerId' | 'id'>) => `#v=2&mode=public&s=${s.layerId}/${encodeURIComponent(s.id)}`;
