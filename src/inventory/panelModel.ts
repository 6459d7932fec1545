/**
 * View model of the inventory panel: per class, the 清单's categories with the official count and the
 * number of items on the map after the filter ("清单 N · 已上图 M"), the filtered item list, and the
 * filter edits the panel's controls make. Pure functions, no DOM.
 */
import type { Feature } from 'geojson';
import {
  CATEGORY_BY_ID,
  INVENTORY_CATEGORIES,
  INVENTORY_CLASSES,
  type InventoryCategory,
  type InventoryClass,
} from './categories';
import { categoryColor } from './categoryColors';
import { countByCategory, distinctValues, filterInventory, mergeInventory, type InventoryFilter } from './merge';

export type Lang = 'zh' | 'en';

/**
 * Put in a class/category criterion when the user has unticked every box: no item has this value,
 * so nothing matches (an empty criterion would match everything).
 */
export const NONE = '__none__';

export interface CategoryRow {
  category: InventoryCategory;
  color: string;
  /** official count in the 清单 (items, or hectares when unit is 'ha') */
  official: number;
  /** items on the map after the filter */
  placed: number;
  /** items on the map without the filter */
  placedAll: number;
  /** the category's box is ticked (shown) */
  shown: boolean;
}

export interface ClassBlock {
  cls: InventoryClass;
  label: { zh: string; en: string };
  rows: CategoryRow[];
  shown: boolean;
  /** sum of the official counts of the categories counted in items */
  officialItems: number;
  /** official area (hectares) of the area categories, 0 if none */
  officialHa: number;
  placed: number;
  placedAll: number;
}

export interface PanelModel {
  classes: ClassBlock[];
  /** base + imported, merged (ids made unique) */
  all: Feature[];
  /** items matching the filter, sorted by the 清单's category order, then name */
  items: Feature[];
  /** items of a category outside the 清单 (after the filter), by category id */
  otherCategories: { id: string; placed: number }[];
  total: number;
  totalAll: number;
  /** official item count of all categories counted in items */
  officialItems: number;
  filterActive: boolean;
  levels: string[];
  cities: string[];
}

type Values = InventoryFilter['classes'];
const list = (v: Values): string[] => (v === undefined ? [] : [...v]);
const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

/** True when any criterion of the filter restricts the items. */
export function isFilterActive(filter: InventoryFilter): boolean {
  return (
    list(filter.classes).length > 0 ||
    list(filter.categories).length > 0 ||
    list(filter.levels).length > 0 ||
    list(filter.cities).length > 0 ||
    (filter.query ?? '').trim() !== ''
  );
}

/** Whether a class / category box is ticked: an empty criterion shows everything. */
export function isShown(filter: InventoryFilter, key: 'classes' | 'categories', value: string): boolean {
  const v = list(filter[key]);
  return v.length === 0 || v.includes(value);
}

/**
 * Tick or untick a class / category box. All ticked → the criterion is dropped; none ticked → the
 * criterion is [NONE] so that nothing matches. The input filter is not modified.
 */
export function toggleShown(
  filter: InventoryFilter,
  key: 'classes' | 'categories',
  value: string,
  on: boolean,
  universe: readonly string[],
): InventoryFilter {
  const cur = list(filter[key]).filter((v) => v !== NONE);
  const set = new Set(cur.length === 0 && list(filter[key]).length === 0 ? universe : cur);
  if (on) set.add(value);
  else set.delete(value);
  const next = { ...filter };
  if (universe.every((u) => set.has(u))) delete next[key];
  else next[key] = set.size === 0 ? [NONE] : universe.filter((u) => set.has(u)).concat([...set].filter((v) => !universe.includes(v)));
  return next;
}

/** The single value of a level / city select ('' = all). */
export function selectedValue(filter: InventoryFilter, key: 'levels' | 'cities'): string {
  return list(filter[key])[0] ?? '';
}

/** Set a level / city select ('' = all). The input filter is not modified. */
export function setSelect(filter: InventoryFilter, key: 'levels' | 'cities', value: string): InventoryFilter {
  const next = { ...filter };
  if (value === '') delete next[key];
  else next[key] = [value];
  return next;
}

/** Category order of the 清单 (unknown categories last). */
const ORDER = new Map(INVENTORY_CATEGORIES.map((c, i) => [c.id, i]));

