// What the packaging scripts share (check-packages, check-template, bundle-size): running
// commands, packing a workspace package the way `pnpm publish` would, and the rules every
// published manifest and README must follow. Plain Node, no dependencies.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasPnpmOnPath, pinnedPnpmVersion } from './workspace.mjs';

/** Runs a command to completion, capturing its output as text. */
export function run(command, args, options = {}) {
  return spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
}

// npm must not see pnpm's npm_config_* variables (set when a script runs under `pnpm …`):
// they are pnpm settings and npm would warn about them or act on them.
export const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)),
);

let pnpmInvocation = null;
/** `pnpm` from PATH, or the pinned version through npx when it is not installed. */
export function pnpmCommand() {
  pnpmInvocation ??= hasPnpmOnPath()
    ? { command: 'pnpm', prefix: [] }
    : { command: 'npx', prefix: ['--yes', `pnpm@${pinnedPnpmVersion()}`] };
  return pnpmInvocation;
}

/** Every string leaf of an `exports` value, except the workspace-only source condition. */
export function exportTargets(value, out = []) {
  if (typeof value === 'string') out.push(value);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key !== '@convkit/source') exportTargets(inner, out);
    }
  }
  return out;
}

/** The files a package's published `exports` point at (relative, `./dist/…`). */
export function publishedTargets(manifest) {
  const published = manifest.publishConfig?.exports ?? manifest.exports;
  return [...new Set(exportTargets(published).filter((t) => t !== './package.json'))];
}

/** Build outputs the published `exports` name that are not on disk yet. */
export function missingBuildOutputs(pkg) {
  return publishedTargets(pkg.manifest).filter((t) => !existsSync(join(pkg.dir, t)));
}

/**
 * `pnpm pack` into `destination` (pnpm applies publishConfig and turns `workspace:` ranges
 * into versions, as `pnpm publish` does). Returns the tarball's path, or throws with pnpm's
 * output.
 */
export function packWorkspacePackage(pkg, destination) {
  mkdirSync(destination, { recursive: true });
  const { command, prefix } = pnpmCommand();
  const pack = run(command, [...prefix, 'pack', '--pack-destination', destination], {
    cwd: pkg.dir,
  });
  const tarball = readdirSync(destination).find((f) => f.endsWith('.tgz'));
  if (pack.status !== 0 || !tarball) {
    throw new Error(`pnpm pack failed in ${pkg.rel}:\n${pack.stdout}${pack.stderr}`);
  }
  return join(destination, tarball);
}

/** The @convkit packages `names` need at run time (dependencies and peers), transitively. */
export function convkitClosure(names, packagesByName) {
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name)) return;
    const pkg = packagesByName.get(name);
    if (!pkg) throw new Error(`${name} is not a workspace package`);
    seen.add(name);
    const { dependencies = {}, peerDependencies = {} } = pkg.manifest;
    for (const dep of Object.keys({ ...dependencies, ...peerDependencies })) {
      if (dep.startsWith('@convkit/')) visit(dep);
    }
  };
  for (const name of names) visit(name);
  return [...seen];
}

/**
 * What a published package.json must have, as clear messages (empty when all is well):
 * the fields npm and bundlers read, and the ones that make the package findable.
 */
export function manifestProblems(manifest) {
  const problems = [];
  const need = (ok, message) => {
    if (!ok) problems.push(message);
  };
  const repository = manifest.repository;
  need(
    typeof repository === 'string' || typeof repository?.url === 'string',
    `"repository" must be { "type": "git", "url": … }, got ${JSON.stringify(repository)}`,
  );
  need(
    Array.isArray(manifest.keywords) && manifest.keywords.length > 0,
    `"keywords" must be a non-empty array, got ${JSON.stringify(manifest.keywords)}`,
  );
  need(
    typeof manifest.engines?.node === 'string',
    `"engines.node" must name the supported Node range, got ${JSON.stringify(manifest.engines)}`,
  );
  need(
    manifest.sideEffects === false,
    `"sideEffects" must be false (no work at import time, so bundlers can drop unused code), got ${JSON.stringify(manifest.sideEffects)}`,
  );
  need(
    manifest.publishConfig?.access === 'public',
    `"publishConfig.access" must be "public" (scoped packages are private by default), got ${JSON.stringify(manifest.publishConfig?.access)}`,
  );
  need(
    typeof manifest.license === 'string',
    `"license" must be set, got ${JSON.stringify(manifest.license)}`,
  );
  need(
    typeof manifest.description === 'string' && manifest.description.length > 0,
    '"description" must be set',
  );
  const root = (manifest.publishConfig?.exports ?? manifest.exports)?.['.'];
  for (const condition of ['import', 'require']) {
    need(
      typeof root?.[condition]?.types === 'string',
      `exports["."].${condition}.types must point at type declarations for ${condition === 'import' ? 'ESM' : 'CommonJS'} users`,
    );
  }
  return problems;
}

/** Names of the values (not types) a package's src/index.ts exports. */
export function exportedValueNames(indexSource) {
  const names = [];
  for (const [, list] of indexSource.matchAll(/^export\s+\{([^}]*)\}/gm)) {
    for (const item of list.split(',')) {
      const spec = item.trim();
      if (spec === '' || spec.startsWith('type ')) continue;
      names.push(spec.split(/\s+as\s+/).at(-1));
    }
  }
  for (const [, name] of indexSource.matchAll(
    /^export\s+(?:declare\s+)?(?:abstract\s+)?(?:const|let|function|class)\s+([A-Za-z_$][\w$]*)/gm,
  )) {
    names.push(name);
  }
  return names;
}

/** The longest example we still call short: the README's first ```ts block. */
const MAX_EXAMPLE_LINES = 40;
/** How many exported names the README must mention (fewer if the package exports fewer). */
const MIN_API_MENTIONS = 3;

/**
 * What a package README must have, as clear messages: an install line, a short example
 * (the docs tests run it) and an API summary, i.e. exported names in backticks in the text.
 */
export function readmeProblems(readme, name, valueNames) {
  if (readme === null) return ['README.md is missing'];
  const problems = [];
  const installLine = new RegExp(
    `^\\s*npm (?:install|i) (?:[^\\n]* )?${name.replace('/', '\\/')}\\b`,
    'm',
  );
  if (!installLine.test(readme)) {
    problems.push(`README.md has no install line (\`npm install ${name}\` in a sh block)`);
  }
  const example = readme.match(/^```(?:ts|typescript)\s*\n([\s\S]*?)^```/m);
  if (!example) problems.push('README.md has no ```ts example');
  else {
    const lines = example[1].split('\n').filter((l) => l.trim() !== '').length;
    if (lines > MAX_EXAMPLE_LINES) {
      problems.push(
        `README.md's first example has ${lines} lines; keep it to about 10 (at most ${MAX_EXAMPLE_LINES})`,
      );
    }
    if (!example[1].includes(`'${name}'`)) {
      problems.push(`README.md's first example does not import '${name}'`);
    }
  }
  const prose = readme.replace(/^```[\s\S]*?^```/gm, '');
  const mentioned = valueNames.filter((v) =>
    new RegExp(`\`[^\`\\n]*\\b${v.replace('$', '\\$')}\\b[^\`\\n]*\``).test(prose),
  );
  const wanted = Math.min(MIN_API_MENTIONS, valueNames.length);
  if (mentioned.length < wanted) {
    problems.push(
      `README.md has no API summary: it names ${mentioned.length} of the ${valueNames.length} exports in backticks outside code blocks (want at least ${wanted})`,
    );
  }
  return problems;
}

/** A file's text, or null when it does not exist. */
export function readIfExists(path) {
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}
