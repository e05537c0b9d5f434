// The packaging check (`pnpm check:packages`, run in CI after `pnpm build`). For every
// publishable package under packages/ it checks what npm users would get:
//
//   1. `pnpm pack` (pnpm applies publishConfig, which drops the workspace-only
//      `@convkit/source` condition and turns `workspace:` ranges into versions), then checks
//      the packed package.json and file list;
//   2. publint (strict) and are-the-types-wrong on the tarball itself;
//   3. installs all tarballs with plain npm into an empty project outside the repository
//      (no workspace links: peers between our packages resolve to the tarballs, external
//      ones such as fast-check come from the registry or npm's cache), and runs a tiny
//      computation through each package with ESM `import` and with CJS `require`, each in
//      its own `node` process.
//
// Usage: node scripts/check-packages.mjs [--only @convkit/tensor,@convkit/testing] [--keep]
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { hasPnpmOnPath, pinnedPnpmVersion, root, workspacePackages } from './lib/workspace.mjs';

// One entry per publishable package. `uses` names the modules the snippet sees (identifier →
// package); `code` runs with `assert` (node:assert/strict) in scope, once after `import` and
// once after `require`. A new package needs one entry here.
const SMOKE = {
  '@convkit/tensor': {
    uses: { T: '@convkit/tensor' },
    code: `
      assert.equal(T.tensor([1, 2]).add(1).sum().item(), 5);
      const x = T.tensor([1, 2], { requiresGrad: true });
      x.mul(x).sum().backward();
      assert.deepEqual(x.grad.toArray(), [2, 4]);
    `,
  },
  '@convkit/testing': {
    uses: { T: '@convkit/tensor', testing: '@convkit/testing' },
    code: `
      const x = T.tensor([0.3, -0.2, 0.5], { dtype: 'float64', requiresGrad: true });
      testing.checkGradients((t) => t.mul(t).sum(), [x]);
      // A deliberately wrong backward (missing factor 2) must be caught, which also shows
      // that both packages share one autograd engine.
      const badSquare = T.defineOp({
        name: 'badSquare',
        forward: (t) => ({ out: t.mul(t), saved: t }),
        backward: (dOut, t) => [dOut.mul(t)],
      });
      assert.throws(() => testing.checkGradients((t) => badSquare(t).sum(), [x]), /mismatch/);
    `,
  },
  '@convkit/init': {
    uses: { T: '@convkit/tensor', I: '@convkit/init' },
    code: `
      const draw = () => I.heNormal()([4, 3, 3, 3], { rng: T.createRng(7), dtype: 'float64' });
      const w = draw();
      assert.deepEqual(w.shape, [4, 3, 3, 3]);
      assert.deepEqual(w.toArray(), draw().toArray());
    `,
  },
  '@convkit/optim': {
    uses: { T: '@convkit/tensor', O: '@convkit/optim' },
    code: `
      const p = T.tensor([1, -2], { requiresGrad: true });
      const opt = new O.SGD([p], { lr: 0.1 });
      p.mul(p).sum().backward();
      opt.step();
      assert.deepEqual(Array.from(p.data), [Math.fround(0.8), Math.fround(-1.6)]);
    `,
  },
  '@convkit/layers': {
    uses: { T: '@convkit/tensor', L: '@convkit/layers', O: '@convkit/optim' },
    // Two training steps of a tiny CNN, using only the installed packages.
    code: `
      const rng = T.createRng(0);
      const model = new L.Sequential(
        new L.Conv2d(1, 4, 3, { padding: 1, rng }),
        new L.ReLU(),
        new L.MaxPool2d(2),
        new L.Flatten(),
        new L.Linear(4 * 4 * 4, 3, { rng }),
      );
      const x = T.randn([6, 1, 8, 8], { rng });
      const labels = T.tensor([0, 1, 2, 0, 1, 2], { dtype: 'int32' });
      const opt = new O.Adam(model.parameters(), { lr: 0.01 });
      const before = model.parameters().map((p) => Array.from(p.data));
      const losses = [];
      for (let step = 0; step < 2; step++) {
        opt.zeroGrad();
        const loss = L.crossEntropy(model.call(x), labels);
        loss.backward();
        opt.step();
        losses.push(loss.item());
      }
      assert.ok(losses.every(Number.isFinite), String(losses));
      model.parameters().forEach((p, i) => assert.notDeepEqual(Array.from(p.data), before[i]));
    `,
  },
  '@convkit/separable-conv2d': {
    uses: { T: '@convkit/tensor', S: '@convkit/separable-conv2d', O: '@convkit/optim' },
    code: `
      const block = new S.SeparableConv2d(2, 3, 3, { padding: 1, rng: T.createRng(1) });
      const x = T.randn([2, 2, 5, 5], { rng: T.createRng(2) });
      const opt = new O.SGD(block.parameters(), { lr: 0.1 });
      const losses = [];
      for (let step = 0; step < 2; step++) {
        opt.zeroGrad();
        const loss = block.call(x).square().mean();
        loss.backward();
        opt.step();
        losses.push(loss.item());
      }
      assert.ok(losses[1] < losses[0], String(losses));
    `,
  },
  '@convkit/data': {
    uses: { D: '@convkit/data' },
    code: `
      const ds = new D.TensorDataset([[0], [1], [2], [3], [4]], [0, 1, 0, 1, 0]);
      const loader = new D.DataLoader(ds, { batchSize: 2, shuffle: true, seed: 7 });
      assert.equal(loader.length, 3);
      const seen = [];
      for (const { inputs, labels } of loader) {
        assert.equal(labels.dtype, 'int32');
        assert.equal(inputs.shape[0], labels.shape[0]);
        seen.push(...inputs.toArray().map((row) => row[0]));
      }
      assert.deepEqual(seen.sort(), [0, 1, 2, 3, 4]);
    `,
  },
  '@convkit/gabor': {
    uses: { T: '@convkit/tensor', G: '@convkit/gabor' },
    code: `
      const theta = T.tensor([0.3], { dtype: 'float64', requiresGrad: true });
      const one = (v) => T.tensor([v], { dtype: 'float64' });
      const k = G.gaborKernel({ theta, sigma: one(2), lambda: one(4), psi: one(0), gamma: one(0.5) }, 7);
      assert.deepEqual(k.shape, [1, 7, 7]);
      k.square().sum().backward();
      assert.ok(Number.isFinite(theta.grad.item()));
    `,
  },
};

