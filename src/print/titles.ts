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

/** What is drawn besides the plan's layers: visible imported layers (their names) and sketches. */
export interface TitleExtras {
  imported?: readonly string[];
  sketches?: boolean;
}

export function defaultTitles(catalog: Catalog, visible: readonly string[], lang: Lang, sceneTitle?: string, extras: TitleExtras = {}): { title: string; subtitle: string } {
  const zh = lang === 'zh';
  const plan = catalog.sources['plan-2022']?.title[lang] ?? '';
  const planLine = plan ? (zh ? `依据《${plan}》` : `After the ${plan}`) : '';
  if (sceneTitle?.trim()) return { title: sceneTitle.trim(), subtitle: planLine };
  const imported = extras.imported ?? [];
  const sketchWord = zh ? '草图' : 'sketches';
  // the user's own content on the sheet, named in the subtitle ("叠加：调查点、草图")
  const own = [...imported.slice(0, 2), ...(imported.length > 2 ? [zh ? `等 ${imported.length} 个导入图层` : `${imported.length - 2} more imports`] : []), ...(extras.sketches ? [sketchWord] : [])];
  const ownLine = own.length ? (zh ? `叠加：${own.join('、')}` : `With ${own.join(', ')}`) : '';
  const line = (...parts: string[]) => parts.filter(Boolean).join(' · ');
  const groups = catalog.groups.filter((g) => g.id !== BASE_GROUP && g.layers.some((l) => visible.includes(l.id)));
  if (groups.length === 1) {
    const g = groups[0];
    const short = shortTitle(g.title[lang]);
    const title = zh ? `${REGION.zh}${short}图` : `${REGION.en}: ${short}`;
    const full = g.title[lang];
    return { title, subtitle: line(full !== short ? full : '', ownLine, planLine) };
  }
  if (groups.length > 1) {
    const names = groups.map((g) => shortTitle(g.title[lang])).join(zh ? '、' : ', ');
    return { title: zh ? `${REGION.zh}规划图` : `${REGION.en}: plan map`, subtitle: line(names, ownLine, planLine) };
  }
  // no plan content: the sheet is named after what it does show, and cites no plan
  if (imported.length) {
    const title = imported.length === 1 ? imported[0] : zh ? `${REGION.zh}用户数据图` : `${REGION.en}: user data`;
    return { title, subtitle: line(zh ? REGION.zh : REGION.en, zh ? '用户导入数据' : 'imported data', extras.sketches ? (zh ? '叠加：草图' : 'with sketches') : '') };
  }
  if (extras.sketches) return { title: zh ? `${REGION.zh}规划草图` : `${REGION.en}: sketch map`, subtitle: zh ? '用户绘制的草图' : 'Sketches drawn by the user' };
  const admin = catalog.groups.find((g) => g.id === BASE_GROUP)?.layers.some((l) => visible.includes(l.id));
  if (admin) return { title: zh ? `${REGION.zh}行政区划图` : `${REGION.en}: administrative divisions`, subtitle: '' };
  return { title: zh ? `${REGION.zh}区域图` : `${REGION.en}: base map`, subtitle: '' };
}
