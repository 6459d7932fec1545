import { describe, it, expect } from 'vitest';
import { scissorBox } from '../../src/engine/drawClip';

describe('drawClip: the part of a map drawn in a swipe (WebGL scissor box)', () => {
  it('the left part of a map, in drawing-buffer pixels (rows from the bottom)', () => {
    expect(scissorBox({ x: 0, y: 0, width: 560, height: 800 }, { width: 1120, height: 800 }, { width: 1120, height: 800 })).toEqual([0, 0, 560, 800]);
  });
  it('the top part of a tall map: WebGL counts rows from the bottom', () => {
    expect(scissorBox({ x: 0, y: 0, width: 390, height: 300 }, { width: 390, height: 700 }, { width: 390, height: 700 })).toEqual([0, 400, 390, 300]);
  });
  it('at a device pixel ratio of 2, rounded outwards (no seam of undrawn pixels at the divider)', () => {
    expect(scissorBox({ x: 0, y: 0, width: 100.3, height: 50 }, { width: 200, height: 100 }, { width: 400, height: 200 })).toEqual([0, 100, 201, 100]);
  });
  it('nothing of side A shown: an empty box; a rectangle past the canvas is cut to it', () => {
    expect(scissorBox({ x: 0, y: 0, width: 0, height: 800 }, { width: 1000, height: 800 }, { width: 1000, height: 800 })).toEqual([0, 0, 0, 800]);
    expect(scissorBox({ x: -5, y: -5, width: 2000, height: 2000 }, { width: 1000, height: 800 }, { width: 1000, height: 800 })).toEqual([0, 0, 1000, 800]);
  });
});
