#!/usr/bin/env node
/**
 * Builds the plan-text reader's data from the seed documents (../shared/seeds):
 *
 *   public/data/text/documents.json   every document as headings (章 › 节, or the document's own
 *                                      parts) and paragraphs with stable ids, display text and, where
 *                                      the display text differs, the verbatim seed line (`v`)
 *   public/data/text/t2s.json          a traditional → simplified character table (OpenCC's, one
 *                                      character to one character) so search matches simplified
 *                                      queries against the traditional documents and the reverse
 *
 *   node scripts/data/build-text.mjs
 *
 * Cleaning, and nothing else: page furniture (site navigation, breadcrumbs, the printed table of
 * contents with page numbers, "相關詞條" …) is not taken; the scraped page's inline pinyin
 * ("發(fā)展") and HTML tags are removed from the display text; seed 001's page repeats part of
 * the document, and where the two copies differ only by stray characters inserted into one of
 * them (anti-scraping noise) the copy without them is taken. Every paragraph's `v` (or its text)
 * is a line of the seed, which test/data/plantext.test.ts checks. Deterministic.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const seedDir = path.resolve(root, '../shared/seeds');
const outDir = path.join(root, 'public/data/text');
const facts = JSON.parse(fs.readFileSync(path.join(here, 'facts/text.json'), 'utf8'));
const fail = (msg) => {
  console.error(`build-text: ${msg}`);
  process.exit(1);
};

// ---- cleaning (the same rules as src/ledger/quote.ts displayQuote; the data test compares them) ----
const CJK = '\\u3400-\\u9fff\\uf900-\\ufaff';
const TONES = 'āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ';
const SYL = `[a-z${TONES}]{1,7}`;
const INLINE_PINYIN = new RegExp(`(?<=[${CJK}])\\((?=[^)]*[${TONES}])${SYL}(?: ${SYL})*\\)`, 'gu');
const TAG = /<\/?[a-z][^>]*>/gi;
const display = (line) => line.replace(INLINE_PINYIN, '').replace(TAG, '').trim();

const NUM = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
function cn(n) {
  if (n.length === 1) return NUM[n];
  if (n[0] === '十') return 10 + (NUM[n[1]] ?? 0);
  if (n.length === 2 && n[1] === '十') return NUM[n[0]] * 10;
  return NUM[n[0]] * 10 + NUM[n[2]];
}

/** A paragraph's lead: its first sentence when that is a short title ("太原榆次太谷发展核。"). */
function leadOf(text) {
  const m = /^[^。：:，,；;]{2,24}[。：:]/u.exec(text);
  return m && m[0].length < text.length && !/^[（(]?[0-9]/.test(text) ? m[0].length : undefined;
}

const enOf = (title) => facts.headings_en[title];

/** Display repairs stated in the facts (each names what the page garbled); the verbatim line is kept. */
let repairs = [];
const repaired = (line) => repairs.reduce((l, r) => l.split(r.from).join(r.to), line);

function paragraph(id, line, lineNo, sec, extra = {}) {
  const text = display(repaired(line));
  if (!text) fail(`${id}: empty paragraph at line ${lineNo}`);
  const p = { t: 'p', id, sec, text };
  if (text !== line) p.v = line;
  const lead = extra.lead === false ? undefined : leadOf(text);
  if (lead) p.lead = lead;
  if (extra.style) p.style = extra.style;
  p.line = lineNo;
  return p;
}

function heading(id, level, title, lineNo, extra = {}) {
  const en = enOf(extra.key ?? title);
  if (!en) fail(`no English title for heading “${extra.key ?? title}” (scripts/data/facts/text.json headings_en)`);
  return { t: 'h', id, level, ...(extra.num ? { num: extra.num } : {}), title, en, line: lineNo };
}

// ---- seed 002: the plan ----------------------------------------------------------------------
function buildPlan(lines) {
  const blocks = [];
  const at = (re, from = 0) => {
    const i = lines.findIndex((l, k) => k >= from && re.test(l.trim()));
    if (i < 0) fail(`plan: no line matching ${re}`);
    return i;
  };
  // the notice of issue: from the addressees to "(此件公开发布)"
  const addressees = at(/^各相关市、县人民政府/);
  const published = at(/^\(此件公开发布\)$/, addressees);
  const title = at(/^山西省人民政府办公厅关于印发.+的通知$/);
  blocks.push(heading('notice', 1, lines[title].trim(), title + 1));
  let n = 0;
  for (let i = addressees; i <= published; i++) {
    const l = lines[i].trim();
    if (!l) continue;
    const style = /^(山西省人民政府办公厅|\d{4}年\d{1,2}月\d{1,2}日|\(此件公开发布\))$/.test(l) ? 'sign' : undefined;
    blocks.push(paragraph(`notice-p${++n}`, lines[i], i + 1, '通知', { style, lead: false }));
  }
  // the body: from "前 言" (after the printed contents) to the colophon
  const toc = at(/^目 录$/, published);
  const body = at(/^前 言$/, toc);
  const colophon = at(/^山西省人民政府办公厅\s+\d{4}年\d{1,2}月\d{1,2}日印发$/, body);
  let ch = 0;
  let sec = 0;
  let label = '前言';
  let prefix = 'preface';
  n = 0;
  blocks.push(heading('preface', 1, '前言', body + 1));
  for (let i = body + 1; i < colophon; i++) {
    const l = lines[i].trim();
    if (!l) continue;
    let m;
    if ((m = /^第([一二三四五六七八九十]+)章 (.+)$/.exec(l))) {
      ch = cn(m[1]);
      sec = 0;
      n = 0;
      label = `第${m[1]}章`;
      prefix = `ch${ch}`;
      blocks.push(heading(prefix, 1, m[2], i + 1, { num: label }));
    } else if ((m = /^第([一二三四五六七八九十]+)节 (.+)$/.exec(l))) {
      sec = cn(m[1]);
      n = 0;
      label = `第${['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'][ch]}章第${m[1]}节`;
      prefix = `ch${ch}-s${sec}`;
      blocks.push(heading(prefix, 2, m[2], i + 1, { num: `第${m[1]}节` }));
    } else blocks.push(paragraph(`${prefix}-p${++n}`, lines[i], i + 1, label));
  }
  blocks.push(paragraph('colophon', lines[colophon], colophon + 1, '', { style: 'sign', lead: false }));
  return blocks;
}

// ---- seed 001: Taiyuan's 2019 opinions (traditional characters) -------------------------------
/** True when `short` is `long` with characters taken out (stray characters inserted into `long`). */
function isSubsequence(short, long) {
  let j = 0;
  for (const c of long) if (j < short.length && c === short[j]) j++;
  return j === short.length;
}

function buildTaiyuan2019(lines) {
  const blocks = [];
  const start = lines.findIndex((l) => /^各縣\(市、區\)人民政府/.test(l));
  const interp = lines.findIndex((l, i) => i > start && l.trim() === '政策解讀');
  const end = lines.findIndex((l, i) => i > interp && /^3\.鄉村振興/.test(l));
  if (start < 0 || interp < 0 || end < 0) fail('001: structure not found');
  // the page repeats the document from "3.鄉村振興" on; where the copies differ, take the one without stray characters
  const repeat = new Map();
  for (let i = end; i < lines.length && lines[i].trim() !== '相關詞條'; i++) {
    const t = lines[i].trim();
    const key = t.slice(0, 8);
    if (t) repeat.set(key, lines[i]);
  }
  const pick = (line) => {
    const other = repeat.get(line.trim().slice(0, 8));
    return other && other !== line && other.length < line.length && isSubsequence(other.trim(), line.trim()) ? other : line;
  };
  const intro = lines.findIndex((l) => /^為深入貫徹/.test(l));
  let part = 0;
  let sub = 0;
  let n = 0;
  let label = '';
  let prefix = 'intro';
  let partTitle = '';
  const push = (i) => {
    const line = pick(lines[i]);
    blocks.push(paragraph(`${prefix}-p${++n}`, line, lines.indexOf(line) + 1, label));
  };
  // the page's summary line is the document's preamble
  if (intro >= 0) blocks.push(paragraph('intro-p1', lines[intro], intro + 1, '', { lead: false }));
  blocks.push(paragraph('intro-p2', lines[start], start + 1, '', { lead: false }));
  n = 0;
  let inInterp = false;
  for (let i = start + 1; i < end; i++) {
    const l = lines[i].trim();
    if (!l) continue;
    let m;
    if (i === interp) {
      inInterp = true;
      part = 0;
      prefix = 'notes';
      n = 0;
      label = '政策解讀';
      blocks.push(heading('notes', 1, l, i + 1));
    } else if (/^太原市人民政府$|^\d{4}年\d{1,2}月\d{1,2}日$/.test(l)) {
      blocks.push(paragraph(`sign-p${l.startsWith('太原') ? 1 : 2}`, lines[i], i + 1, '', { style: 'sign', lead: false }));
    } else if ((m = /^([一二三四五六七八九十]+)、(.{2,12})$/.exec(l))) {
      part = cn(m[1]);
      sub = 0;
      n = 0;
      partTitle = l;
      prefix = inInterp ? `notes-${part}` : `part${part}`;
      label = inInterp ? `政策解讀 ${l}` : l;
      blocks.push(heading(prefix, inInterp ? 2 : 1, l, i + 1));
    } else if ((m = /^\(([一二三四五六七八九十]+)\)([^。]{2,12})$/.exec(l))) {
      sub = cn(m[1]);
      n = 0;
      prefix = `part${part}-${sub}`;
      label = `${partTitle}（${m[1]}）${m[2]}`;
      blocks.push(heading(prefix, 2, l, i + 1));
    } else if ((m = /^\(([一二三四五六七八九十]+)\)/.exec(l)) && !inInterp) {
      // a numbered measure: a paragraph of its part, numbered as the document numbers it
      prefix = `part${part}`;
      n = cn(m[1]) - 1;
      label = `${partTitle}（${m[1]}）`;
      push(i);
    } else push(i);
  }
  return blocks;
}

// ---- seed 003: the 2022 news report (HTML paragraphs) -----------------------------------------
function buildTaixin(lines) {
  const blocks = [];
  let n = 0;
  lines.forEach((l, i) => {
    if (/^\s*<p>/.test(l)) blocks.push(paragraph(`p${++n}`, l, i + 1, ''));
  });
  if (n < 10) fail(`003: only ${n} paragraphs`);
  return blocks;
}

// ---- seed 004: the 2024 newspaper report (traditional, inline pinyin) --------------------------
function buildMetro(lines) {
  const blocks = [];
  const summary = lines.findIndex((l) => /^內\(nèi\)容提要:/.test(l) || /^內容提要:/.test(l));
  const editor = lines.findIndex((l) => /^\(責/.test(l));
  if (summary < 0 || editor < 0) fail('004: structure not found');
  blocks.push(heading('summary', 1, '內容提要', summary + 1));
  blocks.push(paragraph('summary-p1', lines[summary], summary + 1, '內容提要', { lead: false }));
  let prefix = 'intro';
  let label = '';
  let s = 0;
  let n = 0;
  for (let i = summary + 1; i < editor; i++) {
    const raw = lines[i];
    const l = display(raw);
    if (!l) continue;
    if (l.length <= 8 && !/[。,:]/.test(l)) {
      s++;
      n = 0;
      prefix = `s${s}`;
      label = l;
      blocks.push({ ...heading(prefix, 1, l, i + 1), ...(l !== raw.trim() ? { v: raw } : {}) });
    } else blocks.push(paragraph(`${prefix}-p${++n}`, raw, i + 1, label, { lead: false }));
  }
  return blocks;
}

const BUILDERS = { 'plan-2022': buildPlan, 'taiyuan-coordination-2019': buildTaiyuan2019, 'taixin-inventory-2022': buildTaixin, 'taiyuan-metro-2024': buildMetro };

const docs = facts.docs.map((d) => {
  const file = path.join(seedDir, d.file);
  if (!fs.existsSync(file)) fail(`seed ${d.file} not found in ${seedDir}`);
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  repairs = (facts.repairs ?? []).filter((r) => r.doc === d.id);
  for (const r of repairs) if (!lines.some((l) => l.includes(r.from))) fail(`repair “${r.from}” is not in ${d.file}`);
  const blocks = BUILDERS[d.id](lines);
  const ids = new Set();
  for (const b of blocks) {
    if (ids.has(b.id)) fail(`${d.id}: duplicate id ${b.id}`);
    if (!/^[a-z0-9-]{1,40}$/.test(b.id)) fail(`${d.id}: bad id ${b.id}`);
    ids.add(b.id);
  }
  const { file: _f, ...meta } = d;
  return { ...meta, file: d.file, paragraphs: blocks.filter((b) => b.t === 'p').length, blocks };
});

// pattern links: the quote must be in exactly one paragraph of its document
const links = facts.pattern_links.links.map((l) => {
  const doc = docs.find((d) => d.id === l.doc);
  const hits = doc?.blocks.filter((b) => b.t === 'p' && b.text.includes(l.quote)) ?? [];
  if (hits.length !== 1) fail(`pattern link “${l.quote}”: found in ${hits.length} paragraphs of ${l.doc}`);
  return { doc: l.doc, para: hits[0].id, quote: l.quote, layers: l.layers };
});

fs.mkdirSync(outDir, { recursive: true });
const out = { version: 1, generated_by: 'scripts/data/build-text.mjs', docs, links, repairs: (facts.repairs ?? []).map(({ doc, from, to }) => ({ doc, from, to })) };
fs.writeFileSync(path.join(outDir, 'documents.json'), JSON.stringify(out) + '\n');

// ---- traditional → simplified, one character to one character (OpenCC) ------------------------
const OpenCC = await import('opencc-js');
const convs = ['t', 'tw', 'hk'].map((from) => OpenCC.Converter({ from, to: 'cn' }));
let trad = '';
let simp = '';
for (let cp = 0x3400; cp <= 0xfaff; cp++) {
  if (cp > 0x9fff && cp < 0xf900) continue;
  const c = String.fromCharCode(cp);
  for (const conv of convs) {
    const s = conv(c);
    if (s !== c && s.length === 1) {
      trad += c;
      simp += s;
      break;
    }
  }
}
fs.writeFileSync(path.join(outDir, 't2s.json'), JSON.stringify({ about: 'traditional → simplified, one character each (OpenCC t/tw/hk → cn, via opencc-js); generated by scripts/data/build-text.mjs', t: trad, s: simp }) + '\n');

for (const d of docs) console.log(`build-text: ${d.id}: ${d.blocks.filter((b) => b.t === 'h').length} headings, ${d.paragraphs} paragraphs`);
console.log(`build-text: ${links.length} pattern links; t2s: ${trad.length} characters`);
