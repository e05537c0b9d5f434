import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng, matmul, randn } from '../../index';
import type { MatrixView } from '../../internal/gemm';
import { getKernelThreads, setKernelBackend, setKernelThreads } from '../backend';
import { gemmF32Wasm } from '../wasm/gemm-f32';
import { instantiateGemmWasm, loadGemmWasm } from '../wasm/gemm-instance';
import { GEMM_WASM_SHARED_BASE64 } from '../wasm/gemm-module.generated';
import { GemmPool, MAX_WORKERS } from './gemm-pool';
import { DONE_SEQ, GENERATIONS, MAX_TASKS, TASK_BITS } from './worker-source';

const indexPath = fileURLToPath(new URL('../../index.ts', import.meta.url));

/** Runs ES module source lines in a fresh Node process (which must exit by itself); its output. */
function runScript(lines: string[]): string {
  return execFileSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '--eval', lines.join('\n')],
    { encoding: 'utf8', timeout: 20_000 },
  );
}

afterAll(async () => {
  await setKernelThreads(1);
  setKernelBackend('auto');
});

describe('claim counter', () => {
  it('never carries into the next generation, nor past int32, after the last claim', () => {
    // After a job's last claim the counter reads (generation, MAX_TASKS): it must stay
    // within the generation's range, or a late worker would see task 0 of the next one.
    expect(MAX_TASKS).toBeLessThan(1 << TASK_BITS);
    const last = ((GENERATIONS - 1) << TASK_BITS) + MAX_TASKS;
    expect(last).toBeGreaterThan(0);
    expect(last).toBeLessThanOrEqual(2 ** 31 - 1);
  });
});

describe('setKernelThreads', () => {
  it('rejects counts that are not whole numbers from 1 up, naming what it got', () => {
    expect(() => setKernelThreads(0)).toThrow(
      /setKernelThreads: expected an integer from 1 to \d+, got 0/,
    );
    expect(() => setKernelThreads(1.5)).toThrow(/got 1\.5/);
    // Nothing set yet: the default is every core (at least one).
    expect(getKernelThreads()).toBe(Math.min(availableParallelism(), MAX_WORKERS + 1));
  });

  it('by default starts workers with the first big product, in a process that still exits', () => {
    const script = [
      `const t = await import(${JSON.stringify(indexPath)});`,
      'const a = t.randn([512, 512], { rng: t.createRng(2) });',
      'const first = t.matmul(a, a).toArray();', // starts the default pool
      'await new Promise((r) => setTimeout(r, 300));',
      'const shared = t.matmul(a, a).toArray();',
      'await t.setKernelThreads(1);',
      'const alone = t.matmul(a, a).toArray();',
      'const same = (x, y) => JSON.stringify(x) === JSON.stringify(y);',
      'console.log(same(first, alone), same(shared, alone));',
    ];
    const out = runScript(script);
    expect(out.trim()).toBe('true true');
  }, 30_000);

  it('shares float32 products with workers and gives the same bits as one thread', async () => {
    setKernelBackend('wasm');
    const rng = createRng(7);
    // Big enough that blocks pass the pool's threshold; odd sizes exercise the edge slivers.
    const a = randn([300, 257], { rng });
    const b = randn([257, 333], { rng });
    await setKernelThreads(1);
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
    ];
    const out = runScript(script);
    expect(out.trim()).toBe('2 256x256');
  }, 30_000);
});

type Layout = 'rows' | 'columns' | 'strided';

/**
 * A float32 rows × cols view after `offset` elements of random data: row-major with a gap
 * of 2 after each row, column-major (the transpose of row-major) with a gap of 1, or with
 * neither stride 1 (every other element of a row-major matrix).
 */
function view(rows: number, cols: number, layout: Layout, offset: number, seed: number) {
  const rng = createRng(seed);
  const size = layout === 'strided' ? 2 * rows * cols : (rows + 2) * (cols + 2);
  const data = new Float32Array(offset + size);
  for (let i = 0; i < data.length; i++) data[i] = rng.uniform(-1, 1);
  const strides =
    layout === 'rows'
      ? { rowStride: cols + 2, colStride: 1 }
      : layout === 'columns'
        ? { rowStride: 1, colStride: rows + 1 }
        : { rowStride: 2 * cols, colStride: 2 };
  return { data, offset, ...strides } satisfies MatrixView;
}

