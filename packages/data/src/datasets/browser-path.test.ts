import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';

const proc = process as { getBuiltinModule?: unknown };
const nodeReader = proc.getBuiltinModule;

afterEach(() => {
  proc.getBuiltinModule = nodeReader;
  vi.doUnmock('mnist/src/digits/5.json');
  vi.resetModules();
});

/**
 * The loaders as a browser bundle runs them: no `process.getBuiltinModule`, fresh module
 * state, and the class file arriving as a bundler's JSON module (`{ default: parsed }`). The
 * module is parsed here rather than by vite's JSON transform, which takes seconds per file.
 * (That bundlers turn these imports into lazily loaded chunks is a build-time matter: a Vite
 * production build of `loadMnist` emits one chunk per class file and no Node module.)
 */
async function browserLoaders(file: string) {
  const path = createRequire(import.meta.url).resolve(file);
  const parsed = JSON.parse(readFileSync(path, 'utf8'));
  const imported = { count: 0 };
  vi.doMock(file, () => {
    imported.count++;
    return { default: parsed };
  });
  proc.getBuiltinModule = undefined;
  vi.resetModules();
  return { ...(await import('./image-datasets')), imported };
}

describe('loaders without Node (the browser path)', () => {
  it('read the class files through JSON imports and give the same bits as in Node', async () => {
    const node = await import('./image-datasets');
    const options = { classes: [5], perClass: 4, normalize: 'standard' as const };
    const fromDisk = await node.loadMnist(options);
    const { loadMnist, imported } = await browserLoaders('mnist/src/digits/5.json');
    const fromImports = await loadMnist(options);
    expect(fromImports.inputs.shape).toEqual([4, 1, 28, 28]);
    expect(Array.from(fromImports.labels.data)).toEqual([5, 5, 5, 5]);
    expect(fromImports.inputs.data).toEqual(fromDisk.inputs.data);
    expect(imported.count).toBe(1); // the JSON import, not the disk, supplied the images
  });

  it('import no Node built-in module anywhere in the package source', () => {
    const src = fileURLToPath(new URL('..', import.meta.url));
    const files = (readdirSync(src, { recursive: true }) as string[])
      .filter((f) => /\.(ts|js)$/.test(f) && !/\.test\.ts$/.test(f))
      .map((f) => join(src, f));
    expect(files.length).toBeGreaterThan(10);
    const builtin =
      /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"](?:node:|(?:fs|path|url|os|module|child_process|worker_threads|process|buffer|stream|util)(?:\/|['"]))/;
    const offenders = files.filter((f) => builtin.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => relative(src, f))).toEqual([]);
  });
});
