/**
 * Text from imported files is shown as text (never HTML); here it is made safe to show:
 * control characters and bidi overrides/isolates are removed (a name like "\u202Egnp.exe"
 * would otherwise display reversed), whitespace is folded and length is capped.
 */

/** Bidi embedding/override/isolate controls and marks that reorder displayed text. */
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

export const MAX_TEXT = 500;

/**
 * Lone UTF-16 surrogates (half of a character, as a string cut in the wrong place leaves them) are
 * removed: UTF-8 cannot hold them (it would write U+FFFD, which the 清单 importer rightly reads as a
 * damaged encoding), and they never were text.
 */
export const wellFormed = (s: string) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');

export function hasBidiControls(s: string): boolean {
  BIDI.lastIndex = 0;
  return BIDI.test(s);
}

/** One line of plain, displayable text (undefined when nothing is left). */
export function cleanText(v: unknown, { multiline = false, max = MAX_TEXT } = {}): string | undefined {
  if (v === undefined || v === null) return undefined;
  let s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
  if (s === undefined) return undefined;
  s = wellFormed(s).replace(BIDI, '').replace(CONTROL, '').replace(/\r\n?/g, '\n');
  s = multiline ? s.replace(/[ \t]+/g, ' ') : s.replace(/\s+/g, ' ');
  s = s.trim();
  if (!s) return undefined;
  const chars = Array.from(s);
  return chars.length > max ? chars.slice(0, max).join('') : s;
}

/** A property value as stored for display: strings cleaned, numbers/booleans kept, the rest as short JSON text. */
export function cleanValue(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return cleanText(v, { multiline: true }) ?? null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  try {
    return cleanText(JSON.stringify(v)) ?? null;
  } catch {
    return null;
  }
}

/** A column / property name: cleaned, at most 64 characters, never empty. */
export function cleanKey(k: string, i: number): string {
  return cleanText(k, { max: 64 }) ?? `column_${i + 1}`;
}
