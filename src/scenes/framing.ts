/**
 * Deterministic framing for presentations: a scene's bounds fill the part of the screen the
 * presentation's chrome leaves free (title bar, legend, footer), with the same proportional
 * padding on any screen — 1024×768 projector or 3840×2160 wall. Pure; the present mode measures
 * the chrome and asks for the view, which is stored as the bounds the whole map then shows.
 */
import { boundsOfCamera, frameBounds, proportionalPadding, type CameraPosition, type Padding, type Viewport } from '../state/view';
import type { Bounds, ViewState } from '../state/mapState';

/** Padding around a scene's bounds, as a share of the free map area's width (left/right) and height (top/bottom). */
export const PRESENT_PADDING_SHARE = 0.04;
/** The engine's zoom range (src/engine/MapEngine.ts). */
const MIN_ZOOM = 4;
const MAX_ZOOM = 16;

/** CSS px of the screen's edges covered by the presentation's chrome. */
export type Insets = Padding;
export const NO_INSETS: Insets = { top: 0, right: 0, bottom: 0, left: 0 };

/** The chrome never takes more than this share of the screen's width or height from the map (a phone, a tall caption). */
export const MAX_CHROME_SHARE = 0.6;

/**
 * The free map area: the viewport minus the chrome. Where the chrome would cover more than
 * MAX_CHROME_SHARE of a dimension (a long caption on a small screen), its insets are scaled down
 * so the scene is still framed on the screen rather than off it.
 */
export function freeArea(viewport: Viewport, insets: Insets): { left: number; top: number; right: number; bottom: number; width: number; height: number } {
  const fit = (a: number, b: number, size: number) => {
    const k = Math.min(1, (size * MAX_CHROME_SHARE) / Math.max(1, a + b));
    return [a * k, b * k];
  };
  const [left, rightInset] = fit(insets.left, insets.right, viewport.width);
  const [top, bottomInset] = fit(insets.top, insets.bottom, viewport.height);
  const right = Math.max(left + 1, viewport.width - rightInset);
  const bottom = Math.max(top + 1, viewport.height - bottomInset);
  return { left, top, right, bottom, width: right - left, height: bottom - top };
}

/** A screen rectangle (CSS px), as getBoundingClientRect gives it. */
export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * The insets of the presentation's chrome: the title bar at the top, the footer line at the bottom,
 * and the legend box — taken from the side that leaves the larger free area. On a projector the
 * legend is a column at the right (a right inset); on a phone it is a wide box under the title bar,
 * and counting it as a right inset would squeeze the scene into a strip at the left edge.
 */
export function chromeInsets(viewport: Viewport, titleBottom: number, bottom: number, legend?: Rect): Insets {
  const top = Math.max(0, titleBottom);
  if (!legend || legend.right <= legend.left) return { top, right: 0, bottom, left: 0 };
  const asRight: Insets = { top, right: Math.max(0, viewport.width - legend.left), bottom, left: 0 };
  const asTop: Insets = { top: Math.max(top, legend.bottom), right: 0, bottom, left: 0 };
  const size = (i: Insets) => {
    const a = freeArea(viewport, i);
    return a.width * a.height;
  };
  return size(asTop) > size(asRight) ? asTop : asRight;
}

/** The padding that frames a scene: the chrome plus the same share of the free area on every side. */
export function scenePadding(viewport: Viewport, insets: Insets, share = PRESENT_PADDING_SHARE): Padding {
  const area = freeArea(viewport, insets);
  return proportionalPadding({ width: area.width, height: area.height }, share, {
    top: area.top,
    right: viewport.width - area.right,
    bottom: viewport.height - area.bottom,
    left: area.left,
  });
}

/** The camera that shows a scene's bounds as large as possible inside the free, padded area. */
export function sceneCamera(bounds: Bounds, viewport: Viewport, insets: Insets = NO_INSETS, bearing = 0): CameraPosition {
  return frameBounds(bounds, viewport, { padding: scenePadding(viewport, insets), bearing, minZoom: MIN_ZOOM, maxZoom: MAX_ZOOM });
}

/**
 * The view (bounds of the whole map + bearing) that frames a scene's bounds on this screen with
 * this chrome. Stored in the map state like any view, so leaving the presentation keeps it.
 */
export function sceneView(bounds: Bounds, viewport: Viewport, insets: Insets = NO_INSETS, bearing = 0): ViewState {
  const cam = sceneCamera(bounds, viewport, insets, bearing);
  return { bounds: boundsOfCamera(cam.center, cam.zoom, viewport), bearing };
}

/** The present mode's text size (its CSS: clamp(21px, 2.3vmin, 52px)) — 1.5× the planner's 14 px at the least. */
export function presentFontPx(viewport: Viewport): number {
  return Math.min(52, Math.max(21, (2.3 * Math.min(viewport.width, viewport.height)) / 100));
}

/**
 * How much larger map labels, lines and points are drawn while presenting: 1.5× the planner's on
 * a 1024×768 projector, growing with the screen like the title bar's text, so a 4K wall shows the
 * same picture as a projector rather than a smaller one.
 */
export function projectorScale(viewport: Viewport): number {
  return Math.round(1.5 * (presentFontPx(viewport) / 21) * 100) / 100;
}
