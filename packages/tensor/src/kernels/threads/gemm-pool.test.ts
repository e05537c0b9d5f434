import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng, matmul, randn } from '../../index';
import { getKernelThreads, setKernelBackend, setKernelThreads } from '../backend';

const indexPath = fileURLToPath(new URL('../../index.ts', import.meta.url));

afterAll(async () => {
  await setKernelThreads(1);
  setKernelBackend('auto');
});

describe('setKernelThreads', () => {
  it('rejects counts that are not whole numbers from 1 up, naming what it got', () => {
    expect(() => setKernelThreads(0)).toThrow(
      /setKernelThreads: expected an integer from 1 to \d+, got 0/,
    );
    expect(() => setKernelThreads(1.5)).toThrow(/got 1\.5/);
    expect(getKernelThreads()).toBe(1);
  });

  it('shares float32 products with workers and gives the same bits as one thread', async () => {
    setKernelBackend('wasm');
    const rng = createRng(7);
    // Big enough that blocks pass the pool's threshold; odd sizes exercise the edge slivers.
    const a = randn([300, 257], { rng });
    const b = randn([257, 333], { rng });
    const one = matmul(a, b).toArray();
    expect(await setKernelThreads(2)).toBe(2);
    expect(getKernelThreads()).toBe(2);
    const two = matmul(a, b).toArray();
    expect(two).toEqual(one);
    await setKernelThreads(1);
  });

  it('never keeps a Node process alive once the work is done', () => {
    // A script that starts two threads and returns must exit by itself.
    const script = [
      `const t = await import(${JSON.stringify(indexPath)});`,
      'const n = await t.setKernelThreads(2);',
      "t.setKernelBackend('wasm');",
      'const a = t.randn([256, 256], { rng: t.createRng(1) });',
      'console.log(n, t.matmul(a, a).shape.join("x"));',
    ].join('\n');
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '--eval', script],
      { encoding: 'utf8', timeout: 20_000 },
    );
    expect(out.trim()).toBe('2 256x256');
  }, 30_000);
});