const argv = process.argv.slice(2);
const keep = argv.includes('--keep');
const onlyIndex = argv.indexOf('--only');
const only = onlyIndex >= 0 ? new Set(argv[onlyIndex + 1]?.split(',') ?? []) : null;

const failures = [];
const summary = [];
const fail = (name, message) => {
  failures.push(`${name}: ${message}`);
  console.log(`  ✗ ${message}`);
};
const ok = (message) => console.log(`  ✓ ${message}`);
const section = (title) =>
  console.log(`\n── ${title} ${'─'.repeat(Math.max(0, 72 - title.length))}`);

function run(command, args, options = {}) {
  return spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
}

// npm must not see pnpm's npm_config_* variables (set when this runs under `pnpm …`): they
// are pnpm settings and npm would warn about them or act on them.
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)),
);
const pnpm = hasPnpmOnPath()
  ? { command: 'pnpm', prefix: [] }
  : { command: 'npx', prefix: ['--yes', `pnpm@${pinnedPnpmVersion()}`] };

/** Every string leaf of an `exports` value, except the workspace-only source condition. */
function exportTargets(value, out = []) {
  if (typeof value === 'string') out.push(value);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key !== '@convkit/source') exportTargets(inner, out);
    }
  }
  return out;
}

/** Why a package is not ready to be checked yet (no public API), or null. */
function notReadyReason(pkg) {
  const index = join(pkg.dir, 'src', 'index.ts');
  if (!existsSync(index)) return 'src/index.ts does not exist yet';
  // `export {};` alone (a placeholder that lets tsup build) does not count as an API.
  if (!/^\s*export\s+(?!\{\s*\};?\s*$)/m.test(readFileSync(index, 'utf8'))) {
    return 'src/index.ts exports nothing yet';
  }
  return null;
}

const work = mkdtempSync(join(tmpdir(), 'convkit-pack-check-'));
const tarballDir = join(work, 'tarballs');
const app = join(work, 'app');
mkdirSync(tarballDir);
mkdirSync(app);

