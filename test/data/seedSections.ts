/**
 * The text under a cited section of a seed document, so a test can check that a quote lies under
 * the heading it cites (not merely somewhere in the document).
 *
 * - The plan (002): "第三章第二节", "第四章第一节；第八章第三节", "第六章第一节、第二节", "第九章", "第三章至第六章"
 *   → the body text under those headings (the table of contents is skipped).
 * - Taiyuan's 2019 opinions (001): "二、主要舉措（五）", "二、主要舉措（三）打造優勢產業集群", "一、總體要求（三）",
 *   "主送单位" → the paragraph of that numbered measure in the 全文 (the 政策解读 that repeats it is not the text).
 * - The 2024 report (004) and the 2022 news report (003): their own headings / the paragraphs they name
 *   (SECTION_MARKERS below; 004's headings carry the scraped page's inline pinyin).
 */
const ZH_NUM = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

/** [start marker, end marker | null]: the text from the start marker up to (not including) the end marker. */
const SECTION_MARKERS: Record<string, Record<string, [string, string | null]>> = {
  'taiyuan-metro-2024': {
    内容提要: ['內(nèi)容提要', '優(yōu)化發(fā)展格局'],
    导语: ['省政府出臺', '優(yōu)化發(fā)展格局'],
    优化发展格局: ['優(yōu)化發(fā)展格局', '實現(xiàn)高效通勤'],
    实现高效通勤: ['實現(xiàn)高效通勤', '培育優(yōu)質(zhì)產(chǎn)業(yè)'],
    培育优质产业: ['培育優(yōu)質(zhì)產(chǎn)業(yè)', '共享便利生活'],
    共享便利生活: ['共享便利生活', '建立統(tǒng)一市場'],
    建立统一市场: ['建立統(tǒng)一市場', '健全同城機(jī)制'],
    健全同城机制: ['健全同城機(jī)制', '帶動周邊發(fā)展'],
    带动周边发展: ['帶動周邊發(fā)展', '(責(zé)編'],
  },
  'taixin-inventory-2022': {
    '新闻发布会（2022-05-18）': ['中国经济导报中国发展网讯', '（文章来源'],
    '重要资源保护清单（试行）类别与数目': ['<strong>《</strong><strong>太</strong><strong>忻一体化经济区重要资源保护清单', '6个“实施方案”'],
    '实施方案：承接京津冀产业转移集聚区': ['《太忻一体化经济区创建承接京津冀产业转移集聚区实施方案》', '《太忻一体化经济区打造全国知名的新材料产业集群实施方案》'],
    '实施方案：新材料产业集群': ['《太忻一体化经济区打造全国知名的新材料产业集群实施方案》', '《太忻一体化经济区推动构建高品质公共服务体系实施方案》'],
    '实施方案：科技领域': ['《太忻一体化经济区科技领域实施方案》', '（文章来源'],
  },
};

function between(text: string, start: string, end: string | null): string | undefined {
  const a = text.indexOf(start);
  if (a < 0) return undefined;
  const b = end === null ? -1 : text.indexOf(end, a + start.length);
  return text.slice(a, b < 0 ? undefined : b);
}

/** The plan's body split into chapters → sections (the table of contents skipped). */
function planSections(text: string): Map<string, Map<string, string>> {
  const lines = text.split('\n');
  // the body starts at the second “第一章” heading (the first is in the table of contents)
  const heads = lines.map((l, i) => (/^第一章 /.test(l) ? i : -1)).filter((i) => i >= 0);
  const body = lines.slice(heads[1] ?? 0);
  const out = new Map<string, Map<string, string>>();
  let chapter = '';
  let section = '';
  for (const line of body) {
    const ch = /^第([一二三四五六七八九十]+)章 /.exec(line);
    const sec = /^第([一二三四五六七八九十]+)节 /.exec(line);
    if (ch) {
      chapter = `第${ch[1]}章`;
      section = '';
      out.set(chapter, new Map([['', '']]));
      continue;
    }
    if (sec && chapter) {
      section = `第${sec[1]}节`;
      out.get(chapter)!.set(section, '');
      continue;
    }
    if (!chapter) continue;
    const m = out.get(chapter)!;
    m.set(section, m.get(section)! + line + '\n');
  }
  return out;
}

function planSection(text: string, spec: string): string | undefined {
  const secs = planSections(text);
  const chapterText = (ch: string) => (secs.has(ch) ? [...secs.get(ch)!.values()].join('') : undefined);
  const range = /^第(.+?)章至第(.+?)章$/.exec(spec);
  if (range) {
    const [a, b] = [ZH_NUM.indexOf(range[1]), ZH_NUM.indexOf(range[2])];
    if (a < 0 || b < a) return undefined;
    const parts = ZH_NUM.slice(a, b + 1).map((n) => chapterText(`第${n}章`));
    return parts.some((p) => p === undefined) ? undefined : parts.join('');
  }
  const out: string[] = [];
  for (const part of spec.split('；')) {
    const m = /^(第.+?章)((?:第.+?节(?:、)?)*)$/.exec(part);
    if (!m) return undefined;
    const chapter = secs.get(m[1]);
    if (!chapter) return undefined;
    const named = [...m[2].matchAll(/第(.+?)节/g)].map((s) => `第${s[1]}节`);
    if (!named.length) {
      out.push(chapterText(m[1])!);
      continue;
    }
    for (const s of named) {
      if (!chapter.has(s)) return undefined;
      out.push(chapter.get(s)!);
    }
  }
  return out.join('\n');
}

/** Seed 001: the numbered measure's paragraph in the 全文 (before the 政策解读). */
function opinionsSection(text: string, spec: string): string | undefined {
  const cut = text.indexOf('\n政策解讀\n');
  const full = cut > 0 ? text.slice(0, cut) : text;
  if (spec === '主送单位') return full.split('\n').find((l) => l.startsWith('各縣(市、區)人民政府'));
  const m = /^([一二三四])、(.+?)（([一二三四五六七八九])）(.*)$/.exec(spec);
  if (!m) return undefined;
  const part = new RegExp(`^${m[1]}、`, 'm').exec(full);
  if (!part) return undefined;
  const after = full.slice(part.index);
  const lines = after.split('\n');
  const para = lines.find((l) => l.startsWith(`(${m[3]})`) || (m[1] === '一' && m[3] && l.startsWith(`(${m[3]})`)));
  if (!para) return undefined;
  // "一、總體要求（三）" spans the numbered strategies that follow its heading line
  if (m[1] === '一') {
    const i = lines.indexOf(para);
    const rest: string[] = [para];
    for (const l of lines.slice(i + 1)) {
      if (/^\(|^[一二三四]、/.test(l)) break;
      rest.push(l);
    }
    return rest.join('\n');
  }
  if (m[4] && !para.includes(m[4])) return undefined;
  return para;
}

/** The text under `section` of the document `doc` (its seed text `text`); undefined when the section is unknown. */
export function sectionText(doc: string, text: string, section: string): string | undefined {
  if (doc === 'plan-2022') return planSection(text, section);
  if (doc === 'taiyuan-coordination-2019') return opinionsSection(text, section);
  const marker = SECTION_MARKERS[doc]?.[section];
  return marker ? between(text, marker[0], marker[1]) : undefined;
}