export function buildPanelModel(
  base: readonly Feature[],
  imported: readonly Feature[],
  filter: InventoryFilter,
): PanelModel {
  const all = mergeInventory(base, imported);
  const items = filterInventory(all, filter).sort((a, b) => {
    const ca = ORDER.get(str(a.properties?.category)) ?? 999;
    const cb = ORDER.get(str(b.properties?.category)) ?? 999;
    return ca - cb || str(a.properties?.name).localeCompare(str(b.properties?.name), 'zh-CN');
  });
  const counts = countByCategory(items);
  const countsAll = countByCategory(all);
  const classes = (Object.keys(INVENTORY_CLASSES) as InventoryClass[]).map((cls): ClassBlock => {
    const rows = INVENTORY_CATEGORIES.filter((c) => c.class === cls).map(
      (c): CategoryRow => ({
        category: c,
        color: categoryColor(c.id),
        official: c.count,
        placed: counts.get(c.id) ?? 0,
        placedAll: countsAll.get(c.id) ?? 0,
        shown: isShown(filter, 'categories', c.id),
      }),
    );
    return {
      cls,
      label: INVENTORY_CLASSES[cls],
      rows,
      shown: isShown(filter, 'classes', cls),
      officialItems: rows.filter((r) => r.category.unit === 'item').reduce((n, r) => n + r.official, 0),
      officialHa: rows.filter((r) => r.category.unit === 'ha').reduce((n, r) => n + r.official, 0),
      placed: rows.reduce((n, r) => n + r.placed, 0),
      placedAll: rows.reduce((n, r) => n + r.placedAll, 0),
    };
  });
  const otherCategories = [...counts]
    .filter(([id, n]) => !CATEGORY_BY_ID.has(id) && n > 0)
    .map(([id, placed]) => ({ id, placed }));
  const withSelected = (values: string[], key: 'levels' | 'cities') => {
    const sel = selectedValue(filter, key);
    return sel && !values.includes(sel) ? [...values, sel] : values;
  };
  return {
    classes,
    all,
    items,
    otherCategories,
    total: items.length,
    totalAll: all.length,
    officialItems: classes.reduce((n, c) => n + c.officialItems, 0),
    filterActive: isFilterActive(filter),
    levels: withSelected(distinctValues(all, 'level'), 'levels'),
    cities: withSelected(distinctValues(all, 'city'), 'cities'),
  };
}

/** 70000 → “约7万公顷” / “≈70,000 ha”. */
export function areaText(ha: number, approx: boolean, lang: Lang): string {
  if (lang === 'zh') {
    const n = ha >= 10000 && ha % 1000 === 0 ? `${ha / 10000}万` : ha.toLocaleString('zh-CN');
    return `${approx ? '约' : ''}${n}公顷`;
  }
  return `${approx ? '≈' : ''}${ha.toLocaleString('en-US')} ha`;
}

/** The count cell of a category: “清单 25 · 已上图 2”, or for Ⅰ级林地 “约7万公顷 · 面积类，不逐项上图”. */
export function countText(row: CategoryRow, lang: Lang): string {
  const c = row.category;
  if (c.unit === 'ha') {
    const area = areaText(row.official, !!c.approx, lang);
    const head =
      lang === 'zh' ? `${area} · 面积类，不逐项上图` : `${area} · an area, not mapped item by item`;
    if (row.placed === 0) return head;
    return lang === 'zh' ? `${head}（已上图 ${row.placed}）` : `${head} (mapped ${row.placed})`;
  }
  return lang === 'zh' ? `清单 ${row.official} · 已上图 ${row.placed}` : `Listed ${row.official} · mapped ${row.placed}`;
}

/** The class total: “清单 253 项 + 约7万公顷 · 已上图 2”. */
export function classTotalText(block: ClassBlock, lang: Lang): string {
  const parts: string[] = [];
  if (block.officialItems) parts.push(lang === 'zh' ? `${block.officialItems} 项` : `${block.officialItems} items`);
  if (block.officialHa) parts.push(areaText(block.officialHa, true, lang));
  return lang === 'zh'
    ? `清单 ${parts.join(' + ')} · 已上图 ${block.placed}`
    : `Listed ${parts.join(' + ')} · mapped ${block.placed}`;
}

/**
 * The importer's messages are bilingual, “中文 / English”. Pick the language's half when the split
 * is unambiguous; otherwise keep the whole message.
 */
export function pickLang(message: string, lang: Lang): string {
  const parts = message.split(' / ');
  if (parts.length !== 2) return message;
  return lang === 'zh' ? parts[0] : parts[1];
}

/** File name for an export: taixin-inventory[-filtered]-YYYYMMDD.csv */
export function exportFileName(ext: 'csv' | 'geojson', filtered: boolean, date = new Date()): string {
  const d = `${date.getFullYear()}${String(date.getMonth() + 1).padStart(2, '0')}${String(date.getDate()).padStart(2, '0')}`;
  return `taixin-inventory${filtered ? '-filtered' : ''}-${d}.${ext}`;
}
