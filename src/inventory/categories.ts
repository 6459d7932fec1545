/**
 * The 15 categories of 太忻一体化经济区重要资源保护清单（试行）, in two classes, with the official
 * counts as published (seed 003, 2022-05-19 press release). The full list itself is held by the
 * authorities; the map shows how many items of each category it has placed ("清单 N · 已上图 M").
 */
export type InventoryClass = 'ecology' | 'culture';

export interface InventoryCategory {
  id: string;
  class: InventoryClass;
  zh: string;
  en: string;
  /** official count from the 清单 */
  count: number;
  /** unit of the count: items, or hectares for Ⅰ级林地 (≈7万公顷, an area, not a list) */
  unit: 'item' | 'ha';
  /** the count is approximate in the source (“约”) */
  approx?: boolean;
  /** sensitive categories (monitoring points) are not shown in the public viewing mode */
  public: boolean;
}

export const INVENTORY_CLASSES: Record<InventoryClass, { zh: string; en: string }> = {
  ecology: { zh: '生态环境保护资源', en: 'Ecological and environmental resources' },
  culture: { zh: '历史文化保护资源', en: 'Historical and cultural resources' },
};

export const INVENTORY_CATEGORIES: readonly InventoryCategory[] = [
  { id: 'nature-reserve', class: 'ecology', zh: '自然保护地', en: 'Protected natural areas', count: 25, unit: 'item', public: true },
  { id: 'forest-level-1', class: 'ecology', zh: 'Ⅰ级林地', en: 'Grade I forest land', count: 70000, unit: 'ha', approx: true, public: true },
  { id: 'water-source', class: 'ecology', zh: '饮用水源地', en: 'Drinking-water sources', count: 13, unit: 'item', public: true },
  { id: 'karst-spring', class: 'ecology', zh: '岩溶大泉', en: 'Major karst springs', count: 4, unit: 'item', public: true },
  { id: 'groundwater-overdraft', class: 'ecology', zh: '地下水超采区', en: 'Groundwater over-extraction zones', count: 4, unit: 'item', public: true },
  { id: 'air-monitoring', class: 'ecology', zh: '大气监测点', en: 'Air-quality monitoring points', count: 26, unit: 'item', public: false },
  { id: 'water-quality-section', class: 'ecology', zh: '水质监测断面', en: 'Water-quality monitoring sections', count: 14, unit: 'item', public: false },
  { id: 'weather-station', class: 'ecology', zh: '气象观测站', en: 'Weather stations', count: 167, unit: 'item', public: false },
  { id: 'world-heritage', class: 'culture', zh: '世界遗产', en: 'World Heritage sites', count: 1, unit: 'item', public: true },
  { id: 'key-heritage-site', class: 'culture', zh: '重点文保单位', en: 'Key cultural relics protection units', count: 110, unit: 'item', public: true },
  { id: 'historic-city', class: 'culture', zh: '历史文化名城', en: 'Historic and cultural cities', count: 2, unit: 'item', public: true },
  { id: 'historic-district', class: 'culture', zh: '历史文化街区', en: 'Historic and cultural districts', count: 8, unit: 'item', public: true },
  { id: 'historic-town', class: 'culture', zh: '历史文化名镇', en: 'Historic and cultural towns', count: 3, unit: 'item', public: true },
  { id: 'historic-village', class: 'culture', zh: '历史文化名村（传统村落）', en: 'Historic villages (traditional villages)', count: 15, unit: 'item', public: true },
  { id: 'industrial-heritage', class: 'culture', zh: '工业遗产', en: 'Industrial heritage', count: 1, unit: 'item', public: true },
];

export const CATEGORY_BY_ID: ReadonlyMap<string, InventoryCategory> = new Map(
  INVENTORY_CATEGORIES.map((c) => [c.id, c]),
);

/** Find a category by id, Chinese or English name (for imported rows). */
export function findCategory(value: string): InventoryCategory | undefined {
  const v = value.trim().toLowerCase();
  return INVENTORY_CATEGORIES.find(
    (c) => c.id === v || c.zh === value.trim() || c.en.toLowerCase() === v || c.zh.replace(/（.*）/, '') === value.trim(),
  );
}
