// Helpers shared by the root scripts: where the repository is and which workspace packages
// it has. Plain Node (no dependencies), so the scripts run before or without a build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));

/** Reads a JSON file. */
export function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/**
 * The `packages:` globs of pnpm-workspace.yaml. Only the forms this repository uses are
 * understood (`dir/*` and plain paths), which keeps the scripts free of a YAML parser.
 */
function workspaceGlobs() {
  const lines = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8').split('\n');
  const globs = [];
  let inPackages = false;
  for (const line of lines) {
    if (/^packages:\s*$/.test(line)) {
      inPackages = true;
      continue;
    }
    if (!inPackages) continue;
    const item = line.match(/^\s+-\s+['"]?([^'"#\s]+)['"]?/);
    if (item) globs.push(item[1]);
    else if (/^\S/.test(line)) break;
  }
  return globs;
}

/**
 * Every workspace package: `{ dir, rel, manifest }`, in a stable order (the root excluded).
 */
export function workspacePackages() {
  const dirs = [];
  for (const glob of workspaceGlobs()) {
    if (glob.endsWith('/*')) {
      const parent = join(root, glob.slice(0, -2));
      if (!existsSync(parent)) continue;
      for (const name of readdirSync(parent).sort()) dirs.push(join(parent, name));
    } else {
      dirs.push(join(root, glob));
    }
  }
  return dirs
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({
      dir,
      rel: relative(root, dir),
      manifest: readJson(join(dir, 'package.json')),
    }));
}

/** The pnpm version pinned by the root `packageManager` field. */
export function pinnedPnpmVersion() {
  const spec = readJson(join(root, 'package.json')).packageManager ?? '';
  const match = spec.match(/^pnpm@(\d+\.\d+\.\d+)/);
  if (!match) throw new Error(`package.json: packageManager must be pnpm@x.y.z, got '${spec}'`);
  return match[1];
}

/** Whether a `pnpm` binary is on PATH (turbo runs each package's scripts with it). */
export function hasPnpmOnPath() {
  const result = spawnSync('pnpm', ['--version'], { encoding: 'utf8', shell: false });
  return result.status === 0;
}
