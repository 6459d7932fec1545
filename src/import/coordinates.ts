/**
 * One coordinate value as people write it: decimal degrees (112.55, "112.55°E"), 度分秒
 * ("112°33′15″E", "112度33分15秒", "东经112°33′"), 度分 ("112°33.25′", "112度33.25分"),
 * colon or space separated ("112:33:15", "112 33 15"), full-width digits; or a projected metre
 * value (returned as a plain number: the CRS step decides what it is).
 */
export type CoordForm = 'decimal' | 'dms' | 'dm';
export type CoordParse =
  | { ok: true; value: number; form: CoordForm }
  | { ok: false; kind: 'missing' | 'nan' | 'comma' | 'minutes' | 'hemisphere'; raw: string };

const HEMI_PREFIX = /^(东经|西经|北纬|南纬|[NSEW])\s*/;
// upper-case letters only: a lower-case s after a number is a seconds mark
const HEMI_SUFFIX = /\s*(东经|西经|北纬|南纬|[NSEW]|东|西|北|南)$/;
const NEGATIVE = /^(西经|南纬|w|s|西|南)$/i;

/** Parse one coordinate. `axis` lets a hemisphere letter be checked (N/S on a longitude is an error). */
export function parseCoordinate(v: unknown, axis?: 'lon' | 'lat'): CoordParse {
  if (typeof v === 'number') return Number.isFinite(v) ? { ok: true, value: v, form: 'decimal' } : { ok: false, kind: 'nan', raw: String(v) };
  if (v === undefined || v === null) return { ok: false, kind: 'missing', raw: '' };
  const raw = String(v);
  let s = raw.normalize('NFKC').trim();
  if (!s) return { ok: false, kind: 'missing', raw };
  // hemisphere
  let hemi: string | undefined;
  const pre = HEMI_PREFIX.exec(s);
  if (pre) {
    hemi = pre[1];
    s = s.slice(pre[0].length);
  } else {
    const suf = HEMI_SUFFIX.exec(s);
    if (suf) {
      hemi = suf[1];
      s = s.slice(0, s.length - suf[0].length);
    }
  }
  if (hemi && axis) {
    const h = hemi.toLowerCase();
    const isLat = /^(n|s|北纬|南纬|北|南)$/.test(h);
    if (isLat !== (axis === 'lat')) return { ok: false, kind: 'hemisphere', raw };
  }
  let sign = hemi && NEGATIVE.test(hemi) ? -1 : 1;
  s = s.trim();
  if (s.startsWith('-')) {
    sign = -sign;
    s = s.slice(1).trim();
  } else if (s.startsWith('+')) s = s.slice(1).trim();

  // plain decimal (a trailing degree sign allowed)
  const dec = s.replace(/\s*(°|度)$/, '');
  if (/^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(dec)) return { ok: true, value: sign * Number(dec), form: 'decimal' };
  if (/^\d+,\d+$/.test(dec)) return { ok: false, kind: 'comma', raw };

  // degrees, minutes, seconds with markers, colons or spaces
  const marked = s
    .replace(/(″|"|”|“|′′|''|’’|秒)/g, ' s ')
    .replace(/(′|'|’|‘|分)/g, ' m ')
    .replace(/(°|度|º|˚)/g, ' d ')
    .replace(/:/g, ' ')
    .trim();
  const tokens = marked.split(/\s+/);
  const parts: { n: number; unit?: 'd' | 'm' | 's'; decimal: boolean }[] = [];
  for (const t of tokens) {
    if (t === 'd' || t === 'm' || t === 's') {
      const last = parts[parts.length - 1];
      if (!last || last.unit) return { ok: false, kind: 'nan', raw };
      last.unit = t;
    } else if (/^(\d+\.?\d*|\.\d+)$/.test(t)) parts.push({ n: Number(t), decimal: t.includes('.') });
    else return { ok: false, kind: 'nan', raw };
  }
  if (parts.length < 2 || parts.length > 3) return { ok: false, kind: 'nan', raw };
  const order: ('d' | 'm' | 's')[] = ['d', 'm', 's'];
  parts.forEach((p, i) => (p.unit ??= order[i]));
  if (parts.some((p, i) => p.unit !== order[i])) return { ok: false, kind: 'nan', raw };
  const [d, m, sec] = parts;
  // only the last part may carry decimals; minutes and seconds below 60
  if (parts.slice(0, -1).some((p) => p.decimal)) return { ok: false, kind: 'nan', raw };
  if (m.n >= 60 || (sec && sec.n >= 60)) return { ok: false, kind: 'minutes', raw };
  const value = d.n + m.n / 60 + (sec ? sec.n / 3600 : 0);
  return { ok: true, value: sign * value, form: sec ? 'dms' : 'dm' };
}
