/**
 * Full-text search of the plan text: Chinese (simplified or traditional — both sides are folded to
 * simplified one character for one, so a hit's place in the folded text is its place in the
 * displayed text), the plan's short forms (综改区 finds 综改示范区 and 山西转型综合改革示范区), and
 * the English titles of sections. Pure.
 */
import type { PlanText, TextDoc, TextBlock } from './types';

/** traditional → simplified, one character each (public/data/text/t2s.json, from OpenCC) */
export interface T2S {
  t: string;
  s: string;
}

export type Fold = (s: string) => string;

/**
 * A folding function that keeps every character's position: traditional → simplified, full-width
 * ASCII → ASCII, Latin capitals → small.
 */
export function makeFold(table: T2S | null): Fold {
  // one code unit in, one out: a lookup table over the basic multilingual plane
  const map = new Uint16Array(65536);
  for (let c = 0; c < 65536; c++) map[c] = c;
  for (let c = 65; c <= 90; c++) map[c] = c + 32;
  for (let c = 0xff01; c <= 0xff5e; c++) map[c] = map[c - 0xfee0];
  if (table && table.t.length === table.s.length) for (let i = 0; i < table.t.length; i++) map[table.t.charCodeAt(i)] = table.s.charCodeAt(i);
  return (s) => {
    const codes = new Uint16Array(s.length);
    for (let i = 0; i < s.length; i++) codes[i] = map[s.charCodeAt(i)];
    let out = '';
    for (let k = 0; k < codes.length; k += 8192) out += String.fromCharCode(...codes.subarray(k, k + 8192));
    return out;
  };
}

/**
 * Short forms the documents use for the same thing (folded to simplified): a query holding the
 * left side also finds the right sides, and the reverse.
 */
const SHORT_FORMS: [string, string[]][] = [
  ['综改区', ['综改示范区', '转型综改示范区', '山西转型综合改革示范区', '综合改革示范区']],
  ['综改示范区', ['综改区', '转型综合改革示范区']],
  ['太忻经济区', ['太忻一体化经济区']],
  ['经开区', ['经济技术开发区']],
  ['经济技术开发区', ['经开区']],
  ['高新区', ['高新技术产业开发区']],
  ['高新技术产业开发区', ['高新区']],
  ['农高区', ['农业高新技术产业示范区']],
  ['综保区', ['综合保税区']],
  ['综合保税区', ['综保区']],
  ['太原都市圈', ['太原都市区']],
  ['一核四带', ['一核四带多组团']],
  ['两极三廊', ['两极三廊五群多点']],
  ['一轴两屏', ['一轴、两屏、多廊', '一轴两屏多廊']],
];

/** The forms a query term is searched in: itself and the forms its short forms stand for. */
export function expandTerm(term: string): string[] {
  const out = new Set([term]);
  for (const [short, longs] of SHORT_FORMS) {
    if (!term.includes(short)) continue;
    for (const l of longs) out.add(term.split(short).join(l));
  }
  return [...out];
}

export interface TextHit {
  doc: string;
  /** paragraph or heading id */
  id: string;
  kind: 'p' | 'h';
  /** [start, end) of every match in the display text (paragraph text or heading title) */
  ranges: [number, number][];
  /** a heading matched by its English title */
  en?: boolean;
}

export interface SearchResult {
  hits: TextHit[];
  /** hits per document (before the limit) */
  perDoc: Record<string, number>;
  total: number;
}

const terms = (q: string, fold: Fold) =>
  fold(q.normalize('NFKC'))
    .split(/[\s,，、;；]+/u)
    .map((t) => t.trim())
    .filter((t) => t.length > 0);

/** Folded texts, computed once per block and folding function. */
const folded = new WeakMap<Fold, WeakMap<TextBlock, string>>();
function foldedOf(b: TextBlock, fold: Fold): string {
  let byBlock = folded.get(fold);
  if (!byBlock) folded.set(fold, (byBlock = new WeakMap()));
  let s = byBlock.get(b);
  if (s === undefined) byBlock.set(b, (s = fold(b.t === 'p' ? b.text : b.title)));
  return s;
}

function rangesOf(hay: string, forms: string[]): [number, number][] {
  const out: [number, number][] = [];
  for (const f of forms) {
    if (!f) continue;
    for (let at = hay.indexOf(f); at >= 0; at = hay.indexOf(f, at + f.length)) out.push([at, at + f.length]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/**
 * Every paragraph holding all the query's terms (in any of their forms), and every heading whose
 * Chinese or English title does; headings first within a document. `limit` caps the hits
 * returned, not the counts.
 */
export function searchText(text: PlanText, query: string, fold: Fold, opts: { docs?: string[]; limit?: number } = {}): SearchResult {
  const ts = terms(query, fold);
  const out: SearchResult = { hits: [], perDoc: {}, total: 0 };
  if (!ts.length || ts.every((t) => t.length < 1)) return out;
  const forms = ts.map(expandTerm);
  const limit = opts.limit ?? 200;
  const docs: TextDoc[] = opts.docs ? text.docs.filter((d) => opts.docs!.includes(d.id)) : text.docs;
  const latin = /^[a-z0-9 .,'’“”"()–-]+$/.test(ts.join(' '));
  for (const d of docs) {
    for (const b of d.blocks) {
      let hit: TextHit | null = null;
      if (b.t === 'h') {
        const zh = foldedOf(b, fold);
        const zhRanges = forms.map((f) => rangesOf(zh, f));
        if (zhRanges.every((r) => r.length)) hit = { doc: d.id, id: b.id, kind: 'h', ranges: zhRanges.flat() };
        else if (latin) {
          const en = b.en.toLowerCase();
          const enRanges = ts.map((t) => rangesOf(en, [t]));
          if (enRanges.every((r) => r.length)) hit = { doc: d.id, id: b.id, kind: 'h', ranges: enRanges.flat(), en: true };
        }
      } else {
        const hay = foldedOf(b, fold);
        const ranges = forms.map((f) => rangesOf(hay, f));
        if (ranges.every((r) => r.length)) hit = { doc: d.id, id: b.id, kind: 'p', ranges: ranges.flat().sort((a, c) => a[0] - c[0]) };
      }
      if (!hit) continue;
      out.total++;
      out.perDoc[d.id] = (out.perDoc[d.id] ?? 0) + 1;
      if (out.hits.length < limit) out.hits.push(hit);
    }
  }
  return out;
}

/** A short piece of text around the first match, with the match's place in it. */
export function snippet(s: string, range: [number, number], around = 24): { before: string; match: string; after: string } {
  const a = Math.max(0, range[0] - around);
  const b = Math.min(s.length, range[1] + around);
  return { before: (a > 0 ? '…' : '') + s.slice(a, range[0]), match: s.slice(range[0], range[1]), after: s.slice(range[1], b) + (b < s.length ? '…' : '') };
}
