/**
 * Citations ⇄ paragraphs. Every feature, ledger entry and scene cites a document, a section and a
 * verbatim quote; here a citation is located in the plan text (which paragraph, where in it), and
 * the other way round a paragraph knows every feature and ledger entry that cites it.
 *
 * Pure: the app feeds it the loaded layers, ledger and scenes; the data test feeds it the files.
 */
import { displayQuote } from '../ledger/quote';
import type { PlanText, TextDoc, TextParagraph, TextHeading } from './types';
import { isParagraph } from './types';

export interface Citation {
  doc: string;
  section?: string;
  quote: string;
}

export interface Located {
  doc: string;
  para: string;
  /** the quote's place in the paragraph's display text */
  start: number;
  end: number;
}

const TAG = /<\/?[a-z][^>]*>/gi;

/** A quote as it reads in the display text: the page's pinyin and HTML tags removed. */
export const cleanQuote = (q: string) => displayQuote(q).replace(TAG, '').trim();

export const docOf = (text: PlanText, id: string): TextDoc | undefined => text.docs.find((d) => d.id === id);

export const paragraphsOf = (doc: TextDoc): TextParagraph[] => doc.blocks.filter(isParagraph);

export function blockOf(doc: TextDoc, id: string): TextParagraph | TextHeading | undefined {
  return doc.blocks.find((b) => b.id === id);
}

/** The paragraphs under a heading (its section and sub-sections), or the paragraph itself. */
export function paragraphsUnder(doc: TextDoc, id: string): TextParagraph[] {
  const i = doc.blocks.findIndex((b) => b.id === id);
  if (i < 0) return [];
  const b = doc.blocks[i];
  if (isParagraph(b)) return [b];
  const out: TextParagraph[] = [];
  for (let k = i + 1; k < doc.blocks.length; k++) {
    const x = doc.blocks[k];
    if (x.t === 'h' && x.level <= b.level) break;
    if (isParagraph(x)) out.push(x);
  }
  return out;
}

/** The heading a paragraph sits under (the innermost), if any. */
export function headingOf(doc: TextDoc, paraId: string): TextHeading | undefined {
  let h: TextHeading | undefined;
  for (const b of doc.blocks) {
    if (b.t === 'h') h = b;
    else if (b.id === paraId) return h;
  }
  return undefined;
}

/**
 * The plan's section labels a citation names: '第六章第一节、第二节；第八章第一节' →
 * 第六章第一节, 第六章第二节, 第八章第一节 (and their chapters, which match less well).
 */
export function sectionLabels(section: string): { sections: string[]; chapters: string[] } {
  const sections: string[] = [];
  const chapters: string[] = [];
  for (const part of section.split(/[；;]/)) {
    const m = /^\s*(第[一二三四五六七八九十]+章)((?:第[一二三四五六七八九十]+节、?)*)/.exec(part);
    if (!m) continue;
    chapters.push(m[1]);
    for (const s of m[2].matchAll(/第[一二三四五六七八九十]+节/g)) sections.push(m[1] + s[0]);
  }
  return { sections, chapters };
}

/** How well a paragraph's section fits the cited one: 2 the section, 1 its chapter or a looser match, 0 none. */
function sectionScore(cited: string | undefined, sec: string): number {
  if (!cited || !sec) return 0;
  const { sections, chapters } = sectionLabels(cited);
  if (sections.includes(sec)) return 2;
  if (chapters.includes(sec) || chapters.some((ch) => sec.startsWith(ch)) || cited.includes(sec)) return 1;
  return 0;
}

/**
 * Where a citation's quote stands in its document: the paragraph containing it (a quote of
 * several fragments joined by "……" is located by its first one). Where the quote occurs in more
 * than one paragraph, the one under the cited section wins. null when it is not in the text.
 */
export function locate(text: PlanText, c: Citation): Located | null {
  const doc = docOf(text, c.doc);
  if (!doc) return null;
  const q = cleanQuote(c.quote.split('……').find((f) => f.trim() !== '') ?? '');
  if (!q) return null;
  let best: Located | null = null;
  let bestScore = -1;
  for (const p of paragraphsOf(doc)) {
    const at = p.text.indexOf(q);
    if (at < 0) continue;
    const score = sectionScore(c.section, p.sec);
    if (score > bestScore) {
      best = { doc: doc.id, para: p.id, start: at, end: at + q.length };
      bestScore = score;
    }
  }
  return best;
}

/** Every place a multi-fragment quote ("……") stands, fragment by fragment (scene captions). */
export function locateAll(text: PlanText, c: Citation): Located[] {
  return c.quote
    .split('……')
    .map((f) => f.trim())
    .filter(Boolean)
    .map((f) => locate(text, { ...c, quote: f }))
    .filter((x): x is Located => x !== null);
}

// ---- what cites a paragraph -----------------------------------------------------------------

export interface FeatureRef {
  layer: string;
  id: string;
}

/** Something the app shows that cites the text. */
export type Citer =
  | { kind: 'feature'; layer: string; id: string; citations: Citation[] }
  | { kind: 'ledger'; id: string; citation: Citation }
  | { kind: 'scene'; id: string; citation: Citation };

export interface Mark {
  start: number;
  end: number;
  features: FeatureRef[];
  ledger: string[];
  scenes: string[];
}

/** doc id → paragraph id → its cited passages */
export type CitationIndex = Map<string, Map<string, Mark[]>>;

