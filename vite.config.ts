import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { catalogPlugin } from './scripts/vite-plugin-catalog.ts';
import { scenesPlugin } from './scripts/vite-plugin-scenes.ts';
import { offlinePlugin } from './scripts/vite-plugin-offline.ts';
import { cspPlugin } from './scripts/csp.ts';

// One config for the app build and for vitest.
// - `virtual:catalog` is the validated layer catalog (scripts/vite-plugin-catalog.ts);
//   `virtual:plan-tour` the validated built-in presentation deck (scripts/vite-plugin-scenes.ts).
// - deck.gl is only reached through a dynamic import (src/engine/overlay.ts), so the first
//   base-map paint needs MapLibre + the app shell only; the groups below keep it that way.
const TESTS = ['test/unit/**/*.test.ts', 'test/data/**/*.test.ts'];
/** Unit tests that need a fresh module registry: vi.mock, vi.stubGlobal or fake-indexeddb's global store. */
const ISOLATED_TESTS = ['test/unit/storage.test.ts', 'test/unit/userStores.test.ts', 'test/unit/urlBinding.test.ts', 'test/unit/basemapRecovery.test.ts'];

export default defineConfig({
  base: './',
  plugins: [catalogPlugin(), scenesPlugin(), svelte(), cspPlugin(), offlinePlugin()],
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      // the map, and the planning office's page (/office/, served by `npm start` with the comments API)
      input: { main: fileURLToPath(new URL('./index.html', import.meta.url)), office: fileURLToPath(new URL('./office/index.html', import.meta.url)) },
      output: {
        codeSplitting: {
          groups: [
            { name: 'vite-preload', test: /vite\/preload-helper|modulepreload-polyfill/, priority: 30 },
            { name: 'maplibre', test: /node_modules[\\/]maplibre-gl/, priority: 20 },
            { name: 'deckgl', test: /node_modules[\\/](@deck\.gl|@luma\.gl|@math\.gl|@loaders\.gl|@probe\.gl|mjolnir\.js|earcut|gl-matrix)/, priority: 20 },
          ],
        },
      },
    },
  },
  test: {
    environment: 'node',
    // One module registry per worker for the files that leave no global state behind (half the
    // suite's CPU: each file no longer re-imports its modules); a fresh one per file for those that
    // mock a module, stub globals or keep an in-memory IndexedDB (ISOLATED_TESTS).
    projects: [
      { extends: true, test: { name: 'shared', include: TESTS, exclude: ISOLATED_TESTS, isolate: false, pool: 'threads' } },
      { extends: true, test: { name: 'isolated', include: ISOLATED_TESTS } },
    ],
    // a deadline only for a test that hangs: the zip-bomb tests inflate 200 MB twice and took 39 s
    // on this 2-core machine under heavy shared load; no working test may be failed by a slow machine
    testTimeout: 5 * 60_000,
    hookTimeout: 5 * 60_000,
    // the PDF writer is tested in the build the app ships (PDFKit's browser build: no standard fonts bundled)
    alias: { pdfkit: fileURLToPath(new URL('./node_modules/pdfkit/js/pdfkit.browser.mjs', import.meta.url)) },
  },
});
