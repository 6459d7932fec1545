/**
 * The user's decks in the browser's IndexedDB, one record per deck (collection `decks` of the shared
 * store, src/storage), so a reload or a browser restart loses nothing and two tabs editing decks
 * keep both tabs' work (each writes only the decks it changed; the other tab is told and reads them).
 * Which deck "加入演示" adds to is one more record (`deck-prefs/current`).
 * What is read back is checked against the schema; a deck that no longer passes is counted, kept
 * in the database and left out of the list (the panel says how many).
 */
import { collection } from '../storage/collection';
import { read as readKey, type StoreError, type WriteResult } from '../storage/db';
import { Deck as DeckSchema } from './schema';
import type { Deck } from './types';

/** the first version's single record: { version, decks, current } */
const LEGACY_KEY = 'presentation-decks';

export interface StoredDecks {
  decks: Deck[];
  /** the deck "加入演示" adds to */
  current: string | null;
}

const parseDeck = (v: unknown): Deck | null => {
  const r = DeckSchema.safeParse(v);
  return r.success ? r.data : null;
};

export const decksCollection = () =>
  collection<Deck>('decks', {
    id: (d) => d.id,
    parse: parseDeck,
    legacyKey: LEGACY_KEY,
    legacyItems: (v) => ((v as { decks?: unknown } | null)?.decks as unknown[]) ?? [],
  });

type Pref = { id: 'current'; deck: string | null };
const prefs = collection<Pref>('deck-prefs', {
  id: (p) => p.id,
  parse: (v) => (v && (v as Pref).id === 'current' ? { id: 'current', deck: typeof (v as Pref).deck === 'string' ? (v as Pref).deck : null } : null),
});

const byCreated = (a: Deck, b: Deck) => {
  const x = a.created ?? '';
  const y = b.created ?? '';
  return x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : 1;
};

export async function loadDecks(): Promise<StoredDecks & { available: boolean; dropped: number; error?: StoreError }> {
  // the first version's "current" deck, before its record is moved
  const legacy = (await readKey<{ current?: unknown }>(LEGACY_KEY)).value;
  const r = await decksCollection().load();
  if (!r.available) return { decks: [], current: null, available: false, dropped: 0, error: r.error };
  const decks = r.items.sort(byCreated);
  const pref = (await prefs.load()).items[0]?.deck ?? (typeof legacy?.current === 'string' ? legacy.current : null);
  const current = pref && decks.some((d) => d.id === pref) ? pref : (decks[0]?.id ?? null);
  return { decks, current, available: true, dropped: r.unreadable };
}

export const saveCurrentDeck = (current: string | null): Promise<WriteResult> => prefs.write({ put: [{ id: 'current', deck: current }] });

export async function loadDeck(id?: string): Promise<Deck | undefined> {
  const { decks, current } = await loadDecks();
  return decks.find((d) => d.id === (id ?? current));
}

export { byCreated as deckOrder };
