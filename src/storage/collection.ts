/**
 * A collection of items the user makes (sketches, decks, 我的数据 layers, 清单 items …), stored one
 * IndexedDB record per item under the key `[collection, id]` in the one database of ./db.ts.
 *
 * - One record per item: two tabs never overwrite each other's work — a tab writes only the items
 *   it changed, never a list it read earlier.
 * - Other tabs are told: after each write the ids go out on a BroadcastChannel
 *   (`planning-map-store`); a tab listening with `onRemote` reads those ids again and merges them.
 * - Write errors come back to the caller (`WriteResult`), never only to the console.
 * - Nothing is dropped on read: a record that no longer parses is counted (`unreadable`), left in
 *   the database, and the caller says so.
 * - A store that kept its whole list in one record (`legacyKey`) is moved to one record per item
 *   on first load, in one transaction (so two tabs opening at once move it once).
 */
import { promisifyRequest } from 'idb-keyval';
import { db, storeError, OK, UNAVAILABLE, type StoreError, type WriteResult } from './db';

export const CHANNEL = 'planning-map-store';

export interface LoadResult<T> {
  /** false: no IndexedDB, or it refused to open (the items then live for this page only) */
  available: boolean;
  items: T[];
  /** stored records that no longer parse: kept in the database, left out of `items` */
  unreadable: number;
  error?: StoreError;
}

export interface Collection<T> {
  readonly name: string;
  load(): Promise<LoadResult<T>>;
  /** The stored items with these ids, read now (an id missing from the map is not stored). */
  read(ids: readonly string[]): Promise<Map<string, T>>;
  /** Store some items and delete others, all or nothing; other tabs are told. */
  write(change: { put?: readonly T[]; remove?: readonly string[] }): Promise<WriteResult>;
  /** Store new items, failing with kind 'conflict' (and storing none) if any id is taken. */
  insert(items: readonly T[]): Promise<WriteResult>;
  /** Items stored only where their id is free (moving an older store's items in). */
  adopt(items: readonly T[]): Promise<WriteResult>;
  /** Called with the ids another tab (or another part of this page) wrote or deleted. */
  onRemote(fn: (ids: string[]) => void): () => void;
}

export interface CollectionOptions<T> {
  /** the item's id (unique in the collection) */
  id: (item: T) => string;
  /** a stored value → an item, or null when it no longer parses (never throws) */
  parse: (value: unknown) => T | null;
  /** the key of an older record holding the whole list, moved on first load */
  legacyKey?: IDBValidKey;
  /** the items of that older record */
  legacyItems?: (value: unknown) => unknown[];
}

type Message = { c: string; ids: string[]; from: string };

const instance = () => Math.random().toString(36).slice(2, 10);

export function collection<T>(name: string, opts: CollectionOptions<T>): Collection<T> {
  const me = instance();
  const keyOf = (id: string): IDBValidKey => [name, id];
  const range = () => IDBKeyRange.bound([name], [name, []]);
  let channel: BroadcastChannel | null | undefined;
  const listeners = new Set<(ids: string[]) => void>();

  const open = (): BroadcastChannel | null => {
    if (channel !== undefined) return channel;
    if (typeof BroadcastChannel === 'undefined') return (channel = null);
    channel = new BroadcastChannel(CHANNEL);
    // Node (unit tests): a listening channel must not keep the process alive
    (channel as unknown as { unref?: () => void }).unref?.();
    channel.onmessage = (e: MessageEvent<Message>) => {
      const m = e.data;
      if (!m || m.c !== name || m.from === me || !Array.isArray(m.ids)) return;
      for (const fn of listeners) fn(m.ids);
    };
    return channel;
  };
  const tell = (ids: string[]) => {
    if (ids.length) open()?.postMessage({ c: name, ids, from: me } satisfies Message);
  };

  let migrated: Promise<void> | null = null;
  const migrate = () =>
    (migrated ??= (async () => {
      const s = db();
      if (!s || opts.legacyKey === undefined) return;
      const legacyKey = opts.legacyKey;
      await s('readwrite', (store) => {
        const r = store.get(legacyKey);
        r.onsuccess = () => {
          if (r.result === undefined) return;
          for (const v of opts.legacyItems?.(r.result) ?? []) {
            const item = opts.parse(v);
            if (!item) continue;
            const key = keyOf(opts.id(item));
            const k = store.getKey(key);
            k.onsuccess = () => {
              if (k.result === undefined) store.put(item, key);
            };
          }
          store.delete(legacyKey);
        };
        return promisifyRequest(store.transaction);
      });
    })().catch(() => {
      migrated = null; // tried again on the next load
    }));

  return {
    name,
    async load() {
      const s = db();
      if (!s) return { available: false, items: [], unreadable: 0, error: UNAVAILABLE };
      try {
        await migrate();
        const values = await s('readonly', (store) => promisifyRequest(store.getAll(range())));
        const items: T[] = [];
        let unreadable = 0;
        for (const v of values) {
          const item = opts.parse(v);
          if (item) items.push(item);
          else unreadable++;
        }
        return { available: true, items, unreadable };
      } catch (e) {
        return { available: false, items: [], unreadable: 0, error: storeError(e) };
      }
    },
    async read(ids) {
      const out = new Map<string, T>();
      const s = db();
      if (!s || !ids.length) return out;
      try {
        const values = await s('readonly', (store) => Promise.all(ids.map((id) => promisifyRequest(store.get(keyOf(id))))));
        values.forEach((v, i) => {
          const item = v === undefined ? null : opts.parse(v);
          if (item) out.set(ids[i], item);
        });
      } catch {
        /* unreadable now: the caller keeps what it has */
      }
      return out;
    },
    async write({ put = [], remove = [] }) {
      if (!put.length && !remove.length) return OK;
      const s = db();
      if (!s) return { ok: false, error: UNAVAILABLE };
      try {
        await s('readwrite', (store) => {
          for (const item of put) store.put(item, keyOf(opts.id(item)));
          for (const id of remove) store.delete(keyOf(id));
          return promisifyRequest(store.transaction);
        });
      } catch (e) {
        return { ok: false, error: storeError(e) };
      }
      tell([...put.map(opts.id), ...remove]);
      return OK;
    },
    async insert(items) {
      if (!items.length) return OK;
      const s = db();
      if (!s) return { ok: false, error: UNAVAILABLE };
      let first: DOMException | null = null;
      try {
        await s('readwrite', (store) => {
          for (const item of items) {
            // the request's own error names the cause (ConstraintError); the transaction may only say AbortError
            const r = store.add(item, keyOf(opts.id(item)));
            r.onerror = () => (first ??= r.error);
          }
          return promisifyRequest(store.transaction);
        });
      } catch (e) {
        return { ok: false, error: storeError(first ?? e) };
      }
      tell(items.map(opts.id));
      return OK;
    },
    async adopt(items) {
      if (!items.length) return OK;
      const s = db();
      if (!s) return { ok: false, error: UNAVAILABLE };
      const written: string[] = [];
      try {
        await s('readwrite', (store) => {
          for (const item of items) {
            const id = opts.id(item);
            const k = store.getKey(keyOf(id));
            k.onsuccess = () => {
              if (k.result !== undefined) return;
              store.put(item, keyOf(id));
              written.push(id);
            };
          }
          return promisifyRequest(store.transaction);
        });
      } catch (e) {
        return { ok: false, error: storeError(e) };
      }
      tell(written);
      return OK;
    },
    onRemote(fn) {
      open();
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}
