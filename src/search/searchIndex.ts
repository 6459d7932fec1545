/**
 * Name search over the catalog's features (pure; no DOM). Finds elements, zones, parks, counties
 * and corridors by Chinese or English name, including common Chinese short forms
 * (太谷 → 太谷区, 平遥 → 平遥县, 阳泉城区 → 阳泉市城区).
 */
import type { Feature } from 'geojson';
import type { Layer } from '../catalog/types';

export interface SearchEntry {
  layerId: string;
  id: string;
  /** Chinese name (feature property `name`). */
  name: string;
  name_en?: string;
  /** Full Chinese name when it differs from `name` (counties: 阳泉市城区); shown instead of `name`. */
  name_full?: string;
  /** Other names that also match: name_full, short forms, parts in brackets. */
  alt: string[];
  layerTitle: { zh: string; en: string };
  geometry: 'polygon' | 'line' | 'point';
}

/** The part of the catalog the index needs (a full `Catalog` fits). */
export interface SearchCatalog {
  groups: { layers: Pick<Layer, 'id' | 'title' | 'geometry'>[] }[];
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const CJK_SPACE = /([\u3400-\u9fff\uf900-\ufaff])\s+(?=[\u3400-\u9fff\uf900-\ufaff])/g;
const LATIN_LETTER = /[a-z]/;
const WORD_CHAR = /[a-z0-9]/;

/**
 * Normalises text for matching: full-width → half-width (NFKC), lower case, accents dropped
 * (Lüliang → luliang), dashes and quotes unified, whitespace collapsed and removed between
 * Chinese characters.
 */
export function normalize(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/\s+/g, ' ')
    .replace(CJK_SPACE, '$1')
    .trim();
}

const ZH_SUFFIX = /^(.{2,})[区县市]$/u;
const EN_SUFFIX = /^(.+?)\s+(district|county|city)\b.*$/i;
const BRACKETS = /[（(]([^（）()]+)[)）]/g;

/**
 * The plan's short forms and their long forms, both ways: a name containing the left side is
 * also found by the right side(s). 综改区 → 山西综改示范区, 经开区 ↔ 经济技术开发区, and every
 * 高新区/经开区/农高区 is a 开发区 (the plan's word for them all: “省级以上开发区”).
 */
const SHORT_FORMS: [RegExp, string[]][] = [
  [/综改示范区/, ['综改区', '转型综改示范区', '山西转型综合改革示范区']],
  [/经开区/, ['经济技术开发区', '开发区']],
  [/经济技术开发区/, ['经开区', '开发区']],
  [/高新区/, ['高新技术产业开发区', '开发区']],
  [/农高区/, ['农业高新技术产业示范区', '开发区']],
  [/综保区/, ['综合保税区']],
  [/综合保税区/, ['综保区']],
  [/太忻一体化经济区/, ['太忻经济区', '太忻一体化']],
  [/城镇组团/, ['组团']],
];

