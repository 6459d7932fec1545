/**
 * Decks and imported 清单 items on the shared store (src/storage, in-memory IndexedDB from
 * fake-indexeddb): the first version's single records move to one record per item; another tab's
 * items are never overwritten.
 */
import 'fake-indexeddb/auto';
import { describe, it, expect } from 'vitest';
import { write as writeKey, read as readKey } from '../../src/storage/db';
import { loadDecks, decksCollection } from '../../src/scenes/deckStore';
import { createDeck } from '../../src/scenes/deckEdit';
import { insertImported, importedItems, loadImported, renumber } from '../../src/inventory/importedStore';
import type { Feature } from 'geojson';

describe('decks and imported 清单 items', () => {
  it('decks of the first version (one record) move to one record per deck, keeping which is current', async () => {
    const a = createDeck({ zh: '甲', en: 'A' }, 'deck-a', '2026-01-01T00:00:00Z');
    const b = createDeck({ zh: '乙', en: 'B' }, 'deck-b', '2026-01-02T00:00:00Z');
    await writeKey('presentation-decks', { version: 1, decks: [a, b, { id: 'broken' }], current: 'deck-b' });
    const r = await loadDecks();
    expect(r.decks.map((d) => d.id)).toEqual(['deck-a', 'deck-b']);
    expect(r.current).toBe('deck-b');
    expect((await readKey('presentation-decks')).value).toBeUndefined();
    // another tab's new deck and this tab's edit of deck A: both kept
    const other = decksCollection();
    await other.write({ put: [createDeck({ zh: '丙', en: 'C' }, 'deck-c', '2026-01-03T00:00:00Z')] });
    await decksCollection().write({ put: [{ ...a, title: { zh: '甲（改）', en: 'A2' } }] });
    const again = await loadDecks();
    expect(again.decks.map((d) => d.title.zh)).toEqual(['甲（改）', '乙', '丙']);
  });

  const item = (id: string): Feature => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [112.5, 37.8] }, properties: { id, name: id, category: 'wetland' } });

  it('an imported item never overwrites another tab\'s: a taken import-N id is numbered again', async () => {
    expect(renumber([item('import-1'), item('import-2')], new Set(['import-1'])).map((f) => f.properties!.id)).toEqual(['import-3', 'import-2']);
    // tab B stored import-1 and import-2 after tab A last read the list
    await importedItems.write({ put: [item('import-1'), item('import-2')] });
    const { items, result } = await insertImported([item('import-1')], new Set());
    expect(result).toEqual({ ok: true });
    expect(items.map((f) => f.properties!.id)).toEqual(['import-3']);
    expect((await loadImported()).items.map((f) => f.properties!.id)).toEqual(['import-1', 'import-2', 'import-3']);
  });
});
