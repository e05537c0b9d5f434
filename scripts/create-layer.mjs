// `pnpm create-layer <name>`: scaffolds a layer package from templates/layer. Inside this
// repository (the default, packages/<name>) it is a workspace package like the others;
// with `--out <dir>` outside packages/ it is a standalone package that installs convkit
// from npm and has its own release setup. Both get a `defineOp` example with forward and
// backward side by side, a `Module` using it, tests with @convkit/testing, a README whose
// example is executed by the tests, a LICENSE and a first changeset.
//
// Usage:
//   pnpm create-layer <name> [--out <dir>] [--description <text>] [--class <PascalName>]
//                            [--author <name>] [--repository <git url>]
// <name> is kebab-case (`local-response-norm`, published as @convkit/local-response-norm
// inside the repository) or a full npm name (`@you/local-response-norm`, `convkit-lrn`)
// for a standalone package.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readJson, root, workspacePackages } from './lib/workspace.mjs';

const templateDir = join(root, 'templates', 'layer');
const usage =
  'usage: pnpm create-layer <name> [--out <dir>] [--description <text>] [--class <PascalName>] ' +
  '[--author <name>] [--repository <git url>]';
const OPTIONS = ['--out', '--description', '--class', '--author', '--repository'];

class UsageError extends Error {}

/** `--key value` options and the one positional name. */
function parseArgs(argv) {
  const options = {};
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') throw new UsageError(usage);
    if (arg.startsWith('--')) {
      if (!OPTIONS.includes(arg)) {
        throw new UsageError(`unknown option ${arg} (known: ${OPTIONS.join(', ')})`);
      }
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) {
        throw new UsageError(`${arg} needs a value`);
      }
      options[arg.slice(2)] = value;
    } else positional.push(arg);
  }
  if (positional.length !== 1) {
    throw new UsageError(
      positional.length === 0
        ? 'the layer name is missing'
        : `one name expected, got ${positional.join(' ')}`,
    );
  }
  return { name: positional[0], ...options };
}

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const SCOPE = /^@[a-z0-9][a-z0-9._-]*$/;

/** Splits and checks `<name>`: the npm package name and the kebab-case stem the files use. */
export function parseName(raw) {
  const [scope, stem] = raw.startsWith('@') ? raw.split('/', 2) : [null, raw];
  if (scope !== null && (!SCOPE.test(scope) || stem === undefined || raw.split('/').length !== 2)) {
    throw new UsageError(
      `name must be 'kebab-name', '@scope/kebab-name' or 'unscoped-kebab-name', got '${raw}'`,
    );
  }
  if (!KEBAB.test(stem)) {
    throw new UsageError(
      `name must be kebab-case like 'separable-conv2d' (lowercase letters and digits, single ` +
        `dashes between words, starting with a letter), got '${stem}'`,
    );
  }
  const packageName = scope === null ? null : `${scope}/${stem}`;
  if ((packageName ?? stem).length > 214) {
    throw new UsageError(`name must be at most 214 characters (npm's limit), got ${raw.length}`);
  }
  return { packageName, stem };
}

/** `local-response-norm` → `LocalResponseNorm`. */
export function pascalCase(stem) {
  return stem
    .split('-')
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');
}

/** Everything the generator will write, resolved and checked before any file is touched. */
export function planLayer(args) {
  const { packageName: scopedName, stem } = parseName(args.name);
  const packagesDir = join(root, 'packages');
  const target =
    args.out === undefined ? join(packagesDir, stem) : resolve(process.cwd(), args.out);
  const workspace = dirname(target) === packagesDir;
  const packageName = scopedName ?? (workspace ? `@convkit/${stem}` : stem);
  if (workspace && !packageName.startsWith('@convkit/')) {
    throw new UsageError(
      `packages inside this repository are named @convkit/…, got '${packageName}'`,
    );
  }
  const fromRoot = relative(root, target);
  const insideRepo = fromRoot === '' || !(fromRoot.startsWith('..') || isAbsolute(fromRoot));
  if (!workspace && insideRepo) {
    throw new UsageError(
      `--out ${args.out} is inside the repository but not directly in packages/; use packages/<name> or a folder outside the repository`,
    );
  }
  const className = args.class ?? pascalCase(stem);
  if (!/^[A-Z][A-Za-z0-9]*$/.test(className)) {
    throw new UsageError(
      `--class must be a PascalCase identifier like 'SeparableConv2d', got '${className}'`,
    );
  }
  const where = relative(process.cwd(), target) || '.';
  if (existsSync(target) && (!statSync(target).isDirectory() || readdirSync(target).length > 0)) {
    throw new UsageError(
      `${where} already exists and is not empty; choose another name or --out folder`,
    );
  }
  if (workspace && workspacePackages().some((p) => p.manifest.name === packageName)) {
    throw new UsageError(`the workspace already has a package named ${packageName}`);
  }
  const changeset = join(root, '.changeset', `${stem}-first-release.md`);
  if (workspace && existsSync(changeset)) {
    throw new UsageError(`${relative(root, changeset)} already exists`);
  }
  const description =
    args.description ??
    `${className}: a layer for convkit (describe what it computes in one sentence).`;
  return {
    target,
    where,
    workspace,
    packageName,
    stem,
    className,
    opName: className[0].toLowerCase() + className.slice(1),
    description,
    author: args.author ?? `${packageName} contributors`,
    repository: args.repository ?? `git+https://github.com/your-name/${stem}.git`,
    changeset,
  };
}

