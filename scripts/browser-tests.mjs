// Runs the browser suite against the built app: ensures Chromium, builds (unless --no-build),
// serves dist/ on a free local port and runs vitest on test/browser.
//   node scripts/browser-tests.mjs [--no-build] [vitest args…]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { preview, build } from 'vite';

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

if (!noBuild || !existsSync('dist/index.html')) await build({ logLevel: 'warn' });
const server = await preview({ preview: { port: 0, host: '127.0.0.1', strictPort: false }, logLevel: 'warn' });
const url = server.resolvedUrls.local[0];
console.log(`serving dist/ at ${url}`);
// async spawn: the preview server lives in this process and must keep answering. The stories
// need it: if this process ends, the run ends too (the IPC channel closes: vitest.config.ts)
const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'test/browser/vitest.config.ts', ...vitestArgs], {
  stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  env: { ...process.env, APP_URL: url },
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => (child.kill(sig), process.exit(1)));
const code = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
await server.close();
process.exit(code);
