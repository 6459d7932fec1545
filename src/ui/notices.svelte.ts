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
