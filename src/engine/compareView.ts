/**
 * Two maps as one view (compare's swipe and side by side): the second map (side B, its own
 * MapLibre map and deck.gl overlay, src/engine/MapEngine.ts with `secondary`) lies over the main
 * one, and both cameras move together in the same frame — a move of side A jumps side B's camera
 * and side B draws right after side A in that frame (./pairedFrames.ts: once a frame; GUIDE §8: a
 * plain jumpTo left it a frame behind in about half of an animation's frames); a move of side B
 * (dragged by the user) jumps side A and draws it at once.
 *
 * Layout: swipe = side A fills the map area and side B's map is only the part past the divider —
 * right of it, or below it where the divider lies across a tall screen — its camera offset so the
 * ground lines up (a CSS clip of a whole second map cost twice the pixels a frame: the pan was 3× one
 * map's time under software WebGL), and side A draws only the part before it (./drawClip.ts: the
 * rest is under side B); split = the map area cut in two halves, one map in each
 * (side by side, or stacked on a tall screen). The page's CSS (boot.css) places the containers
 * from the body's classes set here.
 */
import { NavigationControl } from 'maplibre-gl';
import type { MapEngine } from './MapEngine';
import { PairedFrames } from './pairedFrames';
import { DrawClip, type ClipRect } from './drawClip';

export type Layout = 'swipe' | 'split';
/** cols: side B right of side A; rows: below it (a tall screen) */
export type Orientation = 'cols' | 'rows';

/** Across a screen taller than wide the divider lies horizontally (and split stacks the maps). */
export const orientationOf = (width: number, height: number): Orientation => (height > width * 1.1 ? 'rows' : 'cols');

/** The clip that would show side B past the divider at `pos` (0–1): what the swipe did before side B's map was cut to its part. */
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
  /** side B draws in side A's frames, once a frame */
  private frames: PairedFrames;
  /** a swipe's side A draws only the part before the divider */
  private clipA: DrawClip;

  constructor(
    private a: MapEngine,
    private b: MapEngine,
    private bEl: HTMLElement,
  ) {
    this.frames = new PairedFrames(a.map, b.map);
    this.clipA = new DrawClip(a.map);
    a.map.on('move', this.fromA);
    b.map.on('move', this.fromB);
    a.map.on('resize', this.onResizeA);
    this.b.map.jumpTo(this.a.getCamera());
    b.map.addControl(this.nav, 'top-right');
    // two maps' attributions stay compact: full lines would run under the divider and the compare bar
    a.setCompactAttribution(true);
    b.setCompactAttribution(true);
  }

  /** Side A moved (the user, an animation, a link): side B takes the camera now and draws right after side A's frame. */
  private fromA = () => {
    if (this.syncing) return;
    this.syncing = true;
    try {
      this.b.map.jumpTo(this.cameraForB());
    } finally {
      this.syncing = false;
    }
  };

  /**
   * Where side B's map lies over side A's (CSS px from A's top-left): a swipe gives side B only the
   * part past the divider, so the two maps draw about one view of pixels between them (under
   * software WebGL a frame costs mostly pixels); side by side, each map has its own half (no offset:
   * both frame the same ground).
   */
  private offset = { x: 0, y: 0 };

  /** Side A's camera, moved so that side B's part shows the ground side A has there. */
  private cameraForB() {
    const cam = this.a.getCamera();
    if (this.layout !== 'swipe' || (!this.offset.x && !this.offset.y)) return cam;
    const b = this.b.map.getContainer();
    const c = this.a.map.unproject([this.offset.x + b.clientWidth / 2, this.offset.y + b.clientHeight / 2]);
    return { ...cam, center: [c.lng, c.lat] as [number, number] };
  }

  /** Side B's camera, moved back to side A's centre. */
  private cameraForA() {
    const cam = this.b.getCamera();
    if (this.layout !== 'swipe' || (!this.offset.x && !this.offset.y)) return cam;
    const a = this.a.map.getContainer();
    const c = this.b.map.unproject([a.clientWidth / 2 - this.offset.x, a.clientHeight / 2 - this.offset.y]);
    return { ...cam, center: [c.lng, c.lat] as [number, number] };
  }

  /** Side B moved (the user dragged it): side A follows, and records the view. */
  private fromB = () => {
    if (this.syncing) return;
    this.syncing = true;
    try {
      this.a.followCamera(this.cameraForA());
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
    this.bEl.dataset.layout = layout;
    this.bEl.dataset.orientation = orientation;
    // a swipe: side B's map is the part past the divider, in whole pixels (its ground lines up with side A's exactly)
    const a = this.a.map.getContainer();
    const before = { ...this.offset };
    const cut = layout !== 'swipe' ? 0 : orientation === 'cols' ? Math.round(pos * a.clientWidth) : Math.round(pos * a.clientHeight);
    // never narrower than a pixel (a map needs a size); the divider at the edge leaves side B a hairline under it
    const at = Math.min(cut, (orientation === 'cols' ? a.clientWidth : a.clientHeight) - 1);
    this.offset = layout !== 'swipe' ? { x: 0, y: 0 } : orientation === 'cols' ? { x: at, y: 0 } : { x: 0, y: at };
    this.bEl.style.setProperty('--b-x', `${this.offset.x}px`);
    this.bEl.style.setProperty('--b-y', `${this.offset.y}px`);
    if (changed || before.x !== this.offset.x || before.y !== this.offset.y) {
      // each map takes its new size now, then side B frames what side A shows; a resize fires `move`,
      // and side A must not follow side B's camera while that is still framed for the old part
      this.syncing = true;
      try {
        if (changed) this.a.resize();
        this.b.resize();
        this.b.map.jumpTo(this.cameraForB());
        this.frames.draw();
      } finally {
        this.syncing = false;
      }
      // side A draws the part the divider now leaves it
      this.clipA.set(this.rectA());
      this.a.map.triggerRepaint();
    }
  }

  /** What side A shows (CSS px of its map): a swipe, the part before the divider; side by side, all of it. */
  private rectA(): ClipRect | null {
    if (this.layout !== 'swipe') return null;
    const a = this.a.map.getContainer();
    return this.orientation === 'cols' ? { x: 0, y: 0, width: this.offset.x, height: a.clientHeight } : { x: 0, y: 0, width: a.clientWidth, height: this.offset.y };
  }

  private onResizeA = () => this.clipA.set(this.rectA());

  getLayout() {
    return { layout: this.layout, orientation: this.orientation, pos: this.pos };
  }

  destroy() {
    this.a.map.off('move', this.fromA);
    this.b.map.off('move', this.fromB);
    this.a.map.off('resize', this.onResizeA);
    this.frames.destroy();
    this.clipA.destroy();
    document.body.classList.remove(...BODY_CLASSES);
    this.bEl.style.removeProperty('--b-x');
    this.bEl.style.removeProperty('--b-y');
    this.a.setCompactAttribution(null);
    try {
      this.b.map.removeControl(this.nav);
    } catch {
      /* side B's map may be gone already */
    }
    this.a.resize();
  }
}
