/**
 * A page a position was read from, as readers see it: the page's title (its own name, as published),
 * then our word for what kind of page it is in （…）, the date read and the address.
 *   zh: 太原站（中文维基百科镜像）（2026-12-05 读取）https://…
 *   en: 太原站 (Chinese Wikipedia mirror) (read 2026-12-05) https://…
 * The kind of page is ours, so it is said in English; the title is the page's and stays as it is.
 */
const KIND_EN = {
  中文维基百科镜像: 'Chinese Wikipedia mirror',
  'English Wikipedia': 'English Wikipedia',
  'English Wikipedia 转载': 'English Wikipedia, reposted',
  'English Wikipedia 存档': 'English Wikipedia, archived',
  'English Wikipedia 译本': 'English Wikipedia, translated copy',
  'Deutsche Wikipedia': 'German Wikipedia',
  'Deutsche Wikipedia 存档': 'German Wikipedia, archived',
  山西省文化和旅游厅: 'Shanxi Department of Culture and Tourism',
  忻州门户网: 'Xinzhou portal',
  吕梁市外事网站: 'Lüliang foreign affairs website',
  tft每日頭條: 'tft daily news',
  '论文摘要，scholarmate': 'paper abstract, scholarmate',
  求真百科: 'Qiuzhen encyclopedia',
  读物章节: 'book chapter',
  美篇: 'Meipian post',
  'Trip.com 游记': 'Trip.com travel notes',
  '期刊论文摘录，引旧志': 'journal article excerpt quoting old gazetteers',
  景点介绍: 'description of the sight',
  华夏网: 'Huaxia.com',
  问答页: 'Q&A page',
  山西聚焦传媒: 'Shanxi Focus Media',
  五台山旅游网: 'Wutaishan tourism website',
  'Great Wall Forum': 'Great Wall Forum',
};

export const sourceLine = (s) => `${s.title}（${s.read} 读取）${s.url}`;

export function sourceLineEn(s) {
  const m = /^(.*)（([^（）]+)）$/.exec(s.title);
  if (!m) return `${s.title} (read ${s.read}) ${s.url}`;
  const kind = KIND_EN[m[2]];
  if (!kind) throw new Error(`source “${s.title}”: no English for the kind of page “${m[2]}” (scripts/data/lib/sourceLine.mjs)`);
  return `${m[1]} (${kind}) (read ${s.read}) ${s.url}`;
}
