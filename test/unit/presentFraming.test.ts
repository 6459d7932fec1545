/**
 * Deterministic framing: every scene of the built-in tour is fully inside the free map area
 * (clear of the title bar, the legend and the attribution line) with the same proportional
 * padding on a 1024×768 projector, a 1366×768 laptop, a 1920×1080 screen and a 3840×2160 wall.
 */
import { describe, it, expect } from 'vitest';
import { chromeInsets, freeArea, sceneCamera, sceneView, scenePadding, presentFontPx, PRESENT_PADDING_SHARE, NO_INSETS, type Insets } from '../../src/scenes/framing';
import { boundsOnScreen, frameBounds, type Viewport } from '../../src/state/view';
import { loadPlanTourFromDisk } from '../../scripts/vite-plugin-scenes';
import type { Bounds } from '../../src/state/mapState';

const SCREENS: Viewport[] = [
  { width: 1024, height: 768 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
];

/** The present mode's chrome on a screen (as its CSS lays it out): a title bar of three to five
 *  lines of text sized with the screen, a legend column of clamp(240px, 24vw, 640px), the attribution line. */
function chrome(vp: Viewport, titleLines = 4): Insets {
  const font = presentFontPx(vp);
  const legend = Math.min(640, Math.max(240, vp.width * 0.24)) + 0.6 * font;
  return { top: font * 1.4 * titleLines + font * 1.2, right: legend, bottom: Math.max(28, vp.height * 0.045), left: 0 };
}

const deck = loadPlanTourFromDisk(process.cwd()).deck!;
const ASPECT = (vp: Viewport) => `${vp.width}×${vp.height}`;

describe('scene framing', () => {
  for (const vp of SCREENS) {
    it(`every scene fills the free area with ${PRESENT_PADDING_SHARE * 100}% padding at ${ASPECT(vp)}`, () => {
      const insets = chrome(vp);
      const area = freeArea(vp, insets);
      const padX = area.width * PRESENT_PADDING_SHARE;
      const padY = area.height * PRESENT_PADDING_SHARE;
      for (const scene of deck.scenes) {
        const b = scene.state.view.bounds as Bounds;
        const cam = sceneCamera(b, vp, insets);
        const on = boundsOnScreen(b, cam, vp);
        const where = `${scene.id} at ${ASPECT(vp)}`;
        // inside the free area, padding included
        expect(on.left, where).toBeGreaterThanOrEqual(area.left + padX - 0.5);
        expect(on.right, where).toBeLessThanOrEqual(area.right - padX + 0.5);
        expect(on.top, where).toBeGreaterThanOrEqual(area.top + padY - 0.5);
        expect(on.bottom, where).toBeLessThanOrEqual(area.bottom - padY + 0.5);
        // as large as possible: one axis touches the padding on both sides
        const fillsX = Math.abs(on.right - on.left - (area.width - 2 * padX)) < 1;
        const fillsY = Math.abs(on.bottom - on.top - (area.height - 2 * padY)) < 1;
        expect(fillsX || fillsY, where).toBe(true);
        // centred in the free area
        expect(Math.abs((on.left + on.right) / 2 - (area.left + area.right) / 2), where).toBeLessThan(1);
        expect(Math.abs((on.top + on.bottom) / 2 - (area.top + area.bottom) / 2), where).toBeLessThan(1);
      }
    });
  }

  it('chrome taller than the screen (a long caption on a phone) still frames every scene on screen', () => {
    const vp: Viewport = { width: 390, height: 844 };
    const insets: Insets = { top: 900, right: 0, bottom: 38, left: 0 };
    const area = freeArea(vp, insets);
    expect(area.top).toBeGreaterThanOrEqual(0);
    expect(area.bottom).toBeLessThanOrEqual(vp.height);
    expect(area.height).toBeGreaterThanOrEqual(vp.height * 0.4 - 0.5);
    for (const scene of deck.scenes) {
      const b = scene.state.view.bounds as Bounds;
      const on = boundsOnScreen(b, sceneCamera(b, vp, insets), vp);
      expect(on.top, scene.id).toBeGreaterThanOrEqual(area.top - 0.5);
      expect(on.bottom, scene.id).toBeLessThanOrEqual(area.bottom + 0.5);
      expect(on.left, scene.id).toBeGreaterThanOrEqual(-0.5);
      expect(on.right, scene.id).toBeLessThanOrEqual(vp.width + 0.5);
    }
  });

  it('the legend is taken from the side that leaves more map: a column at the right on a projector, a box under the title on a phone', () => {
    // a projector: title bar 180 px, legend column from x = 1080 down to y = 620
    const proj = chromeInsets({ width: 1440, height: 900 }, 180, 40, { left: 1080, top: 190, right: 1430, bottom: 620 });
    expect(proj).toEqual({ top: 180, right: 360, bottom: 40, left: 0 });
    // a 390 px phone (as laid out): title bar to y = 219, the legend box 142–380 wide from y = 229 to 415
    const phone = chromeInsets({ width: 390, height: 844 }, 219, 38, { left: 142, top: 229, right: 380, bottom: 415 });
    expect(phone).toEqual({ top: 415, right: 0, bottom: 38, left: 0 });
    // the scene then uses the whole width under the legend, not a 156 px strip at the left edge
    const area = freeArea({ width: 390, height: 844 }, phone);
    expect(area.width).toBe(390);
    expect(area.height).toBeGreaterThan(380);
    // no legend (a scene without one): only the title bar and the footer
    expect(chromeInsets({ width: 1024, height: 768 }, 150, 35)).toEqual({ top: 150, right: 0, bottom: 35, left: 0 });
  });

  it('the stored view reproduces the same camera when the map frames it (and leaving the talk keeps it)', () => {
    for (const vp of SCREENS) {
      const b: Bounds = [112.1, 37.18, 113.2, 38.45];
      const insets = chrome(vp);
      const cam = sceneCamera(b, vp, insets);
      const view = sceneView(b, vp, insets);
      const again = frameBounds(view.bounds, vp, { bearing: view.bearing });
      expect(again.zoom).toBeCloseTo(cam.zoom, 6);
      expect(again.center[0]).toBeCloseTo(cam.center[0], 6);
      expect(again.center[1]).toBeCloseTo(cam.center[1], 6);
    }
  });

  it('padding is the same share of the free area on every screen', () => {
    for (const vp of SCREENS) {
      const p = scenePadding(vp, NO_INSETS);
      expect(p.left / vp.width).toBeCloseTo(PRESENT_PADDING_SHARE, 9);
      expect(p.top / vp.height).toBeCloseTo(PRESENT_PADDING_SHARE, 9);
    }
  });
});

describe('projector sizes', () => {
  it('text and map symbols are 1.5× the planner’s on a 1024×768 projector and grow with the screen', async () => {
    const { presentFontPx, projectorScale } = await import('../../src/scenes/framing');
    expect(presentFontPx({ width: 1024, height: 768 })).toBe(21);
    expect(projectorScale({ width: 1024, height: 768 })).toBe(1.5);
    expect(projectorScale({ width: 1366, height: 768 })).toBe(1.5);
    expect(projectorScale({ width: 1920, height: 1080 })).toBeCloseTo(1.77, 2);
    expect(projectorScale({ width: 3840, height: 2160 })).toBeCloseTo(3.55, 2);
    // a 4K wall shows the same picture as a 1080p screen: twice the pixels, twice the size
    expect(projectorScale({ width: 3840, height: 2160 }) / projectorScale({ width: 1920, height: 1080 })).toBeCloseTo(2, 1);
  });
});
