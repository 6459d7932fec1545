/**
 * The free area of the map: what the legend, tool bars, panels, the scale bar and the attribution
 * leave uncovered. Everything that frames something (a selection, a search result, an import,
 * "zoom to", the way back from a presentation, reset) frames it there, so nothing lands under an
 * overlay. Pure: the UI measures the rectangles and passes them in.
 *
 * The free area is the largest rectangle of the map that no overlay covers — or, given the shape
 * of what is to be framed, the uncovered rectangle in which that shape is drawn largest (a tall
 * river fits beside the legend, a wide belt under the tool bars).
 */
import type { Padding } from './view';

export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** What covers the map: the UI's panels (they carry `data-covers-map`) and MapLibre's controls. */
export const MAP_COVERS = ['[data-covers-map]', '.maplibregl-ctrl-top-right', '.maplibregl-ctrl-bottom-left', '.maplibregl-ctrl-bottom-right'];

/** The free area never gets smaller than this share of the map's width or height (a phone with a panel open). */
const MIN_FREE_SHARE = 0.2;

const width = (r: Rect) => r.right - r.left;
const height = (r: Rect) => r.bottom - r.top;
const overlaps = (a: Rect, b: Rect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/**
 * The largest rectangle of `map` that none of `covers` overlaps. `aspect` (width / height of what
 * will be framed): the rectangle in which a box of that shape is largest instead (ties: more area).
 * Candidate edges are the map's and the covers' edges; with the dozen overlays of a map screen the
 * search is a few thousand boxes.
 */
export function freeRect(map: Rect, covers: Rect[], aspect?: number): Rect {
  const rects = covers
    .map((r) => ({ left: Math.max(map.left, r.left), top: Math.max(map.top, r.top), right: Math.min(map.right, r.right), bottom: Math.min(map.bottom, r.bottom) }))
    .filter((r) => width(r) > 0 && height(r) > 0);
  if (!rects.length) return { ...map };
  const uniq = (xs: number[]) => [...new Set(xs)].sort((a, b) => a - b);
  const lefts = uniq([map.left, ...rects.map((r) => r.right)]);
  const rights = uniq([map.right, ...rects.map((r) => r.left)]);
  const tops = uniq([map.top, ...rects.map((r) => r.bottom)]);
  const bottoms = uniq([map.bottom, ...rects.map((r) => r.top)]);
  const score = (r: Rect): [number, number] => {
    const w = width(r);
    const h = height(r);
    return [aspect && aspect > 0 ? Math.min(w, h * aspect) : w * h, w * h];
  };
  let best: Rect | null = null;
  let bestScore: [number, number] = [-1, -1];
  for (const left of lefts)
    for (const right of rights) {
      if (right <= left) continue;
      for (const top of tops)
        for (const bottom of bottoms) {
          if (bottom <= top) continue;
          const r = { left, top, right, bottom };
          const s = score(r);
          if (s[0] < bestScore[0] || (s[0] === bestScore[0] && s[1] <= bestScore[1])) continue;
          if (rects.some((c) => overlaps(r, c))) continue;
          best = r;
          bestScore = s;
        }
    }
  return best ?? { ...map };
}

/** The padding (CSS px from each edge of the map) that leaves exactly `free`. */
export function paddingOf(map: Rect, free: Rect): Padding {
  return { top: free.top - map.top, right: map.right - free.right, bottom: map.bottom - free.bottom, left: free.left - map.left };
}

/**
 * Padding that leaves the free area of the map (see freeRect). Never so much that less than a
 * fifth of the map's width or height is left: where the overlays cover more (a phone with a panel
 * open), the padding shrinks in proportion and the frame runs under them.
 */
export function reservedPadding(map: Rect, covers: Rect[], aspect?: number): Padding {
  const pad = paddingOf(map, freeRect(map, covers, aspect));
  const fit = (a: keyof Padding, b: keyof Padding, size: number) => {
    const max = size * (1 - MIN_FREE_SHARE);
    if (pad[a] + pad[b] <= max) return;
    const k = max / (pad[a] + pad[b]);
    pad[a] *= k;
    pad[b] *= k;
  };
  fit('left', 'right', width(map));
  fit('top', 'bottom', height(map));
  return pad;
}

/**
 * How much of `box` shows: the share of it (sampled on an n×n grid; a point box is one sample) that
 * lies inside `map` and under none of `covers`. All in the same coordinates.
 */
export function uncoveredShare(box: Rect, map: Rect, covers: Rect[], n = 12): number {
  const inside = (x: number, y: number, r: Rect) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom;
  const cols = width(box) < 1 ? 1 : n;
  const rows = height(box) < 1 ? 1 : n;
  let shown = 0;
  for (let i = 0; i < cols; i++)
    for (let j = 0; j < rows; j++) {
      const x = cols === 1 ? box.left : box.left + ((i + 0.5) * width(box)) / cols;
      const y = rows === 1 ? box.top : box.top + ((j + 0.5) * height(box)) / rows;
      if (inside(x, y, map) && !covers.some((c) => inside(x, y, c))) shown++;
    }
  return shown / (cols * rows);
}

/** Measure the overlays (those present and visible) against the map container: the padding of its free area. */
export function measureReserved(mapEl: Element, selectors: string[] = MAP_COVERS, aspect?: number): Padding {
  return reservedPadding(mapEl.getBoundingClientRect(), coverRects(selectors), aspect);
}

/** The screen rectangles of the elements matching `selectors` that take up room. */
export function coverRects(selectors: string[] = MAP_COVERS): Rect[] {
  return selectors
    .flatMap((s) => [...document.querySelectorAll(s)])
    .filter((e) => getComputedStyle(e).visibility !== 'hidden')
    .map((e) => e.getBoundingClientRect())
    .filter((r) => r.width > 0 && r.height > 0);
}
