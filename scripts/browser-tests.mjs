// Runs the browser suite against the built app: ensures Chromium, asks it which software WebGL
// it gets (Mesa's llvmpipe when it works, else SwiftShader: scripts/software-gl.mjs), builds
// (unless --no-build), serves dist/ through the project's server (app + comments API, `npm start`'s server) on a free
// local port with an embedded database in a temporary folder, and runs vitest on test/browser.
//   node scripts/browser-tests.mjs [--no-build] [vitest args…]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { storyRenderer } from './software-gl.mjs';

const args = process.argv.slice(2);
const noBuild = args.includes('--no-build');
const vitestArgs = args.filter((a) => a !== '--no-build');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

if (!existsSync(chromium)) {
  if (process.getuid?.() === 0) {
    console.log('Chromium missing: installing Debian chromium + fonts-wqy-zenhei …');
    const r = spawnSync('bash', ['scripts/ensure-chromium.sh'], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  } else {
    console.error(`Chromium not found at ${chromium}. Install it with:\n  sudo bash scripts/ensure-chromium.sh\n(Debian packages chromium and fonts-wqy-zenhei)`);
    process.exit(1);
  }
}

// STORY_GL=swiftshader (or llvmpipe) in the environment chooses; otherwise the better one that works
// which renderer the stories get: asked while the builds and the server start (below)
const glAnswer = process.env.STORY_GL === 'swiftshader' || process.env.STORY_GL === 'llvmpipe' ? Promise.resolve({ gl: process.env.STORY_GL, renderer: 'chosen by STORY_GL' }) : storyRenderer(chromium);

if (!noBuild || !existsSync('dist/index.html')) await build({ logLevel: 'warn' });
if (!noBuild || !existsSync('dist-server/main.mjs')) await build({ configFile: 'vite.server.config.ts', logLevel: 'warn' });

const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const dataDir = mkdtempSync(join(tmpdir(), 'planning-map-db-'));
// the stories' office account, and a light proof of work and no rate limit for a test run
const OFFICE = { OFFICE_USER: 'office', OFFICE_PASSWORD: 'browser-test-password' };
const serverEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: '', POW_MIN: '50', POW_MAX: '200', RATE_COMMENTS: '100000', ...OFFICE };
const made = await new Promise((resolve) => {
  const c = spawn('node', ['dist-server/cli.mjs', 'add-user', OFFICE.OFFICE_USER, '规划科'], { env: serverEnv, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  c.stderr.on('data', (d) => (stderr += d));
  c.on('exit', (status) => resolve({ status, stderr }));
});
if (made.status !== 0) throw new Error(`office account: ${made.stderr}`);
const server = spawn('node', ['dist-server/main.mjs'], { env: serverEnv, stdio: ['ignore', 'inherit', 'inherit'] });
const url = `http://127.0.0.1:${port}/`;
for (;;) {
  if (server.exitCode !== null) throw new Error('the server stopped while starting');
  try {
    if ((await fetch(`${url}api/config`)).ok) break;
  } catch {
    /* not listening yet */
  }
  await new Promise((r) => setTimeout(r, 200));
}
console.log(`serving dist/ and the API at ${url}`);
const gl = await glAnswer;
console.log(`the stories draw WebGL with ${gl.gl} (${gl.renderer || 'no WebGL 2 with llvmpipe'})`);
// the server is a child process; vitest another. The stories need this process's server: if it
// ends, the run ends too (the IPC channel closes: test/browser/vitest.config.ts)
const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'test/browser/vitest.config.ts', ...vitestArgs], {
  stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  env: { ...process.env, APP_URL: url, STORY_GL: gl.gl, ...OFFICE },
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => (child.kill(sig), server.kill('SIGTERM'), process.exit(1)));
const code = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
server.kill('SIGTERM');
await new Promise((resolve) => (server.exitCode !== null ? resolve() : server.once('exit', resolve)));
rmSync(dataDir, { recursive: true, force: true });
process.exit(code);
