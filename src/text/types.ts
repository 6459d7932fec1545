/**
 * The plan text as data (public/data/text/documents.json, built from the seeds by
 * scripts/data/build-text.mjs): documents of headings and paragraphs with stable ids.
 */

/** 现行 (in force) · news report · earlier policy */
export type DocStatus = 'current' | 'news' | 'earlier';

export interface TextHeading {
  t: 'h';
  /** stable id: 'ch3', 'ch3-s1', 'part2', 's1' … */
  id: string;
  /** 1 = 章 / part, 2 = 节 / sub-part */
  level: 1 | 2;
  /** '第三章', '第一节' (the plan's numbering; other documents number inside the title) */
  num?: string;
  title: string;
  en: string;
  /** the seed line where the display title differs from it */
  v?: string;
  /** 1-based line of the seed */
  line: number;
}

export interface TextParagraph {
  t: 'p';
  /** stable id: 'ch3-p1' (chapter 3's opening paragraph), 'ch3-s1-p1', 'part2-p2', 'p5' … */
  id: string;
  /** the section it belongs to as citations write it: '第三章第一节', '二、主要舉措（二）' … ('' before any) */
  sec: string;
  /** display text: the seed line without the page's inline pinyin, HTML tags and stated repairs */
  text: string;
  /** the verbatim seed line, where it differs from `text` */
  v?: string;
  /** length of the paragraph's title sentence ("太原榆次太谷发展核。"), shown in bold */
  lead?: number;
  /** 'sign': a signature or date line */
  style?: 'sign';
  line: number;
}

export type TextBlock = TextHeading | TextParagraph;

export interface TextDoc {
  id: string;
  title: string;
  title_en: string;
  issuer: string;
  issuer_en: string;
  /** 文号, e.g. 晋政办发〔2022〕89号; null when the source gives none */
  number: string | null;
  number_note?: string;
  number_note_en?: string;
  /** ISO date of publication */
  date: string;
  dates_note?: string;
  dates_note_en?: string;
  status: DocStatus;
  /** the script the seed is written in (search matches both) */
  script: 'simplified' | 'traditional';
  origin: string;
  origin_en: string;
  file: string;
  paragraphs: number;
  blocks: TextBlock[];
}

/** A paragraph that states a pattern of the plan by its short name; it applies to whole layers. */
export interface PatternLink {
  doc: string;
  para: string;
  quote: string;
  layers: string[];
}

export interface PlanText {
  version: number;
  docs: TextDoc[];
  links: PatternLink[];
  repairs: { doc: string; from: string; to: string }[];
}

export const isParagraph = (b: TextBlock): b is TextParagraph => b.t === 'p';
export const isHeading = (b: TextBlock): b is TextHeading => b.t === 'h';
