// The packaging check (`pnpm check:packages`, run in CI after `pnpm build`). For every
// publishable package under packages/ it checks what npm users would get:
//
//   1. `pnpm pack` (pnpm applies publishConfig, which drops the workspace-only
//      `@convkit/source` condition and turns `workspace:` ranges into versions), then checks
//      the packed package.json (repository, keywords, engines, `sideEffects: false`,
//      `publishConfig.access: public`, types for `import` and `require`), the file list
//      (README.md, LICENSE, dist only) and the README (install line, a short example, an
//      API summary);
//   2. publint (strict) and are-the-types-wrong on the tarball itself;
//   3. installs all tarballs with plain npm into an empty project outside the repository
//      (no workspace links: peers between our packages resolve to the tarballs, external
//      ones such as fast-check come from the registry or npm's cache), and runs a tiny
//      computation through each package with ESM `import` and with CJS `require`, each in
//      its own `node` process (for @convkit/layers: two training steps of a tiny CNN);
//   4. bundles each installed package with esbuild (the one tsup uses), minified, and
//      reports its size minified and gzipped, alone and with the @convkit packages it
//      pulls in; then checks tree-shaking: an app that imports only @convkit/tensor gets no
//      byte of another package, unused imports of layers, optim and init add nothing
//      (`sideEffects: false` holds), and one function of @convkit/layers costs a fraction
//      of the whole package.
//
// Usage: node scripts/check-packages.mjs [--only @convkit/tensor,@convkit/testing] [--keep]
//                                         [--sizes <file.json>]
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import {
  cleanEnv,
  exportedValueNames,
  manifestProblems,
  packWorkspacePackage,
  publishedTargets,
  readIfExists,
  readmeProblems,
  run,
} from './lib/packaging.mjs';
import { root, workspacePackages } from './lib/workspace.mjs';

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
const optionValue = (flag) => {
  const index = argv.indexOf(flag);
  return index >= 0 ? argv[index + 1] : undefined;
};
const only = argv.includes('--only') ? new Set(optionValue('--only')?.split(',') ?? []) : null;
const sizesFile = optionValue('--sizes');

const failures = [];
const summary = [];
const fail = (name, message) => {
  failures.push(`${name}: ${message}`);
  console.log(`  ✗ ${message}`);
};
const ok = (message) => console.log(`  ✓ ${message}`);
const section = (title) =>
  console.log(`\n── ${title} ${'─'.repeat(Math.max(0, 72 - title.length))}`);

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

section('pack; manifest, files and README; publint; are-the-types-wrong');
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

  const targets = publishedTargets(pkg.manifest);
  const missing = targets.filter((t) => !existsSync(join(pkg.dir, t)));
  if (missing.length > 0) {
    fail(name, `missing build output ${missing.join(', ')}: run \`pnpm build\` first`);
    continue;
  }

  let tarball;
  try {
    tarball = packWorkspacePackage(pkg, join(tarballDir, name.replace('@', '').replace('/', '-')));
  } catch (error) {
    fail(name, error.message);
    continue;
  }
  ok(`packed ${relative(work, tarball)}`);

  const files = run('tar', ['-tzf', tarball]).stdout.split('\n').filter(Boolean);
  const packedJson = JSON.parse(run('tar', ['-xzOf', tarball, 'package/package.json']).stdout);
  const packedText = JSON.stringify(packedJson);
  let problems = 0;
  const problem = (message) => {
    fail(name, message);
    problems++;
  };
  if (packedText.includes('@convkit/source')) {
    problem('packed package.json still has the workspace-only "@convkit/source" condition');
  }
  if (packedText.includes('workspace:'))
    problem('packed package.json still has a "workspace:" range');
  for (const message of manifestProblems(packedJson)) problem(`packed package.json: ${message}`);
  const required = ['package.json', 'README.md', 'LICENSE', ...targets.map((t) => t.slice(2))];
  const absent = required.filter((f) => !files.includes(`package/${f}`));
  if (absent.length > 0) problem(`tarball lacks ${absent.join(', ')}`);
  const sources = files.filter((f) => f.startsWith('package/src/'));
  if (sources.length > 0) {
    problem(`tarball ships source files (${sources.length}); "files" should hold only dist`);
  }
  const readme = files.includes('package/README.md')
    ? run('tar', ['-xzOf', tarball, 'package/README.md']).stdout
    : null;
  const valueNames = exportedValueNames(readIfExists(join(pkg.dir, 'src', 'index.ts')) ?? '');
  for (const message of readmeProblems(readme, name, valueNames)) problem(message);
  if (problems === 0) {
    ok(`packed package.json, README and ${files.length} files look right`);
  }

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

let installed = false;
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
    installed = true;
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
}

// ── bundle size and tree-shaking ─────────────────────────────────────────────────────────

/** esbuild, the version tsup (a pinned root devDependency) builds our packages with. */
function loadEsbuild() {
  const tsupManifest = join(root, 'node_modules', 'tsup', 'package.json');
  if (!existsSync(tsupManifest)) return null;
  try {
    return createRequire(realpathSync(tsupManifest))('esbuild');
  } catch {
    return null;
  }
}

const ownerCache = new Map();
/** The name of the package a bundled file belongs to (nearest package.json above it). */
function owningPackage(file) {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    if (!ownerCache.has(dir)) {
      const manifest = join(dir, 'package.json');
      ownerCache.set(
        dir,
        existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')).name ?? null) : null,
      );
    }
    if (ownerCache.get(dir)) return ownerCache.get(dir);
  }
  return file;
}

/**
 * Bundles `source` (an ES module in the installed project) as an app would ship it to a
 * browser: minified ESM, unused code dropped. Bare imports for which `inline` is false stay
 * external, as do Node built-ins. Returns the minified and gzipped sizes and the minified
 * bytes each package contributes.
 */
