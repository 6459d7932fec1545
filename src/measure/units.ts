/**
 * Lengths and areas as a planner reads them: m or km; m², km², 公顷 (hectares) and 亩.
 * 1 公顷 = 10 000 m²; 1 亩 = 10 000 / 15 m² (≈ 666.67 m², the statutory 市亩).
 */
export type Lang = 'zh' | 'en';

export const M2_PER_HECTARE = 10_000;
export const M2_PER_MU = 10_000 / 15;

const num = (n: number, digits: number, lang: Lang) =>
  n.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Digits that keep about 3–4 significant figures. */
const digitsFor = (n: number) => (n >= 100 ? 0 : n >= 10 ? 1 : 2);

/** "850 m", "12.35 km", "123.4 km" */
export function formatLength(m: number, lang: Lang = 'zh'): string {
  if (!Number.isFinite(m) || m < 0) return '—';
  if (m < 1000) return `${num(m, m < 10 ? 1 : 0, lang)} m`;
  const km = m / 1000;
  // to 10 m below 100 km, 100 m above: enough to check a distance, not more than a map gives
  return `${num(km, km >= 100 ? 1 : 2, lang)} km`;
}

export interface AreaParts {
  /** m² below 1 km², else km² */
  metric: string;
  hectares: string;
  mu: string;
}

/** One area in the three units a planner uses. */
export function areaParts(m2: number, lang: Lang = 'zh'): AreaParts {
  if (!Number.isFinite(m2) || m2 < 0) return { metric: '—', hectares: '—', mu: '—' };
  const km2 = m2 / 1e6;
  const metric = m2 < 1e6 ? `${num(m2, 0, lang)} m²` : `${num(km2, digitsFor(km2), lang)} km²`;
  const ha = m2 / M2_PER_HECTARE;
  const mu = m2 / M2_PER_MU;
  return {
    metric,
    hectares: `${num(ha, digitsFor(ha), lang)} ${lang === 'zh' ? '公顷' : 'ha'}`,
    mu: `${num(mu, digitsFor(mu), lang)} ${lang === 'zh' ? '亩' : 'mu'}`,
  };
}

/** "12.3 km² · 1,234 公顷 · 18,510 亩" */
export function formatArea(m2: number, lang: Lang = 'zh'): string {
  const p = areaParts(m2, lang);
  return `${p.metric} · ${p.hectares} · ${p.mu}`;
}

/** "37.6175°N, 112.3258°E" */
export function formatLonLat(lon: number, lat: number): string {
  return `${Math.abs(lat).toFixed(4)}°${lat >= 0 ? 'N' : 'S'}, ${Math.abs(lon).toFixed(4)}°${lon >= 0 ? 'E' : 'W'}`;
}
