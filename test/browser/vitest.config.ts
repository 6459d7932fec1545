// Browser suite: user stories against the BUILT app (dist/), served by vite preview.
// Started by scripts/browser-tests.mjs, which builds first and sets APP_URL.
//
// The files run in BROWSER_WORKERS worker processes side by side — by default one per two cores,
// so ONE on this 2-core machine: one file's Chromium under software WebGL already wants 4–6
// threads at once on average (renderer, tile workers, the software GL's rasterizers; README, "Tests"),
// so a second worker there only shares the same two cores. Within a worker the files run one after
// another with no isolation between them (`isolate: false`) and share one Chromium
// (test/browser/browser.ts starts it once per worker; each file gets a fresh browser context of
// its own: own storage, cache and service worker). No two files share state: each has its own
// context, and the comments server's stories find their own rows by unique text or receipt.
// No deadline here is one a slow machine can meet while the app works: stories wait on states
// the app exposes, and these limits only end a story that hangs.
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

const workers = Math.max(1, Number(process.env.BROWSER_WORKERS) || Math.floor(availableParallelism() / 2));

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
    fileParallelism: workers > 1,
    maxWorkers: workers,
    isolate: false,
    testTimeout: 20 * 60_000,
    hookTimeout: 10 * 60_000,
    // expect.poll(…): re-read a state until it holds; the default second is for unit tests
    expect: { poll: { timeout: 5 * 60_000, interval: 100 } },
  },
});
