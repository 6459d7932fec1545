/**
 * The user's decks in the browser's IndexedDB (through idb-keyval), so a reload or a browser
 * restart loses nothing. One record holds all decks (they are small) and which one the planner
 * adds to. The database is the one imports use (../import/persist), each under its own key.
 * Every call resolves: a failure (private mode, quota) comes back as `false`.
 * What is read back is checked against the schema; a deck that no longer passes is left out.
 */
import { read, save } from '../import/persist';
import { Deck as DeckSchema } from './schema';
import type { Deck } from './types';

const KEY = 'presentation-decks';
const RECORD_VERSION = 1;

export interface StoredDecks {
  decks: Deck[];
  /** the deck "加入演示" adds to */
  current: string | null;
}

interface Record_ {
  version: number;
  decks: unknown[];
  current?: unknown;
}

export async function loadDecks(): Promise<StoredDecks & { available: boolean; dropped: number }> {
  const { available, value: rec } = await read<Record_>(KEY);
  if (!available) return { decks: [], current: null, available: false, dropped: 0 };
  if (!rec || !Array.isArray(rec.decks)) return { decks: [], current: null, available: true, dropped: 0 };
  const decks: Deck[] = [];
  for (const d of rec.decks) {
    const r = DeckSchema.safeParse(d);
    if (r.success) decks.push(r.data);
  }
  const current = typeof rec.current === 'string' && decks.some((d) => d.id === rec.current) ? rec.current : (decks[0]?.id ?? null);
  return { decks, current, available: true, dropped: rec.decks.length - decks.length };
}

export function saveDecks(value: StoredDecks): Promise<boolean> {
  return save(KEY, { version: RECORD_VERSION, decks: value.decks, current: value.current } satisfies Record_);
}

export async function loadDeck(id: string): Promise<Deck | undefined> {
  return (await loadDecks()).decks.find((d) => d.id === id);
}
