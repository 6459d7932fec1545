// `npm test`: every suite — unit + data (vitest, plain Node) and the browser user stories
// (built app in Debian Chromium) — then one plain summary line for CI: "N passed, N failed".
import { spawn } from 'node:child_process';
import { readFileSync, mkdirSync, rmSync } from 'node:fs';

const OUT = '.test-results';
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

function run(cmd, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true', ...env } });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

function counts(file) {
  try {
    const r = JSON.parse(readFileSync(file, 'utf8'));
    // a suite that failed to load counts as one failure even if no test ran
    const loadFailures = (r.testResults ?? []).filter((t) => t.status === 'failed' && (t.assertionResults ?? []).length === 0).length;
    return { passed: r.numPassedTests ?? 0, failed: (r.numFailedTests ?? 0) + loadFailures };
  } catch {
    return { passed: 0, failed: 1 }; // the suite did not even report
  }
}

/** svelte-check as one test: 1 passed when the whole project type-checks, else 1 failed. */
async function typecheck() {
  console.log('\n=== types (svelte-check) ===');
  const code = await run('npx', ['svelte-check', '--tsconfig', './tsconfig.json', '--output', 'human']);
  console.log(`types: ${code === 0 ? 1 : 0} passed, ${code === 0 ? 0 : 1} failed`);
  return code === 0;
}

const suites = [
  ['unit + data', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${OUT}/unit.json`], `${OUT}/unit.json`],
  ['server API', 'npx', ['vitest', 'run', '--config', 'test/server/vitest.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${OUT}/server.json`], `${OUT}/server.json`],
  ['browser', 'node', ['scripts/browser-tests.mjs', '--reporter=default', '--reporter=json', `--outputFile.json=${OUT}/browser.json`], `${OUT}/browser.json`],
];

let passed = 0;
let failed = 0;
if (await typecheck()) passed++;
else failed++;
for (const [name, cmd, args, file] of suites) {
  console.log(`\n=== ${name} ===`);
  const code = await run(cmd, args);
  const c = counts(file);
  if (code !== 0 && c.failed === 0) c.failed = 1; // crashed outside any test
  console.log(`${name}: ${c.passed} passed, ${c.failed} failed`);
  passed += c.passed;
  failed += c.failed;
}
console.log(`\nall suites: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
