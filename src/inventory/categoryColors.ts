/**
 * One fixed colour per inventory category (太忻一体化经济区重要资源保护清单), shared by the inventory
 * panel's legend and the map layer `inventory-items`. Ecological categories use greens, blues and
 * blue-greys; cultural categories use reds, oranges and browns. All are distinct `#rrggbb`, chosen to stay
 * apart under simulated colour-vision deficiencies (test/unit/symbology.test.ts); the map also gives
 * each category its own marker shape (layers/inventory.json).
 */
import { INVENTORY_CATEGORIES } from './categories';

export const CATEGORY_COLORS: Readonly<Record<string, string>> = Object.freeze({
  // 生态环境保护资源
  'nature-reserve': '#66bb6a',
  'forest-level-1': '#7cb342',
  'water-source': '#0277bd',
  'karst-spring': '#00acc1',
  'groundwater-overdraft': '#3949ab',
  'air-monitoring': '#00897b',
  'water-quality-section': '#64b5f6',
  'weather-station': '#b0bec5',
  // 历史文化保护资源
  'world-heritage': '#c62828',
  'key-heritage-site': '#e65100',
  'historic-city': '#880e4f',
  'historic-district': '#e57373',
  'historic-town': '#795548',
  'historic-village': '#b15928',
  'industrial-heritage': '#3e2723',
});

/** Colour of an item whose category is not in the 清单 (should not happen after import validation). */
export const UNKNOWN_CATEGORY_COLOR = '#9e9e9e';

export function categoryColor(id: string | undefined | null): string {
  return (id && CATEGORY_COLORS[id]) || UNKNOWN_CATEGORY_COLOR;
}

/** The colour as [r, g, b] (0–255), for deck.gl. */
export function categoryColorRgb(id: string | undefined | null): [number, number, number] {
  const hex = categoryColor(id);
  return [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];
}

/** Legend entries in the 清单's order (for a catalog legend or a MapLibre `match` expression). */
export const CATEGORY_COLOR_LIST: readonly { id: string; color: string }[] = INVENTORY_CATEGORIES.map((c) => ({
  id: c.id,
  color: categoryColor(c.id),
}));
