// Runs every ```ts block of README.md, so the example users copy cannot go stale. A block
// whose first line is `// no-run` is shown but not executed.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'vitest';

const packageDir = join(import.meta.dirname, '..');
const outDir = join(packageDir, '.readme-snippets');
const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

describe('README.md', () => {
  for (const match of readme.matchAll(/^```ts\s*\n([\s\S]*?)^```/gm)) {
    const code = match[1];
    if (code.trimStart().startsWith('// no-run')) continue;
    const line = readme.slice(0, match.index).split('\n').length;
    it(`snippet at line ${line} runs`, async () => {
      const file = join(outDir, `snippet-${line}.ts`);
      writeFileSync(file, `${code}\nexport {};\n`);
      await import(/* @vite-ignore */ pathToFileURL(file).href);
    });
  }
});
