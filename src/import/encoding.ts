/**
 * Byte → text as Chinese offices' files come: UTF-8 (with or without BOM), UTF-16 LE/BE (with or
 * without BOM), GBK / GB18030 (Excel's "CSV" on a Chinese Windows, most .dbf files). The browser's
 * TextDecoder does the decoding; this module only decides which one.
 */
import { ImportProblem, msg } from './messages';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'windows-1252' | 'big5';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  bom: boolean;
}

export const ENCODING_LABEL: Record<TextEncodingName, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  gb18030: 'GBK/GB18030',
  'windows-1252': 'Windows-1252',
  big5: 'Big5',
};

/** UTF-16 without a BOM: text tables are mostly ASCII (digits, commas), so one byte of each pair is 0. */
function sniffUtf16(b: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(b.length - (b.length % 2), 8192);
  if (n < 4) return undefined;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) zeroEven++;
    if (b[i + 1] === 0) zeroOdd++;
  }
  const pairs = n / 2;
  if (zeroOdd / pairs > 0.2 && zeroEven / pairs < 0.02) return 'utf-16le';
  if (zeroEven / pairs > 0.2 && zeroOdd / pairs < 0.02) return 'utf-16be';
  return undefined;
}

function tryDecode(enc: string, bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder(enc, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Detects the encoding and decodes. Throws an ImportProblem when no encoding fits. */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const text = tryDecode('utf-8', bytes.subarray(3));
    if (text !== undefined) return { text, encoding: 'utf-8', bom: true };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le', bom: true };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be', bom: true };
  const u16 = sniffUtf16(bytes);
  if (u16) {
    const text = tryDecode(u16, bytes);
    if (text !== undefined) return { text, encoding: u16, bom: false };
  }
  const utf8 = tryDecode('utf-8', bytes);
  if (utf8 !== undefined) return { text: utf8, encoding: 'utf-8', bom: false };
  // GB18030 is a superset of GBK (and GB2312): one decoder reads all three
  const gb = tryDecode('gb18030', bytes);
  if (gb !== undefined) return { text: gb, encoding: 'gb18030', bom: false };
  throw new ImportProblem(
    msg('无法识别文件的文字编码（不是 UTF-8、UTF-16、GBK 或 GB18030）', 'the text encoding is not recognised (not UTF-8, UTF-16, GBK or GB18030)'),
    msg('请用记事本或 Excel “另存为”UTF-8 编码后重新导入', 'save it as UTF-8 (Notepad or Excel “Save as”) and import it again'),
  );
}

/**
 * A code page as written in a .cpg file (or a declared encoding) → a TextDecoder label.
 * `936`, `cp936`, `ANSI 936`, `windows-936`, `GB2312` → GBK (read with the GB18030 decoder).
 */
export function normaliseCodepage(name: string | undefined): TextEncodingName | undefined {
  if (!name) return undefined;
  const v = name.trim().toLowerCase().replace(/^(ansi|cp|windows|ms)[\s_-]*/, '').replace(/[\s_]/g, '');
  if (!v) return undefined;
  if (/^(936|54936|gbk|gb2312|gb18030|gb2312-80|euc-cn|x-gbk|chinese)$/.test(v)) return 'gb18030';
  if (/^(65001|utf-?8)$/.test(v)) return 'utf-8';
  if (/^(1200|utf-?16(le)?)$/.test(v)) return 'utf-16le';
  if (/^(1201|utf-?16be)$/.test(v)) return 'utf-16be';
  if (/^(950|big5)$/.test(v)) return 'big5';
  if (/^(1252|latin-?1|iso-?8859-?1)$/.test(v)) return 'windows-1252';
  return undefined;
}

/**
 * The encoding of a .dbf: its .cpg if it names one we know; else the header's language-driver byte
 * (29): 0x4D / 0x7A = GBK (code page 936); else the bytes themselves (UTF-8 if they decode as such,
 * otherwise GBK — the usual Chinese default).
 */
export function dbfEncoding(dbf: Uint8Array, cpg?: string): { encoding: TextEncodingName; how: 'cpg' | 'ldid' | 'sniffed' } {
  const fromCpg = normaliseCodepage(cpg);
  if (fromCpg) return { encoding: fromCpg, how: 'cpg' };
  const ldid = dbf[29];
  if (ldid === 0x4d || ldid === 0x7a) return { encoding: 'gb18030', how: 'ldid' };
  if (ldid === 0x4f || ldid === 0x78) return { encoding: 'big5', how: 'ldid' };
  const headerLen = dbf.length >= 10 ? dbf[8] | (dbf[9] << 8) : 0;
  // records only: the header holds binary lengths that are not text
  const body = dbf.subarray(headerLen, Math.min(dbf.length, headerLen + 256 * 1024));
  return { encoding: tryDecode('utf-8', body) !== undefined ? 'utf-8' : 'gb18030', how: 'sniffed' };
}
