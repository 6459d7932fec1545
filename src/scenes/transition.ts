/**
 * How a scene arrives on screen: eased where the machine can animate the move, cut where it
 * cannot. A meeting-room PC without a usable GPU draws a frame in 150–300 ms; a 350 ms ease
 * there shows two or three frames — a stutter that only delays the scene — so it becomes a cut.
 * Pure; the engine measures the frame time once the talk is loaded.
 */

/** the ease between scenes where frames are quick enough */
export const SCENE_EASE_MS = 350;
/** per frame, slower than this (≈ 15 fps) the ease would show five frames or fewer */
export const SMOOTH_FRAME_MS = 66;

/**
 * Duration of the camera move to a scene, in ms (0 = jump): none when the user prefers reduced
 * motion or frames are too slow to show a movement; the ease otherwise (also before any frame
 * was timed).
 */
export function sceneMoveMs(o: { reducedMotion: boolean; frameMs: number | null }): number {
  if (o.reducedMotion) return 0;
  if (o.frameMs !== null && o.frameMs > SMOOTH_FRAME_MS) return 0;
  return SCENE_EASE_MS;
}
