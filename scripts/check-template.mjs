// The template check (`pnpm check:template`, run in CI after `pnpm build`), so that the
// layer template never rots. It does what a contributor outside this repository would do:
//
//   1. `create-layer` generates a standalone package into a temporary folder outside the
//      workspace;
//   2. the workspace packages it needs are packed with `pnpm pack` (as `pnpm publish`
//      would) and the generated package.json points its @convkit devDependencies at those
//      tarballs, because the versions in this repository may not be on npm yet;
//   3. plain `npm install` (the dev tools come from the registry or npm's cache, at the
//      versions this repository pins), then its typecheck, build and tests;
//   4. the built package loads through `import` and `require` and passes publint.
//
// The workspace variant of the template (packages/<name>) is planned too and its
// package.json checked, without writing anything.
//
// Usage: node scripts/check-template.mjs [--keep]
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { planLayer, renderLayer } from './create-layer.mjs';
import {
  cleanEnv,
  convkitClosure,
  manifestProblems,
  missingBuildOutputs,
  packWorkspacePackage,
  run,
} from './lib/packaging.mjs';
import { root, workspacePackages } from './lib/workspace.mjs';

const keep = process.argv.includes('--keep');
const started = Date.now();
const failures = [];
const section = (title) =>
  console.log(`\n── ${title} ${'─'.repeat(Math.max(0, 72 - title.length))}`);
const ok = (message) => console.log(`  ✓ ${message}`);
const fail = (message) => {
  failures.push(message);
  console.log(`  ✗ ${message}`);
};
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

const stepEnv = { ...cleanEnv, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' };

/**
 * Runs a step in the generated package and prints the line of its output that `summary`
 * matches (default: the last); prints all of it when it fails.
 */
function step(label, command, args, cwd, summary = /.*$/) {
  const t0 = Date.now();
  const result = run(command, args, { cwd, env: stepEnv, timeout: 300_000 });
  if (result.status === 0) {
    const line = `${result.stdout}`.trim().match(summary)?.[0].trim() ?? '';
    ok(`${label} (${seconds(t0)})${line ? `: ${line.slice(0, 100)}` : ''}`);
    return true;
  }
  console.log(`${result.stdout ?? ''}${result.stderr ?? ''}`.trim().replace(/^/gm, '    '));
  fail(`${label} failed${result.error ? ` (${result.error.message})` : ''}`);
  return false;
}

function finish() {
  section('summary');
  if (keep || failures.length > 0) console.log(`  work folder kept: ${work}`);
  else rmSync(work, { recursive: true, force: true });
  console.log(
    failures.length > 0
      ? `\ncheck:template failed: ${failures.length} problem(s)\n${failures.map((f) => `  ✗ ${f}`).join('\n')}`
      : `\ncheck:template passed in ${seconds(started)}`,
  );
  process.exit(failures.length > 0 ? 1 : 0);
}

// realpath: on macOS the temporary folder is a symlink into /private.
const work = realpathSync(mkdtempSync(join(tmpdir(), 'convkit-template-check-')));
if (!relative(root, work).startsWith('..')) {
  throw new Error(`check-template: ${work} must be outside the repository`);
}

section('workspace variant (planned, not written)');
{
  const plan = planLayer({ name: 'template-check' });
  const files = renderLayer(plan);
  const problems = manifestProblems(JSON.parse(files.get('package.json')));
  if (problems.length > 0) for (const p of problems) fail(`workspace package.json: ${p}`);
  else ok(`packages/template-check would get ${files.size} files; its package.json is complete`);
}

section('generate a standalone package outside the repository');
const name = '@example/template-check';
const pkgDir = join(work, 'template-check');
if (
  !step(
    `pnpm create-layer ${name} --out <tmp>`,
    process.execPath,
    [join(root, 'scripts', 'create-layer.mjs'), name, '--out', pkgDir],
    work,
    /^created .*$/m,
  )
) {
  finish();
}
const manifestPath = join(pkgDir, 'package.json');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
for (const p of manifestProblems(manifest)) fail(`generated package.json: ${p}`);

section('pack the workspace packages it uses');
const byName = new Map(workspacePackages().map((pkg) => [pkg.manifest.name, pkg]));
const wanted = Object.keys(manifest.devDependencies).filter((d) => d.startsWith('@convkit/'));
const tarballs = {};
for (const dep of convkitClosure(wanted, byName)) {
  const pkg = byName.get(dep);
  const missing = missingBuildOutputs(pkg);
  if (missing.length > 0) {
    fail(`${dep}: missing build output ${missing.join(', ')}; run \`pnpm build\` first`);
    continue;
  }
  try {
    tarballs[dep] = packWorkspacePackage(pkg, join(work, 'tarballs', dep.replace('/', '-')));
    ok(`${dep} → ${relative(work, tarballs[dep])}`);
  } catch (error) {
    fail(error.message);
  }
}
if (failures.length > 0) finish();

// Unreleased versions are not on npm: point every @convkit devDependency (and what those
// need, e.g. @convkit/init under @convkit/layers) at its tarball. Peer ranges stay as
// generated and must accept the packed versions.
for (const [dep, tarball] of Object.entries(tarballs)) {
  manifest.devDependencies[dep] = `file:${tarball}`;
}
writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);

section('npm install, typecheck, build, test');
console.log(`  ${pkgDir}`);
const installed = step(
  'npm install',
  'npm',
  ['install', '--no-audit', '--no-fund', '--prefer-offline'],
  pkgDir,
);
if (installed) {
  step('npm run typecheck', 'npm', ['run', 'typecheck'], pkgDir) &&
    step('npm run build', 'npm', ['run', 'build'], pkgDir);
  step('npm test', 'npm', ['test'], pkgDir, /^\s*Tests\s+\d+ passed.*$/m);
  // The release setup: a first changeset that `changeset status` reads (it needs git).
  const git = (...a) =>
    run('git', ['-c', 'user.name=check', '-c', 'user.email=check@example.com', ...a], {
      cwd: pkgDir,
    });
  if (
    git('init', '-q', '-b', 'main').status === 0 &&
    git('add', '-A').status === 0 &&
    git('commit', '-qm', 'generated').status === 0
  ) {
    step(
      'changeset status',
      join(pkgDir, 'node_modules', '.bin', 'changeset'),
      ['status'],
      pkgDir,
      /^.*bumped at minor:?$/m,
    );
  } else fail('git init/commit in the generated package failed');
}

if (installed && failures.length === 0) {
  section('the built package: import, require, publint');
  const use = `new L.Sequential(new M.TemplateCheck(2)).call(T.ones([1, 2, 3])).sum().item()`;
  step(
    'import (ESM)',
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import * as M from '${name}'; import * as L from '@convkit/layers'; import * as T from '@convkit/tensor';
       if (${use} !== 6) throw new Error('wrong output');`,
    ],
    pkgDir,
  );
  step(
    'require (CJS)',
    process.execPath,
    [
      '-e',
      `const M = require('${name}'), L = require('@convkit/layers'), T = require('@convkit/tensor');
       if (${use} !== 6) throw new Error('wrong output');`,
    ],
    pkgDir,
  );
  const lint = await publint({ pkgDir, strict: true });
  const serious = lint.messages.filter((m) => m.type !== 'suggestion');
  for (const message of lint.messages) {
    const text = formatMessage(message, lint.pkg, { color: false }) ?? message.code;
    console.log(`  ${message.type === 'suggestion' ? 'i' : '✗'} publint ${message.type}: ${text}`);
  }
  if (serious.length > 0) fail(`publint reported ${serious.length} problem(s)`);
  else ok('publint (strict)');
}

finish();
