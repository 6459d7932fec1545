/** Short-lived messages for the user (a base map fell back, a file failed…), shared by both UIs. */
import { t, type Lang } from '../i18n';
import type { NoticeKind, NoticeInfo } from '../engine/MapEngine';
import { STYLE_LIMITS } from '../engine/customStyle';

export function createNotices(lifetimeMs = 8000) {
  let list = $state<{ id: number; text: string; sticky?: boolean }[]>([]);
  let seq = 0;
  const dismiss = (id: number) => (list = list.filter((n) => n.id !== id));
  return {
    get list() {
      return list;
    },
    /** A message that goes away by itself, or (sticky) stays until the user dismisses it. */
    notify(text: string, opts: { sticky?: boolean } = {}) {
      const id = ++seq;
      list = [...list, { id, text, sticky: opts.sticky }];
      if (!opts.sticky) setTimeout(() => dismiss(id), lifetimeMs);
    },
    dismiss,
  };
}

const STYLE_REASONS: Record<string, { zh: string; en: string }> = {
  'too-large': { zh: `样式文件过大（上限 ${STYLE_LIMITS.bytes / 1e6} MB）`, en: `the style file is too large (limit ${STYLE_LIMITS.bytes / 1e6} MB)` },
  'too-many-layers': { zh: `样式的图层或数据源过多（上限 ${STYLE_LIMITS.layers} 个图层、${STYLE_LIMITS.sources} 个数据源）`, en: `the style has too many layers or sources (limit ${STYLE_LIMITS.layers} layers, ${STYLE_LIMITS.sources} sources)` },
  'not-a-style': { zh: '该地址返回的不是 MapLibre 样式（需 version 8、sources 与 layers）', en: 'the address does not return a MapLibre style (version 8 with sources and layers)' },
  unreachable: { zh: '无法连接该样式地址', en: 'the style address cannot be reached' },
  timeout: { zh: '样式地址响应超时', en: 'the style address did not answer in time' },
};

/** The user-facing text for a notice raised by the map engine. */
export function engineNoticeText(lang: Lang, kind: NoticeKind, detail: string, info?: NoticeInfo): string {
  if (kind === 'basemap-failed') {
    const styleReason = info?.reason ? STYLE_REASONS[info.reason] : undefined;
    if (info?.basemap === 'custom' && styleReason && info.reason !== 'timeout') {
      return lang === 'zh' ? `自定义样式无法使用：${styleReason.zh}。底图未更改。` : `The custom style cannot be used: ${styleReason.en}. The base map was not changed.`;
    }
    const why = info?.reason && info.reason !== 'timeout' ? ` (${info.reason})` : '';
    return t(lang, 'basemapFailed') + why;
  }
  if (kind === 'context-lost' || kind === 'context-restored') return '';
  return `${t(lang, kind === 'data-failed' ? 'dataFailed' : 'overlayFailed')}: ${detail}`;
}

/** A link named layers this map does not have: say which (the defaults are shown instead when none was known). */
export function unknownLayersText(lang: Lang, ids: readonly string[]): string {
  const names = ids.slice(0, 5).join(', ') + (ids.length > 5 ? ' …' : '');
  return lang === 'zh' ? `链接中的图层不存在，已忽略：${names}` : `The link names layers this map does not have (ignored): ${names}`;
}

/** What a link's compare part named that could not be used (unknown side-B layers, stops, base maps, modes). */
export function compareDroppedText(lang: Lang, dropped: readonly string[]): string {
  const what = dropped.slice(0, 6).join(', ') + (dropped.length > 6 ? ' …' : '');
  return lang === 'zh' ? `链接中的对比设置有无法使用的部分，已忽略：${what}` : `Parts of the link's comparison could not be used (ignored): ${what}`;
}

/** Two maps could not run on this machine: compare flips instead. */
export function compareFallbackText(lang: Lang): string {
  return lang === 'zh'
    ? '此设备无法同时显示两幅地图（WebGL），对比已改为“翻转”：两侧轮流显示。'
    : 'This device cannot show two maps at once (WebGL), so compare flips between the two sides instead.';
}
