/** UI strings, Chinese first. Data text (names, quotes) comes from the catalog and data files. */
export type Lang = 'zh' | 'en';
/** The colon after a label: full-width in Chinese, ': ' in English. */
export const colon = (lang: Lang) => (lang === 'zh' ? '：' : ': ');

const STRINGS = {
  appTitle: { zh: '山西中部城市群规划一张图', en: 'Central Shanxi Planning Map' },
  appSubtitle: { zh: '山西中部城市群高质量发展规划（2022—2035年）', en: 'Shanxi Central City Cluster Plan 2022–2035' },
  layers: { zh: '图层', en: 'Layers' },
  legend: { zh: '图例', en: 'Legend' },
  legendEmpty: { zh: '没有可见图层', en: 'No visible layers' },
  opacity: { zh: '透明度', en: 'Opacity' },
  basemap: { zh: '底图', en: 'Base map' },
  'basemap.offline': { zh: '离线底图', en: 'Offline' },
  'basemap.blank': { zh: '简洁（演示）', en: 'Blank (presentation)' },
  'basemap.osm': { zh: 'OpenStreetMap（在线）', en: 'OpenStreetMap (online)' },
  'basemap.tianditu': { zh: '天地图（需密钥）', en: 'Tianditu (key needed)' },
  'basemap.custom': { zh: '自定义样式 URL', en: 'Custom style URL' },
  tiandituKey: { zh: '天地图密钥 (tk)', en: 'Tianditu key (tk)' },
  styleUrl: { zh: 'MapLibre 样式 URL', en: 'MapLibre style URL' },
  apply: { zh: '应用', en: 'Apply' },
  'err.tianditu-key': { zh: '天地图密钥应为 32 位十六进制字符。', en: 'A Tianditu key is 32 hexadecimal characters.' },
  'err.tianditu-failed': {
    zh: '天地图瓦片无法加载（{why}），可能是密钥无效或未开通该服务。请检查或更换密钥后再应用。',
    en: 'Tianditu tiles could not be loaded ({why}); the key may be invalid or not enabled for this service. Check or replace the key, then apply.',
  },
  'err.style-url': { zh: '请输入以 http:// 或 https:// 开头的样式地址。', en: 'Enter a style URL starting with http:// or https://.' },
  basemapFailed: { zh: '在线底图无法加载，已切换回离线底图。', en: 'The online base map could not be loaded; switched back to the offline map.' },
  resetView: { zh: '复位到全区', en: 'Reset view' },
  close: { zh: '关闭', en: 'Close' },
  source: { zh: '来源', en: 'Source' },
  section: { zh: '章节', en: 'Section' },
  quote: { zh: '原文', en: 'Quote' },
  note: { zh: '说明', en: 'Note' },
  accuracy: { zh: '精度', en: 'Accuracy' },
  'accuracy.surveyed': { zh: '实测', en: 'Surveyed' },
  'accuracy.derived': { zh: '推算（由实测数据计算）', en: 'Derived (computed from surveyed data)' },
  'accuracy.approximate': { zh: '近似（已知地点坐标）', en: 'Approximate (known place coordinate)' },
  'accuracy.schematic': { zh: '示意', en: 'Schematic' },
  'accuracy.supplied': { zh: '按来源提供（未注明精度）', en: 'As supplied (accuracy not stated)' },
  layer: { zh: '图层', en: 'Layer' },
  noWebgl: {
    zh: '此浏览器或设备不支持 WebGL2，无法显示地图。请使用较新版本的 Chrome、Edge、Firefox 或 Safari，并确认已开启硬件加速。',
    en: 'This browser or device does not support WebGL2, so the map cannot be shown. Use a recent Chrome, Edge, Firefox or Safari with hardware acceleration enabled.',
  },
  mapError: { zh: '地图出错', en: 'Map error' },
  overlayLoading: { zh: '正在加载规划图层…', en: 'Loading planning layers…' },
  overlayFailed: { zh: '规划图层加载失败', en: 'Planning layers failed to load' },
  dataFailed: { zh: '数据文件加载失败', en: 'Data file failed to load' },
  disclaimer: { zh: '示意图，行政区划界线不作为权属争议依据', en: 'Schematic map; boundaries are not authoritative' },
  shentu: { zh: '审图号', en: 'Map approval no.' },
  language: { zh: 'English', en: '中文' },
  menu: { zh: '图层与图例', en: 'Layers & legend' },
  hideMenu: { zh: '收起', en: 'Hide' },
  members: { zh: '成员', en: 'Members' },
  partOf: { zh: '所属规划要素', en: 'Part of plan elements' },
  alsoHere: { zh: '此处还有', en: 'Also here' },
  locatedHere: { zh: '位于或经过此处的要素（按位置）', en: 'Features in or crossing it (from geometry)' },
  ledger: { zh: '规划条目清单', en: 'Plan items list' },
  skipToList: { zh: '跳到图层列表', en: 'Skip to layer list' },
} as const satisfies Record<string, Record<Lang, string>>;

export type StringKey = keyof typeof STRINGS;

export function t(lang: Lang, key: StringKey | string): string {
  const entry = (STRINGS as Record<string, Record<Lang, string>>)[key];
  return entry ? entry[lang] : key;
}

/** Pick the language's text from a {zh, en} pair. */
export function tx(lang: Lang, text: { zh: string; en: string } | undefined): string {
  return text ? text[lang] : '';
}