/** Replaces the template's placeholder names; longest first so none eats another. */
function render(text, p) {
  return text
    .replaceAll('@convkit/layer-template', p.packageName)
    .replaceAll('layer-template', p.stem)
    .replaceAll('LayerTemplate', p.className)
    .replaceAll('layerTemplate', p.opName);
}

/** Relative paths of the files under `dir`, depth first, dotfiles included. */
function listFiles(dir, prefix = '') {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? listFiles(join(dir, entry.name), `${prefix}${entry.name}/`)
      : [`${prefix}${entry.name}`],
  );
}

const rootManifest = readJson(join(root, 'package.json'));
/** The exact version this repository pins for a dev tool, so the template tests with it. */
function pinned(name) {
  const version = rootManifest.devDependencies?.[name];
  if (!version || !/^\d+\.\d+\.\d+$/.test(version)) {
    throw new Error(`create-layer: root package.json must pin ${name} exactly, got '${version}'`);
  }
  return version;
}

function exportsMap(source) {
  const entry = {
    ...(source ? { '@convkit/source': './src/index.ts' } : {}),
    import: { types: './dist/index.d.ts', default: './dist/index.js' },
    require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
  };
  return { '.': entry, './package.json': './package.json' };
}

function manifest(p) {
  const words = p.stem.split('-').filter((w) => w.length > 1);
  const common = {
    name: p.packageName,
    version: '0.0.0',
    description: p.description,
    keywords: [...new Set(['convkit', 'convkit-layer', 'cnn', 'layer', ...words])],
    license: 'MIT',
  };
  const shape = {
    type: 'module',
    sideEffects: false,
    engines: { node: rootManifest.engines?.node ?? '>=20.19.0' },
  };
  const entryPoints = {
    main: './dist/index.cjs',
    module: './dist/index.js',
    types: './dist/index.d.ts',
    files: ['dist'],
  };
  if (p.workspace) {
    return {
      ...common,
      repository: {
        type: 'git',
        url: rootManifest.repository.url,
        directory: `packages/${p.stem}`,
      },
      ...shape,
      exports: exportsMap(true),
      ...entryPoints,
      publishConfig: { access: 'public', exports: exportsMap(false) },
      scripts: { build: 'tsup', typecheck: 'tsc -p tsconfig.json', test: 'vitest run' },
      devDependencies: {
        '@convkit/layers': 'workspace:*',
        '@convkit/tensor': 'workspace:*',
        '@convkit/testing': 'workspace:*',
        '@convkit/tsconfig': 'workspace:*',
        '@convkit/vitest-config': 'workspace:*',
      },
      // One engine and one Module class per app: see CONTRIBUTING.md on 0.x peer ranges.
      peerDependencies: { '@convkit/layers': 'workspace:0.x', '@convkit/tensor': 'workspace:0.x' },
    };
  }
  return {
    ...common,
    author: p.author,
    repository: { type: 'git', url: p.repository },
    ...shape,
    exports: exportsMap(false),
    ...entryPoints,
    publishConfig: { access: 'public' },
    scripts: {
      build: 'tsup',
      typecheck: 'tsc -p tsconfig.json',
      test: 'vitest run',
      changeset: 'changeset',
      'version-packages': 'changeset version',
      release: 'npm run build && npm test && changeset publish',
    },
    devDependencies: {
      '@changesets/cli': pinned('@changesets/cli'),
      '@convkit/layers': '0.x',
      '@convkit/tensor': '0.x',
      '@convkit/testing': '0.x',
      '@types/node': pinned('@types/node'),
      'fast-check': pinned('fast-check'),
      tsup: pinned('tsup'),
      typescript: pinned('typescript'),
      vitest: pinned('vitest'),
    },
    peerDependencies: { '@convkit/layers': '0.x', '@convkit/tensor': '0.x' },
  };
}

