/**
 * Sketches persist in the browser's IndexedDB (database `planning-map-sketches`, store `sketches`,
 * one key holding the list): a reload or a browser restart loses nothing. Where IndexedDB is not
 * available (some private modes), `load` says so and the sketches live for the session only.
 */
import { createStore, get, set, type UseStore } from 'idb-keyval';
import { normalizeSketches, type Sketch } from './model';

const KEY = 'sketches-v1';

export interface SketchStorage {
  load(): Promise<{ sketches: Sketch[]; persistent: boolean; error?: string }>;
  save(list: readonly Sketch[]): Promise<void>;
}

export function indexedDbStorage(dbName = 'planning-map-sketches'): SketchStorage {
  let store: UseStore | null = null;
  const open = () => (store ??= createStore(dbName, 'sketches'));
  /** writes are chained so an older list never lands after a newer one */
  let queue: Promise<void> = Promise.resolve();
  return {
    async load() {
      try {
        const raw = await get(KEY, open());
        return { sketches: normalizeSketches(raw ?? []), persistent: true };
      } catch (e) {
        return { sketches: [], persistent: false, error: String((e as Error)?.message ?? e) };
      }
    },
    save(list) {
      const copy = list.map((s) => ({ ...s }));
      queue = queue.then(() => set(KEY, copy, open())).catch((e) => console.error('sketches not saved:', e));
      return queue;
    },
  };
}
