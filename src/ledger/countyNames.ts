/** County names by code (zh full name and English), from the base counties file (one cached fetch). */
import { loadData } from '../engine/dataStore';

export interface CountyName {
  zh: string;
  en: string;
}

let cache: Promise<Map<string, CountyName>> | null = null;

export function loadCountyNames(): Promise<Map<string, CountyName>> {
  if (!cache) {
    cache = loadData('data/base/counties.geojson')
      .then((fc) => new Map(fc.features.map((f) => {
        const p = f.properties ?? {};
        return [String(p.code), { zh: String(p.name_full ?? p.name), en: String(p.name_en ?? p.name) }] as const;
      })))
      .catch((e) => {
        cache = null;
        throw e;
      });
  }
  return cache;
}

/** zh county name → English (for valueText), from the loaded map. */
export function countyEnLookup(names: Map<string, CountyName>): (zh: string) => string | undefined {
  const byZh = new Map([...names.values()].map((n) => [n.zh, n.en]));
  return (zh) => byZh.get(zh);
}
