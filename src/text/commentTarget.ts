/**
 * A clause of the plan text as the target of a citizen's comment (“提意见 / Comment” in the
 * reader): the document, where the paragraph stands as a reader counts it (第三章第一节 ¶2 —
 * what the office finds in the printed plan), its title sentence, and the highlighted quote when
 * the reader was opened at one. The comments server (server/comments/routes.ts) takes exactly
 * this shape and keeps it with the comment.
 */
import type { CommentTarget } from '../comments/types';
import { headingOf } from './citations';
import type { TextDoc, TextParagraph } from './types';

/** the server's limits (server/comments/routes.ts targetSchema) */
const MAX_SECTION = 200;
const MAX_TITLE = 200;
const MAX_QUOTE = 1000;
/** a paragraph without a title sentence is named by its opening words */
const OPENING = 40;

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** "第三章第一节 ¶2": the paragraph's section (or heading, or document) and its number in it */
export function clauseSection(doc: TextDoc, p: TextParagraph): string {
  const n = /p(\d+)$/.exec(p.id)?.[1];
  const where = p.sec || headingOf(doc, p.id)?.title || doc.title;
  return cut(n ? `${where} ¶${n}` : where, MAX_SECTION);
}

/** the paragraph's title sentence (“太原榆次太谷发展核。”), else its opening words */
export function clauseTitle(p: TextParagraph): string {
  const t = p.lead ? p.text.slice(0, p.lead) : p.text;
  return cut(t.trim(), p.lead ? MAX_TITLE : OPENING);
}

export function clauseCommentTarget(
  doc: TextDoc,
  p: TextParagraph,
  hl: [number, number] | null = null,
): { target: Extract<CommentTarget, { kind: 'clause' }>; about: string } {
  const section = clauseSection(doc, p);
  const title = clauseTitle(p);
  const quote = hl ? cut(p.text.slice(hl[0], hl[1]), MAX_QUOTE) : '';
  return {
    target: { kind: 'clause', doc: doc.id, section, ...(title ? { title } : {}), ...(quote ? { quote } : {}) },
    about: `《${doc.title}》${section}${title ? ` · ${title}` : ''}`,
  };
}
