/**
 * Is every named item of a covered document accounted for? Words that end a name of the kinds the
 * plan names (…示范区, …园区, …镇, …高铁, …水库, …关, …工程, …试点 …) are found in the covered text; each
 * occurrence must lie inside a ledger entry's name as the document writes it (`name`, or `aka` for
 * other wordings and the traditional characters of seeds 001/004) or inside a phrase the checked
 * list scripts/data/facts/not-named.json judges not a named item (with its reason). A new name in a
 * covered document that nobody accounted for fails the data test. Pure; no file access.
 */
export const NAME_ENDINGS = [
  // zones, parks, towns, platforms
  '示范区', '示範區', '开发区', '開發區', '经开区', '經開區', '高新区', '高新區', '经济区', '經濟區', '综保区', '綜保區', '保税区', '保稅區',
  '集聚区', '集聚區', '聚集区', '片区', '片區', '新区', '新區', '农高区', '保护区', '保護區', '园区', '園區', '产业园', '產業園', '软件园',
  '生态园', '文化园', '公园', '公園', '新城', '古城', '古镇', '古鎮', '科学城', '大学城', '县城', '镇', '鎮', '村',
  '基地', '中心', '平台', '平臺', '谷',
  // transport and infrastructure
  '枢纽', '樞紐', '节点', '站', '机场', '機場', '铁路', '鐵路', '高铁', '高鐵', '城轨', '号线', '號線', '高速', '国道', '國道', '公路', '大道',
  '联络线', '聯絡線', '连接线', '改线', '改線', '通道', '管网', '列车',
  // corridors, structure
  '走廊', '廊道', '廊带', '廊帶', '城镇带', '组团', '都市圈', '都市區', '都市区', '城市群', '集群',
  // nature and heritage
  '水库', '水庫', '湿地', '濕地', '景区', '名胜区', '名勝區', '山', '河', '湖', '关', '滩', '大院', '祠',
  // projects, pilots, events
  '工程', '项目', '試點', '试点', '博览会', '论坛', '摄影展', '电影展', '品牌', '清单',
] as const;

export interface CoverageEntry {
  /** the ledger id, or 'not-named' */
  id: string;
  /** verbatim strings as the document writes them */
  strings: string[];
}

export interface Uncovered {
  at: number;
  ending: string;
  context: string;
}

/** The default way a ledger name appears in text: the name without its gloss in full-width brackets （…） (ASCII brackets belong to names: 中国(太原)航天科学城). */
export function nameStrings(name: string): string[] {
  const base = name.replace(/（.*?）/g, '').trim();
  return base.length >= 2 ? [base] : [];
}

/** Occurrences of the name endings in `text` not covered by any entry's strings. */
export function uncoveredNames(text: string, entries: CoverageEntry[]): Uncovered[] {
  const covered = new Uint8Array(text.length);
  for (const e of entries) {
    for (const s of e.strings) {
      if (!s) continue;
      for (let i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + 1)) covered.fill(1, i, i + s.length);
    }
  }
  const endings = [...NAME_ENDINGS].sort((a, b) => b.length - a.length);
  const out: Uncovered[] = [];
  for (let i = 0; i < text.length; i++) {
    const ending = endings.find((e) => text.startsWith(e, i));
    if (!ending) continue;
    let hit = false;
    for (let k = i; k < i + ending.length; k++) if (!covered[k]) hit = true;
    if (hit) out.push({ at: i, ending, context: text.slice(Math.max(0, i - 14), i + ending.length + 4).replace(/\n/g, ' ') });
    i += ending.length - 1;
  }
  return out;
}