describe('threaded float32 gemm (column panels shared with workers)', () => {
  // A pool of its own over a fresh shared instance, so its worker's share can be counted.
  const kernel = instantiateGemmWasm(GEMM_WASM_SHARED_BASE64, true);
  const single = loadGemmWasm();
  let pool: GemmPool | null = null;
  let workerTasks = 0;

  beforeAll(async () => {
    if (kernel === null) return;
    pool = GemmPool.create(kernel);
    expect(await pool?.grow(1)).toBe(1);
  });

  afterAll(() => {
    // Some case was big enough that the worker took part.
    if (pool !== null) expect(workerTasks).toBeGreaterThan(0);
  });

  /** Runs C (+)= A·B on one thread and split with a worker; expects the same bits everywhere. */
  function expectSameBits(
    m: number,
    n: number,
    k: number,
    layouts: [Layout, Layout, Layout],
    accumulate: boolean,
    seed: number,
  ) {
    if (kernel === null || single === null || pool === null) throw new Error('no shared wasm');
    const a = view(m, k, layouts[0], 3, seed);
    const b = view(k, n, layouts[1], 1, seed + 1);
    const c1 = view(m, n, layouts[2], 2, seed + 2);
    const c2 = { ...c1, data: c1.data.slice() };
    gemmF32Wasm({ kernel: single, pool: null, helpers: 0 }, m, n, k, a, b, c1, accumulate);
    const control = new Int32Array(kernel.memory.buffer, 0, DONE_SEQ + 1);
    const before = Atomics.load(control, DONE_SEQ);
    gemmF32Wasm({ kernel, pool, helpers: 1 }, m, n, k, a, b, c2, accumulate);
    workerTasks += Atomics.load(control, DONE_SEQ) - before;
    // Every element (and every byte outside the view) equal, bit for bit.
    const one = new Uint32Array(c1.data.buffer);
    const two = new Uint32Array(c2.data.buffer);
    const differs = one.findIndex((bits, i) => bits !== two[i]);
    expect(
      differs === -1
        ? 'same bits'
        : `differs at ${differs}: ${c2.data[differs]} vs ${c1.data[differs]}`,
    ).toBe('same bits');
  }

  it('splits a short, wide product (conv forward) by column panels', () => {
    expectSameBits(6, 50_001, 25, ['rows', 'rows', 'rows'], false, 1);
    expectSameBits(16, 6_403, 150, ['columns', 'rows', 'rows'], true, 2);
  });

  it('sums depth blocks in order (k over several blocks) with strided and transposed views', () => {
    expectSameBits(37, 3_203, 517, ['strided', 'columns', 'rows'], true, 3);
    expectSameBits(13, 2_001, 777, ['rows', 'strided', 'columns'], false, 4);
  });

  it('cuts the longer side: tall products (weight gradients) run as Cᵀ = Bᵀ·Aᵀ', () => {
    expectSameBits(25, 6, 50_176, ['rows', 'columns', 'columns'], true, 5);
    expectSameBits(301, 7, 2_100, ['columns', 'strided', 'rows'], true, 6);
  });

  it('packs tall A in row chunks when it is too large to share whole', () => {
    expectSameBits(45, 300, 30_001, ['rows', 'rows', 'rows'], true, 7);
  });

  it('matches one thread on a large square-ish product', () => {
    expectSameBits(515, 509, 300, ['rows', 'columns', 'rows'], false, 8);
  });

  it('matches one thread on generated shapes and layouts', () => {
    const layout = fc.constantFrom<Layout>('rows', 'columns', 'strided');
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 1_000 }),
        fc.integer({ min: 1, max: 600 }),
        fc.tuple(layout, layout, layout),
        fc.boolean(),
        fc.boolean(),
        (m, n, k, layouts, accumulate, tall) => {
          // Scale n up so the product passes the threading threshold (2²² multiply-adds).
          const wide = Math.max(n, Math.ceil((1 << 22) / (m * k)));
          if (tall) expectSameBits(wide, m, k, layouts, accumulate, m + n + k);
          else expectSameBits(m, wide, k, layouts, accumulate, m + n + k);
        },
      ),
      { numRuns: 8, seed: 10 },
    );
  });
});
