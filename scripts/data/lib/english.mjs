/**
 * A record's text in English: `<key>_en`, or the text itself when it has no Chinese in it
 * (“GeoNames “Datong””). A Chinese text without English stops the build.
 */
export function basisEn(id, rec, key = 'basis') {
  const en = rec[`${key}_en`];
  if (en) return en;
  if (!/[\u4e00-\u9fff]/.test(rec[key] ?? '')) return rec[key];
  throw new Error(`${id}: ${key} is in Chinese and has no ${key}_en`);
}