/** The citations a catalog feature carries: its source quote, and "also cited" entries naming another document. */
export function featureCitations(props: Record<string, unknown>, titleToDoc: (title: string) => string | undefined): Citation[] {
  const out: Citation[] = [];
  if (typeof props.source_doc === 'string' && typeof props.source_quote === 'string' && props.source_quote) {
    out.push({ doc: props.source_doc, section: typeof props.source_section === 'string' ? props.source_section : undefined, quote: props.source_quote });
  }
  for (const c of Array.isArray(props.also_cited) ? props.also_cited : []) {
    const m = typeof c === 'string' ? /^(.*)：“(.*)”$/su.exec(c) : null;
    if (!m) continue;
    const doc = titleToDoc(m[1]);
    const section = /（([^（）]+)）$/.exec(m[1])?.[1];
    if (doc) out.push({ doc, section, quote: m[2] });
  }
  return out;
}

/** "<source title>，<date>（<section>）" → the source's id, by its Chinese title. */
export function titleLookup(sources: Record<string, { title: { zh: string } }>): (title: string) => string | undefined {
  const entries = Object.entries(sources).sort((a, b) => b[1].title.zh.length - a[1].title.zh.length);
  return (title) => entries.find(([, s]) => title.startsWith(s.title.zh))?.[0];
}

export interface IndexResult {
  index: CitationIndex;
  /** citations that are not in the text (the data test wants none) */
  unresolved: { citer: Citer; citation: Citation }[];
}

/** Locate every citation of every citer; marks of the same passage are merged. */
export function buildCitationIndex(text: PlanText, citers: Iterable<Citer>): IndexResult {
  const index: CitationIndex = new Map();
  const unresolved: IndexResult['unresolved'] = [];
  const add = (at: Located, citer: Citer) => {
    let byPara = index.get(at.doc);
    if (!byPara) index.set(at.doc, (byPara = new Map()));
    let marks = byPara.get(at.para);
    if (!marks) byPara.set(at.para, (marks = []));
    let m = marks.find((x) => x.start === at.start && x.end === at.end);
    if (!m) marks.push((m = { start: at.start, end: at.end, features: [], ledger: [], scenes: [] }));
    if (citer.kind === 'feature') {
      if (!m.features.some((f) => f.layer === citer.layer && f.id === citer.id)) m.features.push({ layer: citer.layer, id: citer.id });
    } else if (citer.kind === 'ledger') {
      if (!m.ledger.includes(citer.id)) m.ledger.push(citer.id);
    } else if (!m.scenes.includes(citer.id)) m.scenes.push(citer.id);
  };
  const known = new Set(text.docs.map((d) => d.id));
  for (const citer of citers) {
    const cs = citer.kind === 'feature' ? citer.citations : [citer.citation];
    for (const c of cs) {
      if (!known.has(c.doc)) continue; // a dataset, not a document of the reader
      const found = citer.kind === 'scene' ? locateAll(text, c) : [locate(text, c)].filter((x): x is Located => x !== null);
      if (!found.length) unresolved.push({ citer, citation: c });
      for (const at of found) add(at, citer);
    }
  }
  for (const marks of index.values()) for (const list of marks.values()) list.sort((a, b) => a.start - b.start || b.end - a.end);
  return { index, unresolved };
}

export interface ParagraphCiters {
  features: FeatureRef[];
  ledger: string[];
  /** layers a pattern paragraph applies to as a whole (“一核四带多组团”) */
  layers: string[];
}

/** Everything that cites a paragraph — or, for a heading, any paragraph under it. */
export function citersOf(text: PlanText, index: CitationIndex, docId: string, blockId: string): ParagraphCiters {
  const doc = docOf(text, docId);
  const out: ParagraphCiters = { features: [], ledger: [], layers: [] };
  if (!doc) return out;
  const seen = new Set<string>();
  for (const p of paragraphsUnder(doc, blockId)) {
    for (const m of index.get(docId)?.get(p.id) ?? []) {
      for (const f of m.features) {
        const k = `${f.layer}/${f.id}`;
        if (!seen.has(k)) {
          seen.add(k);
          out.features.push(f);
        }
      }
      for (const l of m.ledger) if (!out.ledger.includes(l)) out.ledger.push(l);
    }
    for (const link of text.links) {
      if (link.doc === docId && link.para === p.id) for (const l of link.layers) if (!out.layers.includes(l)) out.layers.push(l);
    }
  }
  return out;
}

/**
 * A paragraph's display text cut into runs for rendering: plain, cited (a feature or ledger entry
 * cites it), and the highlighted quote. Overlapping marks are flattened; no run is empty.
 */
export interface Run {
  text: string;
  cited: boolean;
  hl: boolean;
  /** part of the paragraph's title sentence (shown bold) */
  lead?: boolean;
  /** the index of the first cited mark this run belongs to */
  mark?: number;
}

export function runsOf(text: string, marks: readonly { start: number; end: number }[], hl: readonly [number, number] | null, lead = 0): Run[] {
  const clamp = (x: number) => Math.max(0, Math.min(text.length, x));
  const cuts = new Set<number>([0, text.length]);
  for (const m of marks) {
    cuts.add(clamp(m.start));
    cuts.add(clamp(m.end));
  }
  if (hl) {
    cuts.add(clamp(hl[0]));
    cuts.add(clamp(hl[1]));
  }
  if (lead > 0) cuts.add(clamp(lead));
  const points = [...cuts].sort((a, b) => a - b);
  const runs: Run[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const [a, b] = [points[i], points[i + 1]];
    if (a === b) continue;
    const mark = marks.findIndex((m) => m.start <= a && m.end >= b);
    const run: Run = { text: text.slice(a, b), cited: mark >= 0, hl: !!hl && hl[0] <= a && hl[1] >= b };
    if (b <= lead) run.lead = true;
    if (mark >= 0) run.mark = mark;
    const prev = runs[runs.length - 1];
    if (prev && prev.cited === run.cited && prev.hl === run.hl && prev.mark === run.mark && prev.lead === run.lead) prev.text += run.text;
    else runs.push(run);
  }
  return runs;
}
