/**
 * Lines for the map's attribution control, in the UI's language: every dataset whose licence asks
 * for credit, the plan documents the layers cite, the "示意图" disclaimer and the 审图号 field
 * (configurable at build time with VITE_SHENTU_HAO; "未送审" until a number is issued).
 */
import type { Catalog } from './types';
import type { Lang } from '../i18n';

export const DISCLAIMER = '示意图，行政区划界线不作为权属争议依据';
export const DISCLAIMER_EN = 'Schematic map; administrative boundaries shown are not evidence in boundary disputes';

export function attributionLines(catalog: Catalog, shentuHao?: string, lang: Lang = 'zh'): string[] {
  const en = lang === 'en';
  const datasets = Object.values(catalog.sources)
    .filter((s) => s.kind === 'dataset' && s.attribution)
    .map((s) => (en ? (s.attribution_en ?? s.attribution) : s.attribution) as string);
  const plan = catalog.sources['plan-2022'];
  const hao = shentuHao?.trim();
  return [
    ...(plan ? [en ? `Plan: ${plan.title.en}` : `规划依据：${plan.title.zh}`] : []),
    ...datasets,
    en ? DISCLAIMER_EN : DISCLAIMER,
    en ? `Map approval no.: ${hao || 'not yet submitted'}` : `审图号：${hao || '未送审'}`,
  ];
}
