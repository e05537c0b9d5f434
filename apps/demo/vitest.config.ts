import { convkitVitestConfig } from '@convkit/vitest-config';

// Unit tests of the pure page logic sit beside it in src/ (the shared config includes them);
// the browser tests in e2e/ drive the built app (dist/, made by the `test` script's build
// step) in chromium.
export default convkitVitestConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // Each e2e file starts its own chromium; two at a time suits 2-core CI machines.
    pool: 'forks',
    maxWorkers: 2,
  },
});
