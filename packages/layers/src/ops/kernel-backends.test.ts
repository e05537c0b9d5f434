import { createRng, type KernelBackend, randn, setKernelBackend, Tensor } from '@convkit/tensor';
import { expectClose } from '@convkit/testing';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { convBackward, convForward, setConvChunkFloats } from '../internal/conv-kernels';
import { resolveConv } from '../internal/conv-options';
import {
  type Conv2dCase,
  conv2dCaseArb,
  conv2dCaseOptions,
  conv2dCaseReference,
  conv2dCaseTensors,
} from '../internal/conv-test-cases';
import { conv2d } from './conv2d';
import { linear } from './linear';
import { maxPool2d } from './max-pool2d';

// The float32 layers run their products through tensor's `gemm`, which the kernel backend
// sends to WebAssembly SIMD or to the JS reference: both must agree, on chunked batches too.

afterEach(() => {
  setKernelBackend('auto');
  setConvChunkFloats(1 << 22);
});

/** Output and every gradient of Σ out·y for one conv2d case in float32 on `backend`. */
function convRun(k: Conv2dCase, backend: KernelBackend): Tensor[] {
  setKernelBackend(backend);
  const t = conv2dCaseTensors(k, 'float32');
  const x = t.x.requiresGrad_();
  const w = t.weight.requiresGrad_();
  const b = t.bias?.requiresGrad_() ?? null;
  const out = conv2d(x, w, conv2dCaseOptions(k, b));
  const y = randn(out.shape, { rng: createRng(k.seed + 1), dtype: 'float32' });
  out.mul(y).sum().backward();
  const grads = [x, w, ...(b === null ? [] : [b])].map((p) => p.grad as Tensor);
  return [out, ...grads];
}

/**
 * A conv2d case with a batch of 1–6, an im2col chunk budget from one image up, and planes
 * grown by 0 or 14 rows and columns (so both the scatter and the per-image output paths run).
 */
const chunkedCaseArb = fc.tuple(
  conv2dCaseArb(),
  fc.integer({ min: 1, max: 6 }),
  fc.constantFrom(1, 64, 256, 1 << 22),
  fc.constantFrom(0, 14),
);

