/**
 * The completeness ledger (public/data/ledger.json; its type and the app's loader are in
 * src/ledger/ledger.ts): every named item of the plan, either mapped or "named in the plan, not
 * mapped" with the reason and — where the text says — the counties (codes) or cities (short
 * names, e.g. 太原) it concerns. A report lists the unmapped items of the place's county and
 * city. The report worker reads the file itself (no DOM there), checking each item; if the file
 * cannot be read the report says the section is unknown.
 */
import type { LedgerItem, LedgerReason } from '../ledger/ledger';
import { isPhase } from '../time/stops';
export type { LedgerItem };

export const LEDGER_PATH = 'data/ledger.json';

/** Accepts the ledger file (or anything): the valid items, never throws. */
export function parseLedger(json: unknown): LedgerItem[] {
  const items = (json && typeof json === 'object' && Array.isArray((json as { items?: unknown }).items) ? (json as { items: unknown[] }).items : []) as unknown[];
  const strs = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);
  return items.flatMap((x) => {
    if (!x || typeof x !== 'object') return [];
    const i = x as Record<string, unknown>;
    if (typeof i.id !== 'string' || typeof i.name !== 'string' || typeof i.doc !== 'string') return [];
    const status = i.status === 'mapped' || i.status === 'partial' || i.status === 'schematic' || i.status === 'unmapped' ? i.status : null;
    if (!status) return [];
    const s = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const item: LedgerItem = {
      id: i.id,
      name: i.name,
      name_en: s(i.name_en) ?? '',
      doc: i.doc,
      section: s(i.section) ?? '',
      chapter: s(i.chapter) ?? '',
      type: s(i.type) ?? '',
      status,
      quote: s(i.quote) ?? '',
      reason: s(i.reason) as LedgerReason | undefined,
      why: s(i.why),
      why_en: s(i.why_en),
      missing: s(i.missing),
      missing_en: s(i.missing_en),
      counties: strs(i.counties),
      cities: strs(i.cities),
      features: strs(i.features),
      ...(isPhase(i.phase) ? { phase: i.phase } : {}),
    };
    return [item];
  });
}

/** "太原市" → "太原" (the ledger names cities by their short name). */
export const cityShortName = (name: string) => name.replace(/市$/, '');

/** Unmapped items that concern any of the given counties or cities. */
export function unmappedFor(items: readonly LedgerItem[], countyCodes: readonly string[], cityNames: readonly string[]): LedgerItem[] {
  const counties = new Set(countyCodes);
  const cities = new Set(cityNames.map(cityShortName));
  return items.filter((i) => i.status === 'unmapped' && (i.counties?.some((c) => counties.has(c)) || i.cities?.some((c) => cities.has(cityShortName(c)))));
}
