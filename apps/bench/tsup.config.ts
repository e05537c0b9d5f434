// The runnable bench (and the `convkit-bench` bin): one ESM bundle per entry in dist/. The
// convkit packages are bundled from their TypeScript sources (the `@convkit/source`
// condition), so `pnpm bench` needs no prior build of the workspace and the published CLI
// carries the convkit it measures; the peers stay external and load only in their own
// worker processes.
import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const CONVKIT = ['tensor', 'layers', 'optim', 'gabor', 'init'];
const versions = Object.fromEntries(
  CONVKIT.map((name) => [
    `@convkit/${name}`,
    (
      JSON.parse(readFileSync(`../../packages/${name}/package.json`, 'utf8')) as {
        version: string;
      }
    ).version,
  ]),
);

export default defineConfig({
  entry: ['src/cli.ts', 'src/worker.ts'],
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  outDir: 'dist',
  clean: true,
  splitting: true,
  sourcemap: false,
  dts: false,
  noExternal: [/^@convkit\//],
  external: [/^@tensorflow\//, 'onnxruntime-node', /^@jax-js\//],
  define: { __CONVKIT_VERSIONS__: JSON.stringify(versions) },
  esbuildOptions(options) {
    options.conditions = ['@convkit/source'];
  },
});