/** Other names a feature is known by (never includes the primary name itself). */
function altNames(name: string, nameEn: string | undefined, nameFull: string | undefined, kind?: string): string[] {
  const out = new Set<string>();
  for (const [re, forms] of SHORT_FORMS) {
    if (!re.test(name)) continue;
    for (const f of forms) {
      out.add(f);
      // the name with the short form spelt out (中北高新区 → 中北高新技术产业开发区)
      if (f !== '开发区' && f.length > 2) out.add(name.replace(re, f));
    }
  }
  if (kind === 'development-zone') out.add('开发区');
  const zhForms = [name, ...(nameFull ? [nameFull] : [])];
  for (const zh of zhForms) {
    out.add(zh);
    // 太谷区 → 太谷, 平遥县 → 平遥 (but not 祁县 → 祁: too short to be useful)
    const city = zh.indexOf('市');
    const m = ZH_SUFFIX.exec(zh);
    if (m && !/[区县市]$/.test(m[1]) && !(city > 0 && city < zh.length - 1)) out.add(m[1]);
    // 阳泉市城区 → 阳泉城区 (city + district without 市)
    if (city > 0 && city < zh.length - 1) out.add(zh.slice(0, city) + zh.slice(city + 1));
    // 石太铁路通道（石太高铁） → 石太铁路通道, 石太高铁
    if (/[（(]/.test(zh)) {
      const bare = zh.replace(BRACKETS, '').trim();
      if (bare) out.add(bare);
      for (const b of zh.matchAll(BRACKETS)) out.add(b[1].trim());
    }
  }
  if (nameEn) {
    // Taigu District → Taigu; "Cheng District, Yangquan" → Cheng
    const m = EN_SUFFIX.exec(nameEn);
    if (m) out.add(m[1]);
  }
  out.delete(name);
  if (nameEn) out.delete(nameEn);
  return [...out].filter((s) => s.length > 0);
}

function str(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  const s = String(v).trim();
  return s ? s : undefined;
}

/** One entry per (layer, feature id), in catalog order; features without id or name are skipped. */
export function buildSearchIndex(catalog: SearchCatalog, features: (layerId: string) => Feature[]): SearchEntry[] {
  const out: SearchEntry[] = [];
  const seen = new Set<string>();
  for (const group of catalog.groups) {
    for (const layer of group.layers) {
      for (const f of features(layer.id) ?? []) {
        const p = (f?.properties ?? {}) as Record<string, unknown>;
        const id = str(p.id);
        const name = str(p.name);
        if (!id || !name) continue;
        const key = `${layer.id}\u0000${id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const nameEn = str(p.name_en);
        const nameFull = str(p.name_full);
        const entry: SearchEntry = {
          layerId: layer.id,
          id,
          name,
          alt: altNames(name, nameEn, nameFull, str(p.kind)),
          layerTitle: { zh: layer.title.zh, en: layer.title.en },
          geometry: layer.geometry,
        };
        if (nameEn) entry.name_en = nameEn;
        if (nameFull && nameFull !== name) entry.name_full = nameFull;
        out.push(entry);
      }
    }
  }
  return out;
}

interface Keys {
  primary: string[];
  alt: string[];
}
const keyCache = new WeakMap<SearchEntry, Keys>();

function keysOf(e: SearchEntry): Keys {
  let k = keyCache.get(e);
  if (!k) {
    k = {
      primary: [e.name, e.name_en].filter((s): s is string => !!s).map(normalize),
      alt: (e.alt ?? []).map(normalize).filter(Boolean),
    };
    keyCache.set(e, k);
  }
  return k;
}

/** True when q occurs in s at the start of a word (s[i-1] is not a Latin letter or digit). */
function wordPrefix(s: string, q: string): boolean {
  for (let i = s.indexOf(q); i >= 0; i = s.indexOf(q, i + 1)) {
    if (i === 0 || !WORD_CHAR.test(s[i - 1])) return true;
  }
  return false;
}

/**
 * Rank of one string against the query (lower is better), or -1 when it does not match:
 * 0 exact, 1 prefix, 2 word prefix, 3 substring. Queries with Latin letters match only at word
 * starts ("fen" finds "Fen River", not "Xinfen"); other queries (Chinese, digits) also match
 * anywhere inside the name.
 */
function rankOf(s: string, q: string, substring: boolean): number {
  if (s === q) return 0;
  if (s.startsWith(q)) return 1;
  if (wordPrefix(s, q)) return 2;
  if (substring && s.includes(q)) return 3;
  return -1;
}

/**
 * Entries matching the query, best first: exact name, exact other name, prefix, word prefix,
 * substring; ties go to the shorter matching name, then to catalog order.
 */
export function searchEntries(index: SearchEntry[], query: string, limit = 12): SearchEntry[] {
  const q = normalize(query ?? '');
  if (!q || limit <= 0) return [];
  const substring = CJK.test(q) || !LATIN_LETTER.test(q);
  const hits: { e: SearchEntry; tier: number; len: number; i: number }[] = [];
  index.forEach((e, i) => {
    const k = keysOf(e);
    let tier = Infinity;
    let len = Infinity;
    const consider = (s: string, isAlt: boolean) => {
      const r = rankOf(s, q, substring);
      if (r < 0) return;
      // tiers: 0 exact primary, 1 exact alt, 2 prefix, 3 word prefix, 4 substring
      const t = r === 0 ? (isAlt ? 1 : 0) : r + 1;
      if (t < tier || (t === tier && s.length < len)) {
        tier = t;
        len = s.length;
      }
    };
    for (const s of k.primary) consider(s, false);
    for (const s of k.alt) consider(s, true);
    if (tier !== Infinity) hits.push({ e, tier, len, i });
  });
  hits.sort((a, b) => a.tier - b.tier || a.len - b.len || a.i - b.i);
  return hits.slice(0, limit).map((h) => h.e);
}
