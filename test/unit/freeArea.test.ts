import { describe, it, expect } from 'vitest';
import { freeRect, reservedPadding, paddingOf, uncoveredShare } from '../../src/state/reserved';

// the planner at 1440×900 as laid out (page px): the map right of the 320 px sidebar
const map = { left: 320, top: 0, right: 1440, bottom: 900 };
const tools = { left: 330, top: 10, right: 922, bottom: 54 };
const plannerTools = { left: 330, top: 62, right: 1030, bottom: 146 };
const legend = { left: 330, top: 154, right: 620, bottom: 516 };
const zoomButtons = { left: 1401, top: 0, right: 1440, bottom: 107 };
const scale = { left: 330, top: 866, right: 410, bottom: 890 };
const attribution = { left: 470, top: 862, right: 1440, bottom: 900 };
const inspect = { left: 1046, top: 10, right: 1386, bottom: 850 };
const planner = [tools, plannerTools, legend, zoomButtons, scale, attribution];

const overlaps = (a: { left: number; top: number; right: number; bottom: number }, b: typeof a) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe('the free area of the map (what the overlays leave)', () => {
  it('is the largest rectangle no legend, tool bar, panel, scale bar or attribution covers', () => {
    const free = freeRect(map, [...planner, inspect]);
    for (const c of [...planner, inspect]) expect(overlaps(free, c), JSON.stringify(c)).toBe(false);
    // right of the legend, under the tool bars, left of the inspect panel, above the attribution
    expect(free).toEqual({ left: 620, top: 146, right: 1046, bottom: 862 });
  });

  it('for a wide shape, prefers the rectangle in which that shape is largest', () => {
    // a wide, flat belt: under the legend across the map's width beats the tall strip beside it
    const wide = freeRect(map, planner, 8);
    expect(wide.left).toBe(320);
    expect(wide.top).toBe(516);
    // a tall river: the full height right of the tool bars beats the wider box under them
    const tall = freeRect(map, planner, 0.3);
    expect(tall).toEqual({ left: 1030, top: 0, right: 1401, bottom: 862 });
    for (const r of [wide, tall]) for (const c of planner) expect(overlaps(r, c)).toBe(false);
  });

  it('is the whole map with nothing over it, and ignores what lies beside the map', () => {
    expect(freeRect(map, [])).toEqual(map);
    expect(freeRect(map, [{ left: 0, top: 0, right: 320, bottom: 900 }])).toEqual(map);
  });

  it('padding leaves exactly the free rectangle, but never less than a fifth of the map', () => {
    expect(reservedPadding(map, [...planner, inspect])).toEqual(paddingOf(map, { left: 620, top: 146, right: 1046, bottom: 862 }));
    // a phone with a bottom sheet over 90 % of the map: the frame runs under the sheet rather than vanish
    const phone = { left: 0, top: 0, right: 390, bottom: 844 };
    const p = reservedPadding(phone, [{ left: 0, top: 84, right: 390, bottom: 844 }]);
    expect(p.top + p.bottom).toBeCloseTo(844 * 0.8, 6);
  });
});

describe('how much of a feature shows (a selection opened by a link keeps its frame while it does)', () => {
  it('counts the part inside the map and under no overlay', () => {
    const m = { left: 0, top: 0, right: 390, bottom: 844 };
    const sheet = { left: 0, top: 372, right: 390, bottom: 844 };
    // wholly above the bottom sheet, wholly under it, half under it
    expect(uncoveredShare({ left: 100, top: 100, right: 200, bottom: 200 }, m, [sheet])).toBe(1);
    expect(uncoveredShare({ left: 100, top: 400, right: 200, bottom: 600 }, m, [sheet])).toBe(0);
    expect(uncoveredShare({ left: 100, top: 272, right: 200, bottom: 472 }, m, [sheet])).toBeCloseTo(0.5, 1);
    // half off the map's edge, none covered
    expect(uncoveredShare({ left: -100, top: 0, right: 100, bottom: 100 }, m, [])).toBeCloseTo(0.5, 1);
    // a point: shown or not
    expect(uncoveredShare({ left: 50, top: 50, right: 50, bottom: 50 }, m, [sheet])).toBe(1);
    expect(uncoveredShare({ left: 50, top: 500, right: 50, bottom: 500 }, m, [sheet])).toBe(0);
    expect(uncoveredShare({ left: 500, top: 50, right: 500, bottom: 50 }, m, [])).toBe(0);
  });

  it('on the planner at 1440×900: beside the inspect panel it shows, behind it it does not', () => {
    const covers = [...planner, inspect];
    expect(uncoveredShare({ left: 700, top: 300, right: 900, bottom: 500 }, map, covers)).toBe(1);
    expect(uncoveredShare({ left: 1100, top: 300, right: 1300, bottom: 500 }, map, covers)).toBe(0);
  });
});
