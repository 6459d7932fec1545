/**
 * Two maps, one frame: side B of a comparison draws in side A's frames (src/engine/compareView.ts).
 *
 * Left alone, each MapLibre map asks the browser for its own frames. While side A moves, side B
 * then drew twice in most frames: once for its own pending frame (labels fading in, a tile come
 * in) and again when side A's move jumped its camera — 173 draws of side B in a 90-frame pan
 * (measured 2026-12-05), most of the "compare costs twice one map". Here side B's repaint
 * requests are caught (its map's `triggerRepaint`, which MapLibre and deck.gl both call), and
 * side B draws once, right after side A in the same frame (on side A's `render`) whenever side A
 * draws in that frame or the next; only when side A is still does side B take a frame of its own.
 * Side B is never a frame behind side A's camera: side A's `move` sets side B's camera at once,
 * and side A's `render` draws it.
 */
import { Map as MapLibreMap } from 'maplibre-gl';

/** a frame side A has asked for and not drawn yet (MapLibre's own request; absent: treated as none) */
const framePending = (m: MapLibreMap) => Boolean((m as unknown as { _frameRequest?: unknown })._frameRequest);
const styleLoaded = (m: MapLibreMap) => Boolean((m as unknown as { style?: { _loaded?: boolean } }).style?._loaded);

export class PairedFrames {
  private wants = false;
  private raf = 0;
  /** own frames put off in a row because side A was about to draw (bounded: side B never waits for good) */
  private deferred = 0;
  private drawing = false;

  constructor(
    private a: MapLibreMap,
    private b: MapLibreMap,
  ) {
    (b as { triggerRepaint: () => void }).triggerRepaint = this.request;
    a.on('render', this.afterA);
  }

  /** side B wants a frame */
  private request = () => {
    // a style still loading is MapLibre's own business (nothing of side B to draw in step yet)
    if (!styleLoaded(this.b)) return MapLibreMap.prototype.triggerRepaint.call(this.b);
    this.wants = true;
    if (!this.raf) this.raf = requestAnimationFrame(this.ownFrame);
  };

  private ownFrame = () => {
    this.raf = 0;
    if (!this.wants) return;
    // side A draws in this frame or the next: side B draws right after it
    if (framePending(this.a) && this.deferred < 2) {
      this.deferred++;
      this.raf = requestAnimationFrame(this.ownFrame);
      return;
    }
    this.draw();
  };

  private afterA = () => {
    if (this.wants && !this.drawing) this.draw();
  };

  /** Draw side B now (its camera was just set, or it asked for a frame). */
  draw() {
    this.deferred = 0;
    this.wants = false;
    if (!styleLoaded(this.b)) return;
    this.drawing = true;
    try {
      this.b.redraw();
    } finally {
      this.drawing = false;
    }
  }

  /** Side B asks for its own frames again (leaving compare removes side B's map just after). */
  destroy() {
    cancelAnimationFrame(this.raf);
    this.a.off('render', this.afterA);
    delete (this.b as Partial<{ triggerRepaint: () => void }>).triggerRepaint;
    if (this.wants) this.b.triggerRepaint();
  }
}
