/**
 * One entry per place in the public list: sites (rows of several lists) that are the same place
 * — at the same spot (within 1 km) with the same name, give or take a designation word such as
 * 风景名胜区 or 古城 — are merged, and the place keeps every designation (五台山: world heritage,
 * 5A area, scenic area, inventory item). Different sites at one spot (代县 and 边靖楼; 窦大夫祠
 * and 兰村泉) stay apart. Pure functions (tested in Node).
 */
import { distance } from '@turf/turf';
import { siteCity, type Site, type SiteQuery } from './sites';

/** Words a list adds to a place's name to say what kind of designation it is. */
const DESIGNATION_SUFFIXES = ['', '古城', '景区', '风景区', '风景名胜区', '古城景区'];
/** Designations in order of weight: the first names the place and leads its card. */
const RANK = ['世界文化遗产', '世界遗产', '国家历史文化名城', '历史文化名城', '重点文保单位', '自然保护地', '国家5A级景区', '风景名胜区'];
const SAME_SPOT_KM = 1;

export interface Place {
  /** `layer/id` of its leading site (the one a list entry selects and links to) */
  key: string;
  name: string;
  name_en?: string;
  city: string;
  lon: number;
  lat: number;
  /** every designation, the weightiest first */
  sites: Site[];
}

export function sameName(a: string, b: string): boolean {
  const [s, l] = a.length <= b.length ? [a, b] : [b, a];
  return l.startsWith(s) && DESIGNATION_SUFFIXES.includes(l.slice(s.length));
}

const rank = (s: Site) => {
  const i = RANK.indexOf(s.category);
  return i < 0 ? RANK.length : i;
};

export const siteKey = (s: Pick<Site, 'layerId' | 'id'>) => `${s.layerId}/${s.id}`;

export function groupPlaces(sites: Site[]): Place[] {
  const parent = sites.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let i = 0; i < sites.length; i++) {
    for (let j = i + 1; j < sites.length; j++) {
      const a = sites[i];
      const b = sites[j];
      if (!sameName(a.name, b.name)) continue;
      if (distance([a.lon, a.lat], [b.lon, b.lat], { units: 'kilometers' }) > SAME_SPOT_KM) continue;
      parent[find(i)] = find(j);
    }
  }
  const groups = new Map<number, Site[]>();
  sites.forEach((s, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), s]));
  return [...groups.values()].map((members) => {
    const sorted = [...members].sort((a, b) => rank(a) - rank(b) || a.name.length - b.name.length);
    const lead = sorted[0];
    return {
      key: siteKey(lead),
      name: lead.name,
      name_en: lead.name_en ?? sorted.find((s) => s.name_en)?.name_en,
      city: lead.city,
      lon: lead.lon,
      lat: lead.lat,
      sites: sorted,
    };
  });
}

/** The designations of a place as short text (distinct categories, weightiest first), in the language. */
export const designations = (p: Place, lang: 'zh' | 'en' = 'zh') => [...new Set(p.sites.map((s) => (lang === 'en' ? s.category_en : s.category)))];

export function queryPlaces(places: Place[], q: SiteQuery): (Place & { km?: number })[] {
  const text = (q.text ?? '').trim().toLowerCase();
  const out = places
    .filter((p) => !q.category || p.sites.some((s) => s.category === q.category))
    .filter((p) => !q.city || p.city === q.city)
    .filter((p) => !text || p.sites.some((s) => [s.name, s.name_en ?? '', s.category, s.category_en, s.city, siteCity(s.city, 'en'), s.level ?? ''].some((v) => v.toLowerCase().includes(text))))
    .map((p): Place & { km?: number } => (q.near ? { ...p, km: distance([q.near.lon, q.near.lat], [p.lon, p.lat], { units: 'kilometers' }) } : { ...p }));
  return q.near
    ? out.sort((a, b) => a.km! - b.km! || a.name.localeCompare(b.name, 'zh'))
    : out.sort((a, b) => a.city.localeCompare(b.city, 'zh') || a.name.localeCompare(b.name, 'zh'));
}

/** The place a selected feature belongs to. */
export const placeOf = (places: Place[], layerId: string, id: string) => places.find((p) => p.sites.some((s) => s.layerId === layerId && s.id === id));

/** Categories that name the same designation in different lists (the plan says 世界文化遗产, the 清单 世界遗产). */
const SAME_DESIGNATION: Record<string, string> = { 世界遗产: '世界文化遗产', 历史文化名城: '国家历史文化名城' };

/** One designation of a place as a citizen reads it, with every list that names it. */
export interface Designation {
  /** the designation (世界文化遗产, 国家5A级景区 …), once */
  category: string;
  /** in English (as its first list gives it) */
  category_en: string;
  /** its level as the lists write it (the first that gives one) */
  level?: string;
  description?: string;
  description_en?: string;
  /** the sites (rows of the plan's and the 清单's lists) that name it, weightiest first */
  sites: Site[];
}

/**
 * A place's designations for its card: a designation named by several lists (五台山 is world
 * heritage in the plan and in the 清单) is one entry, carrying each list as a source.
 */
export function placeDesignations(p: Place): Designation[] {
  const byKey = new Map<string, Designation>();
  for (const s of p.sites) {
    const key = SAME_DESIGNATION[s.category] ?? s.category;
    const d = byKey.get(key);
    if (!d) byKey.set(key, { category: key, category_en: s.category_en, level: s.level, description: s.description, description_en: s.description_en, sites: [s] });
    else {
      d.sites.push(s);
      d.level ??= s.level;
      d.description ??= s.description;
      d.description_en ??= s.description_en;
    }
  }
  return [...byKey.values()];
}
