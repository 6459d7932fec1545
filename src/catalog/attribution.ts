/**
 * Lines for the map's attribution control: every dataset whose licence asks for credit, the
 * plan documents the layers cite, the "示意图" disclaimer and the 审图号 field (configurable at
 * build time with VITE_SHENTU_HAO; "未送审" until a number is issued).
 */
import type { Catalog } from './types';

export const DISCLAIMER = '示意图，行政区划界线不作为权属争议依据';

export function attributionLines(catalog: Catalog, shentuHao?: string): string[] {
  const datasets = Object.values(catalog.sources)
    .filter((s) => s.kind === 'dataset' && s.attribution)
    .map((s) => s.attribution as string);
  const plan = catalog.sources['plan-2022'];
  return [
    ...(plan ? [`规划依据：${plan.title.zh}`] : []),
    ...datasets,
    DISCLAIMER,
    `审图号：${shentuHao?.trim() || '未送审'}`,
  ];
}