const candidates = workspacePackages().filter(
  (pkg) => pkg.rel.startsWith('packages/') && !pkg.manifest.private,
);
const packed = [];

section('pack, publint, are-the-types-wrong');
for (const pkg of candidates) {
  const name = pkg.manifest.name;
  if (only && !only.has(name)) continue;
  console.log(`\n${name} (${pkg.rel})`);
  const notReady = notReadyReason(pkg);
  if (notReady) {
    console.log(`  – skipped: ${notReady}`);
    summary.push(`${name}: skipped (${notReady})`);
    continue;
  }
  const smoke = SMOKE[name];
  if (!smoke) {
    fail(name, 'no smoke test: add an entry to SMOKE in scripts/check-packages.mjs');
    continue;
  }

  const manifest = pkg.manifest;
  const published = manifest.publishConfig?.exports ?? manifest.exports;
  const targets = [...new Set(exportTargets(published).filter((t) => t !== './package.json'))];
  const missing = targets.filter((t) => !existsSync(join(pkg.dir, t)));
  if (missing.length > 0) {
    fail(name, `missing build output ${missing.join(', ')}: run \`pnpm build\` first`);
    continue;
  }

  const destination = join(tarballDir, name.replace('@', '').replace('/', '-'));
  mkdirSync(destination);
  const pack = run(pnpm.command, [...pnpm.prefix, 'pack', '--pack-destination', destination], {
    cwd: pkg.dir,
  });
  const tarballName = readdirSync(destination).find((f) => f.endsWith('.tgz'));
  if (pack.status !== 0 || !tarballName) {
    fail(name, `pnpm pack failed:\n${pack.stdout}${pack.stderr}`);
    continue;
  }
  const tarball = join(destination, tarballName);
  ok(`packed ${relative(work, tarball)}`);

  const files = run('tar', ['-tzf', tarball]).stdout.split('\n').filter(Boolean);
  const packedJson = JSON.parse(run('tar', ['-xzOf', tarball, 'package/package.json']).stdout);
  const packedText = JSON.stringify(packedJson);
  let problems = 0;
  if (packedText.includes('@convkit/source')) {
    fail(name, 'packed package.json still has the workspace-only "@convkit/source" condition');
    problems++;
  }
  if (packedText.includes('workspace:')) {
    fail(name, 'packed package.json still has a "workspace:" range');
    problems++;
  }
  const required = ['package.json', 'README.md', 'LICENSE', ...targets.map((t) => t.slice(2))];
  const absent = required.filter((f) => !files.includes(`package/${f}`));
  if (absent.length > 0) {
    fail(name, `tarball lacks ${absent.join(', ')}`);
    problems++;
  }
  const sources = files.filter((f) => f.startsWith('package/src/'));
  if (sources.length > 0) {
    fail(name, `tarball ships source files (${sources.length}); "files" should hold only dist`);
    problems++;
  }
  if (problems === 0) ok(`packed package.json and ${files.length} files look right`);

  const bytes = readFileSync(tarball);
  const lint = await publint({
    pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
    strict: true,
  });
  const serious = lint.messages.filter((m) => m.type !== 'suggestion');
  for (const message of lint.messages) {
    const text = formatMessage(message, lint.pkg, { color: false }) ?? message.code;
    console.log(`  ${message.type === 'suggestion' ? 'i' : '✗'} publint ${message.type}: ${text}`);
  }
  if (serious.length > 0) fail(name, `publint reported ${serious.length} problem(s)`);
  else ok('publint (strict)');

  // attw works offline on a local tarball; --no-definitely-typed stops it from looking up
  // @types packages in the registry.
  const attwBin = join(root, 'node_modules', '.bin', 'attw');
  if (!existsSync(attwBin)) {
    console.log('  – are-the-types-wrong skipped: @arethetypeswrong/cli is not installed');
  } else {
    const attw = run(
      attwBin,
      [tarball, '--no-definitely-typed', '--no-color', '--format', 'ascii'],
      {
        env: { ...cleanEnv, FORCE_COLOR: '0' },
      },
    );
    const output = `${attw.stdout}${attw.stderr}`.trim();
    if (attw.status === 0) ok('are-the-types-wrong');
    else if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|fetch failed/i.test(output)) {
      console.log(
        `  – are-the-types-wrong skipped: it needed the network (${output.split('\n')[0]})`,
      );
    } else {
      console.log(output.replace(/^/gm, '    '));
      fail(name, 'are-the-types-wrong reported problems');
    }
  }
  const internal = Object.keys({ ...packedJson.dependencies, ...packedJson.peerDependencies });
  packed.push({
    name,
    tarball,
    smoke,
    internal: internal.filter((d) => d.startsWith('@convkit/')),
  });
}

