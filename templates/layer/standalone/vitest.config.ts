import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The README example imports this package by its name; run it against the sources.
  resolve: {
    alias: { '@convkit/layer-template': fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
  },
  test: {
    include: ['src/**/*.test.ts'],
    // Property tests and gradient checks are quick, but leave slow machines some room.
    testTimeout: 60_000,
  },
});
