/**
 * Merging imported items into the inventory, and the inventory filter and counts used by the
 * inventory panel, the legend and the public list. Pure functions, no DOM.
 */
import type { Feature } from 'geojson';
import { CATEGORY_BY_ID, INVENTORY_CATEGORIES } from './categories';

type Values = readonly string[] | ReadonlySet<string>;

export interface InventoryFilter {
  classes?: Values;
  categories?: Values;
  /** protection levels as written on the items; '' matches items without a level */
  levels?: Values;
  /** city names as written on the items (e.g. 太原市); '' matches items without a city */
  cities?: Values;
  /** free-text search over name, name_en, category, city, county (case-insensitive) */
  query?: string;
}

const props = (f: Feature): Record<string, unknown> => f.properties ?? {};
const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const asSet = (v: Values | undefined): ReadonlySet<string> | undefined =>
  v === undefined ? undefined : v instanceof Set ? v : new Set(v as readonly string[]);

/**
 * The base inventory followed by the imported items. An imported item whose id is already taken
 * (the importer rejects such files, so this is only a safety net) gets a fresh `import-<n>` id
 * instead of replacing or shadowing the base item. Inputs are not modified.
 */
export function mergeInventory(base: readonly Feature[], imported: readonly Feature[]): Feature[] {
  const used = new Set(base.map((f) => str(props(f).id ?? f.id)));
  const out = [...base];
  let n = 1;
  for (const f of imported) {
    const id = str(props(f).id ?? f.id);
    if (id && !used.has(id)) {
      used.add(id);
      out.push(f);
      continue;
    }
    while (used.has(`import-${n}`)) n++;
    const fresh = `import-${n}`;
    used.add(fresh);
    out.push({ ...f, id: fresh, properties: { ...props(f), id: fresh } });
  }
  return out;
}

/** Items matching every given criterion (an absent or empty criterion matches everything). */
export function filterInventory(features: readonly Feature[], filter: InventoryFilter = {}): Feature[] {
  return features.filter(inventoryMatcher(filter));
}

/** One item's test against a filter, built once (the map applies it feature by feature). */
export function inventoryMatcher(filter: InventoryFilter = {}): (f: Feature) => boolean {
  const classes = asSet(filter.classes);
  const categories = asSet(filter.categories);
  const levels = asSet(filter.levels);
  const cities = asSet(filter.cities);
  const q = (filter.query ?? '').trim().toLowerCase();
  const active = (s: ReadonlySet<string> | undefined): s is ReadonlySet<string> => !!s && s.size > 0;
  return (f) => {
    const p = props(f);
    const category = str(p.category);
    const cls = str(p.class) || CATEGORY_BY_ID.get(category)?.class || '';
    if (active(classes) && !classes.has(cls)) return false;
    if (active(categories) && !categories.has(category)) return false;
    if (active(levels) && !levels.has(str(p.level))) return false;
    if (active(cities) && !cities.has(str(p.city))) return false;
    if (q) {
      const cat = CATEGORY_BY_ID.get(category);
      const hay = [p.name, p.name_en, p.city, p.county, p.level, cat?.zh, cat?.en].map(str).join('\u0001').toLowerCase();
      if (!hay.includes(q)) return false;
    }
    return true;
  };
}

/**
 * Number of items per category id, after the optional filter. All 15 categories are present
 * (0 when none); items of a category outside the list are counted under their own id.
 */
export function countByCategory(features: readonly Feature[], filter?: InventoryFilter): Map<string, number> {
  const counts = new Map<string, number>(INVENTORY_CATEGORIES.map((c) => [c.id, 0]));
  for (const f of filter ? filterInventory(features, filter) : features) {
    const c = str(props(f).category);
    if (c) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  return counts;
}

/** Distinct values of a property (levels, cities) for the filter's options, sorted (zh collation). */
export function distinctValues(features: readonly Feature[], key: 'level' | 'city' | 'county'): string[] {
  const set = new Set<string>();
  for (const f of features) {
    const v = str(props(f)[key]);
    if (v) set.add(v);
  }
  return [...set].sort((a, b) => a.localeCompare(b, 'zh-CN'));
}
