/**
 * The shared store of what users make (src/storage), on an in-memory IndexedDB (fake-indexeddb):
 * one record per item, two "tabs" (two collection instances on one database) never overwrite each
 * other and hear of each other's writes, write failures come back to the caller, nothing is dropped
 * on read, and an older whole-list record is moved once. Then the sketch book on top of it: caps
 * around 2 000, a refused write that is reported and kept, undo next to another tab's sketches.
 * Browser stories with two real pages: test/browser/store.test.ts.
 */
import 'fake-indexeddb/auto';
import { describe, it, expect, afterEach, vi } from 'vitest';
import { collection } from '../../src/storage/collection';
import { db, write as writeKey, read as readKey } from '../../src/storage/db';
import { indexedDbStorage } from '../../src/sketch/persist';
import { SketchBook } from '../../src/ui/tools/sketchBook.svelte';
import { addSketch, canAddSketch, MAX_SKETCHES, updateSketch, type Sketch } from '../../src/sketch/model';

type Item = { id: string; v: number };
const parse = (x: unknown): Item | null => (x && typeof (x as Item).id === 'string' && typeof (x as Item).v === 'number' ? (x as Item) : null);
const opts = { id: (i: Item) => i.id, parse };
let n = 0;
const fresh = () => `c${++n}-${Math.random().toString(36).slice(2, 6)}`;

