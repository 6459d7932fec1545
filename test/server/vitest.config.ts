// API tests (test/server): the same tests on the embedded engine (PGlite) and on a real PostgreSQL —
// TEST_DATABASE_URL, or a throwaway server started here from the Debian binaries
// (scripts/postgres.mjs). Without PostgreSQL installed its half is skipped, unless
// REQUIRE_POSTGRES=1 (CI) makes that a failure.
import { defineConfig } from 'vitest/config';
import { catalogPlugin } from '../../scripts/vite-plugin-catalog.ts';

export default defineConfig({
  plugins: [catalogPlugin()],
  test: {
    include: ['test/server/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/server/globalSetup.ts'],
    // deadlines only for a test that hangs (a busy 2-core machine must never fail a working server)
    testTimeout: 5 * 60_000,
    hookTimeout: 5 * 60_000,
  },
});
