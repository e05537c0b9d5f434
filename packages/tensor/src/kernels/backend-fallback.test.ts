import { describe, expect, it, vi } from 'vitest';
import { gemm } from '../internal/gemm';
import { getKernelBackend, setKernelBackend } from './backend';

// A runtime without WebAssembly SIMD: the kernel module cannot be loaded.
vi.mock('./wasm/gemm-instance', () => ({ loadGemmWasm: () => null }));

describe('kernel backend without WebAssembly SIMD', () => {
  it("falls back to JS under 'auto' and refuses to force 'wasm'", () => {
    expect(getKernelBackend()).toBe('js');
    expect(() => setKernelBackend('wasm')).toThrow(
      "setKernelBackend: 'wasm' requested but WebAssembly SIMD is not available in this environment",
    );
    expect(getKernelBackend()).toBe('js');
  });

  it('still computes float32 products, large ones included, in JS', () => {
    const n = 64;
    const ones = new Float32Array(n * n).fill(1);
    const c = new Float32Array(n * n);
    const view = (data: Float32Array) => ({ data, offset: 0, rowStride: n, colStride: 1 });
    gemm(n, n, n, view(ones), view(ones), view(c), false);
    expect(c.every((v) => v === n)).toBe(true);
  });
});
