// The inventory panel's view model: “清单 N · 已上图 M” per category following the filter,
// Ⅰ级林地 as an area, class totals, the class/category tick-box filter edits, and the colours.
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Feature } from 'geojson';
import { INVENTORY_CATEGORIES } from '../../src/inventory/categories';
import { CATEGORY_COLORS, categoryColor, categoryColorRgb, UNKNOWN_CATEGORY_COLOR } from '../../src/inventory/categoryColors';
import { filterInventory } from '../../src/inventory/merge';
import {
  NONE,
  buildPanelModel,
  classTotalText,
  countText,
  exportFileName,
  isFilterActive,
  isShown,
  pickLang,
  selectedValue,
  setSelect,
  toggleShown,
  type PanelModel,
} from '../../src/inventory/panelModel';

const item = (id: string, category: string, cls: 'ecology' | 'culture', city: string, level = '', name = id): Feature => ({
  type: 'Feature',
  id,
  geometry: { type: 'Point', coordinates: [112.5, 37.9] },
  properties: { id, name, category, class: cls, city, level },
});

const base: Feature[] = [
  item('a', 'key-heritage-site', 'culture', '太原市', '全国重点文物保护单位', '晋祠'),
  item('b', 'key-heritage-site', 'culture', '忻州市', '全国重点文物保护单位', '佛光寺'),
  item('c', 'world-heritage', 'culture', '忻州市', '世界遗产', '五台山'),
  item('d', 'nature-reserve', 'ecology', '太原市', '国家级', '天龙山'),
];
const imported: Feature[] = [item('e', 'weather-station', 'ecology', '晋中市', '', '某站'), item('a', 'karst-spring', 'ecology', '太原市', '', '晋祠泉')];

const row = (m: PanelModel, id: string) => m.classes.flatMap((c) => c.rows).find((r) => r.category.id === id)!;

describe('inventory panel model', () => {
  it('lists all 15 categories in two classes with the official counts', () => {
    const m = buildPanelModel(base, imported, {});
    expect(m.classes.map((c) => c.cls)).toEqual(['ecology', 'culture']);
    const rows = m.classes.flatMap((c) => c.rows);
    expect(rows).toHaveLength(15);
    expect(rows.map((r) => r.category.id)).toEqual(INVENTORY_CATEGORIES.map((c) => c.id));
    expect(row(m, 'key-heritage-site').official).toBe(110);
    expect(row(m, 'weather-station').official).toBe(167);
  });

  it('counts placed items per category, base + imported (duplicate id kept as a new item)', () => {
    const m = buildPanelModel(base, imported, {});
    expect(m.totalAll).toBe(6);
    expect(m.total).toBe(6);
    expect(row(m, 'key-heritage-site').placed).toBe(2);
    expect(row(m, 'karst-spring').placed).toBe(1);
    expect(row(m, 'weather-station').placed).toBe(1);
    expect(new Set(m.all.map((f) => f.properties?.id)).size).toBe(6);
    expect(countText(row(m, 'key-heritage-site'), 'zh')).toBe('清单 110 · 已上图 2');
    expect(countText(row(m, 'key-heritage-site'), 'en')).toBe('Listed 110 · mapped 2');
    expect(countText(row(m, 'historic-town'), 'zh')).toBe('清单 3 · 已上图 0');
  });

  it('counts and list follow the filter', () => {
    const filter = { cities: ['忻州市'] };
    const m = buildPanelModel(base, imported, filter);
    expect(m.filterActive).toBe(true);
    expect(m.total).toBe(2);
    expect(m.items.map((f) => f.properties?.id)).toEqual(['c', 'b']);
    expect(new Set(m.items)).toEqual(new Set(filterInventory(m.all, filter)));
    expect(row(m, 'key-heritage-site').placed).toBe(1);
    expect(row(m, 'key-heritage-site').placedAll).toBe(2);
    expect(row(m, 'nature-reserve').placed).toBe(0);
    expect(countText(row(m, 'key-heritage-site'), 'zh')).toContain('110');
    expect(countText(row(m, 'key-heritage-site'), 'zh')).toContain('1');
    const culture = m.classes.find((c) => c.cls === 'culture')!;
    expect(culture.placed).toBe(2);
    expect(culture.placedAll).toBe(3);

    const byClass = buildPanelModel(base, imported, { classes: ['ecology'] });
    expect(byClass.total).toBe(3);
    expect(row(byClass, 'key-heritage-site').placed).toBe(0);

    const byLevel = buildPanelModel(base, imported, { levels: ['全国重点文物保护单位'] });
    expect(byLevel.total).toBe(2);
  });

  it('sorts items by the 清单 category order, then name', () => {
    const m = buildPanelModel(base, imported, {});
    expect(m.items.map((f) => f.properties?.category)).toEqual([
      'nature-reserve', 'karst-spring', 'weather-station', 'world-heritage', 'key-heritage-site', 'key-heritage-site',
    ]);
  });

  it('shows Ⅰ级林地 as an area, not a list', () => {
    const m = buildPanelModel(base, imported, {});
    const forest = row(m, 'forest-level-1');
    expect(forest.category.unit).toBe('ha');
    expect(countText(forest, 'zh')).toBe('约7万公顷 · 面积类，不逐项上图');
    expect(countText(forest, 'en')).toBe('≈70,000 ha · an area, not mapped item by item');
    expect(countText(forest, 'zh')).not.toContain('清单 70000');
  });

  it('class totals count items and the area separately', () => {
    const m = buildPanelModel(base, imported, {});
    const eco = m.classes.find((c) => c.cls === 'ecology')!;
    const cul = m.classes.find((c) => c.cls === 'culture')!;
    expect(eco.officialItems).toBe(25 + 13 + 4 + 4 + 26 + 14 + 167);
    expect(eco.officialHa).toBe(70000);
    expect(cul.officialItems).toBe(1 + 110 + 2 + 8 + 3 + 15 + 1);
    expect(cul.officialHa).toBe(0);
    expect(m.officialItems).toBe(253 + 140);
    expect(classTotalText(eco, 'zh')).toBe('清单 253 项 + 约7万公顷 · 已上图 3');
    expect(classTotalText(cul, 'en')).toBe('Listed 140 items · mapped 3');
  });

  it('offers level and city options from base + imported', () => {
    const m = buildPanelModel(base, imported, {});
    expect(m.cities).toEqual(expect.arrayContaining(['太原市', '忻州市', '晋中市']));
    expect(m.cities).toHaveLength(3);
    expect(m.levels).toContain('全国重点文物保护单位');
    // a selected value not in the data (e.g. from a link) is still offered
    expect(buildPanelModel(base, [], { cities: ['吕梁市'] }).cities).toContain('吕梁市');
  });

  it('reports items of a category outside the 清单', () => {
    const m = buildPanelModel([...base, item('x', 'mystery', 'ecology', '太原市')], [], {});
    expect(m.otherCategories).toEqual([{ id: 'mystery', placed: 1 }]);
  });
});

