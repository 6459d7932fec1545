/**
 * What luma.gl (deck.gl's GPU layer) leaves on a WebGL context that outlives a context loss.
 * The context object survives a loss/restore; the GPU state on it does not. luma.gl keeps its
 * device on the object (programs and buffers that die with the context) and instruments the
 * object's own methods (useProgram, enable, blendFunc, getParameter …) with a cache of GL state
 * that skips "redundant" calls — MapLibre's calls too, since deck draws interleaved in MapLibre's
 * context. After a restore that cache is stale and frames draw with the wrong state ("no valid
 * shader program in use"). So on loss the object is returned to a plain WebGL2 context: luma's
 * own properties are removed, and the next overlay instruments it afresh.
 */
export function stripLuma(gl: WebGL2RenderingContext | null) {
  if (!gl) return;
  // a plain WebGL2RenderingContext has no own properties: everything here was added by luma.gl
  for (const key of Object.getOwnPropertyNames(gl)) {
    try {
      delete (gl as unknown as Record<string, unknown>)[key];
    } catch {
      /* non-configurable: leave it */
    }
  }
}