/** Resolves when `fn` returns true (checked after each macrotask), or fails after 2 s. */
async function until(fn: () => boolean) {
  for (let i = 0; i < 400 && !fn(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(fn()).toBe(true);
}

/** Make every put/add fail the way a full disk does (the transaction aborts with QuotaExceededError). */
function failWrites() {
  const put = IDBObjectStore.prototype.put;
  const add = IDBObjectStore.prototype.add;
  const quota = () => {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  };
  IDBObjectStore.prototype.put = quota;
  IDBObjectStore.prototype.add = quota;
  return () => {
    IDBObjectStore.prototype.put = put;
    IDBObjectStore.prototype.add = add;
  };
}
let restore: (() => void) | null = null;
afterEach(() => {
  restore?.();
  restore = null;
});

describe('collection: one record per item', () => {
  it('two tabs writing in turn keep both items (neither overwrites the other), and each hears of the other', async () => {
    const name = fresh();
    const a = collection<Item>(name, opts);
    const b = collection<Item>(name, opts);
    expect((await a.load()).items).toEqual([]);
    expect((await b.load()).items).toEqual([]);
    const heardByA: string[] = [];
    a.onRemote((ids) => heardByA.push(...ids));
    expect(await a.write({ put: [{ id: 'x', v: 1 }] })).toEqual({ ok: true });
    expect(await b.write({ put: [{ id: 'y', v: 2 }] })).toEqual({ ok: true });
    await until(() => heardByA.includes('y'));
    expect(heardByA).not.toContain('x'); // a tab is not told of its own writes
    expect((await a.load()).items.map((i) => i.id)).toEqual(['x', 'y']);
    expect([...(await a.read(['y', 'gone'])).entries()]).toEqual([['y', { id: 'y', v: 2 }]]);
    // a delete reaches the other tab too, as an id it then finds missing
    await b.write({ remove: ['x'] });
    await until(() => heardByA.filter((i) => i === 'x').length === 1);
    expect((await a.read(['x'])).size).toBe(0);
  });

  it('insert refuses an id that is taken and stores none of the batch', async () => {
    const c = collection<Item>(fresh(), opts);
    await c.write({ put: [{ id: 'import-1', v: 1 }] });
    const r = await c.insert([{ id: 'import-2', v: 2 }, { id: 'import-1', v: 9 }]);
    expect(r).toMatchObject({ ok: false, error: { kind: 'conflict' } });
    expect((await c.load()).items).toEqual([{ id: 'import-1', v: 1 }]);
    expect(await c.insert([{ id: 'import-2', v: 2 }])).toEqual({ ok: true });
  });

  it('a write the browser refuses comes back as an error (kind quota), and nothing was stored', async () => {
    const c = collection<Item>(fresh(), opts);
    restore = failWrites();
    const r = await c.write({ put: [{ id: 'a', v: 1 }] });
    expect(r).toMatchObject({ ok: false, error: { kind: 'quota' } });
    expect(await writeKey('k', 1)).toMatchObject({ ok: false, error: { kind: 'quota' } });
    restore();
    restore = null;
    expect((await c.load()).items).toEqual([]);
  });

  it('records that no longer parse are counted and kept, never dropped on read', async () => {
    const name = fresh();
    const c = collection<Item>(name, opts);
    await c.write({ put: [{ id: 'ok', v: 1 }] });
    await db()!('readwrite', (s) => {
      s.put({ broken: true }, [name, 'bad']);
      return new Promise((r) => (s.transaction.oncomplete = r));
    });
    const r = await c.load();
    expect(r).toMatchObject({ available: true, unreadable: 1 });
    expect(r.items.map((i) => i.id)).toEqual(['ok']);
    await c.load();
    expect(await db()!('readonly', (s) => new Promise((res) => (s.get([name, 'bad']).onsuccess = (e) => res((e.target as IDBRequest).result))))).toEqual({ broken: true });
  });

  it('an older whole-list record is moved to one record per item once, even with two tabs loading at once', async () => {
    const name = fresh();
    const legacyKey = `legacy-${name}`;
    await writeKey(legacyKey, [{ id: 'p', v: 1 }, { id: 'q', v: 2 }, 'garbage']);
    const legacy = { ...opts, legacyKey, legacyItems: (v: unknown) => (Array.isArray(v) ? v : []) };
    const [ra, rb] = await Promise.all([collection<Item>(name, legacy).load(), collection<Item>(name, legacy).load()]);
    expect(ra.items.map((i) => i.id)).toEqual(['p', 'q']);
    expect(rb.items.map((i) => i.id)).toEqual(['p', 'q']);
    expect((await readKey(legacyKey)).value).toBeUndefined();
  });
});

// ---- sketches ---------------------------------------------------------------------------------

const ring = [[112.3, 37.6], [112.35, 37.6], [112.35, 37.64], [112.3, 37.64], [112.3, 37.6]];
const sketch = (id: string, created = Date.now()): Sketch => ({ id, kind: 'polygon', name: id, note: '', geometry: { type: 'Polygon', coordinates: [ring] }, created, updated: created });

describe('sketch book', () => {
  it('two tabs: sketches drawn in A and then in B are both kept; B undoing its own sketch leaves A\'s', async () => {
    await db()!('readwrite', (s) => {
      s.delete(IDBKeyRange.bound(['sketches'], ['sketches', []]));
      return new Promise((r) => (s.transaction.oncomplete = r));
    });
    const a = new SketchBook(indexedDbStorage());
    const b = new SketchBook(indexedDbStorage());
    await Promise.all([a.ready, b.ready]);
    a.change((l) => addSketch(l, sketch('sk-a', 1)));
    await until(() => a.saveState === 'saved' && b.list.length === 1);
    b.change((l) => addSketch(l, sketch('sk-b', 2)));
    await until(() => b.saveState === 'saved' && a.list.length === 2);
    expect(a.list.map((s) => s.id)).toEqual(['sk-a', 'sk-b']);
    b.undo(); // B's own sketch goes; A's stays in B and in storage
    await until(() => b.saveState === 'saved' && a.list.length === 1);
    expect(b.list.map((s) => s.id)).toEqual(['sk-a']);
    expect(a.list.map((s) => s.id)).toEqual(['sk-a']);
    const reloaded = new SketchBook(indexedDbStorage());
    await reloaded.ready;
    expect(reloaded.list.map((s) => s.id)).toEqual(['sk-a']);
  });

  it('a refused write is reported (not "saved"), the sketch stays, and the next write stores it', async () => {
    const errors: string[] = [];
    const book = new SketchBook(indexedDbStorage(), (e, phase) => errors.push(`${phase}:${e.kind}`));
    await book.ready;
    restore = failWrites();
    book.change((l) => addSketch(l, sketch('sk-full')));
    await until(() => book.saveState === 'failed');
    expect(errors).toEqual(['save:quota']);
    expect(book.get('sk-full')).toBeTruthy();
    restore();
    restore = null;
    book.retry();
    await until(() => book.saveState === 'saved');
    const again = new SketchBook(indexedDbStorage());
    await again.ready;
    expect(again.get('sk-full')).toBeTruthy();
  });

  it('2 500 stored sketches (over the cap) are all read (none dropped), and an edit writes one record', async () => {
    const many = Array.from({ length: 2_500 }, (_, i) => sketch(`sk-m${String(i).padStart(5, '0')}`, i + 10));
    // stored as an earlier session left them (no tab is told)
    await db()!('readwrite', (s) => {
      for (const sk of many) s.put(sk, ['sketches', sk.id]);
      return new Promise((r) => (s.transaction.oncomplete = r));
    });
    const book = new SketchBook(indexedDbStorage());
    await book.ready;
    expect(book.list.length).toBeGreaterThanOrEqual(2_500);
    expect(canAddSketch(book.list)).toBe(false);
    const spy = vi.spyOn(IDBObjectStore.prototype, 'put');
    book.change((l) => updateSketch(l, 'sk-m00003', { name: '改名' }));
    await until(() => book.saveState === 'saved');
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
    const again = new SketchBook(indexedDbStorage());
    await again.ready;
    expect(again.list.filter((s) => s.id.startsWith('sk-m')).length).toBe(2_500);
    expect(again.get('sk-m00003')?.name).toBe('改名');
  });

  it('the cap: 1 999 sketches may take one more, 2 000 may not', () => {
    const list = Array.from({ length: MAX_SKETCHES - 1 }, (_, i) => sketch(`s${i}`, i));
    expect(canAddSketch(list)).toBe(true);
    expect(canAddSketch([...list, sketch('last')])).toBe(false);
  });
});
