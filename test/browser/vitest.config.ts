// Browser suite: user stories against the BUILT app (dist/), served by vite preview.
// Started by scripts/browser-tests.mjs, which builds first and sets APP_URL.
//
// The files run one after another in ONE process (no isolation between files: `isolate: false`),
// so they share one Chromium (test/browser/browser.ts starts it once; each file gets a fresh
// browser context of its own). No deadline here is one a slow machine can meet while the app
// works: stories wait on states the app exposes, and these limits only end a story that hangs.
import { defineConfig } from 'vitest/config';

// started by scripts/browser-tests.mjs, which serves the app: when it goes, the stories cannot run
if (process.send) {
  process.once('disconnect', () => process.exit(1));
  process.channel?.unref(); // the channel alone does not keep the run alive
}

export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    isolate: false,
    testTimeout: 20 * 60_000,
    hookTimeout: 10 * 60_000,
    // expect.poll(…): re-read a state until it holds; the default second is for unit tests
    expect: { poll: { timeout: 5 * 60_000, interval: 100 } },
  },
});
