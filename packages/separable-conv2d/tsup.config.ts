import { defineConfig } from 'tsup';

// ESM and CommonJS builds, each with its own type declarations (.d.ts and .d.cts).
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  treeshake: true,
});
