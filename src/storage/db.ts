/**
 * The browser's IndexedDB, through idb-keyval: one database (`planning-map-user`, object store
 * `data`) for everything users make — sketches, 我的数据 layers, presentation decks, imported 清单
 * items. Items live one record per item in collections (./collection.ts, keys `[collection, id]`);
 * large blobs such as an imported layer's features are plain keyed records (`read`/`write` here).
 *
 * Every call resolves: a failure is returned, never thrown, as a `StoreError` whose kind says what
 * the user can do (storage full, storage refused, another writer was first), so every caller can
 * say "not saved" instead of "saved".
 */
import { createStore, get, set, del, type UseStore } from 'idb-keyval';
import type { Msg } from '../import/messages';

export const DB_NAME = 'planning-map-user';
export const STORE_NAME = 'data';

export type StoreErrorKind = 'quota' | 'unavailable' | 'conflict' | 'failed';
export interface StoreError {
  kind: StoreErrorKind;
  /** the browser's own words, for the console and details */
  message: string;
}
export type WriteResult = { ok: true } | { ok: false; error: StoreError };
export const OK: WriteResult = { ok: true };

let store: UseStore | null | undefined;
/** The object store, or null when the browser has no IndexedDB (some private modes, old browsers). */
export function db(): UseStore | null {
  if (store !== undefined) return store;
  try {
    store = typeof indexedDB === 'undefined' ? null : createStore(DB_NAME, STORE_NAME);
  } catch {
    store = null;
  }
  return store;
}

/** What went wrong, from whatever IndexedDB threw or aborted with. */
export function storeError(e: unknown): StoreError {
  const err = e as { name?: string; message?: string } | null | undefined;
  const name = err?.name ?? '';
  const message = String(err?.message ?? e ?? 'unknown error');
  if (name === 'QuotaExceededError' || /quota/i.test(message)) return { kind: 'quota', message };
  if (name === 'ConstraintError') return { kind: 'conflict', message };
  if (name === 'InvalidStateError' || name === 'SecurityError' || name === 'UnknownError' || name === 'NotFoundError' || name === 'VersionError') return { kind: 'unavailable', message };
  return { kind: 'failed', message };
}

export const UNAVAILABLE: StoreError = { kind: 'unavailable', message: 'IndexedDB is not available' };

/** One sentence for the user: why nothing was stored. */
export function failureText(e: StoreError): Msg {
  switch (e.kind) {
    case 'quota':
      return { zh: '浏览器的存储空间已满', en: "the browser's storage is full" };
    case 'unavailable':
      return { zh: '浏览器不允许保存（隐私模式或存储已被禁用）', en: 'the browser does not allow storing (private mode, or storage is turned off)' };
    case 'conflict':
      return { zh: '另一个标签页同时写入了同一条记录', en: 'another tab wrote the same record at the same time' };
    default:
      return { zh: `浏览器存储写入失败（${e.message}）`, en: `writing to the browser's storage failed (${e.message})` };
  }
}

/** A keyed record and whether the store could be read at all (false: no IndexedDB, or it refused). */
export async function read<T>(key: IDBValidKey): Promise<{ available: boolean; value?: T; error?: StoreError }> {
  const s = db();
  if (!s) return { available: false, error: UNAVAILABLE };
  try {
    return { available: true, value: (await get<T>(key, s)) ?? undefined };
  } catch (e) {
    return { available: false, error: storeError(e) };
  }
}

export async function write(key: IDBValidKey, value: unknown): Promise<WriteResult> {
  const s = db();
  if (!s) return { ok: false, error: UNAVAILABLE };
  try {
    await set(key, value, s);
    return OK;
  } catch (e) {
    return { ok: false, error: storeError(e) };
  }
}

export async function remove(key: IDBValidKey): Promise<WriteResult> {
  const s = db();
  if (!s) return { ok: false, error: UNAVAILABLE };
  try {
    await del(key, s);
    return OK;
  } catch (e) {
    return { ok: false, error: storeError(e) };
  }
}