describe('float32 layers agree between the wasm and js kernel backends', () => {
  it('conv2d forward and gradients, batched in chunks of any size', () => {
    fc.assert(
      fc.property(chunkedCaseArb, ([base, n, chunk, grow]) => {
        const k = { ...base, n, h: base.h + grow, w: base.w + grow };
        setConvChunkFloats(chunk);
        const wasm = convRun(k, 'wasm');
        const js = convRun(k, 'js');
        for (let i = 0; i < js.length; i++) {
          expectClose(wasm[i], js[i], { atol: 1e-4, rtol: 1e-4 });
        }
        const t64 = conv2dCaseTensors(k);
        expectClose(wasm[0], conv2dCaseReference(k, t64.x, t64.weight, t64.bias), {
          atol: 1e-4,
          rtol: 1e-4,
        });
      }),
      { numRuns: 60 },
    );
  });

  it('the input gradient of wide stride-1 convs (a forward by the flipped weight) is the adjoint', () => {
    // Eight or more input channels per group take that path; the adjoint identity holds
    // to float64 rounding whatever the groups, dilation and (asymmetric) padding.
    fc.assert(
      fc.property(
        fc.record({
          n: fc.integer({ min: 1, max: 3 }),
          groups: fc.integer({ min: 1, max: 2 }),
          cg: fc.integer({ min: 8, max: 10 }),
          outCg: fc.integer({ min: 1, max: 3 }),
          k: fc.integer({ min: 1, max: 3 }),
          dilation: fc.integer({ min: 1, max: 2 }),
          padding: fc.constantFrom<number | 'same' | [number, number]>('same', 1, 2, [2, 0]),
          seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        }),
        ({ n, groups, cg, outCg, k, dilation, padding, seed }) => {
          const rng = createRng(seed);
          const x = randn([n, groups * cg, 6, 5], { rng, dtype: 'float64' }).requiresGrad_();
          const w = randn([groups * outCg, cg, k, k], { rng, dtype: 'float64' });
          const out = conv2d(x, w, { padding, dilation, groups });
          const y = randn(out.shape, { rng, dtype: 'float64' });
          out.mul(y).sum().backward();
          const inner = out.mul(y).sum().item();
          const dxDot = x
            .mul(x.grad as Tensor)
            .sum()
            .item();
          expect(Math.abs(dxDot - inner)).toBeLessThan(1e-10 * (1 + Math.abs(inner)));
          setKernelBackend('wasm');
          const x32 = x.to('float32').detach().requiresGrad_();
          conv2d(x32, w.to('float32'), { padding, dilation, groups })
            .mul(y.to('float32'))
            .sum()
            .backward();
          expectClose(x32.grad as Tensor, (x.grad as Tensor).to('float32'), {
            atol: 1e-4,
            rtol: 1e-4,
          });
          setKernelBackend('auto');
        },
      ),
      { numRuns: 40 },
    );
  });

  it('a conv input used by two forwards gets each one its own weight gradient', () => {
    // Each forward saves its own im2col matrix in its graph node, whatever else reads x.
    const rng = createRng(3);
    const x = randn([3, 2, 7, 6], { rng, dtype: 'float32' });
    const w1 = randn([4, 2, 3, 3], { rng, dtype: 'float32' }).requiresGrad_();
    const w2 = randn([5, 2, 3, 3], { rng, dtype: 'float32' }).requiresGrad_();
    const y1 = conv2d(x, w1, { padding: 1 });
    const y2 = conv2d(x, w2, { padding: 'valid' });
    y2.sum().backward();
    y1.sum().backward();
    const g1 = w1.grad as Tensor;
    const g2 = w2.grad as Tensor;
    setKernelBackend('js');
    const r1 = randn([4, 2, 3, 3], { rng: createRng(9), dtype: 'float32' }).requiresGrad_();
    r1.data.set(w1.data);
    conv2d(x, r1, { padding: 1 }).sum().backward();
    const r2 = randn([5, 2, 3, 3], { rng: createRng(9), dtype: 'float32' }).requiresGrad_();
    r2.data.set(w2.data);
    conv2d(x, r2, { padding: 'valid' }).sum().backward();
    expectClose(g1, r1.grad as Tensor, { atol: 1e-4, rtol: 1e-4 });
    expectClose(g2, r2.grad as Tensor, { atol: 1e-4, rtol: 1e-4 });
  });

  it('the weight gradient from the im2col matrix the forward saved is the one unfolded again', () => {
    fc.assert(
      fc.property(conv2dCaseArb(), (k) => {
        const t = conv2dCaseTensors(k, 'float64');
        const resolved = resolveConv('conv2d', t.x, t.weight, conv2dCaseOptions(k, null), 2);
        const x = (resolved.mode === 'zeros' ? t.x.data : null) as Float64Array | null;
        fc.pre(x !== null);
        const g = resolved.geom;
        const w = t.weight.data as Float64Array;
        const { out, columns } = convForward(x as Float64Array, w, null, g, true);
        // Only one group in one chunk is saved; then both paths must give the same bits.
        fc.pre(columns !== null);
        expect(convForward(x as Float64Array, w, null, g).columns).toBeNull();
        const dOut = randn([out.length], { rng: createRng(k.seed), dtype: 'float64' }).data;
        const saved = convBackward(dOut as Float64Array, g, null, x, columns).dw;
        const again = convBackward(dOut as Float64Array, g, null, x, null).dw;
        expect(saved).toEqual(again);
      }),
      { numRuns: 40 },
    );
  });

  it('linear forward and gradients over random shapes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 40 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (m, kIn, o, withBias, seed) => {
          const run = (backend: KernelBackend) => {
            setKernelBackend(backend);
            const rng = createRng(seed);
            const x = randn([m, kIn], { rng, dtype: 'float32' }).requiresGrad_();
            const w = randn([o, kIn], { rng, dtype: 'float32' }).requiresGrad_();
            const b = withBias ? randn([o], { rng, dtype: 'float32' }).requiresGrad_() : null;
            const out = linear(x, w, b);
            out
              .mul(randn(out.shape, { rng, dtype: 'float32' }))
              .sum()
              .backward();
            return [out, x.grad, w.grad, ...(b === null ? [] : [b.grad])] as Tensor[];
          };
          const wasm = run('wasm');
          const js = run('js');
          for (let i = 0; i < js.length; i++) {
            expectClose(wasm[i], js[i], { atol: 1e-4, rtol: 1e-4 });
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('maxPool2d 2×2 stride 2 (the unrolled path)', () => {
  it('matches a brute-force max and argmax, NaN and −∞ included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 2, max: 9 }),
        fc.integer({ min: 2, max: 9 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (planes, h, w, seed) => {
          const data = new Float64Array(planes * h * w);
          for (let i = 0; i < data.length; i++) {
            const u = Math.abs(Math.sin(seed + i * 12.9898)) % 1;
            data[i] = u < 0.1 ? Number.NaN : u < 0.2 ? Number.NEGATIVE_INFINITY : Math.round(u * 4);
          }
          const x = new Tensor(data, [1, planes, h, w]).requiresGrad_();
          const out = maxPool2d(x, { kernelSize: 2 });
          out.sum().backward();
          const oh = Math.floor(h / 2);
          const ow = Math.floor(w / 2);
          const expectedGrad = new Float64Array(data.length);
          for (let p = 0; p < planes; p++) {
            for (let i = 0; i < oh; i++) {
              for (let j = 0; j < ow; j++) {
                let best = Number.NEGATIVE_INFINITY;
                let at = p * h * w + 2 * i * w + 2 * j;
                for (const [di, dj] of [
                  [0, 0],
                  [0, 1],
                  [1, 0],
                  [1, 1],
                ]) {
                  const q = p * h * w + (2 * i + di) * w + 2 * j + dj;
                  if (data[q] > best || Number.isNaN(data[q])) {
                    best = data[q];
                    at = q;
                  }
                }
                expect(Object.is(out.data[(p * oh + i) * ow + j], best)).toBe(true);
                expectedGrad[at] += 1;
              }
            }
          }
          expect(Array.from((x.grad as Tensor).data)).toEqual(Array.from(expectedGrad));
        },
      ),
    );
  });
});
