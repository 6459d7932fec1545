/**
 * The sheet's default 图名 and subtitle: the scene's title when a talk's scene is exported, else
 * named after the plan group(s) whose layers are visible (the admin group is the base, not a theme).
 */
import type { Catalog } from '../catalog/types';
import type { Lang } from '../i18n';

/** The longest title a sheet prints (a longer one is cut with "…" and the preview says so). */
export const MAX_TITLE = 80;

const REGION = { zh: '山西中部城市群', en: 'Central Shanxi City Cluster' };
const BASE_GROUP = 'admin';

/** "城镇格局：一核四带多组团" → "城镇格局"; "Urban structure: one core…" → "Urban structure" */
const shortTitle = (t: string) => t.split(/[:：（(]/)[0].trim();

export function defaultTitles(catalog: Catalog, visible: readonly string[], lang: Lang, sceneTitle?: string): { title: string; subtitle: string } {
  const plan = catalog.sources['plan-2022']?.title[lang] ?? '';
  const planLine = plan ? (lang === 'zh' ? `依据《${plan}》` : `After the ${plan}`) : '';
  if (sceneTitle?.trim()) return { title: sceneTitle.trim(), subtitle: planLine };
  const groups = catalog.groups.filter((g) => g.id !== BASE_GROUP && g.layers.some((l) => visible.includes(l.id)));
  if (groups.length === 1) {
    const g = groups[0];
    const short = shortTitle(g.title[lang]);
    const title = lang === 'zh' ? `${REGION.zh}${short}图` : `${REGION.en}: ${short}`;
    const full = g.title[lang];
    return { title, subtitle: [full !== short ? full : '', planLine].filter(Boolean).join(lang === 'zh' ? ' · ' : ' · ') };
  }
  if (groups.length > 1) {
    const names = groups.map((g) => shortTitle(g.title[lang])).join(lang === 'zh' ? '、' : ', ');
    return { title: lang === 'zh' ? `${REGION.zh}规划图` : `${REGION.en}: plan map`, subtitle: [names, planLine].join(' · ') };
  }
  return { title: lang === 'zh' ? `${REGION.zh}行政区划图` : `${REGION.en}: administrative divisions`, subtitle: planLine };
}
