// Runs every ```ts code block of the docs and the package READMEs, so that documentation
// cannot go stale. Each block is a self-contained module that throws if its claim fails.
// A block whose first line is `// no-run` is shown but not executed (e.g. Node file I/O).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, it } from 'vitest';

const docsDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(docsDir, '..');
const outDir = join(docsDir, '.snippets');

function markdownFiles(): string[] {
  const docs = readdirSync(docsDir)
    .filter((f) => f.endsWith('.md'))
    .map((f) => join(docsDir, f));
  const packagesDir = join(repoRoot, 'packages');
  const readmes = readdirSync(packagesDir)
    .map((p) => join(packagesDir, p, 'README.md'))
    .filter((f) => {
      try {
        readFileSync(f);
        return true;
      } catch {
        return false;
      }
    });
  return [...docs, ...readmes];
}

export function extractSnippets(markdown: string): { line: number; code: string }[] {
  const snippets: { line: number; code: string }[] = [];
  const pattern = /^```(?:ts|typescript)\s*\n([\s\S]*?)^```/gm;
  for (const match of markdown.matchAll(pattern)) {
    const code = match[1];
    if (code.trimStart().startsWith('// no-run')) continue;
    const line = markdown.slice(0, match.index).split('\n').length;
    snippets.push({ line, code });
  }
  return snippets;
}

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

for (const file of markdownFiles()) {
  const snippets = extractSnippets(readFileSync(file, 'utf8'));
  if (snippets.length === 0) continue;
  const name = relative(repoRoot, file);
  describe(name, () => {
    for (const { line, code } of snippets) {
      it(`snippet at line ${line}`, async () => {
        const stem = `${name.replace(/[^a-zA-Z0-9]+/g, '-')}-${line}`;
        const path = join(outDir, `${stem}.ts`);
        writeFileSync(path, `${code}\nexport {};\n`);
        await import(/* @vite-ignore */ pathToFileURL(path).href);
      });
    }
  });
}

describe('extractSnippets', () => {
  it('finds ts blocks, skips no-run and other languages', async () => {
    const { expect } = await import('vitest');
    const md = [
      '# t',
      '```ts',
      'a()',
      '```',
      '```sh',
      'ls',
      '```',
      '```ts',
      '// no-run',
      'b()',
      '```',
    ].join('\n');
    expect(extractSnippets(md)).toEqual([{ line: 2, code: 'a()\n' }]);
    expect(basename(docsDir)).toBe('docs');
  });
});
