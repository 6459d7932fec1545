/**
 * The browser's IndexedDB, through idb-keyval: one database for what users make (imports here;
 * sketches and scenes may share it under their own keys). Every call resolves — a failure (private
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

export async function load<T>(key: string): Promise<T | undefined> {
  const s = db();
  if (!s) return undefined;
  try {
    return (await get<T>(key, s)) ?? undefined;
  } catch {
    return undefined;
  }
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
