/**
 * Sketches persist in the browser's IndexedDB, one record per sketch (collection `sketches` of the
 * shared store, src/storage): a reload or a browser restart loses nothing, and two tabs drawing at
 * once keep both tabs' sketches (each writes only what it changed; the other tab is told and reads
 * it). Where IndexedDB is not available (some private modes) `load` says so and the sketches live
 * for the session only. Sketches of the first version (one list in the database
 * `planning-map-sketches`) are moved over on first load.
 */
import { createStore, del, get, type UseStore } from 'idb-keyval';
import { collection, type Collection } from '../storage/collection';
import type { StoreError, WriteResult } from '../storage/db';
import { normalizeSketch, sortSketches, type Sketch } from './model';

export interface SketchStorage {
  load(): Promise<{ sketches: Sketch[]; persistent: boolean; unreadable: number; error?: StoreError }>;
  /** Store changed sketches and delete removed ones (all or nothing). */
  write(change: { put: readonly Sketch[]; remove: readonly string[] }): Promise<WriteResult>;
  /** The stored sketches with these ids, read now (missing = not stored). */
  read(ids: readonly string[]): Promise<Map<string, Sketch>>;
  /** Ids another tab wrote or deleted. */
  onRemote(fn: (ids: string[]) => void): () => void;
}

const LEGACY_DB = 'planning-map-sketches';
const LEGACY_KEY = 'sketches-v1';

/** Sketches of the first version, moved into the collection (kept where an id is already there), then deleted. */
async function moveLegacy(into: Collection<Sketch>) {
  // opening a database creates it: look first, so a new browser gets no empty legacy database
  const names = (await indexedDB.databases?.().catch(() => []))?.map((d) => d.name) ?? [];
  if (!names.includes(LEGACY_DB)) return;
  const old: UseStore = createStore(LEGACY_DB, 'sketches');
  const list = await get<unknown[]>(LEGACY_KEY, old);
  if (!Array.isArray(list)) return;
  const sketches = list.map(normalizeSketch).filter((s): s is Sketch => !!s);
  if ((await into.adopt(sketches)).ok) await del(LEGACY_KEY, old);
}

export function indexedDbStorage(): SketchStorage {
  const sketches = collection<Sketch>('sketches', { id: (s) => s.id, parse: normalizeSketch });
  return {
    async load() {
      try {
        if (typeof indexedDB !== 'undefined') await moveLegacy(sketches);
      } catch {
        /* the old list stays where it is and is tried again next time */
      }
      const r = await sketches.load();
      return { sketches: sortSketches(r.items), persistent: r.available, unreadable: r.unreadable, error: r.error };
    },
    write: ({ put, remove }) => sketches.write({ put, remove }),
    read: (ids) => sketches.read(ids),
    onRemote: (fn) => sketches.onRemote(fn),
  };
}
