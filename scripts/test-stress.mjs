// `npm run test:stress`: the whole suite (`npm test`) three times in a row while a second process
// keeps every core busy — the proof that no story depends on the machine being fast or idle.
// Prints each run's time and result, the slowest story of all runs, and ends with
// "stress: N runs, N passed, N failed" (runs that passed / failed).
//   node scripts/test-stress.mjs [--runs N] [browser story files…]   (files: a quick check on a
//   subset, e.g. `--runs 1 test/browser/ledger.test.ts`; the Node suites always run whole)
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { existsSync, readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 3;
const files = args.filter((a, i) => !a.startsWith('-') && args[i - 1] !== '--runs');
const cores = availableParallelism();

// the load: one process, one busy thread per core, at the tests' own priority
const burner = spawn(
  process.execPath,
  [
    '-e',
    `const { Worker } = require('node:worker_threads');
     for (let i = 0; i < ${cores}; i++) new Worker('let x = 0; for (;;) { x = (x * 1103515245 + 12345) % 2147483648; }', { eval: true });`,
  ],
  { stdio: 'ignore' },
);
const stop = () => burner.kill('SIGKILL');
process.on('exit', stop);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => process.exit(1));
console.log(`stress: ${RUNS} runs of npm test${files.length ? ` (browser stories: ${files.join(' ')})` : ''} while process ${burner.pid} keeps ${cores} cores busy`);

/** The slowest story in one run's browser report (vitest JSON), or null if the run wrote none. */
function slowestStory(file, run) {
  if (!existsSync(file)) return null;
  let best = null;
  for (const t of JSON.parse(readFileSync(file, 'utf8')).testResults ?? []) {
    for (const a of t.assertionResults ?? []) {
      if (!best || (a.duration ?? 0) > best.ms) best = { ms: a.duration ?? 0, name: `${t.name.split('/').pop()} › ${a.title}`, run };
    }
  }
  return best;
}

const runs = [];
let slowest = null;
for (let i = 1; i <= RUNS; i++) {
  const t0 = Date.now();
  let last = '';
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/test-all.mjs', ...files], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      const lines = String(d).trim().split('\n');
      last = lines[lines.length - 1] || last;
    });
    child.on('exit', (c) => resolve(c ?? 1));
  });
  // read this run's stories now: the next run's `npm test` empties .test-results/ when it starts
  const story = slowestStory('.test-results/browser.json', i);
  if (story && (!slowest || story.ms > slowest.ms)) slowest = story;
  runs.push({ i, code, min: (Date.now() - t0) / 60_000, last });
  console.log(`\n--- stress run ${i}/${RUNS}: ${((Date.now() - t0) / 60_000).toFixed(1)} min, ${last}`);
}
stop();

console.log('\nstress summary (every core kept busy by a second process):');
for (const r of runs) console.log(`  run ${r.i}: ${r.min.toFixed(1)} min  ${r.last}`);
if (slowest) console.log(`  slowest story: ${(slowest.ms / 1000).toFixed(1)} s  ${slowest.name} (run ${slowest.run})`);
const ok = runs.filter((r) => r.code === 0).length;
console.log(`\nstress: ${runs.length} runs, ${ok} passed, ${runs.length - ok} failed`);
process.exit(ok === runs.length ? 0 : 1);
