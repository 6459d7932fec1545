/**
 * Which part of the world a sheet's map frame shows: the current view or the whole region,
 * fitted (at the next round scale) or at a fixed 1:N, at the view's bearing. Pure Web-Mercator
 * maths on top of state/view.ts; the result is the camera the off-screen capture uses, the
 * scale printed on the sheet and the frame's outline (for the legend and the locator map).
 */
import type { Bounds, ViewState } from '../state/mapState';
import { frameBounds, boundsOnScreen, mercX, mercY, lonOf, latOf, WORLD_PX, type Viewport } from '../state/view';
import { roundScaleUp, scaleDenominator, zoomForScale } from './scale';

export type SheetArea = 'view' | 'region';
export type SheetScale = 'fit' | number;

export interface SheetFrame {
  center: [number, number];
  zoom: number;
  bearing: number;
  /** N of the printed 1:N (true at the frame's centre latitude) */
  scale: number;
  /** the frame's corners as lon/lat (top-left, top-right, bottom-right, bottom-left), closed */
  outline: [number, number][];
  /** false when a fixed scale makes the frame smaller than the area asked for */
  coversArea: boolean;
}

export function sheetFrame(opts: {
  area: SheetArea;
  scale: SheetScale;
  view: ViewState | null;
  region: Bounds;
  /** map frame size in CSS px */
  frame: Viewport;
}): SheetFrame {
  const target: ViewState = opts.area === 'view' && opts.view ? opts.view : { bounds: opts.region, bearing: opts.view?.bearing ?? 0 };
  const fit = frameBounds(target.bounds, opts.frame, { bearing: target.bearing });
  const lat = fit.center[1];
  const scale = opts.scale === 'fit' ? roundScaleUp(scaleDenominator(lat, fit.zoom)) : opts.scale;
  const zoom = zoomForScale(lat, scale);
  const camera = { center: fit.center, zoom, bearing: target.bearing };
  const on = boundsOnScreen(target.bounds, camera, opts.frame);
  const tol = 1;
  const coversArea = on.left >= -tol && on.top >= -tol && on.right <= opts.frame.width + tol && on.bottom <= opts.frame.height + tol;
  return { ...camera, scale, outline: frameOutline(camera, opts.frame), coversArea };
}

/** The lon/lat corners of a (possibly rotated) frame, closed ring, clockwise from top-left. */
export function frameOutline(camera: { center: [number, number]; zoom: number; bearing: number }, frame: Viewport): [number, number][] {
  const worldPx = WORLD_PX * 2 ** camera.zoom;
  const cx = mercX(camera.center[0]);
  const cy = mercY(camera.center[1]);
  const r = (camera.bearing * Math.PI) / 180;
  const hw = frame.width / 2;
  const hh = frame.height / 2;
  const corners: [number, number][] = [
    [-hw, -hh],
    [hw, -hh],
    [hw, hh],
    [-hw, hh],
  ].map(([sx, sy]) => {
    // screen offset → map offset (undo the rotation)
    const mx = sx * Math.cos(r) - sy * Math.sin(r);
    const my = sx * Math.sin(r) + sy * Math.cos(r);
    return [lonOf(cx + mx / worldPx), latOf(cy + my / worldPx)];
  });
  return [...corners, corners[0]];
}
