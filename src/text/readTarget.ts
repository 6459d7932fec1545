/**
 * Where “在规划文本中查看 / Read in the plan” opens the reader for a citation: the paragraph holding
 * its quote, with the quote highlighted — or, when the quote is not in the text, the document's
 * contents (the reader says so).
 */
import { loadPlanText } from './load';
import { locate, type Citation } from './citations';

export interface ReadTarget {
  doc: string;
  para: string | null;
  hl: [number, number] | null;
}

export async function readTarget(c: Citation): Promise<ReadTarget> {
  const text = await loadPlanText();
  const at = locate(text, c);
  return at ? { doc: at.doc, para: at.para, hl: [at.start, at.end] } : { doc: c.doc, para: null, hl: null };
}

/** Documents the reader holds (sources with a seed file that are documents, not datasets). */
export const isReadable = (source: { kind: string; file?: string } | undefined) => !!source?.file && source.kind !== 'dataset';
