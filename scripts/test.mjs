// The root `pnpm test` / `npm test`: runs every workspace package's tests through turbo and
// closes with one total line, `N passed, M failed` (plus `, K skipped` when some were
// skipped), which CI reads. Extra arguments go to turbo, e.g.
// `pnpm test -- --filter=@convkit/tensor`.
//
// Each package's vitest run writes its counts to .test-results.json (see
// tooling/vitest/summary-reporter.js); turbo restores that file from its cache on a cache
// hit, so cached packages are counted too. Stale files are deleted first so that a package
// whose run crashed is never counted with an old result.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { hasPnpmOnPath, pinnedPnpmVersion, root, workspacePackages } from './lib/workspace.mjs';

const RESULTS_FILE = '.test-results.json';
// `pnpm test -- --filter=x` passes the `--` through; turbo would hand what follows it to vitest.
const extraArgs = process.argv.slice(2);
if (extraArgs[0] === '--') extraArgs.shift();
const turboArgs = ['run', 'test', '--concurrency=2', '--continue', ...extraArgs];
const filtered = extraArgs.some((arg) => arg.startsWith('--filter') || arg === '-F');

const testedPackages = workspacePackages().filter((pkg) => pkg.manifest.scripts?.test);
for (const pkg of testedPackages) rmSync(join(pkg.dir, RESULTS_FILE), { force: true });

const turbo = join(root, 'node_modules', '.bin', 'turbo');
if (!existsSync(turbo)) {
  console.error('test: turbo is not installed; run `pnpm install` (or `npm run quickstart`) first');
  process.exit(1);
}

// turbo runs each package's `test` script with pnpm. Without pnpm on PATH (e.g. `npm test`
// right after the npx-based quick start) run turbo through npx's pnpm, which puts pnpm on
// the PATH of everything it starts.
const [command, args] = hasPnpmOnPath()
  ? [turbo, turboArgs]
  : ['npx', ['--yes', `pnpm@${pinnedPnpmVersion()}`, 'exec', 'turbo', ...turboArgs]];

const run = spawnSync(command, args, {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
});
if (run.error) {
  console.error(`test: could not start turbo: ${run.error.message}`);
  process.exit(1);
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const rows = [];
const missing = [];
for (const pkg of testedPackages) {
  const file = join(pkg.dir, RESULTS_FILE);
  if (!existsSync(file)) {
    missing.push(pkg.manifest.name);
    continue;
  }
  let counts;
  try {
    counts = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    console.error(`test: ${pkg.rel}/${RESULTS_FILE} is not valid JSON: ${error.message}`);
    missing.push(pkg.manifest.name);
    continue;
  }
  for (const key of Object.keys(totals)) totals[key] += Number(counts[key] ?? 0);
  rows.push([pkg.manifest.name, counts]);
}

console.log('\nTest results by package');
const width = Math.max(0, ...rows.map(([name]) => name.length), ...missing.map((n) => n.length));
for (const [name, counts] of rows) {
  const skipped = counts.skipped ? `  skipped ${counts.skipped}` : '';
  console.log(
    `  ${name.padEnd(width)}  passed ${counts.passed}  failed ${counts.failed}${skipped}`,
  );
}
// A package that ran no tests to completion (its vitest crashed, or its test script does not
// write the file) counts as one failure: silence must never read as success.
if (!filtered) {
  for (const name of missing) {
    console.log(`  ${name.padEnd(width)}  no ${RESULTS_FILE}: its test run did not finish`);
    totals.failed += 1;
  }
}

const turboFailed = run.status !== 0;
if (turboFailed && totals.failed === 0) {
  console.log(
    `\nturbo exited with status ${run.status} although no test failed; see its output above.`,
  );
}

const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
console.log(`\n${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exit(turboFailed || totals.failed > 0 ? 1 : 0);
