// The two software renderers Chromium can draw WebGL with on a machine without a GPU, and which
// one this machine's Chromium really gets.
//  - swiftshader: Chrome's own (ANGLE on SwiftShader's Vulkan). What an office PC without a GPU
//    runs, and what `npm run bench` measures.
//  - llvmpipe: Mesa's (ANGLE on OpenGL ES through EGL; Debian's libegl-mesa0 and libgl1-mesa-dri,
//    which scripts/ensure-chromium.sh installs). The same frames in less CPU: on this 2-core
//    machine the browser stories took 726 s against ≈ 1 000 s (README, "Tests").
// The browser stories draw with llvmpipe when it works (scripts/browser-tests.mjs asks once per
// run), else with SwiftShader; test/browser/browser.ts reads the answer from STORY_GL.
import { chromium } from 'playwright-core';

/** @type {Record<'swiftshader' | 'llvmpipe', string[]>} */
export const GL_ARGS = {
  swiftshader: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  // the page's own content rastered on the CPU, as Chrome does on a GPU it does not trust: the
  // same pixels, ≈ 4 % less time for a story file (fixes: 65–67 s against 67–70 s, 2026-12-06)
  llvmpipe: ['--use-angle=gl-egl', '--ignore-gpu-blocklist', '--enable-gpu', '--disable-gpu-rasterization'],
};

/** In a page (`page.evaluate(webgl2Renderer)`): the renderer its WebGL 2 reports, '' if it has none. */
export function webgl2Renderer() {
  const ctx = document.createElement('canvas').getContext('webgl2');
  if (!ctx) return '';
  const info = ctx.getExtension('WEBGL_debug_renderer_info');
  return String(ctx.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : ctx.RENDERER));
}

/** Start Chromium with `gl`'s flags and return the WebGL 2 renderer it reports ('' if none). */
export async function rendererOf(executablePath, gl) {
  let browser;
  try {
    browser = await chromium.launch({ executablePath, headless: true, args: [...GL_ARGS[gl], '--no-sandbox', '--disable-dev-shm-usage'] });
    const page = await browser.newPage();
    return await page.evaluate(webgl2Renderer);
  } catch {
    return '';
  } finally {
    await browser?.close().catch(() => undefined);
  }
}

/** llvmpipe if this Chromium draws WebGL 2 with it, else swiftshader. */
export async function storyRenderer(executablePath) {
  const renderer = await rendererOf(executablePath, 'llvmpipe');
  return { gl: /llvmpipe/i.test(renderer) ? 'llvmpipe' : 'swiftshader', renderer };
}
