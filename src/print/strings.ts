/** Words printed on a map sheet and shown in its preview (Chinese first, as in i18n.ts). */
import type { Lang } from '../i18n';

const S = {
  legend: { zh: '图例', en: 'Legend' },
  legendEmpty: { zh: '图框内没有可见的规划要素', en: 'No visible plan features in the frame' },
  legendMore: { zh: '另有 {n} 项图例未能列出', en: '{n} more legend entries not listed' },
  basemapLegend: { zh: '底图', en: 'Base map' },
  scale: { zh: '比例尺', en: 'Scale' },
  km: { zh: '公里', en: 'km' },
  scaleNote: { zh: '比例尺按图幅中心纬度计（Web 墨卡托投影）', en: 'Scale true at the frame’s centre latitude (Web Mercator)' },
  north: { zh: '北', en: 'N' },
  locator: { zh: '位置示意', en: 'Location' },
  sources: { zh: '数据来源：', en: 'Sources: ' },
  basemapData: { zh: '底图：', en: 'Base map: ' },
  org: { zh: '编制单位：', en: 'Prepared by: ' },
  date: { zh: '制图日期：', en: 'Date: ' },
  shentu: { zh: '审图号：', en: 'Map approval no.: ' },
  unreviewed: { zh: '未送审', en: 'not yet reviewed (未送审)' },
  disclaimer: { zh: '示意图，行政区划界线不作为权属争议依据', en: 'Schematic map; boundaries are not authoritative (示意图)' },
  schematicNote: {
    zh: '注：图中 {n} 个要素为示意位置或范围（{names}），不表示精确界线。',
    en: 'Note: {n} features are drawn schematically ({names}); they are not exact boundaries.',
  },
  defaultOrg: { zh: '山西中部城市群规划一张图（开源项目）', en: 'Central Shanxi Planning Map (open-source project)' },
} as const satisfies Record<string, Record<Lang, string>>;

export type SheetString = keyof typeof S;

export function st(lang: Lang, key: SheetString, vars: Record<string, string | number> = {}): string {
  return S[key][lang].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}

/** 2026年11月30日 / 30 Nov 2026 */
export function formatDate(d: Date, lang: Lang): string {
  if (lang === 'zh') return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`;
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${d.getDate()} ${months[d.getMonth()]} ${d.getFullYear()}`;
}
