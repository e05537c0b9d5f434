import { conv2d } from '@convkit/layers';
import { createRng, noGrad, randn, type Tensor, tensor } from '@convkit/tensor';
import { checkGradients, checkParametersLearn, expectClose } from '@convkit/testing';
import { describe, expect, it } from 'vitest';
import { GaborConv2d } from './gabor-conv2d';
import { gaborKernel } from './gabor-kernel';

describe('GaborConv2d', () => {
  it('maps [N, inC, H, W] to [N, outC, H, W] with "same" padding by default', () => {
    const layer = new GaborConv2d(3, 8, 5);
    expect(layer.call(randn([2, 3, 12, 10], { rng: createRng(1) })).shape).toEqual([2, 8, 12, 10]);
    expect(layer.weight().shape).toEqual([8, 3, 5, 5]);
  });

  it('registers its parameters by name, positive ones by their raw form', () => {
    const names = new GaborConv2d(1, 4, 5).namedParameters().map(([n]) => n);
    expect(names).toEqual([
      'theta',
      'logSigma',
      'logLambda',
      'psi',
      'logGamma',
      'amplitude',
      'bias',
    ]);
    const soft = new GaborConv2d(1, 4, 5, { parameterization: 'softplus', bias: false })
      .namedParameters()
      .map(([n]) => n);
    expect(soft).toEqual(['theta', 'sigmaRaw', 'lambdaRaw', 'psi', 'gammaRaw', 'amplitude']);
  });

  it('synthesises its weight from the Gabor formula times the amplitude', () => {
    const init = { theta: [0.1, 1.2], sigma: 2, lambda: [4, 6], psi: 0.3, gamma: 0.6 };
    const layer = new GaborConv2d(2, 2, 7, { init, dtype: 'float64' });
    const expected = gaborKernel(
      {
        theta: tensor([0.1, 1.2], { dtype: 'float64' }),
        sigma: tensor([2, 2], { dtype: 'float64' }),
        lambda: tensor([4, 6], { dtype: 'float64' }),
        psi: tensor([0.3, 0.3], { dtype: 'float64' }),
        gamma: tensor([0.6, 0.6], { dtype: 'float64' }),
      },
      7,
    )
      .reshape([2, 1, 7, 7])
      .mul(
        layer
          .namedParameters()
          .find(([n]) => n === 'amplitude')![1]
          .detach()
          .reshape([2, 2, 1, 1]),
      );
    expectClose(
      noGrad(() => layer.weight()),
      expected,
      { atol: 1e-12 },
    );
    const params = layer.gaborParameters();
    expect(params[1].lambda).toBeCloseTo(6, 12);
    expect(params[0].sigma).toBeCloseTo(2, 12);
  });

  it('scales each (out, in) slice to squared norm 2/inC (He variance)', () => {
    const layer = new GaborConv2d(4, 3, 9, { dtype: 'float64' });
    const w = noGrad(() => layer.weight());
    for (let s = 0; s < 12; s++) {
      let norm2 = 0;
      for (let t = 0; t < 81; t++) norm2 += w.data[s * 81 + t] ** 2;
      expect(norm2).toBeCloseTo(2 / 4, 10);
    }
  });

  it.each(['out', 'outIn'] as const)(
    'passes a float64 gradient check through every parameter (sharing %s)',
    (sharing) => {
      const layer = new GaborConv2d(2, 2, 3, {
        sharing,
        init: 'random',
        rng: createRng(3),
        dtype: 'float64',
        padding: 0,
      });
      const x = randn([1, 2, 5, 5], { rng: createRng(4), dtype: 'float64' });
      const params = layer.parameters();
      // Rebind the parameters' storage through the check's inputs: checkGradients perturbs them in place.
      checkGradients(() => layer.call(x), params, { atol: 1e-6, rtol: 1e-5 });
    },
  );

  it('learns: every parameter gets a gradient and moves after one step', () => {
    for (const sharing of ['out', 'outIn'] as const) {
      const layer = new GaborConv2d(2, 3, 5, { sharing, init: 'random', rng: createRng(8) });
      checkParametersLearn(layer, randn([2, 2, 8, 8], { rng: createRng(9) }));
    }
  });

  it('freezes what `learn` switches off, keeping it in the state', () => {
    const layer = new GaborConv2d(1, 8, 5, { learn: { theta: false, amplitude: false } });
    const names = layer.namedParameters().map(([n]) => n);
    expect(names).not.toContain('theta');
    expect(names).not.toContain('amplitude');
    expect([...Object.keys(Object.fromEntries(layer.stateDict()))]).toEqual(
      expect.arrayContaining(['theta', 'amplitude', 'logSigma']),
    );
  });

  it('caches the weight in eval mode until a parameter changes', () => {
    const layer = new GaborConv2d(1, 2, 5).eval();
    const cached = () => (layer as unknown as { cache: { weight: Tensor } | null }).cache?.weight;
    const x = randn([1, 1, 6, 6], { rng: createRng(2) });
    const first = noGrad(() => layer.call(x));
    const weight = cached();
    expect(weight).toBeDefined();
    const again = noGrad(() => layer.call(x));
    expect(cached()).toBe(weight); // reused, not synthesised again
    expect(again.data).toEqual(first.data);
    const theta = layer.namedParameters().find(([n]) => n === 'theta')![1];
    theta.data[0] += 0.5;
    const changed = noGrad(() => layer.call(x));
    expect(cached()).not.toBe(weight);
    expect(changed.data).not.toEqual(first.data);
    // A state dict loaded in place (same tensors, new values) invalidates it too.
    const fresh = new GaborConv2d(1, 2, 5, { init: 'random', rng: createRng(3) });
    layer.loadStateDict(fresh.stateDict());
    expectClose(
      noGrad(() => layer.call(x)),
      noGrad(() => fresh.eval().call(x)),
      { atol: 1e-6 },
    );
    // Training mode, or recording gradients, never uses a cached (graph-less) weight.
    layer.train();
    const y = layer.call(x);
    expect(cached()).toBeUndefined();
    y.sum().backward();
    const thetaGrad = layer.namedParameters().find(([n]) => n === 'theta')![1].grad;
    expect(thetaGrad?.data.some((g) => g !== 0)).toBe(true);
  });

  it('passes stride, padding, dilation and bias through to conv2d', () => {
    const x = randn([2, 2, 13, 11], { rng: createRng(5), dtype: 'float64' });
    for (const options of [
      { stride: 2, padding: 1, dilation: 1 },
      { stride: [1, 2] as [number, number], padding: 0, dilation: 2 },
      { padding: 'valid' as const, bias: false },
    ]) {
      const layer = new GaborConv2d(2, 3, 3, { ...options, dtype: 'float64', init: 'random' });
      const bias = layer.namedParameters().find(([n]) => n === 'bias')?.[1] ?? null;
      if (options.bias === false) expect(bias).toBeNull();
      const { bias: _, ...conv } = options as typeof options & { bias?: boolean };
      const expected = conv2d(
        x,
        noGrad(() => layer.weight()),
        { ...conv, bias },
      );
      const y = noGrad(() => layer.call(x));
      expect(y.shape).toEqual(expected.shape);
      expectClose(y, expected, { atol: 1e-12 });
    }
  });

  it('normalize: every Gabor is zero-mean and/or unit-norm before the amplitude', () => {
    const init = { theta: [0.3, 1.9], sigma: [1.5, 3], lambda: [3, 9], psi: [0, 1], gamma: 0.7 };
    const amplitudeOf = (layer: GaborConv2d) =>
      layer.namedParameters().find(([n]) => n === 'amplitude')![1].data;
    for (const normalize of [
      { zeroMean: true },
      { unitNorm: true },
      { zeroMean: true, unitNorm: true },
    ]) {
      const layer = new GaborConv2d(2, 2, 7, { init, normalize, dtype: 'float64' });
      const w = noGrad(() => layer.weight());
      const amplitude = amplitudeOf(layer);
      for (let s = 0; s < 4; s++) {
        let sum = 0;
        let norm2 = 0;
        for (let t = 0; t < 49; t++) {
          const g = w.data[s * 49 + t] / amplitude[s];
          sum += g;
          norm2 += g * g;
        }
        if (normalize.zeroMean) expect(Math.abs(sum)).toBeLessThan(1e-12);
        else expect(Math.abs(sum)).toBeGreaterThan(1e-3);
        if (normalize.unitNorm) expect(norm2).toBeCloseTo(1, 10);
        else expect(Math.abs(norm2 - 1)).toBeGreaterThan(1e-3);
      }
    }
    // The normalisation is part of the graph: gradients still check out through it.
    const layer = new GaborConv2d(1, 2, 5, {
      init: 'random',
      rng: createRng(11),
      normalize: { zeroMean: true, unitNorm: true },
      dtype: 'float64',
    });
    const x = randn([1, 1, 6, 6], { rng: createRng(12), dtype: 'float64' });
    checkGradients(() => layer.call(x), layer.parameters(), { atol: 1e-6, rtol: 1e-5 });
  });

  it('softplus parameterisation: reports the σ, λ, γ it was given, and its gradients check out', () => {
    const init = { theta: 0.4, sigma: [0.05, 2.5], lambda: [4, 30], psi: 0.2, gamma: [0.3, 1] };
    const layer = new GaborConv2d(1, 2, 5, {
      init,
      parameterization: 'softplus',
      dtype: 'float64',
    });
    const [a, b] = layer.gaborParameters();
    expect(a.sigma).toBeCloseTo(0.05, 12);
    expect(b.sigma).toBeCloseTo(2.5, 12);
    expect(b.lambda).toBeCloseTo(30, 10);
    expect(a.gamma).toBeCloseTo(0.3, 12);
    const x = randn([1, 1, 6, 6], { rng: createRng(13), dtype: 'float64' });
    checkGradients(() => layer.call(x), layer.parameters(), { atol: 1e-6, rtol: 1e-5 });
  });

  it('reports θ wrapped to its period: π for even filters, 2π otherwise', () => {
    const layer = new GaborConv2d(1, 3, 5, {
      init: {
        theta: [Math.PI / 4 + 3 * Math.PI, Math.PI / 4 + 3 * Math.PI, -Math.PI / 4 - 2 * Math.PI],
        sigma: 2,
        lambda: 4,
        psi: [0, Math.PI / 2, Math.PI],
        gamma: 0.5,
      },
      dtype: 'float64',
    });
    const thetas = layer.gaborParameters().map((p) => p.theta);
    expect(thetas[0]).toBeCloseTo(Math.PI / 4, 12);
    expect(thetas[1]).toBeCloseTo(Math.PI / 4 - Math.PI, 12); // 2π-periodic: 13π/4 ≡ −3π/4
    expect(thetas[2]).toBeCloseTo(-Math.PI / 4, 12);
  });

  it('never produces NaN for tiny σ and λ', () => {
    const layer = new GaborConv2d(1, 2, 5, {
      init: { theta: 0, sigma: 1e-30, lambda: 1e-30, psi: 0, gamma: 0.5 },
    });
    const y = layer.call(randn([1, 1, 6, 6], { rng: createRng(1) }));
    expect(y.data.every(Number.isFinite)).toBe(true);
    y.sum().backward();
    for (const p of layer.parameters()) expect(p.grad!.data.every(Number.isFinite)).toBe(true);
  });

  it('rejects bad sizes and options before building anything', () => {
    expect(() => new GaborConv2d(1, 2, 4)).toThrow(
      'GaborConv2d: kernelSize must be a positive odd integer (Gabor filters are centred on a pixel), got 4',
    );
    expect(() => new GaborConv2d(1, 2, 0)).toThrow('got 0');
    expect(() => new GaborConv2d(0, 2, 3)).toThrow(
      'GaborConv2d: inChannels must be a positive integer, got 0',
    );
    expect(() => new GaborConv2d(1, 2, 3, { sharing: 'all' as never })).toThrow(
      "GaborConv2d: sharing must be 'out' or 'outIn', got all",
    );
    expect(() => new GaborConv2d(1, 2, 3, { learn: { phase: true } as never })).toThrow(
      "GaborConv2d: learn has unknown key 'phase'",
    );
    expect(
      () =>
        new GaborConv2d(1, 2, 3, { init: { theta: [1], sigma: 1, lambda: 1, psi: 0, gamma: 1 } }),
    ).toThrow('GaborConv2d: init.theta must be a finite number or 2 finite numbers, got 1');
    expect(
      () =>
        new GaborConv2d(1, 2, 3, { init: { theta: 0, sigma: -1, lambda: 1, psi: 0, gamma: 1 } }),
    ).toThrow('GaborConv2d: σ, λ and γ must be positive, got -1');
    expect(() => new GaborConv2d(1, 2, 3).call(randn([1, 2, 5, 5]))).toThrow(
      'GaborConv2d: expected input [N, 1, H, W], got [1, 2, 5, 5]',
    );
  });
});
