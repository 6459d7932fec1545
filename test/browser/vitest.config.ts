// Browser suite: user stories against the BUILT app (dist/), served by vite preview.
// Started by scripts/browser-tests.mjs, which builds first and sets APP_URL.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});
