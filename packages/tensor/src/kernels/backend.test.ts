import { afterEach, describe, expect, it, vi } from 'vitest';
import { gemm, type MatrixView } from '../internal/gemm';
import { matmul } from '../ops/matmul';
import { sum } from '../ops/reduce';
import { createRng } from '../random';
import { Tensor } from '../tensor';
import { getKernelBackend, type KernelBackend, setKernelBackend } from './backend';
import { WASM_GEMM_MIN_WORK } from './wasm/gemm-f32';
import { instantiateGemmWasm } from './wasm/gemm-instance';
import { GEMM_WASM_BASE64 } from './wasm/gemm-module.generated';

const row = (data: Float32Array | Float64Array, cols: number): MatrixView => ({
  data,
  offset: 0,
  rowStride: cols,
  colStride: 1,
});

/**
 * An m × m float32 product whose every entry tells the backends apart: each row of A is
 * [1, 2⁻²⁴, 2⁻²⁴, 0, …] against all-ones B. Summed in float64 (JS) that is 1 + 2⁻²³, a
 * float32; summed in float32 (wasm) each 2⁻²⁴ is a tie that rounds back to 1.
 */
function telltale(m: number, k: number): number {
  const a = new Float32Array(m * k);
  for (let i = 0; i < m; i++) a.set([1, 2 ** -24, 2 ** -24], i * k);
  const b = new Float32Array(k * m).fill(1);
  const c = new Float32Array(m * m);
  gemm(m, m, k, row(a, k), row(b, m), row(c, m), false);
  const values = new Set(c);
  expect(values.size).toBe(1);
  return c[0];
}
const SUMMED_IN_FLOAT64 = 1 + 2 ** -23;
const SUMMED_IN_FLOAT32 = 1;

describe('kernel backend', () => {
  afterEach(() => setKernelBackend('auto'));

  it('defaults to wasm where WebAssembly SIMD exists, and can be forced either way', () => {
    expect(getKernelBackend()).toBe('wasm');
    setKernelBackend('js');
    expect(getKernelBackend()).toBe('js');
    setKernelBackend('wasm');
    expect(getKernelBackend()).toBe('wasm');
  });

  it('rejects an unknown backend without changing the current one', () => {
    setKernelBackend('js');
    expect(() => setKernelBackend('gpu' as KernelBackend)).toThrow(
      "setKernelBackend: expected 'auto', 'wasm' or 'js', got gpu",
    );
    expect(getKernelBackend()).toBe('js');
  });

  it('routes float32 gemm to the forced backend', () => {
    setKernelBackend('js');
    expect(telltale(2, 3)).toBe(SUMMED_IN_FLOAT64);
    setKernelBackend('wasm');
    expect(telltale(2, 3)).toBe(SUMMED_IN_FLOAT32);
  });

  it("under 'auto' keeps small products in JS and sends large ones to wasm", () => {
    expect(2 * 2 * 3).toBeLessThan(WASM_GEMM_MIN_WORK);
    expect(telltale(2, 3)).toBe(SUMMED_IN_FLOAT64);
    const m = 64;
    const k = Math.max(3, Math.ceil(WASM_GEMM_MIN_WORK / (m * m)));
    expect(telltale(m, k)).toBe(SUMMED_IN_FLOAT32);
  });

  it('leaves float64 matmul (forward and backward) bit-identical on every backend', () => {
    const rng = createRng(3);
    const aData = Float64Array.from({ length: 40 * 50 }, () => rng.uniform(-1, 1));
    const bData = Float64Array.from({ length: 50 * 30 }, () => rng.uniform(-1, 1));
    const run = (backend: KernelBackend) => {
      setKernelBackend(backend);
      const a = new Tensor(aData.slice(), [40, 50]).requiresGrad_();
      const b = new Tensor(bData.slice(), [50, 30]).requiresGrad_();
      const out = matmul(a, b);
      sum(out).backward();
      return [out.data, a.grad!.data, b.grad!.data].map((d) => [...d]);
    };
    const reference = run('js');
    expect(run('wasm')).toEqual(reference);
    expect(run('auto')).toEqual(reference);
  });
});

describe('instantiateGemmWasm', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('returns null for bytes this runtime cannot compile', () => {
    expect(instantiateGemmWasm(btoa('\0asm not a module'))).toBeNull();
  });

  it('returns null where WebAssembly is missing', () => {
    vi.stubGlobal('WebAssembly', undefined);
    expect(instantiateGemmWasm(GEMM_WASM_BASE64)).toBeNull();
  });

  it('instantiates the shipped module with memory that grows on demand', () => {
    const kernel = instantiateGemmWasm(GEMM_WASM_BASE64)!;
    expect(kernel.reserve(200_000).length).toBeGreaterThanOrEqual(50_000);
    expect(kernel.memoryBytes()).toBeGreaterThanOrEqual(200_000);
  });
});