// npm would look for an unpacked sibling in the registry; say which one is missing instead.
for (const entry of [...packed]) {
  const absentSiblings = entry.internal.filter((d) => !packed.some((p) => p.name === d));
  if (absentSiblings.length > 0) {
    fail(entry.name, `depends on ${absentSiblings.join(', ')}, which was not packed (see above)`);
    packed.splice(packed.indexOf(entry), 1);
  }
}

if (packed.length > 0) {
  section('install the tarballs with plain npm into an empty project');
  console.log(`  ${app}`);
  writeFileSync(
    join(app, 'package.json'),
    `${JSON.stringify({ name: 'convkit-pack-check', version: '0.0.0', private: true }, null, 2)}\n`,
  );
  const install = run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', ...packed.map((p) => p.tarball)],
    { cwd: app, env: cleanEnv },
  );
  if (install.status !== 0) {
    console.log(`${install.stdout}${install.stderr}`.replace(/^/gm, '    '));
    fail('npm install', 'installing the tarballs failed');
  } else {
    ok(`npm install: ${install.stdout.trim().split('\n').filter(Boolean).at(-1) ?? 'done'}`);
    section('import (ESM) and require (CJS) each package, one tiny computation each');
    for (const { name, smoke } of packed) smokeTest(name, smoke);
  }
}

function smokeTest(name, smoke) {
  const stem = name.replace('@', '').replace('/', '-');
  const entries = Object.entries(smoke.uses);
  // Each loader must resolve our package inside the temporary project, to the right file.
  const esm = [
    "import assert from 'node:assert/strict';",
    "import { fileURLToPath } from 'node:url';",
    ...entries.map(([id, spec]) => `import * as ${id} from '${spec}';`),
    `const where = fileURLToPath(import.meta.resolve('${name}'));`,
    "assert.ok(where.includes('/node_modules/') && where.endsWith('/dist/index.js'), where);",
    smoke.code,
    "console.log('ok ' + where);",
  ].join('\n');
  const cjs = [
    "const assert = require('node:assert/strict');",
    ...entries.map(([id, spec]) => `const ${id} = require('${spec}');`),
    `const where = require.resolve('${name}');`,
    "assert.ok(where.includes('/node_modules/') && where.endsWith('/dist/index.cjs'), where);",
    smoke.code,
    "console.log('ok ' + where);",
  ].join('\n');
  for (const [kind, file, source] of [
    ['import', `${stem}.mjs`, esm],
    ['require', `${stem}.cjs`, cjs],
  ]) {
    writeFileSync(join(app, file), `${source}\n`);
    const result = run(process.execPath, [file], { cwd: app, env: cleanEnv, timeout: 60_000 });
    if (result.status === 0 && result.stdout.includes('ok ')) {
      ok(`${name} via ${kind}: ${relative(app, result.stdout.trim().slice(3))}`);
    } else {
      console.log(`${result.stdout}${result.stderr}`.trim().replace(/^/gm, '    '));
      fail(name, `smoke test via ${kind} failed (${join(app, file)})`);
    }
  }
  if (!failures.some((f) => f.startsWith(`${name}:`))) summary.push(`${name}: ok`);
}

section('summary');
for (const line of summary) console.log(`  ${line}`);
for (const line of failures) console.log(`  ✗ ${line.split('\n')[0]}`);
if (keep || failures.length > 0) console.log(`\n  work folder kept: ${work}`);
else rmSync(work, { recursive: true, force: true });
if (packed.length === 0 && failures.length === 0) {
  console.log('\n  no package was ready to check');
}
console.log(
  failures.length > 0
    ? `\ncheck:packages failed: ${failures.length} problem(s)`
    : `\ncheck:packages passed: ${packed.length} package(s)`,
);
process.exit(failures.length > 0 ? 1 : 0);
