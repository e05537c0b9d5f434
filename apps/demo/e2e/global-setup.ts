import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const demoRoot = fileURLToPath(new URL('..', import.meta.url));

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the built demo served by `vite preview`, e.g. `http://127.0.0.1:41234/`. */
    demoUrl: string;
  }
}

/** Asks the OS for a port nobody is listening on. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Serves the built app (dist/) once for the whole run with `vite preview` on a free port and
 * hands its URL to the tests through `inject('demoUrl')`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(`${demoRoot}/dist/index.html`)) {
    throw new Error(
      'demo e2e: dist/index.html is missing; run `pnpm --filter @convkit/demo run build` first (the `test` script does)',
    );
  }
  const { preview } = await import('vite');
  const port = await freePort();
  const server = await preview({
    root: demoRoot,
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  });
  project.provide('demoUrl', `http://127.0.0.1:${port}/`);
  return async () => {
    await server.close();
  };
}
