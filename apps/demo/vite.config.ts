import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

// Workspace packages resolve to their TypeScript sources through the `@convkit/source`
// export condition, so `pnpm demo` on a fresh clone needs no package build first.
const conditions = ['@convkit/source', ...defaultClientConditions];

// Cross-origin isolation lets a page use SharedArrayBuffer (e.g. to pause a worker); the demo
// loads nothing from other origins, so these headers cost nothing.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

const FASHION_STUB = '\0convkit-demo:no-fashion-mnist';

/**
 * @convkit/data names every Fashion-MNIST class file (149 MB of JSON) in dynamic imports.
 * The demo only uses MNIST, but the bundler would still read and parse all of them before
 * tree-shaking drops them, which makes a build take minutes instead of seconds. This
 * resolves them to a module that fails loudly if anything ever does load it.
 */
function skipFashionMnist(): Plugin {
  return {
    name: 'convkit-demo:skip-fashion-mnist',
    enforce: 'pre',
    resolveId(id) {
      return id.startsWith('fashion-mnist/') ? FASHION_STUB : null;
    },
    load(id) {
      return id === FASHION_STUB
        ? 'throw new Error("Fashion-MNIST is not bundled with the convkit demo (see vite.config.ts)");'
        : null;
    },
  };
}

// The MNIST class files make the bundler slow enough to print its plugin-timing report on
// every build; the time is expected (see README), so the report is only noise.
const quietTimings = { checks: { bundlerTimings: false } };

export default defineConfig({
  // Relative asset URLs: the built app works from any folder or static host.
  base: './',
  resolve: { conditions },
  plugins: [skipFashionMnist()],
  worker: { format: 'es', plugins: () => [skipFashionMnist()], rolldownOptions: quietTimings },
  build: {
    target: 'es2022',
    // The ten MNIST class files are ~2 MB chunks each, loaded only by the workers that need them.
    chunkSizeWarningLimit: 4096,
    reportCompressedSize: false,
    rolldownOptions: quietTimings,
  },
  server: { headers: isolation },
  preview: { headers: isolation },
});
