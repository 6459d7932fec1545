/**
 * A report as text rows: one row per entry with its section, relation, distance or overlap (in
 * km, km², 亩 and shares), accuracy, source and quote. The CSV export (./csv), the report panel
 * and the map sheet all print these, so the three say the same thing.
 */
import type { Report, ReportEntry } from './report';
import { SECTION_TITLE, type SectionId } from './rules';
import { M2_PER_MU, formatArea } from '../measure/units';
import { displayQuote } from '../ledger/quote';
import { valueText } from '../catalog/valueText';

type Lang = 'zh' | 'en';
const L = (lang: Lang, zh: string, en: string) => (lang === 'zh' ? zh : en);

export const ACCURACY_TEXT: Record<ReportEntry['accuracy'], { zh: string; en: string }> = {
  surveyed: { zh: '实测', en: 'surveyed' },
  derived: { zh: '推算', en: 'derived' },
  approximate: { zh: '近似', en: 'approximate' },
  schematic: { zh: '示意', en: 'schematic' },
  supplied: { zh: '按来源提供', en: 'as supplied' },
  unmapped: { zh: '未上图', en: 'not mapped' },
};

export function relationText(e: ReportEntry, lang: Lang): string {
  switch (e.relation) {
    case 'contains':
      return L(lang, '位于其内', 'inside it');
    case 'overlaps':
      return L(lang, '与之重叠', 'overlaps it');
    case 'inside':
      return L(lang, '在所绘范围内', 'inside the area');
    case 'in-county':
      return L(lang, '所在县（市、区）内', 'in the county');
    case 'in-city':
      return L(lang, '规划针对所在市', 'stated for the city');
    case 'near':
      return e.distance === 0 ? L(lang, '相交或相接', 'touches or crosses') : L(lang, '附近', 'nearby');
    case 'unmapped':
      return L(lang, '规划提及、未上图', 'named, not mapped');
  }
}

const fixed = (n: number, d: number) => (Math.round(n * 10 ** d) / 10 ** d).toFixed(d);
export const km = (m: number) => fixed(m / 1000, m < 10_000 ? 2 : 1);
export const km2 = (m2: number) => fixed(m2 / 1e6, m2 < 1e7 ? 3 : 1);
export const mu = (m2: number) => fixed(m2 / M2_PER_MU, 0);
export const pct = (x: number) => `${fixed(x * 100, x < 0.1 ? 1 : 0)}%`;

export interface ReportRow {
  section: string;
  name: string;
  element: string;
  layer: string;
  relation: string;
  distance_km: string;
  overlap_km2: string;
  overlap_mu: string;
  share_of_query: string;
  share_of_feature: string;
  accuracy: string;
  source: string;
  section_ref: string;
  quote: string;
  note: string;
  id: string;
}

export const ROW_COLUMNS: (keyof ReportRow)[] = [
  'section', 'name', 'element', 'layer', 'relation', 'distance_km', 'overlap_km2', 'overlap_mu',
  'share_of_query', 'share_of_feature', 'accuracy', 'source', 'section_ref', 'quote', 'note', 'id',
];

export function columnTitles(lang: Lang): Record<keyof ReportRow, string> {
  return {
    section: L(lang, '分类', 'Section'),
    name: L(lang, '名称', 'Name'),
    element: L(lang, '要素类型', 'Element'),
    layer: L(lang, '图层', 'Layer'),
    relation: L(lang, '关系', 'Relation'),
    distance_km: L(lang, '距离（km）', 'Distance (km)'),
    overlap_km2: L(lang, '重叠面积（km²）', 'Overlap (km²)'),
    overlap_mu: L(lang, '重叠面积（亩）', 'Overlap (mu)'),
    share_of_query: L(lang, '占所绘范围', 'Share of the area'),
    share_of_feature: L(lang, '占该要素', 'Share of the element'),
    accuracy: L(lang, '精度', 'Accuracy'),
    source: L(lang, '来源', 'Source'),
    section_ref: L(lang, '章节', 'Clause'),
    quote: L(lang, '原文', 'Quote'),
    note: L(lang, '说明', 'Note'),
    id: 'ID',
  };
}

export function entryRow(e: ReportEntry, section: SectionId, lang: Lang): ReportRow {
  return {
    section: SECTION_TITLE[section][lang],
    name: lang === 'en' && e.name_en ? e.name_en : e.name,
    element: e.element?.[lang] ?? '',
    layer: [e.layerTitle, ...(e.also ?? []).map((a) => a.layerTitle)].map((t) => t[lang]).join(' / '),
    relation: relationText(e, lang),
    distance_km: e.distance !== undefined ? km(e.distance) : '',
    overlap_km2: e.overlap ? km2(e.overlap.area) : '',
    overlap_mu: e.overlap ? mu(e.overlap.area) : '',
    share_of_query: e.overlap ? pct(e.overlap.ofQuery) : '',
    share_of_feature: e.overlap ? pct(e.overlap.ofFeature) : '',
    accuracy: ACCURACY_TEXT[e.accuracy]?.[lang] ?? e.accuracy,
    source: e.docTitle?.[lang] ?? e.doc,
    section_ref: e.section ? valueText('source_section', e.section, lang) : '',
    quote: e.quote ? displayQuote(e.quote) : '',
    note: (lang === 'en' ? (e.note_en ?? e.note) : e.note) ?? '',
    id: e.id,
  };
}

/** What was asked about, in words: "37.61748°N, 112.32583°E" or "草图：规划用地（367.4 km²）". */
export function placeText(r: Report, lang: Lang): string {
  const [lon, lat] = r.at;
  const coords = `${lat.toFixed(5)}°N, ${lon.toFixed(5)}°E`;
  if (r.shape === 'point') return coords;
  // the measure's own format (the sketch panel says the same area the same way)
  const area = r.area !== undefined ? formatArea(r.area, lang) : '';
  return `${r.label ? `${r.label} · ` : ''}${area}`;
}

/** Every row of the report, the place first. */
export function reportRows(r: Report, lang: Lang): ReportRow[] {
  const head: ReportRow = {
    ...Object.fromEntries(ROW_COLUMNS.map((c) => [c, ''])),
    section: L(lang, '查询位置', 'Place asked about'),
    name: placeText(r, lang),
    relation: r.shape === 'point' ? L(lang, '点', 'point') : L(lang, '面', 'polygon'),
    overlap_km2: r.area !== undefined ? km2(r.area) : '',
    overlap_mu: r.area !== undefined ? mu(r.area) : '',
    note: L(
      lang,
      `距离范围：轴线、廊道、河流、交通线 ${r.radii.lines / 1000} km 内；保护对象与其他地点 ${r.radii.sites / 1000} km 内。${r.ledgerAvailable ? '' : '“规划提及、未上图”清单尚未提供。'}`,
      `Distances: axes, corridors, rivers and transport lines within ${r.radii.lines / 1000} km; protected sites and other places within ${r.radii.sites / 1000} km.${r.ledgerAvailable ? '' : ' The "named, not mapped" ledger is not available yet.'}`,
    ),
  } as ReportRow;
  return [head, ...r.sections.flatMap((s) => s.entries.map((e) => entryRow(e, s.id, lang)))];
}
