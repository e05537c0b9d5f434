// Shared vitest settings for every convkit package. Plain JS so that vitest can load it
// from node_modules without a TypeScript step.
import { fileURLToPath } from 'node:url';
import { defaultServerConditions } from 'vite';
import { defineConfig, mergeConfig } from 'vitest/config';

const setupFile = fileURLToPath(new URL('./setup.js', import.meta.url));
const summaryReporter = fileURLToPath(new URL('./summary-reporter.js', import.meta.url));

/**
 * Returns the vitest config of a convkit package. Workspace packages resolve each other
 * through the `@convkit/source` export condition, so tests need no build.
 * @param {import('vitest/config').UserConfig} [overrides]
 */
export function convkitVitestConfig(overrides = {}) {
  const conditions = ['@convkit/source', ...defaultServerConditions];
  return mergeConfig(
    defineConfig({
      resolve: { conditions },
      ssr: { resolve: { conditions } },
      test: {
        include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
        setupFiles: [setupFile],
        reporters: ['default', summaryReporter],
        testTimeout: 60_000,
        // A package shell with no tests yet still writes its (zero) counts instead of failing.
        passWithNoTests: true,
        pool: 'threads',
      },
    }),
    overrides,
  );
}
