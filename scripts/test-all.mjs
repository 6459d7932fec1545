// `npm test`: every suite — types (svelte-check), unit + data (vitest, plain Node), the comments
// server's API (vitest) and the browser user stories (built app and API server, Debian Chromium) —
// then one plain summary line for CI: "all suites: N passed, N failed".
//
// The Node suites run while the app is built (each one's output is printed in one block when it
// ends), and the browser stories start against that build as soon as it is done. The slowest
// stories are listed before the summary line.
//   node scripts/test-all.mjs [browser story files…]   (files: only those stories; the Node suites all run)
import { spawn } from 'node:child_process';
import { readFileSync, mkdirSync, rmSync } from 'node:fs';

const OUT = '.test-results';
// optional: which browser story files to run (e.g. `test/browser/ledger.test.ts`); all by default
const browserFiles = process.argv.slice(2).filter((a) => !a.startsWith('-'));
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const started = Date.now();
const env = { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' };
const children = new Set();
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    for (const c of children) c.kill(sig);
    process.exit(1);
  });
}

/** Run a command; `capture`: keep its output and print it in one block when it ends (for commands run side by side). */
function run(name, cmd, args, { capture = false } = {}) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(cmd, args, { stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit', env });
    children.add(child);
    let out = '';
    if (capture) {
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
    }
    child.on('exit', (code, signal) => {
      children.delete(child);
      const secs = ((Date.now() - t0) / 1000).toFixed(0);
      if (capture) process.stdout.write(`\n=== ${name} (${secs} s) ===\n${out}`);
      else console.log(`(${name}: ${secs} s)`);
      resolve(code ?? (signal ? 1 : 0));
    });
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

/** The slowest stories of the browser suite, from its JSON report. */
function slowest(file, n = 5) {
  try {
    const r = JSON.parse(readFileSync(file, 'utf8'));
    return r.testResults
      .flatMap((t) => (t.assertionResults ?? []).map((a) => ({ ms: a.duration ?? 0, name: `${t.name.split('/').pop()} › ${a.title}`, status: a.status })))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, n);
  } catch {
    return [];
  }
}

let passed = 0;
let failed = 0;
const tally = (name, code, c) => {
  if (code !== 0 && c.failed === 0) c.failed = 1; // crashed outside any test
  console.log(`${name}: ${c.passed} passed, ${c.failed} failed`);
  passed += c.passed;
  failed += c.failed;
};

// 1. side by side: the builds the browser stories need (the app, its API server), the type check,
// the Node suites; 2. the browser stories start as soon as the builds are done (the Node suites
// may still be running; their output is printed in one block each when they end, the stories'
// as they run), against that build
const build = run('build (app)', 'npx', ['vite', 'build', '--logLevel', 'warn'], { capture: true }).then(async (code) =>
  code || run('build (API server)', 'npx', ['vite', 'build', '--config', 'vite.server.config.ts', '--logLevel', 'warn'], { capture: true }),
);
const types = run('types (svelte-check)', 'npx', ['svelte-check', '--tsconfig', './tsconfig.json', '--output', 'human'], { capture: true });
const unit = run('unit + data', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${OUT}/unit.json`], { capture: true });
const server = run('server API', 'npx', ['vitest', 'run', '--config', 'test/server/vitest.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${OUT}/server.json`], { capture: true });
const buildCode = await build;
const browser =
  buildCode === 0
    ? run('browser', 'node', ['scripts/browser-tests.mjs', '--no-build', '--reporter=default', '--reporter=json', `--outputFile.json=${OUT}/browser.json`, ...browserFiles])
    : Promise.resolve(buildCode);
const [typesCode, unitCode, serverCode, browserCode] = await Promise.all([types, unit, server, browser]);
console.log('');
tally('types', typesCode, { passed: typesCode === 0 ? 1 : 0, failed: typesCode === 0 ? 0 : 1 });
tally('unit + data', unitCode, counts(`${OUT}/unit.json`));
tally('server API', serverCode, counts(`${OUT}/server.json`));
if (buildCode !== 0) {
  console.log('build failed: the browser stories did not run');
  tally('browser', buildCode, { passed: 0, failed: 1 });
} else {
  tally('browser', browserCode, counts(`${OUT}/browser.json`));
  const slow = slowest(`${OUT}/browser.json`);
  if (slow.length) {
    console.log('slowest stories:');
    for (const s of slow) console.log(`  ${(s.ms / 1000).toFixed(1).padStart(6)} s  ${s.name}${s.status === 'passed' ? '' : ` (${s.status})`}`);
  }
}
console.log(`total ${((Date.now() - started) / 60_000).toFixed(1)} min`);
console.log(`\nall suites: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
