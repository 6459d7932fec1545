/**
 * Two maps as one view (compare's swipe and side by side): the second map (side B, its own
 * MapLibre map and deck.gl overlay, src/engine/MapEngine.ts with `secondary`) lies over the main
 * one, and both cameras move together in the same frame — a move of either map jumps the other
 * and draws it at once (GUIDE §8: moving B with a plain jumpTo left it a frame behind in about half
 * of an animation's frames).
 *
 * Layout: swipe = both maps fill the map area, side B clipped (`clip-path: inset()`, so both load
 * tiles for the whole view once) to the part past the divider — right of it, or below it where the
 * divider lies across a tall screen; split = the map area cut in two halves, one map in each
 * (side by side, or stacked on a tall screen). The page's CSS (boot.css) places the containers
 * from the body's classes set here.
 */
import { NavigationControl } from 'maplibre-gl';
import type { MapEngine } from './MapEngine';

export type Layout = 'swipe' | 'split';
/** cols: side B right of side A; rows: below it (a tall screen) */
export type Orientation = 'cols' | 'rows';

/** Across a screen taller than wide the divider lies horizontally (and split stacks the maps). */
export const orientationOf = (width: number, height: number): Orientation => (height > width * 1.1 ? 'rows' : 'cols');

/** The clip that shows side B past the divider at `pos` (0–1). */
export function clipFor(layout: Layout, orientation: Orientation, pos: number): string {
  if (layout === 'split') return 'none';
  const pct = `${(Math.max(0, Math.min(1, pos)) * 100).toFixed(2)}%`;
  return orientation === 'cols' ? `inset(0 0 0 ${pct})` : `inset(${pct} 0 0 0)`;
}

const BODY_CLASSES = ['compare-swipe', 'compare-split', 'compare-rows', 'compare-cols'];

export class CompareView {
  private syncing = false;
  private layout: Layout = 'swipe';
  private orientation: Orientation = 'cols';
  private pos = 0.5;
  /**
   * Side B's zoom buttons: side A's sit under side B in a swipe, and under the map tools at the
   * middle of a side-by-side view (boot.css shows one set at the right edge of the map area).
   */
  private nav = new NavigationControl({ showCompass: false });

  constructor(
    private a: MapEngine,
    private b: MapEngine,
    private bEl: HTMLElement,
  ) {
    a.map.on('move', this.fromA);
    b.map.on('move', this.fromB);
    this.b.followCamera(this.a.getCamera());
    b.map.addControl(this.nav, 'top-right');
    // two maps' attributions stay compact: full lines would run under the divider and the compare bar
    a.setCompactAttribution(true);
    b.setCompactAttribution(true);
  }

  /** Side A moved (the user, an animation, a link): side B follows in the same frame. */
  private fromA = () => {
    if (this.syncing) return;
    this.syncing = true;
    try {
      this.b.followCamera(this.a.getCamera());
    } finally {
      this.syncing = false;
    }
  };

  /** Side B moved (the user dragged it): side A follows, and records the view. */
  private fromB = () => {
    if (this.syncing) return;
    this.syncing = true;
    try {
      this.a.followCamera(this.b.getCamera());
    } finally {
      this.syncing = false;
    }
  };

  /** Lay the two maps out: swipe at a divider position, or split; the orientation follows the screen. */
  setLayout(layout: Layout, pos: number, orientation: Orientation) {
    const changed = layout !== this.layout || orientation !== this.orientation;
    this.layout = layout;
    this.pos = pos;
    this.orientation = orientation;
    const body = document.body.classList;
    body.remove(...BODY_CLASSES);
    body.add(`compare-${layout}`, `compare-${orientation}`);
    this.bEl.style.clipPath = clipFor(layout, orientation, pos);
    this.bEl.dataset.layout = layout;
    this.bEl.dataset.orientation = orientation;
    if (changed) {
      // each map takes its new size now, then side B frames what side A shows
      this.a.resize();
      this.b.resize();
      this.b.followCamera(this.a.getCamera());
    }
  }

  getLayout() {
    return { layout: this.layout, orientation: this.orientation, pos: this.pos };
  }

  destroy() {
    this.a.map.off('move', this.fromA);
    this.b.map.off('move', this.fromB);
    document.body.classList.remove(...BODY_CLASSES);
    this.a.setCompactAttribution(null);
    try {
      this.b.map.removeControl(this.nav);
    } catch {
      /* side B's map may be gone already */
    }
    this.a.resize();
  }
}
