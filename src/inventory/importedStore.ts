/**
 * Imported 清单 items persist in IndexedDB like everything else a user makes: a reload keeps them,
 * so a link selecting one (`s=inventory-items/import-3`) resolves. Clearing is the UI's explicit
 * action; it keeps the cleared items for undo.
 */
import type { Feature } from 'geojson';
import { load, save } from '../import/persist';

const KEY = 'inventory-imported';

export async function loadImported(): Promise<Feature[]> {
  const v = await load<Feature[]>(KEY);
  return Array.isArray(v) ? v.filter((f) => f?.type === 'Feature' && f.geometry?.type === 'Point') : [];
}

/** false when the browser refused to store them (private mode, quota): they live for this session. */
export function saveImported(items: Feature[]): Promise<boolean> {
  return save(KEY, items);
}
