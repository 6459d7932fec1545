/** Plain-text helpers for showing feature properties (never HTML). */
import type { Feature } from 'geojson';
import type { Attribute } from '../catalog/types';
import type { Lang } from '../i18n';

/**
 * A feature's title in the UI's language; `titleKey`: the property that names the layer's features
 * (the label key, or 名称 of an imported layer). In English its `_en` twin (or `name_en` for `name`)
 * comes first, so a panel's title is the English name the panel also lists.
 */
export function featureTitle(f: Feature, lang: Lang, titleKey?: string): string {
  const p = f.properties ?? {};
  // a numbered marker standing for markers that overlap here
  if (typeof p.group === 'number' && String(p.id).startsWith('group:') && Array.isArray(p.members)) return lang === 'zh' ? `此处 ${p.group} 处（点击放大）` : `${p.group} here (click to zoom in)`;
  const given = (k: string) => p[k] !== undefined && p[k] !== null && p[k] !== '';
  if (titleKey && lang === 'en') {
    const en = titleKey === 'name' ? 'name_en' : `${titleKey}_en`;
    if (given(en)) return String(p[en]);
  }
  if (titleKey && given(titleKey)) return String(p[titleKey]);
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
