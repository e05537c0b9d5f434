import { fileURLToPath } from 'node:url';
import { convkitVitestConfig } from '@convkit/vitest-config';

export default convkitVitestConfig({
  resolve: {
    // @convkit/testing depends on this package; importing it here by alias instead of a
    // devDependency keeps the workspace graph acyclic for turbo.
    alias: {
      '@convkit/testing': fileURLToPath(new URL('../testing/src/index.ts', import.meta.url)),
    },
  },
});
