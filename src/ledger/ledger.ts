/**
 * The completeness ledger (public/data/ledger.json, built by scripts/data/build-ledger.mjs): every
 * named item of the plan, with its clause, and either the features that draw it or why it is not
 * drawn and which counties it concerns. Pure queries here; loading is one cached fetch.
 */
import type { Phase } from '../time/stops';
export type LedgerStatus = 'mapped' | 'partial' | 'schematic' | 'unmapped';
export type LedgerReason = 'no-location' | 'not-found' | 'extent-unknown' | 'no-route' | 'not-a-place';

export interface LedgerItem {
  id: string;
  name: string;
  name_en: string;
  doc: string;
  section: string;
  /** '第三章' … for the plan; the source id for the other documents */
  chapter: string;
  type: string;
  status: LedgerStatus;
  quote: string;
  /** 'layer/feature-id' refs of the features that draw it (mapped / schematic) */
  features?: string[];
  reason?: LedgerReason;
  why?: string;
  why_en?: string;
  /** partial: what of the item the drawing leaves out */
  missing?: string;
  missing_en?: string;
  counties?: string[];
  cities?: string[];
  /** plan elements it belongs to ('layer/feature-id') */
  within?: string[];
  /** the plan period it is due in (scripts/data/facts/phases.json) and the clause that states it */
  phase?: Phase;
  phase_basis?: { doc: string; section: string; quote: string; why?: string };
}

/** Why an item is not (fully) drawn, in the UI's language: its 'why', or for a partly mapped item what is missing. */
export function ledgerNote(item: Pick<LedgerItem, 'why' | 'why_en' | 'missing' | 'missing_en'>, lang: 'zh' | 'en'): string {
  return (lang === 'en' ? (item.why_en ?? item.missing_en) : (item.why ?? item.missing)) ?? '';
}

export interface Ledger {
  counts: Record<LedgerStatus, number>;
  chapters: string[];
  items: LedgerItem[];
}

let cache: Promise<Ledger> | null = null;

/** One fetch per session (retried after a failure). */
export function loadLedger(url = 'data/ledger.json'): Promise<Ledger> {
  if (!cache) {
    cache = fetch(new URL(url, document.baseURI).href)
      .then(async (r) => {
        if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
        const json = (await r.json()) as Ledger;
        if (!Array.isArray(json?.items)) throw new Error(`${url}: not a ledger`);
        return json;
      })
      .catch((e) => {
        cache = null;
        throw e;
      });
  }
  return cache;
}

const ref = (layer: string, id: string) => `${layer}/${id}`;

/** Items a feature draws, and items that belong to it (its 'within'), the feature's own first. */
export function itemsForFeature(ledger: Ledger, layer: string, id: string): { drawn: LedgerItem[]; within: LedgerItem[] } {
  const r = ref(layer, id);
  return {
    drawn: ledger.items.filter((i) => i.features?.includes(r)),
    within: ledger.items.filter((i) => i.within?.includes(r) && !i.features?.includes(r)),
  };
}

/** Items the plan names in a county that are not on the map ("规划提及、未上图"). */
export function unmappedInCounty(ledger: Ledger, code: string): LedgerItem[] {
  return ledger.items.filter((i) => i.status === 'unmapped' && i.counties?.includes(code));
}

/** Items the plan names for a whole city that are not on the map. */
export function unmappedInCity(ledger: Ledger, city: string): LedgerItem[] {
  const short = city.replace(/市$/, '');
  return ledger.items.filter((i) => i.status === 'unmapped' && i.cities?.includes(short));
}

export interface LedgerFilter {
  query?: string;
  chapter?: string;
  status?: LedgerStatus;
}

const norm = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

/** The ledger table's rows: text search over name, English name, quote and reason; chapter and status filters. */
export function filterLedger(items: LedgerItem[], f: LedgerFilter): LedgerItem[] {
  const q = f.query ? norm(f.query) : '';
  return items.filter(
    (i) =>
      (!f.chapter || i.chapter === f.chapter) &&
      (!f.status || i.status === f.status) &&
      (!q || [i.name, i.name_en, i.quote, i.why ?? '', i.why_en ?? '', i.section].some((s) => norm(s).includes(q))),
  );
}

export function countStatuses(items: LedgerItem[]): Record<LedgerStatus, number> {
  const out: Record<LedgerStatus, number> = { mapped: 0, partial: 0, schematic: 0, unmapped: 0 };
  for (const i of items) out[i.status]++;
  return out;
}
