/**
 * Imported 清单 items persist in IndexedDB like everything else a user makes, one record per item
 * (collection `inventory-imported` of the shared store, src/storage): a reload keeps them, so a link
 * selecting one (`s=inventory-items/import-3`) resolves, and two tabs importing at once keep both
 * imports. New items are inserted, never overwritten: an `import-N` id another tab took meanwhile
 * is numbered again (`renumber`). Clearing is the UI's explicit action; it keeps the cleared items
 * for undo.
 */
import type { Feature } from 'geojson';
import { collection } from '../storage/collection';
import type { StoreError, WriteResult } from '../storage/db';

export const itemId = (f: Feature) => String(f.properties?.id ?? f.id ?? '');

const isItem = (v: unknown): v is Feature => {
  const f = v as Feature | null;
  return !!f && f.type === 'Feature' && f.geometry?.type === 'Point' && itemId(f) !== '';
};

export const importedItems = collection<Feature>('inventory-imported', {
  id: itemId,
  parse: (v) => (isItem(v) ? v : null),
  // the first version kept the whole list in one record under this key
  legacyKey: 'inventory-imported',
  legacyItems: (v) => (Array.isArray(v) ? v : []),
});

/** Import order: import-2 before import-10. */
export const byImport = (a: Feature, b: Feature) => itemId(a).localeCompare(itemId(b), 'en', { numeric: true });

export async function loadImported(): Promise<{ items: Feature[]; available: boolean; unreadable: number; error?: StoreError }> {
  const r = await importedItems.load();
  return { items: r.items.sort(byImport), available: r.available, unreadable: r.unreadable, error: r.error };
}

/** Items whose `import-N` id is taken get the next free numbers (the rest keep theirs). */
export function renumber(items: readonly Feature[], taken: ReadonlySet<string>): Feature[] {
  // items whose id is free keep it; the others get numbers no item uses
  const keep = new Set<string>();
  const keeps = items.map((f) => {
    const id = itemId(f);
    if (taken.has(id) || keep.has(id)) return false;
    keep.add(id);
    return true;
  });
  const used = new Set([...taken, ...keep]);
  let n = 1;
  return items.map((f, i) => {
    if (keeps[i]) return f;
    while (used.has(`import-${n}`)) n++;
    const fresh = `import-${n}`;
    used.add(fresh);
    return { ...f, id: typeof f.id === 'string' ? fresh : f.id, properties: { ...f.properties, id: fresh } };
  });
}

/**
 * Store newly imported items without overwriting any stored item: if another tab took one of their
 * ids meanwhile, its items are read, ours are numbered again and inserted once more.
 */
export async function insertImported(items: readonly Feature[], taken: ReadonlySet<string>): Promise<{ items: Feature[]; result: WriteResult }> {
  let mine = renumber(items, taken);
  for (let attempt = 0; ; attempt++) {
    const result = await importedItems.insert(mine);
    if (result.ok || result.error.kind !== 'conflict' || attempt >= 3) return { items: mine, result };
    const stored = (await importedItems.load()).items.map(itemId);
    mine = renumber(items, new Set([...taken, ...stored]));
  }
}
