import type { TestProject } from 'vitest/node';
import { startPostgres, postgresBin } from '../../scripts/postgres.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string | null;
  }
}

export default async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('pgUrl', process.env.TEST_DATABASE_URL);
    return;
  }
  if (!postgresBin()) {
    if (process.env.REQUIRE_POSTGRES === '1') throw new Error('REQUIRE_POSTGRES=1 but PostgreSQL is not installed (bash scripts/ensure-postgres.sh)');
    console.warn('PostgreSQL not installed: the API tests run on the embedded engine only (bash scripts/ensure-postgres.sh installs it)');
    project.provide('pgUrl', null);
    return;
  }
  const pg = await startPostgres();
  project.provide('pgUrl', pg.url);
  return () => pg.stop();
}