async function bundleSize(esbuild, source, inline) {
  const result = await esbuild.build({
    stdin: { contents: source, resolveDir: app, sourcefile: 'entry.js', loader: 'js' },
    absWorkingDir: app,
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    metafile: true,
    logLevel: 'silent',
    plugins: [
      {
        name: 'externals',
        setup(build) {
          build.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('node:') || !inline(args.path)
              ? { path: args.path, external: true }
              : undefined,
          );
        },
      },
    ],
  });
  const code = result.outputFiles[0].contents;
  const byPackage = {};
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
      if (bytesInOutput === 0 || file === 'entry.js') continue;
      const owner = owningPackage(resolve(app, file));
      byPackage[owner] = (byPackage[owner] ?? 0) + bytesInOutput;
    }
  }
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length, byPackage };
}

const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const isConvkit = (spec) => spec.startsWith('@convkit/');
const ownOnly = (name) => (spec) => spec === name || spec.startsWith(`${name}/`);

async function sizesAndTreeShaking() {
  const esbuild = loadEsbuild();
  if (!esbuild) {
    fail('bundle size', 'esbuild not found through tsup in node_modules; run `pnpm install`');
    return;
  }
  section('bundle size: minified ESM, and gzipped (esbuild, everything exported)');
  console.log(
    `  ${'package'.padEnd(28)}${'alone'.padStart(10)}${'gzip'.padStart(10)}${'with deps'.padStart(12)}${'gzip'.padStart(10)}`,
  );
  const report = {};
  for (const { name } of packed) {
    const everything = `export * from '${name}';`;
    try {
      // Alone: the package's own code, every other package external. With deps: what an app
      // using all of it pays, the @convkit packages it imports included (third-party data
      // and test libraries, e.g. mnist or fast-check, stay out).
      const alone = await bundleSize(esbuild, everything, ownOnly(name));
      const withDeps = await bundleSize(esbuild, everything, isConvkit);
      report[name] = {
        minified: alone.min,
        gzip: alone.gzip,
        withDepsMinified: withDeps.min,
        withDepsGzip: withDeps.gzip,
      };
      console.log(
        `  ${name.padEnd(28)}${kB(alone.min).padStart(10)}${kB(alone.gzip).padStart(10)}${kB(withDeps.min).padStart(12)}${kB(withDeps.gzip).padStart(10)}`,
      );
    } catch (error) {
      fail(name, `bundling it failed: ${error.message.split('\n')[0]}`);
    }
  }
  if (sizesFile) {
    writeFileSync(resolve(sizesFile), `${JSON.stringify(report, null, 2)}\n`);
    console.log(`  written to ${sizesFile}`);
  }

  const names = new Set(packed.map((p) => p.name));
  const need = ['@convkit/tensor', '@convkit/layers', '@convkit/optim', '@convkit/init'];
  if (!need.every((n) => names.has(n))) {
    console.log(`\n  – tree-shaking checks skipped: they need ${need.join(', ')}`);
    return;
  }
  section('tree-shaking');
  const check = (label, passed, detail) => {
    if (passed) ok(`${label}: ${detail}`);
    else fail('tree-shaking', `${label}: ${detail}`);
  };
  const others = (byPackage) =>
    Object.entries(byPackage)
      .filter(([owner]) => owner !== '@convkit/tensor')
      .map(([owner, bytes]) => `${owner} ${bytes} B`);
  const useTensor = 'console.log(tensor([1, 2]).mul(2).sum().item());';

  const tensorOnly = await bundleSize(
    esbuild,
    `import { tensor } from '@convkit/tensor';\n${useTensor}`,
    isConvkit,
  );
  const extra = others(tensorOnly.byPackage);
  check(
    'an app importing only @convkit/tensor',
    extra.length === 0,
    extra.length === 0
      ? `${kB(tensorOnly.min)} (${kB(tensorOnly.gzip)} gzip), no byte of another package`
      : `also bundles ${extra.join(', ')}`,
  );

  const unused = await bundleSize(
    esbuild,
    [
      "import { tensor } from '@convkit/tensor';",
      "import { Conv2d, Sequential, crossEntropy } from '@convkit/layers';",
      "import { Adam } from '@convkit/optim';",
      "import { heNormal } from '@convkit/init';",
      useTensor,
    ].join('\n'),
    isConvkit,
  );
  const leaked = others(unused.byPackage);
  check(
    'unused imports of layers, optim and init',
    leaked.length === 0 && unused.min <= tensorOnly.min,
    leaked.length === 0
      ? `dropped (${kB(unused.min)}), so "sideEffects": false holds and nothing runs at import time`
      : `kept ${leaked.join(', ')}: something in them runs at import time`,
  );

  const layersAll = report['@convkit/layers']?.minified;
  const oneLoss = await bundleSize(
    esbuild,
    [
      "import { tensor } from '@convkit/tensor';",
      "import { mseLoss } from '@convkit/layers';",
      'console.log(mseLoss(tensor([1, 2]), tensor([0, 0])).item());',
    ].join('\n'),
    isConvkit,
  );
  const fromLayers = oneLoss.byPackage['@convkit/layers'] ?? 0;
  // Half leaves room for shared helpers; all of it would mean nothing was dropped.
  check(
    'only mseLoss from @convkit/layers',
    layersAll !== undefined && fromLayers > 0 && fromLayers < layersAll / 2,
    `${kB(fromLayers)} of its ${layersAll === undefined ? '?' : kB(layersAll)}`,
  );
}

if (installed) await sizesAndTreeShaking();

section('summary');
for (const { name } of packed) {
  if (!failures.some((f) => f.startsWith(`${name}:`))) summary.push(`${name}: ok`);
}
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
