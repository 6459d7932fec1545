/**
 * What a side of a comparison shows, in words: for the side labels, the divider's announcement
 * and a printed comparison's subtitles. Pure.
 */
import type { Catalog } from '../../catalog/types';
import type { SideSet } from '../../state/compare';
import { stopLabel } from '../../time/stops';
import { t, type Lang } from '../../i18n';

/** The plan groups a side shows (the admin group is the ground, not a theme). */
export function sideGroups(catalog: Catalog, layers: readonly string[], lang: Lang): string[] {
  return catalog.groups
    .filter((g) => g.id !== 'admin' && g.layers.some((l) => layers.includes(l.id)))
    .map((g) => g.title[lang].split(/[:：（(]/)[0].trim());
}

/**
 * A side in a few words, naming only what differs from the other side: the plan period always,
 * the base map and the layer groups where the two sides differ. E.g. "2035年 · 简洁底图".
 */
export function sideText(catalog: Catalog, side: SideSet, other: SideSet, lang: Lang): string {
  const parts = [stopLabel(side.stop, lang)];
  if (side.basemap !== other.basemap) parts.push(t(lang, `basemap.${side.basemap}`).replace(/（.*?）|\s*\(.*?\)/g, ''));
  const same = side.layers.length === other.layers.length && side.layers.every((l) => other.layers.includes(l));
  if (!same) {
    const groups = sideGroups(catalog, side.layers, lang);
    parts.push(groups.length ? groups.join(lang === 'zh' ? '、' : ', ') : lang === 'zh' ? '仅底图' : 'base map only');
  }
  return parts.join(' · ');
}