describe('filter edits', () => {
  const ids = INVENTORY_CATEGORIES.map((c) => c.id);

  it('all boxes ticked by default; unticking one lists the rest', () => {
    expect(isShown({}, 'categories', 'world-heritage')).toBe(true);
    const f = toggleShown({}, 'categories', 'world-heritage', false, ids);
    expect(f.categories).toHaveLength(14);
    expect(isShown(f, 'categories', 'world-heritage')).toBe(false);
    expect(isFilterActive(f)).toBe(true);
    const back = toggleShown(f, 'categories', 'world-heritage', true, ids);
    expect(back.categories).toBeUndefined();
    expect(isFilterActive(back)).toBe(false);
  });

  it('unticking every box matches nothing', () => {
    let f = toggleShown({}, 'classes', 'ecology', false, ['ecology', 'culture']);
    f = toggleShown(f, 'classes', 'culture', false, ['ecology', 'culture']);
    expect(f.classes).toEqual([NONE]);
    expect(buildPanelModel(base, imported, f).total).toBe(0);
    f = toggleShown(f, 'classes', 'culture', true, ['ecology', 'culture']);
    expect(f.classes).toEqual(['culture']);
    expect(buildPanelModel(base, imported, f).total).toBe(3);
  });

  it('accepts Set-valued filters and leaves the input unchanged', () => {
    const input = { categories: new Set(['world-heritage']) };
    const f = toggleShown(input, 'categories', 'key-heritage-site', true, ids);
    expect([...input.categories]).toEqual(['world-heritage']);
    expect(f.categories).toEqual(['world-heritage', 'key-heritage-site']);
  });

  it('level / city selects', () => {
    const f = setSelect({ query: 'x' }, 'cities', '太原市');
    expect(f).toEqual({ query: 'x', cities: ['太原市'] });
    expect(selectedValue(f, 'cities')).toBe('太原市');
    expect(setSelect(f, 'cities', '')).toEqual({ query: 'x' });
    expect(selectedValue({}, 'levels')).toBe('');
  });
});

describe('helpers', () => {
  it('picks one language of a bilingual importer message', () => {
    expect(pickLang('第3行：类别未知 / row 3: unknown category', 'zh')).toBe('第3行：类别未知');
    expect(pickLang('第3行：类别未知 / row 3: unknown category', 'en')).toBe('row 3: unknown category');
    expect(pickLang('a / b / c', 'en')).toBe('a / b / c');
  });

  it('export file names', () => {
    const d = new Date(2024, 0, 5);
    expect(exportFileName('csv', false, d)).toBe('taixin-inventory-20240105.csv');
    expect(exportFileName('geojson', true, d)).toBe('taixin-inventory-filtered-20240105.geojson');
  });
});

describe('category colours', () => {
  it('one distinct #rrggbb per category', () => {
    const colours = INVENTORY_CATEGORIES.map((c) => CATEGORY_COLORS[c.id]);
    for (const c of colours) expect(c).toMatch(/^#[0-9a-f]{6}$/);
    expect(new Set(colours).size).toBe(15);
    expect(Object.keys(CATEGORY_COLORS).sort()).toEqual(INVENTORY_CATEGORIES.map((c) => c.id).sort());
    expect(colours).not.toContain(UNKNOWN_CATEGORY_COLOR);
    expect(categoryColor('nope')).toBe(UNKNOWN_CATEGORY_COLOR);
    expect(categoryColorRgb('world-heritage')).toEqual([0xc6, 0x28, 0x28]);
  });

  it('ecology is green/blue, culture red/brown (hue check)', () => {
    const hue = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
      const max = Math.max(r, g, b), min = Math.min(r, g, b), d = max - min;
      if (d === 0) return 0;
      const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
      return (h * 60 + 360) % 360;
    };
    for (const c of INVENTORY_CATEGORIES) {
      const h = hue(CATEGORY_COLORS[c.id]);
      const ok = c.class === 'ecology' ? h >= 80 && h <= 240 : h < 45 || h > 320;
      expect(ok, `${c.id} hue ${Math.round(h)}`).toBe(true);
    }
  });

  it('the base inventory only uses categories with a colour', () => {
    const file = path.resolve(__dirname, '../../public/data/eco/inventory.geojson');
    if (!fs.existsSync(file)) return;
    const fc = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const f of fc.features) expect(CATEGORY_COLORS[f.properties.category], f.properties.id).toBeDefined();
  });
});
