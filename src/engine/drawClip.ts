/**
 * Let a map draw only part of its canvas (a WebGL scissor on its context): a swipe's side A is
 * covered past the divider by side B's map, and under software WebGL a frame costs mostly pixels —
 * side A drew its whole view each frame, half of it unseen (src/engine/compareView.ts).
 *
 * MapLibre draws its frame (the clear included) without touching the scissor, and deck.gl's
 * interleaved layers set it only inside their own passes (luma.gl restores it after): a scissor
 * set on the context holds for every frame. Not for a style with an off-screen pass (hill shading,
 * a heat map, colour relief, terrain, a custom layer that pre-renders): those draw into textures
 * of other sizes, which a canvas-sized scissor would cut — such a style draws unclipped.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';

/** a rectangle of the map's container, CSS px from its top-left */
export interface ClipRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

function drawsOffscreen(map: MapLibreMap): boolean {
  try {
    if (map.getTerrain()) return true;
    return map.getLayersOrder().some((id) => map.getLayer(id)?.hasOffscreenPass());
  } catch {
    return true; // no style (yet): nothing to clip
  }
}

/** the rectangle in the drawing buffer's pixels (WebGL counts rows from the bottom) */
export function scissorBox(rect: ClipRect, css: { width: number; height: number }, buffer: { width: number; height: number }): [number, number, number, number] {
  const rx = buffer.width / Math.max(1, css.width);
  const ry = buffer.height / Math.max(1, css.height);
  const x0 = Math.max(0, Math.floor(rect.x * rx));
  const x1 = Math.min(buffer.width, Math.ceil((rect.x + rect.width) * rx));
  const top = Math.max(0, Math.floor(rect.y * ry));
  const bottom = Math.min(buffer.height, Math.ceil((rect.y + rect.height) * ry));
  return [x0, buffer.height - bottom, Math.max(0, x1 - x0), Math.max(0, bottom - top)];
}

/** One map's clip: set when the layout changes, held every frame (after a context loss, too). */
export class DrawClip {
  private box: [number, number, number, number] | null = null;

  constructor(private map: MapLibreMap) {
    map.on('render', this.hold);
  }

  /** Draw only `rect` of the map from the next frame on (null: the whole canvas); again after a resize. */
  set(rect: ClipRect | null) {
    const c = this.map.getContainer();
    this.box = rect && scissorBox(rect, { width: c.clientWidth, height: c.clientHeight }, this.map.getCanvas());
    this.hold();
  }

  /** the scissor on the context as set (re-asserted after each frame: cheap, and nothing else keeps it) */
  private hold = () => {
    const gl = this.map.getCanvas().getContext('webgl2');
    if (!gl || gl.isContextLost()) return;
    if (!this.box || drawsOffscreen(this.map)) gl.disable(gl.SCISSOR_TEST);
    else {
      gl.enable(gl.SCISSOR_TEST);
      gl.scissor(...this.box);
    }
  };

  destroy() {
    this.map.off('render', this.hold);
    this.box = null;
    this.hold();
  }
}
