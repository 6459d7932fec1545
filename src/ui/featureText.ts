/** Plain-text helpers for showing feature properties (never HTML). */
import type { Feature } from 'geojson';
import type { Attribute } from '../catalog/types';
import type { Lang } from '../i18n';

/** A feature's title; `titleKey`: the property that names features of an imported layer (e.g. 名称). */
export function featureTitle(f: Feature, lang: Lang, titleKey?: string): string {
  const p = f.properties ?? {};
  if (titleKey && p[titleKey] !== undefined && p[titleKey] !== null && p[titleKey] !== '') return String(p[titleKey]);
  const zh = String(p.name_full ?? p.name ?? p.id ?? (typeof f.id === 'number' ? `#${f.id + 1}` : ''));
  return lang === 'en' && p.name_en ? `${p.name_en}` : zh;
}

/** Formats one attribute's value as text; undefined when the feature lacks it. */
export function formatValue(value: unknown, attr: Attribute, lang: Lang): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (attr.format === 'number' && typeof value === 'number') {
    return value.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US', { maximumFractionDigits: 1 });
  }
  if (Array.isArray(value)) return value.map((v) => String(v)).join(lang === 'zh' ? '、' : ', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A property in the UI's language: `<key>_en` in English when the feature has it (place lists, names), else `<key>`. */
export function localized(props: Record<string, unknown>, key: string, lang: Lang): unknown {
  const en = props[`${key}_en`];
  return lang === 'en' && en !== undefined && en !== null && en !== '' ? en : props[key];
}
