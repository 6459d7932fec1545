/**
 * A comparison on a map sheet (issue 18): side by side — two frames at the same 1:N, each with its
 * own subtitle strip — or the swipe — one frame, side A before the divider and side B past it, the
 * divider drawn as a rule at the same place on the ground as on screen. Pure geometry: where the
 * frames sit on paper, where the rule falls in the frame, and which part of the frame each side's
 * capture draws (a swipe captures each side only where it shows, so it costs one frame of pixels).
 */
import type { Rect } from './layout';
import { mercX, mercY, lonOf, latOf, WORLD_PX, type Viewport } from '../state/view';

export type SheetCompareMode = 'split' | 'swipe';
/** cols: side B right of side A (a vertical divider); rows: below it */
export type SheetOrientation = 'cols' | 'rows';

export interface Camera {
  center: [number, number];
  zoom: number;
  bearing: number;
}

/** gap between the two frames of a side-by-side sheet, and each frame's subtitle strip (A4 mm; × k) */
const SPLIT_GAP = 3;
const STRIP_H = 6.5;

/** The two frames of a side-by-side sheet in the map's place: the same size, side by side, each under its strip. */
export function splitFrames(map: Rect, k: number): { a: Rect; b: Rect; stripA: Rect; stripB: Rect } {
  const gap = SPLIT_GAP * k;
  const strip = STRIP_H * k;
  const w = (map.w - gap) / 2;
  const stripA: Rect = { x: map.x, y: map.y, w, h: strip };
  const stripB: Rect = { x: map.x + w + gap, y: map.y, w, h: strip };
  return { a: { x: map.x, y: map.y + strip, w, h: map.h - strip }, b: { x: stripB.x, y: map.y + strip, w, h: map.h - strip }, stripA, stripB };
}

/** A lon/lat's place in a frame (CSS px from its top-left) for the frame's camera. */
export function projectInFrame(camera: Camera, frame: Viewport, lngLat: [number, number]): [number, number] {
  const worldPx = WORLD_PX * 2 ** camera.zoom;
  const mx = (mercX(lngLat[0]) - mercX(camera.center[0])) * worldPx;
  const my = (mercY(lngLat[1]) - mercY(camera.center[1])) * worldPx;
  const r = (camera.bearing * Math.PI) / 180;
  // map offset → screen offset (the inverse of frame.ts frameOutline's rotation)
  const sx = mx * Math.cos(r) + my * Math.sin(r);
  const sy = -mx * Math.sin(r) + my * Math.cos(r);
  return [frame.width / 2 + sx, frame.height / 2 + sy];
}

/** The centre of a part of a frame (x, y, w, h in CSS px from the frame's top-left) as lon/lat. */
export function partCenter(camera: Camera, frame: Viewport, part: { x: number; y: number; w: number; h: number }): [number, number] {
  const worldPx = WORLD_PX * 2 ** camera.zoom;
  const sx = part.x + part.w / 2 - frame.width / 2;
  const sy = part.y + part.h / 2 - frame.height / 2;
  const r = (camera.bearing * Math.PI) / 180;
  const mx = sx * Math.cos(r) - sy * Math.sin(r);
  const my = sx * Math.sin(r) + sy * Math.cos(r);
  return [lonOf(mercX(camera.center[0]) + mx / worldPx), latOf(mercY(camera.center[1]) + my / worldPx)];
}

/** One side's capture: its camera, its size (CSS px) and where it sits in the frame. */
export interface SideCapture extends Camera {
  width: number;
  height: number;
  /** offset in the frame, CSS px */
  x: number;
  y: number;
}

/**
 * A swipe on paper: the divider's place across the frame (0–1; through `divider`, the lon/lat the
 * screen's divider runs through, else at `pos`) and each side's part of the frame; a side with no
 * part (the divider at an edge) is null.
 */
export function swipeParts(
  camera: Camera,
  frame: Viewport,
  orientation: SheetOrientation,
  at: { divider?: [number, number]; pos: number },
): { frac: number; a: SideCapture | null; b: SideCapture | null } {
  const cols = orientation === 'cols';
  const across = cols ? frame.width : frame.height;
  let frac = at.pos;
  if (at.divider) {
    const [x, y] = projectInFrame(camera, frame, at.divider);
    frac = (cols ? x : y) / across;
  }
  frac = Math.max(0, Math.min(1, Number.isFinite(frac) ? frac : at.pos));
  const cut = Math.round(frac * across);
  const part = (from: number, to: number): SideCapture | null => {
    if (to - from < 1) return null;
    const p = cols ? { x: from, y: 0, w: to - from, h: frame.height } : { x: 0, y: from, w: frame.width, h: to - from };
    return { center: partCenter(camera, frame, p), zoom: camera.zoom, bearing: camera.bearing, width: p.w, height: p.h, x: p.x, y: p.y };
  };
  return { frac: cut / across, a: part(0, cut), b: part(cut, across) };
}
