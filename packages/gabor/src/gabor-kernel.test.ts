import { createRng, full, rand, type Tensor, tensor } from '@convkit/tensor';
import { checkGradients, expectClose } from '@convkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type GaborParams, gaborKernel } from './gabor-kernel';

function params(
  values: { theta: number; sigma: number; lambda: number; psi: number; gamma: number },
  dtype: 'float32' | 'float64' = 'float64',
): GaborParams {
  const make = (v: number) => tensor([v], { dtype });
  return {
    theta: make(values.theta),
    sigma: make(values.sigma),
    lambda: make(values.lambda),
    psi: make(values.psi),
    gamma: make(values.gamma),
  };
}

/** The formula evaluated pixel by pixel, independently of the op. */
function reference(
  p: { theta: number; sigma: number; lambda: number; psi: number; gamma: number },
  kH: number,
  kW: number,
): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < kH; i++) {
    const row: number[] = [];
    for (let j = 0; j < kW; j++) {
      const x = j - (kW - 1) / 2;
      const y = i - (kH - 1) / 2;
      const xr = x * Math.cos(p.theta) + y * Math.sin(p.theta);
      const yr = -x * Math.sin(p.theta) + y * Math.cos(p.theta);
      row.push(
        Math.exp(-(xr ** 2 + p.gamma ** 2 * yr ** 2) / (2 * p.sigma ** 2)) *
          Math.cos((2 * Math.PI * xr) / p.lambda + p.psi),
      );
    }
    rows.push(row);
  }
  return rows;
}

const paramArb = fc.record({
  theta: fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }),
  sigma: fc.double({ min: 0.8, max: 4, noNaN: true }),
  lambda: fc.double({ min: 2, max: 10, noNaN: true }),
  psi: fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }),
  gamma: fc.double({ min: 0.3, max: 1.5, noNaN: true }),
});

describe('gaborKernel forward', () => {
  it('is a centred cosine under a Gaussian at θ = 0, ψ = 0, γ = 1', () => {
    const k = gaborKernel(params({ theta: 0, sigma: 1, lambda: 4, psi: 0, gamma: 1 }), 3);
    expect(k.shape).toEqual([1, 3, 3]);
    // Centre: exp(0)·cos(0) = 1. Left/right neighbours: exp(-1/2)·cos(±π/2) = 0.
    // Up/down neighbours: x′ = 0 so cos = 1, envelope exp(-1/2).
    expectClose(
      k,
      [
        [
          [Math.exp(-1) * 0, Math.exp(-0.5), 0],
          [0, 1, 0],
          [0, Math.exp(-0.5), 0],
        ],
      ],
      { atol: 1e-12 },
    );
  });

  it('matches the formula pixel by pixel (property)', () => {
    fc.assert(
      fc.property(paramArb, fc.constantFrom(1, 3, 5, 7), fc.constantFrom(1, 3, 5), (p, kH, kW) => {
        expectClose(gaborKernel(params(p), [kH, kW]), [reference(p, kH, kW)], {
          atol: 1e-12,
          rtol: 1e-12,
        });
      }),
    );
  });

  it('is π-periodic in θ when ψ ∈ {0, π} and 2π-periodic otherwise', () => {
    fc.assert(
      fc.property(paramArb, fc.constantFrom(0, Math.PI), (p, psi) => {
        const even = { ...p, psi };
        expectClose(
          gaborKernel(params({ ...even, theta: even.theta + Math.PI }), 7),
          gaborKernel(params(even), 7),
          { atol: 1e-9 },
        );
        expectClose(
          gaborKernel(params({ ...p, theta: p.theta + 2 * Math.PI }), 7),
          gaborKernel(params(p), 7),
          { atol: 1e-9 },
        );
      }),
    );
    // An odd (sine-phase) filter flips sign under θ → θ + π, so π is not its period.
    const odd = { theta: 0.3, sigma: 2, lambda: 5, psi: Math.PI / 2, gamma: 0.5 };
    const rotated = gaborKernel(params({ ...odd, theta: odd.theta + Math.PI }), 7);
    expectClose(rotated, gaborKernel(params(odd), 7).neg(), { atol: 1e-9 });
  });

  it('makes one filter per parameter entry, in order, for any parameter shape', () => {
    const rng = createRng(3);
    const shape = [2, 3];
    const p: GaborParams = {
      theta: rand(shape, { rng, dtype: 'float64' }),
      sigma: full(shape, 2, { dtype: 'float64' }),
      lambda: full(shape, 4, { dtype: 'float64' }),
      psi: rand(shape, { rng, dtype: 'float64' }),
      gamma: full(shape, 0.7, { dtype: 'float64' }),
    };
    const k = gaborKernel(p, 5);
    expect(k.shape).toEqual([2, 3, 5, 5]);
    const at = (t: Tensor, i: number) => t.data[i];
    const single = gaborKernel(
      params({ theta: at(p.theta, 4), sigma: 2, lambda: 4, psi: at(p.psi, 4), gamma: 0.7 }),
      5,
    );
    expectClose(
      new (k.constructor as typeof Tensor)(k.data.slice(4 * 25, 5 * 25), [1, 5, 5]),
      single,
      { atol: 0 },
    );
  });

  it('keeps float32 parameters in float32', () => {
    expect(
      gaborKernel(params({ theta: 0, sigma: 1, lambda: 4, psi: 0, gamma: 1 }, 'float32'), 3).dtype,
    ).toBe('float32');
  });

  it('never produces NaN, even for σ → 0 and λ → 0', () => {
    for (const [sigma, lambda] of [
      [0, 4],
      [1e-300, 4],
      [2, 0],
      [2, 1e-300],
      [0, 0],
      [-1, -1],
    ]) {
      const p = params({ theta: 0.4, sigma, lambda, psi: 0.1, gamma: 0.5 });
      for (const t of Object.values(p)) t.requiresGrad_();
      const k = gaborKernel(p, 5);
      expect(k.data.every(Number.isFinite)).toBe(true);
      k.sum().backward();
      for (const t of Object.values(p)) expect(t.grad!.data.every(Number.isFinite)).toBe(true);
    }
  });
});

