/** Which legend entries a legend lists: the inventory's categories follow its filter (hidden categories drop out). */
import type { LegendEntry } from '../catalog/types';
import { INVENTORY_CATEGORIES } from '../inventory/categories';
import { inventoryMatcher } from '../inventory/merge';
import { INVENTORY_LAYER } from '../state/engineBinding';
import type { InventoryFilterState } from '../state/mapState';

export function inventoryLegendFilter(inventory: InventoryFilterState): (layerId: string, entry: LegendEntry) => boolean {
  const matches = inventoryMatcher({ classes: inventory.classes, categories: inventory.categories });
  return (layerId, entry) => {
    if (layerId !== INVENTORY_LAYER) return true;
    const cat = INVENTORY_CATEGORIES.find((c) => c.zh === entry.label.zh);
    return !cat || matches({ type: 'Feature', geometry: null as never, properties: { category: cat.id, class: cat.class } });
  };
}
