/**
 * Framing in Web Mercator, as pure functions: which centre and zoom show given bounds on a given
 * screen, and which bounds a centre and zoom show. MapLibre's world is 512 CSS px wide at zoom 0.
 * The engine uses these both ways, so a view stored as bounds comes back exactly on the same
 * screen and proportionally on any other (scenes, shared links, map sheets).
 */
import type { Bounds } from './mapState';

export const WORLD_PX = 512;
const MAX_LAT = 85.051129;

export interface Viewport {
  width: number;
  height: number;
}

/** Padding in CSS px, or as a share of the viewport's width/height when `ratio` is set. */
export interface Padding {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface CameraPosition {
  center: [number, number];
  zoom: number;
  bearing: number;
}

const clampLat = (lat: number) => Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
/** lon → mercator x in [0, 1] */
export const mercX = (lon: number) => (lon + 180) / 360;
/** lat → mercator y in [0, 1] (north up: 0 at the top) */
export const mercY = (lat: number) => {
  const r = (clampLat(lat) * Math.PI) / 180;
  return (1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2;
};
export const lonOf = (x: number) => x * 360 - 180;
export const latOf = (y: number) => (Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180) / Math.PI;

/** Padding that is the same share of any screen: `share` of the width left/right, of the height top/bottom. */
export function proportionalPadding(viewport: Viewport, share: number, extra: Partial<Padding> = {}): Padding {
  const px = viewport.width * share;
  const py = viewport.height * share;
  return { top: py + (extra.top ?? 0), right: px + (extra.right ?? 0), bottom: py + (extra.bottom ?? 0), left: px + (extra.left ?? 0) };
}

/**
 * The camera that fits `bounds` into the viewport minus padding, as large as possible, centred in
 * the padded area. With a bearing the frame is rotated with the map, so the bounds are what the
 * rotated frame holds (their centre stays at the centre). Zoom is clamped to [minZoom, maxZoom].
 */
export function frameBounds(
  bounds: Bounds,
  viewport: Viewport,
  opts: { padding?: Padding; bearing?: number; minZoom?: number; maxZoom?: number } = {},
): CameraPosition {
  const pad = opts.padding ?? { top: 0, right: 0, bottom: 0, left: 0 };
  const [w, s, e, n] = bounds;
  const x0 = mercX(w);
  const x1 = mercX(e);
  const y0 = mercY(n);
  const y1 = mercY(s);
  const availW = Math.max(1, viewport.width - pad.left - pad.right);
  const availH = Math.max(1, viewport.height - pad.top - pad.bottom);
  const scale = Math.min(availW / ((x1 - x0) * WORLD_PX), availH / ((y1 - y0) * WORLD_PX));
  let zoom = Math.log2(scale);
  zoom = Math.max(opts.minZoom ?? 0, Math.min(opts.maxZoom ?? 22, zoom));
  const worldPx = WORLD_PX * 2 ** zoom;
  // the padded area's centre is offset from the viewport's centre by half the padding difference
  const offX = (pad.left - pad.right) / 2;
  const offY = (pad.top - pad.bottom) / 2;
  const bearing = opts.bearing ?? 0;
  const rad = (bearing * Math.PI) / 180;
  // screen offset → map offset (undo the rotation)
  const dx = offX * Math.cos(rad) - offY * Math.sin(rad);
  const dy = offX * Math.sin(rad) + offY * Math.cos(rad);
  const cx = (x0 + x1) / 2 - dx / worldPx;
  const cy = (y0 + y1) / 2 - dy / worldPx;
  return { center: [lonOf(cx), latOf(cy)], zoom, bearing };
}

/** The bounds of the unrotated frame a camera shows on a viewport (the inverse of frameBounds without padding). */
export function boundsOfCamera(center: [number, number], zoom: number, viewport: Viewport): Bounds {
  const worldPx = WORLD_PX * 2 ** zoom;
  const cx = mercX(center[0]);
  const cy = mercY(center[1]);
  const hw = viewport.width / 2 / worldPx;
  const hh = viewport.height / 2 / worldPx;
  return [lonOf(cx - hw), latOf(Math.min(1, cy + hh)), lonOf(cx + hw), latOf(Math.max(0, cy - hh))];
}

/** Where `bounds` lands on screen for a camera (CSS px), e.g. to check a scene is fully in view. */
export function boundsOnScreen(bounds: Bounds, camera: CameraPosition, viewport: Viewport): { left: number; top: number; right: number; bottom: number } {
  const worldPx = WORLD_PX * 2 ** camera.zoom;
  const cx = mercX(camera.center[0]);
  const cy = mercY(camera.center[1]);
  const rad = (camera.bearing * Math.PI) / 180;
  const corners = [
    [bounds[0], bounds[1]],
    [bounds[0], bounds[3]],
    [bounds[2], bounds[1]],
    [bounds[2], bounds[3]],
  ].map(([lon, lat]) => {
    const mx = (mercX(lon) - cx) * worldPx;
    const my = (mercY(lat) - cy) * worldPx;
    // map offset → screen offset (rotate by the bearing)
    const sx = mx * Math.cos(rad) + my * Math.sin(rad);
    const sy = -mx * Math.sin(rad) + my * Math.cos(rad);
    return [viewport.width / 2 + sx, viewport.height / 2 + sy];
  });
  return {
    left: Math.min(...corners.map((c) => c[0])),
    right: Math.max(...corners.map((c) => c[0])),
    top: Math.min(...corners.map((c) => c[1])),
    bottom: Math.max(...corners.map((c) => c[1])),
  };
}