describe('gaborKernel backward', () => {
  it('matches finite differences for all five parameters (property, float64)', () => {
    fc.assert(
      fc.property(paramArb, fc.constantFrom(3, 5, 7), (p, size) => {
        const ps = params(p);
        const inputs = [ps.theta, ps.sigma, ps.lambda, ps.psi, ps.gamma].map((t) =>
          t.requiresGrad_(),
        );
        // Smooth in every parameter here (σ, λ away from the clamp): tight tolerances hold.
        checkGradients(
          (theta, sigma, lambda, psi, gamma) =>
            gaborKernel({ theta, sigma, lambda, psi, gamma }, size),
          inputs,
          { atol: 1e-6, rtol: 1e-5 },
        );
      }),
      { numRuns: 25 },
    );
  });

  it('matches finite differences for a batch of filters with a non-square kernel', () => {
    const rng = createRng(9);
    const shape = [4];
    const theta = rand(shape, { rng, dtype: 'float64' }).mul(6).sub(3).requiresGrad_();
    const sigma = rand(shape, { rng, dtype: 'float64' }).mul(2).add(1).requiresGrad_();
    const lambda = rand(shape, { rng, dtype: 'float64' }).mul(4).add(3).requiresGrad_();
    const psi = rand(shape, { rng, dtype: 'float64' }).mul(6).sub(3).requiresGrad_();
    const gamma = rand(shape, { rng, dtype: 'float64' }).add(0.3).requiresGrad_();
    checkGradients(
      (t, s, l, p, g) => gaborKernel({ theta: t, sigma: s, lambda: l, psi: p, gamma: g }, [5, 9]),
      [theta, sigma, lambda, psi, gamma],
    );
  });

  it('gives σ and λ zero gradient where they are clamped', () => {
    const p = params({ theta: 0.2, sigma: 0, lambda: 0, psi: 0, gamma: 1 });
    p.sigma.requiresGrad_();
    p.lambda.requiresGrad_();
    gaborKernel(p, 3).sum().backward();
    expect(p.sigma.grad!.item()).toBe(0);
    expect(p.lambda.grad!.item()).toBe(0);
  });
});

/**
 * The same formula composed from ordinary @convkit/tensor ops (broadcast over a grid of
 * pixel offsets), differentiated by the generic autograd: an independent second derivation
 * of both the kernel and its five gradients.
 */
