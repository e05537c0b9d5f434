import { defineOp, formatShape, type Shape, Tensor } from '@convkit/tensor';
import { type GaborScalars, gaborSample, MIN_GABOR_SCALE } from './internal/gabor-sample';

export { MIN_GABOR_SCALE };

/** The five parameters of a family of Gabor filters, each a tensor of one common shape. */
export interface GaborParams {
  /** Orientation θ in radians. */
  theta: Tensor;
  /** Width σ of the Gaussian envelope, in pixels (> 0). */
  sigma: Tensor;
  /** Wavelength λ of the carrier, in pixels (> 0). */
  lambda: Tensor;
  /** Phase offset ψ of the carrier, in radians (0: even/cosine, π/2: odd/sine). */
  psi: Tensor;
  /** Spatial aspect ratio γ of the envelope (1: circular). */
  gamma: Tensor;
}

const PARAM_NAMES = ['theta', 'sigma', 'lambda', 'psi', 'gamma'] as const;

function scalarsAt(
  theta: Tensor,
  sigma: Tensor,
  lambda: Tensor,
  psi: Tensor,
  gamma: Tensor,
  f: number,
): GaborScalars {
  return {
    theta: theta.data[f],
    sigma: sigma.data[f],
    lambda: lambda.data[f],
    psi: psi.data[f],
    gamma: gamma.data[f],
  };
}

const gaborKernelOp = defineOp({
  name: 'gaborKernel',
  forward(
    theta: Tensor,
    sigma: Tensor,
    lambda: Tensor,
    psi: Tensor,
    gamma: Tensor,
    kernelHeight: number,
    kernelWidth: number,
  ) {
    const count = theta.size;
    const plane = kernelHeight * kernelWidth;
    const out =
      theta.dtype === 'float64' ? new Float64Array(count * plane) : new Float32Array(count * plane);
    const cy = (kernelHeight - 1) / 2;
    const cx = (kernelWidth - 1) / 2;
    for (let f = 0; f < count; f++) {
      const p = scalarsAt(theta, sigma, lambda, psi, gamma, f);
      let o = f * plane;
      for (let i = 0; i < kernelHeight; i++) {
        for (let j = 0; j < kernelWidth; j++, o++) out[o] = gaborSample(p, j - cx, i - cy, null);
      }
    }
    const shape = [...theta.shape, kernelHeight, kernelWidth];
    // The kernel is cheap to recompute, so backward re-derives what it needs from the parameters.
    return {
      out: new Tensor(out, shape),
      saved: { theta, sigma, lambda, psi, gamma, kernelHeight, kernelWidth },
    };
  },
  backward(dOut, { theta, sigma, lambda, psi, gamma, kernelHeight, kernelWidth }) {
    const count = theta.size;
    const plane = kernelHeight * kernelWidth;
    const grads = PARAM_NAMES.map(() =>
      theta.dtype === 'float64' ? new Float64Array(count) : new Float32Array(count),
    );
    const cy = (kernelHeight - 1) / 2;
    const cx = (kernelWidth - 1) / 2;
    const partials = new Float64Array(PARAM_NAMES.length);
    const totals = new Float64Array(PARAM_NAMES.length);
    const g = dOut.data;
    for (let f = 0; f < count; f++) {
      const p = scalarsAt(theta, sigma, lambda, psi, gamma, f);
      totals.fill(0);
      let o = f * plane;
      for (let i = 0; i < kernelHeight; i++) {
        for (let j = 0; j < kernelWidth; j++, o++) {
          gaborSample(p, j - cx, i - cy, partials);
          for (let q = 0; q < partials.length; q++) totals[q] += g[o] * partials[q];
        }
      }
      for (let q = 0; q < totals.length; q++) grads[q][f] = totals[q];
    }
    return grads.map((data) => new Tensor(data, theta.shape));
  },
});

/**
 * Synthesises Gabor filters g(x, y) = exp(−(x′² + γ²y′²) / (2σ²)) · cos(2πx′/λ + ψ), with
 * x′ = x cosθ + y sinθ and y′ = −x sinθ + y cosθ, on a `kH × kW` grid centred at the middle
 * pixel (x runs along columns, y down the rows). One fused op with an analytic backward for
 * all five parameters.
 *
 * Parameters share one shape S (e.g. `[outC]`); the result has shape `[...S, kH, kW]`.
 * σ and λ are clamped below at `MIN_GABOR_SCALE` (zero gradient there), so the kernel is
 * finite for any input; keep them positive by parameterising them (see `GaborConv2d`).
 * @example
 * const k = gaborKernel({ theta: tensor([0]), sigma: tensor([2]), lambda: tensor([4]),
 *   psi: tensor([0]), gamma: tensor([0.5]) }, 7); // [1, 7, 7]
 */
export function gaborKernel(params: GaborParams, size: number | readonly [number, number]): Tensor {
  if (params === null || typeof params !== 'object') {
    throw new TypeError(
      `gaborKernel: params must be { theta, sigma, lambda, psi, gamma }, got ${String(params)}`,
    );
  }
  const tensors = PARAM_NAMES.map((name) => {
    const t = params[name];
    if (!(t instanceof Tensor)) {
      throw new TypeError(`gaborKernel: params.${name} must be a Tensor, got ${describeValue(t)}`);
    }
    return t;
  });
  const [theta] = tensors;
  for (let i = 1; i < tensors.length; i++) {
    const t = tensors[i];
    if (!sameShape(t.shape, theta.shape)) {
      throw new RangeError(
        `gaborKernel: params.${PARAM_NAMES[i]} must have the shape of params.theta ${formatShape(theta.shape)}, got ${formatShape(t.shape)}`,
      );
    }
  }
  for (let i = 0; i < tensors.length; i++) {
    const t = tensors[i];
    if (t.dtype === 'int32' || t.dtype !== theta.dtype) {
      throw new TypeError(
        `gaborKernel: params.${PARAM_NAMES[i]} must be float32 or float64 like params.theta (${theta.dtype}), got ${t.dtype}`,
      );
    }
  }
  const [kernelHeight, kernelWidth] = typeof size === 'number' ? [size, size] : size;
  for (const [name, k] of [
    ['height', kernelHeight],
    ['width', kernelWidth],
  ] as const) {
    if (!Number.isInteger(k) || k < 1 || k % 2 === 0) {
      throw new RangeError(
        `gaborKernel: kernel ${name} must be a positive odd integer (the filter is centred on a pixel), got ${k}`,
      );
    }
  }
  const [t, s, l, p, g] = tensors;
  return gaborKernelOp(t, s, l, p, g, kernelHeight, kernelWidth);
}

function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  return value === null ? 'null' : typeof value;
}
