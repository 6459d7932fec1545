/**
 * `npm start`: the built app and the comments API at http://localhost:4173 (PORT overrides) on
 * the embedded database in .data/pglite (DATA_DIR), or on PostgreSQL when DATABASE_URL is set.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { configFromEnv } from './config.ts';
import { openDatabase } from './db/db.ts';
import { buildApp, schedulePurge } from './app.ts';

const config = configFromEnv();
if (!existsSync(join(config.staticDir, 'index.html'))) {
  console.error(`No built app in ${config.staticDir}: run "npm run build" first (npm start does).`);
  process.exit(1);
}
const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
const app = await buildApp(config, db, { logger: true });
const stopPurge = schedulePurge(db, config);

let closing = false;
const shutdown = async (signal: string) => {
  if (closing) return;
  closing = true;
  console.log(`${signal}: closing`);
  stopPurge();
  await app.close();
  await db.close();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

await app.listen({ port: config.port, host: config.host });
const where = config.databaseUrl ? `PostgreSQL (${new URL(config.databaseUrl).host})` : `embedded PGlite in ${config.dataDir}`;
console.log(`serving the map and the comments API at http://${config.host}:${config.port}/ (office: /office/) — database: ${where}`);
