/**
 * Quotes are kept verbatim in the data (tests check them against the seeds). Seed 004 was scraped
 * from a page that prints the pinyin of some characters inline ("發(fā)展"); for display the
 * pinyin in brackets after a Chinese character is dropped ("發展"). Nothing else changes.
 */
const CJK = '\\u3400-\\u9fff\\uf900-\\ufaff';
const PINYIN_SYLLABLE = "[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,7}";
// a CJK character followed by "(pinyin)" or "(pinyin pinyin)" with at least one tone mark or ü
const INLINE_PINYIN = new RegExp(`(?<=[${CJK}])\\((?=[^)]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ])${PINYIN_SYLLABLE}(?: ${PINYIN_SYLLABLE})*\\)`, 'gu');

/** The quote as a reader should see it: the scraped page's inline pinyin removed. */
export function displayQuote(text: string): string {
  return text.replace(INLINE_PINYIN, '');
}

/** True when the text still carries the scraped page's inline pinyin. */
export function hasInlinePinyin(text: string): boolean {
  INLINE_PINYIN.lastIndex = 0;
  const found = INLINE_PINYIN.test(text);
  INLINE_PINYIN.lastIndex = 0;
  return found;
}
