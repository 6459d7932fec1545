/** Short-lived messages for the user (a base map fell back, a file failed…), shared by both UIs. */
import { t, type Lang } from '../i18n';
import type { NoticeKind } from '../engine/MapEngine';

export function createNotices(lifetimeMs = 8000) {
  let list = $state<{ id: number; text: string }[]>([]);
  let seq = 0;
  return {
    get list() {
      return list;
    },
    notify(text: string) {
      const id = ++seq;
      list = [...list, { id, text }];
      setTimeout(() => (list = list.filter((n) => n.id !== id)), lifetimeMs);
    },
  };
}

/** The user-facing text for a notice raised by the map engine. */
export function engineNoticeText(lang: Lang, kind: NoticeKind, detail: string): string {
  if (kind === 'basemap-failed') return t(lang, 'basemapFailed');
  return `${t(lang, kind === 'data-failed' ? 'dataFailed' : 'overlayFailed')}: ${detail}`;
}

/** A link named layers this map does not have: say which (the defaults are shown instead when none was known). */
export function unknownLayersText(lang: Lang, ids: readonly string[]): string {
  const names = ids.slice(0, 5).join(', ') + (ids.length > 5 ? ' …' : '');
  return lang === 'zh' ? `链接中的图层不存在，已忽略：${names}` : `The link names layers this map does not have (ignored): ${names}`;
}