const DEVELOP = {
  workspace: (p) =>
    [
      'This package lives in the convkit monorepo; see its CONTRIBUTING.md. From the package',
      `folder: \`pnpm vitest run\` (tests, against the workspace sources), \`pnpm typecheck\`,`,
      '`pnpm build`. Describe user-visible changes with `pnpm changeset` at the repository root.',
      `The op is in \`src/${p.stem}-op.ts\`, the layer in \`src/${p.stem}.ts\`.`,
    ].join('\n'),
  standalone: (p) =>
    [
      '```sh',
      'npm install',
      'npm test            # property tests, gradient checks, the parameters-learn check, this README',
      'npm run typecheck',
      'npm run build       # dist/: ESM, CommonJS and type declarations for both',
      'npx changeset       # describe a change; `npm run version-packages`, then `npm run release`',
      '```',
      '',
      `The op is in \`src/${p.stem}-op.ts\`, the layer in \`src/${p.stem}.ts\`. Keep the peer`,
      'ranges on `@convkit/tensor` and `@convkit/layers` as wide as your code allows.',
    ].join('\n'),
};

function changesetText(p) {
  return [
    '---',
    `'${p.packageName}': minor`,
    '---',
    '',
    `First release: \`${p.className}\`, a layer built on the \`${p.opName}\` op.`,
    '',
  ].join('\n');
}

function licenseText(p) {
  if (p.workspace) return readFileSync(join(root, 'LICENSE'), 'utf8');
  return readFileSync(join(root, 'LICENSE'), 'utf8').replace(
    /^Copyright .*$/m,
    `Copyright (c) ${new Date().getFullYear()} ${p.author}`,
  );
}

/** Every file of the new package as [path relative to the target, contents]. */
export function renderLayer(p) {
  const variant = p.workspace ? 'workspace' : 'standalone';
  const shared = listFiles(templateDir).filter(
    (f) => !f.startsWith('workspace/') && !f.startsWith('standalone/'),
  );
  const out = new Map();
  for (const f of shared)
    out.set(render(f, p), render(readFileSync(join(templateDir, f), 'utf8'), p));
  for (const f of listFiles(join(templateDir, variant))) {
    const name = f === 'gitignore' ? '.gitignore' : f;
    out.set(render(name, p), render(readFileSync(join(templateDir, variant, f), 'utf8'), p));
  }
  const readme = out.get('README.md');
  out.set(
    'README.md',
    readme.replace('{{description}}', p.description).replace('{{develop}}', DEVELOP[variant](p)),
  );
  out.set('package.json', `${JSON.stringify(manifest(p), null, 2)}\n`);
  out.set('LICENSE', licenseText(p));
  if (!p.workspace) out.set('.changeset/first-release.md', changesetText(p));
  return out;
}

function write(path, text) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** Adds the package to the docs' devDependencies, so the README example runs in `pnpm test`. */
function linkIntoDocs(p) {
  const docsManifest = join(root, 'docs', 'package.json');
  if (!existsSync(docsManifest)) return null;
  const docs = readJson(docsManifest);
  const deps = { ...docs.devDependencies, [p.packageName]: 'workspace:*' };
  docs.devDependencies = Object.fromEntries(
    Object.entries(deps).sort(([a], [b]) => a.localeCompare(b)),
  );
  writeFileSync(docsManifest, `${JSON.stringify(docs, null, 2)}\n`);
  return relative(root, docsManifest);
}

function main() {
  const p = planLayer(parseArgs(process.argv.slice(2)));
  const contents = renderLayer(p);
  for (const [path, text] of contents) write(join(p.target, path), text);
  const touched = [];
  if (p.workspace) {
    write(p.changeset, changesetText(p));
    touched.push(relative(root, p.changeset));
    const docs = linkIntoDocs(p);
    if (docs) touched.push(docs);
  }
  console.log(`created ${p.packageName} in ${p.where} (${contents.size} files)`);
  for (const path of [...contents.keys()].sort()) console.log(`  ${path}`);
  if (touched.length > 0) console.log(`updated ${touched.join(', ')}`);
  const next = p.workspace
    ? [
        'pnpm install',
        `cd ${relative(process.cwd(), p.target) || '.'} && pnpm vitest run && pnpm typecheck`,
        `add an entry for ${p.packageName} to SMOKE in scripts/check-packages.mjs`,
        `replace the example op in src/${p.stem}-op.ts with yours, then the README and the changeset`,
      ]
    : [
        `cd ${p.where} && npm install && npm test && npm run build`,
        `set "repository" in package.json (now ${p.repository}) and the author in LICENSE`,
        `replace the example op in src/${p.stem}-op.ts with yours, then the README and the changeset`,
      ];
  console.log(`\nnext:\n${next.map((line) => `  - ${line}`).join('\n')}`);
}

// Run as a script; imported (by check-template) it only provides planLayer and renderLayer.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main();
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`create-layer: ${error.message}`);
      if (!error.message.startsWith('usage:')) console.error(usage);
      process.exit(2);
    }
    throw error;
  }
}
