import { describe, it, expect } from 'vitest';
import { sceneMoveMs, SCENE_EASE_MS, SMOOTH_FRAME_MS } from '../../src/scenes/transition';

describe('how a scene arrives', () => {
  it('eases where frames are quick, and before any frame was timed', () => {
    expect(sceneMoveMs({ reducedMotion: false, frameMs: 16 })).toBe(SCENE_EASE_MS);
    expect(sceneMoveMs({ reducedMotion: false, frameMs: SMOOTH_FRAME_MS })).toBe(SCENE_EASE_MS);
    expect(sceneMoveMs({ reducedMotion: false, frameMs: null })).toBe(SCENE_EASE_MS);
  });
  it('cuts where the ease would show five frames or fewer (software WebGL: 150–300 ms a frame)', () => {
    expect(SCENE_EASE_MS / SMOOTH_FRAME_MS).toBeGreaterThan(5);
    expect(sceneMoveMs({ reducedMotion: false, frameMs: SMOOTH_FRAME_MS + 1 })).toBe(0);
    expect(sceneMoveMs({ reducedMotion: false, frameMs: 220 })).toBe(0);
  });
  it('never moves the camera for a user who prefers reduced motion', () => {
    expect(sceneMoveMs({ reducedMotion: true, frameMs: 16 })).toBe(0);
    expect(sceneMoveMs({ reducedMotion: true, frameMs: null })).toBe(0);
  });
});
