/**
 * Which part of the map the UI's panels cover, as padding from each edge (CSS px): each panel is
 * counted against the edge it hugs (the side that costs the least map), so a selection can be
 * framed in what is left. Pure: the UI measures the rectangles and passes them in.
 */
import type { Padding } from './view';

export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export function reservedPadding(map: Rect, panels: Rect[]): Padding {
  const pad: Padding = { top: 0, right: 0, bottom: 0, left: 0 };
  for (const r of panels) {
    // ignore panels that do not overlap the map
    if (r.right <= map.left || r.left >= map.right || r.bottom <= map.top || r.top >= map.bottom) continue;
    const options: [keyof Padding, number][] = [
      ['left', r.right - map.left],
      ['right', map.right - r.left],
      ['top', r.bottom - map.top],
      ['bottom', map.bottom - r.top],
    ];
    const [side, px] = options.reduce((a, b) => (b[1] < a[1] ? b : a));
    pad[side] = Math.max(pad[side], Math.max(0, px));
  }
  // never reserve so much that nothing is left
  const w = map.right - map.left;
  const h = map.bottom - map.top;
  if (pad.left + pad.right > w * 0.8) {
    const k = (w * 0.8) / (pad.left + pad.right);
    pad.left *= k;
    pad.right *= k;
  }
  if (pad.top + pad.bottom > h * 0.8) {
    const k = (h * 0.8) / (pad.top + pad.bottom);
    pad.top *= k;
    pad.bottom *= k;
  }
  return pad;
}

/** Measure elements (those present) against the map container. */
export function measureReserved(mapEl: Element, selectors: string[]): Padding {
  const m = mapEl.getBoundingClientRect();
  const rects = selectors.flatMap((s) => [...document.querySelectorAll(s)].map((e) => e.getBoundingClientRect())).filter((r) => r.width > 0 && r.height > 0);
  return reservedPadding(m, rects);
}
