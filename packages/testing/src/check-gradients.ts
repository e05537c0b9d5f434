import { createRng, noGrad, randn, Tensor } from '@convkit/tensor';

export interface CheckGradientsOptions {
  /** Relative finite-difference step: h = eps · max(1, |x|). Default 1e-6. */
  eps?: number;
  /** Absolute tolerance. Default 1e-6. */
  atol?: number;
  /** Relative tolerance. Default 1e-4. */
  rtol?: number;
  /** Seed of the random projection that turns a non-scalar output into a scalar. */
  seed?: number;
}

/** The worst element found by a gradient check. */
export interface GradientMismatch {
  input: number;
  index: number;
  analytic: number;
  numeric: number;
}

/**
 * Checks the autograd gradient of `fn` against float64 central differences, for every input
 * that requires grad. A non-scalar output y is reduced to L = Σ y·r with a fixed random r,
 * so the whole vector-Jacobian product is checked. Throws an error naming the input, the
 * element and both values of the worst mismatch; leaves inputs and their `.grad` unchanged.
 * @example
 * const x = randn([3, 4], { dtype: 'float64' }).requiresGrad_();
 * checkGradients((t) => t.tanh().sum(), [x]);
 */
export function checkGradients(
  fn: (...inputs: Tensor[]) => Tensor,
  inputs: readonly Tensor[],
  options: CheckGradientsOptions = {},
): void {
  const eps = options.eps ?? 1e-6;
  const atol = options.atol ?? 1e-6;
  const rtol = options.rtol ?? 1e-4;
  if (typeof fn !== 'function') {
    throw new TypeError(`checkGradients: fn must be a function of the inputs, got ${String(fn)}`);
  }
  if (!Array.isArray(inputs)) {
    throw new TypeError(
      `checkGradients: inputs must be an array of tensors, got ${describe(inputs)}`,
    );
  }
  const checked = inputs.map((t, i) => {
    if (!(t instanceof Tensor)) {
      throw new TypeError(`checkGradients: input ${i} must be a Tensor, got ${describe(t)}`);
    }
    if (t.requiresGrad && !t.isLeaf && !t.retainsGrad) {
      throw new TypeError(
        `checkGradients: input ${i} is the result of an op, so autograd gives it no .grad; ` +
          'pass a leaf, e.g. t.detach().requiresGrad_()',
      );
    }
    if (t.requiresGrad && t.dtype !== 'float64') {
      throw new TypeError(
        `checkGradients: input ${i} is ${t.dtype}; finite differences need float64 inputs (use .to('float64'))`,
      );
    }
    return t.requiresGrad;
  });
  if (!checked.some(Boolean)) {
    throw new Error('checkGradients: no input requires grad; nothing to check');
  }

  const probe = noGrad(() => fn(...inputs));
  if (!(probe instanceof Tensor)) {
    throw new TypeError(`checkGradients: fn must return a Tensor, got ${describe(probe)}`);
  }
  const projection = randn(probe.shape, { dtype: 'float64', rng: createRng(options.seed ?? 1234) });
  const objective = () =>
    fn(...inputs)
      .to('float64')
      .mul(projection)
      .sum();

  const savedGrads = inputs.map((t) => t.grad);
  inputs.forEach((t) => {
    t.grad = null;
  });
  let analytic: (Tensor | null)[];
  try {
    objective().backward();
    analytic = inputs.map((t) => t.grad);
  } finally {
    inputs.forEach((t, i) => {
      t.grad = savedGrads[i];
    });
  }

  let worst: (GradientMismatch & { excess: number }) | null = null;
  noGrad(() => {
    inputs.forEach((input, inputIndex) => {
      if (!checked[inputIndex]) return;
      const grad = analytic[inputIndex];
      const data = input.data;
      for (let i = 0; i < data.length; i++) {
        const original = data[i];
        const h = eps * Math.max(1, Math.abs(original));
        data[i] = original + h;
        const plus = objective().item();
        data[i] = original - h;
        const minus = objective().item();
        data[i] = original;
        const numeric = (plus - minus) / (2 * h);
        const value = grad === null ? 0 : grad.data[i];
        const excess = Math.abs(value - numeric) - (atol + rtol * Math.abs(numeric));
        if (!(excess <= 0) && (worst === null || !(excess <= worst.excess))) {
          worst = { input: inputIndex, index: i, analytic: value, numeric, excess };
        }
      }
    });
  });
  if (worst !== null) {
    const w = worst as GradientMismatch & { excess: number };
    throw new Error(
      `checkGradients: gradient mismatch for input ${w.input} (shape [${inputs[w.input].shape.join(', ')}]) ` +
        `at ${indexIn(inputs[w.input].shape, w.index)}: autograd ${w.analytic}, finite differences ${w.numeric} ` +
        `(atol ${atol}, rtol ${rtol})`,
    );
  }
}

function describe(value: unknown): string {
  if (value instanceof Tensor) return `a tensor of shape [${value.shape.join(', ')}]`;
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  return typeof value === 'string' ? `'${value}'` : String(value);
}

/** "index [1, 2] (flat index 5)", or "flat index 5" for vectors and scalars. */
function indexIn(shape: readonly number[], flat: number): string {
  if (shape.length <= 1) return `flat index ${flat}`;
  const index = new Array<number>(shape.length);
  let rest = flat;
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = rest % shape[d];
    rest = Math.floor(rest / shape[d]);
  }
  return `index [${index.join(', ')}] (flat index ${flat})`;
}
