// Every attribute the inspect panel shows for a layer (layers/*.json `attributes`) speaks English in
// English: a value with Chinese in it has a `<key>_en` twin (issue 17: "every surface speaks
// English"), which the panel shows through `localized()`. Names quoted in “…” may stay Chinese.
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { isEnumKey } from '../../src/catalog/valueText';

const ROOT = path.resolve(__dirname, '../..');
const CJK = /[\u4e00-\u9fff]/;

/** Attributes that are shown in Chinese on purpose, or translated elsewhere — one line why each. */
const EXEMPT: Record<string, string> = {
  city: 'enumeration: valueText.ts translates city names (CITY_EN)',
  county: 'enumeration: valueText.ts translates county names through the counties layer',
  county_name: 'enumeration: valueText.ts translates county names through the counties layer',
  level: 'enumeration: valueText.ts translates zone levels (LEVEL_EN)',
  status_zh: 'enumeration: valueText.ts translates statuses (STATUS_EN)',
  airport_type: 'enumeration: valueText.ts translates airport types (AIRPORT_TYPE_EN)',
  group_zh: 'enumeration: valueText.ts translates heritage groups (GROUP_EN)',
  category_zh: 'enumeration: valueText.ts translates inventory categories (INVENTORY_CATEGORIES)',
  element: 'enumeration: valueText.ts translates the plan elements with pinyin (ELEMENT_EN)',
  pole: 'enumeration: valueText.ts translates north/south (POLE_EN)',
  source_section: 'enumeration: valueText.ts translates section headings (sectionEn)',
  source_quote: 'a verbatim quote of the source document: it stays in the original language',
  also_cited: 'verbatim quotes of further documents: they stay in the original language',
  name: 'the Chinese name, shown beside name_en (and the panel title is name_en in English)',
  name_full: 'the Chinese full name, shown beside name_en (and the panel title is name_en in English)',
};
/** Lists of source pages: “page title (read date) URL” — a page's title is its name and stays as published. */
const SOURCE_LINE_KEYS = ['position_sources', 'position_checks', 'reported_extent_source'];
const SOURCE_LINE_EN = /^.+ \(read \d{4}-\d{2}-\d{2}\) https?:\/\/\S+$/;
const ENUMS = Object.entries(EXEMPT).filter(([, why]) => why.startsWith('enumeration')).map(([k]) => k);

type Attr = { key: string; format?: string };
type Layer = { id: string; data?: string; attributes?: Attr[] };
const layers: Layer[] = fs
  .readdirSync(path.join(ROOT, 'layers'))
  .filter((f) => f.endsWith('.json') && f !== 'sources.json')
  .flatMap((f) => (JSON.parse(fs.readFileSync(path.join(ROOT, 'layers', f), 'utf8')).layers ?? []) as Layer[]);

/** Each layer with a data file in public/ and the attributes its panel shows (refs are links, not text). */
const shown = layers
  .filter((l) => l.data?.endsWith('.geojson') && fs.existsSync(path.join(ROOT, 'public', l.data)))
  .map((l) => ({
    id: l.id,
    attrs: (l.attributes ?? []).filter((a) => a.format !== 'ref' && !(a.key in EXEMPT)).map((a) => a.key),
    features: (JSON.parse(fs.readFileSync(path.join(ROOT, 'public', l.data!), 'utf8')).features as { properties: Record<string, unknown> }[]).map((f) => f.properties),
  }));

/** English text with quoted names and URLs taken out */
const bare = (s: string) => s.replace(/“[^”]*”/g, '').replace(/https?:\/\/\S+/g, '');
const hasChinese = (v: unknown) => CJK.test(JSON.stringify(v) ?? '');

/** What is wrong with one value's English twin, or undefined */
export function twinProblem(value: unknown, en: unknown, sourceLines = false): string | undefined {
  if (!hasChinese(value)) return undefined;
  if (en === undefined || en === null || en === '') return 'no English twin';
  if (Array.isArray(value) !== Array.isArray(en)) return 'twin is not a list like the value';
  if (Array.isArray(value) && value.length !== (en as unknown[]).length) return 'twin list has another length';
  for (const x of [en].flat()) {
    if (typeof x !== 'string' || !x.trim()) return 'empty twin';
    if (sourceLines) {
      if (!SOURCE_LINE_EN.test(x)) return `twin is not “title (read date) URL”: ${x.slice(0, 80)}`;
    } else if (CJK.test(bare(x))) return `twin has Chinese outside quoted names: ${x.slice(0, 80)}`;
  }
  return undefined;
}

describe('layer attributes in English', () => {
  it('reads a real number of layers and Chinese values (the test reads the built data)', () => {
    expect(shown.length).toBeGreaterThanOrEqual(30);
    const chinese = shown.flatMap((l) => l.features.flatMap((p) => l.attrs.filter((k) => hasChinese(p[k]))));
    expect(chinese.length).toBeGreaterThanOrEqual(300);
  });

  it('the exempt enumerations are the ones the panel translates with valueText', () => {
    for (const k of ENUMS) expect(isEnumKey(k), k).toBe(true);
  });

  it('every shown value with Chinese has an English twin without Chinese outside quoted names', () => {
    const bad: string[] = [];
    for (const l of shown)
      for (const p of l.features)
        for (const k of l.attrs) {
          const problem = twinProblem(p[k], p[`${k}_en`], SOURCE_LINE_KEYS.includes(k));
          if (problem) bad.push(`${l.id} ${String(p.id)} ${k}: ${problem}`);
        }
    expect(bad).toEqual([]);
  });

  it('the check itself catches a missing, short or Chinese twin', () => {
    expect(twinProblem('高标准建设。', undefined)).toBe('no English twin');
    expect(twinProblem(['氢能', '甲醇'], ['hydrogen energy'])).toBe('twin list has another length');
    expect(twinProblem('高标准建设。', '高标准 building')).toMatch(/Chinese/);
    expect(twinProblem('发展“飞地经济”。', 'develop an “飞地经济”')).toBeUndefined();
    expect(twinProblem('GSHHG', undefined)).toBeUndefined();
    expect(twinProblem(['太原站（维基）（2026-12-05 读取）https://x.org/a'], ['太原站（维基） (read 2026-12-05) https://x.org/a'], true)).toBeUndefined();
    expect(twinProblem(['太原站（维基）（2026-12-05 读取）https://x.org/a'], ['太原站（维基）（2026-12-05 读取）https://x.org/a'], true)).toMatch(/read date/);
  });
});