function composed(p: GaborParams, kH: number, kW: number): Tensor {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < kH; i++) {
    for (let j = 0; j < kW; j++) {
      xs.push(j - (kW - 1) / 2);
      ys.push(i - (kH - 1) / 2);
    }
  }
  const x = tensor(xs, { dtype: 'float64', shape: [1, kH, kW] });
  const y = tensor(ys, { dtype: 'float64', shape: [1, kH, kW] });
  const column = (t: Tensor) => t.reshape([t.size, 1, 1]);
  const theta = column(p.theta);
  const [cos, sin] = [theta.cos(), theta.sin()];
  const xr = x.mul(cos).add(y.mul(sin));
  const yr = x.neg().mul(sin).add(y.mul(cos));
  const r2 = xr.square().add(column(p.gamma).square().mul(yr.square()));
  const envelope = r2.neg().div(column(p.sigma).square().mul(2)).exp();
  const carrier = xr
    .mul(2 * Math.PI)
    .div(column(p.lambda))
    .add(column(p.psi))
    .cos();
  return envelope.mul(carrier);
}

describe('gaborKernel against the formula composed from tensor ops (float64)', () => {
  it('gives the same kernel and the same five gradients (property)', () => {
    fc.assert(
      fc.property(
        fc.array(paramArb, { minLength: 1, maxLength: 3 }),
        fc.constantFrom(1, 3, 5, 7),
        fc.constantFrom(3, 5, 9),
        fc.integer({ min: 0, max: 1000 }),
        (list, kH, kW, seed) => {
          const column = (name: keyof GaborParams) => list.map((p) => p[name]);
          const make = (): GaborParams => ({
            theta: tensor(column('theta'), { dtype: 'float64', requiresGrad: true }),
            sigma: tensor(column('sigma'), { dtype: 'float64', requiresGrad: true }),
            lambda: tensor(column('lambda'), { dtype: 'float64', requiresGrad: true }),
            psi: tensor(column('psi'), { dtype: 'float64', requiresGrad: true }),
            gamma: tensor(column('gamma'), { dtype: 'float64', requiresGrad: true }),
          });
          const fused = make();
          const reference = make();
          const kFused = gaborKernel(fused, [kH, kW]);
          const kComposed = composed(reference, kH, kW);
          expectClose(kFused, kComposed, { atol: 1e-13, rtol: 1e-12 });
          // The same upstream gradient through both: a random projection of the kernels.
          const weights = rand(kFused.shape, { rng: createRng(seed), dtype: 'float64' }).sub(0.5);
          kFused.mul(weights).sum().backward();
          kComposed.mul(weights).sum().backward();
          for (const name of ['theta', 'sigma', 'lambda', 'psi', 'gamma'] as const) {
            expectClose(fused[name].grad!, reference[name].grad!, { atol: 1e-11, rtol: 1e-10 });
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('gaborKernel is one op', () => {
  it('records a single graph node whose inputs are the five parameters', () => {
    const p = params({ theta: 0.3, sigma: 2, lambda: 5, psi: 0.1, gamma: 0.6 });
    for (const t of Object.values(p)) t.requiresGrad_();
    const node = gaborKernel(p, 11).gradNode!;
    expect(node.op).toBe('gaborKernel');
    const expected = [p.theta, p.sigma, p.lambda, p.psi, p.gamma];
    expect(node.inputs).toHaveLength(5);
    for (const [i, input] of node.inputs.entries()) expect(input).toBe(expected[i]);
  });
});

describe('gaborKernel errors', () => {
  const ok = params({ theta: 0, sigma: 1, lambda: 4, psi: 0, gamma: 1 });
  it('rejects even, zero and non-integer sizes', () => {
    expect(() => gaborKernel(ok, 4)).toThrow(
      'gaborKernel: kernel height must be a positive odd integer (the filter is centred on a pixel), got 4',
    );
    expect(() => gaborKernel(ok, 0)).toThrow('got 0');
    expect(() => gaborKernel(ok, [3, 2.5])).toThrow(
      'gaborKernel: kernel width must be a positive odd integer',
    );
  });
  it('rejects missing, mis-shaped and mixed-dtype parameters', () => {
    expect(() => gaborKernel({ ...ok, psi: undefined as never }, 3)).toThrow(
      'gaborKernel: params.psi must be a Tensor, got undefined',
    );
    expect(() => gaborKernel({ ...ok, sigma: tensor([1, 2], { dtype: 'float64' }) }, 3)).toThrow(
      'gaborKernel: params.sigma must have the shape of params.theta [1], got [2]',
    );
    expect(() => gaborKernel({ ...ok, gamma: tensor([1]) }, 3)).toThrow(
      'gaborKernel: params.gamma must be float32 or float64 like params.theta (float64), got float32',
    );
  });
});
