/**
 * The browser's IndexedDB, through idb-keyval: one database for what users make (imports, 清单
 * items and presentation decks, each under its own key). Every call resolves — a failure (private
 * mode, quota) is returned as `false`, never thrown, so the caller can say "not saved".
 */
import { createStore, get, set, del, type UseStore } from 'idb-keyval';

let store: UseStore | null | undefined;
function db(): UseStore | null {
  if (store !== undefined) return store;
  try {
    store = typeof indexedDB === 'undefined' ? null : createStore('planning-map-user', 'data');
  } catch {
    store = null;
  }
  return store;
}

/** A record and whether the store could be read at all (false: no IndexedDB, or it refused). */
export async function read<T>(key: string): Promise<{ available: boolean; value?: T }> {
  const s = db();
  if (!s) return { available: false };
  try {
    return { available: true, value: (await get<T>(key, s)) ?? undefined };
  } catch {
    return { available: false };
  }
}

export async function load<T>(key: string): Promise<T | undefined> {
  return (await read<T>(key)).value;
}

export async function save(key: string, value: unknown): Promise<boolean> {
  const s = db();
  if (!s) return false;
  try {
    await set(key, value, s);
    return true;
  } catch {
    return false;
  }
}

export async function remove(key: string): Promise<boolean> {
  const s = db();
  if (!s) return false;
  try {
    await del(key, s);
    return true;
  } catch {
    return false;
  }
}
