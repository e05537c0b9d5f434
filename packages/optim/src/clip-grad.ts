import type { Tensor } from '@convkit/tensor';
import { describe } from './internal/describe';
import { type ParamList, tensorList } from './internal/params';

/** Options of {@link clipGradNorm}. */
export interface ClipGradNormOptions {
  /** Throw when the total norm is NaN or infinite instead of scaling by it (default false, as in PyTorch). */
  errorIfNonfinite?: boolean;
}

/** p-norm of a typed array in float64; p = Infinity gives the largest magnitude. */
function vectorNorm(data: ArrayLike<number>, p: number): number {
  if (p === Number.POSITIVE_INFINITY) {
    let max = 0;
    for (let i = 0; i < data.length; i++) {
      const a = Math.abs(data[i]);
      if (a > max || Number.isNaN(a)) max = a;
    }
    return max;
  }
  let sum = 0;
  if (p === 2) {
    for (let i = 0; i < data.length; i++) sum += data[i] * data[i];
    return Math.sqrt(sum);
  }
  if (p === 1) {
    for (let i = 0; i < data.length; i++) sum += Math.abs(data[i]);
    return sum;
  }
  for (let i = 0; i < data.length; i++) sum += Math.abs(data[i]) ** p;
  return sum ** (1 / p);
}

function gradsOf(params: unknown, where: string): Tensor[] {
  return tensorList(params, where)
    .map((p) => p.grad)
    .filter((g): g is Tensor => g !== null);
}

/**
 * Rescales the gradients of `params` in place so that their joint norm is at most
 * `maxNorm`, and returns the joint norm before clipping (PyTorch's
 * `clip_grad_norm_`). The joint norm is the `normType`-norm of the per-tensor norms (for
 * 'inf', the largest |g|); gradients are multiplied by min(1, maxNorm/(norm + 1e-6)).
 * Parameters without a gradient are skipped; with none at all it returns 0.
 * @example
 * loss.backward();
 * const norm = clipGradNorm(model.parameters(), 1.0);
 * opt.step();
 */
export function clipGradNorm(
  params: Tensor | ParamList,
  maxNorm: number,
  normType: number | 'inf' = 2,
  options: ClipGradNormOptions = {},
): number {
  const where = 'clipGradNorm';
  if (typeof maxNorm !== 'number' || !(maxNorm >= 0)) {
    throw new RangeError(`${where}: maxNorm must be a number ≥ 0, got ${describe(maxNorm)}`);
  }
  const p = normType === 'inf' ? Number.POSITIVE_INFINITY : normType;
  if (typeof p !== 'number' || !(p > 0)) {
    throw new RangeError(
      `${where}: normType must be a number > 0 or 'inf', got ${describe(normType)}`,
    );
  }
  const grads = gradsOf(params, where);
  if (grads.length === 0) return 0;
  const norms = new Float64Array(grads.length);
  grads.forEach((g, i) => {
    norms[i] = vectorNorm(g.data, p);
  });
  const total = vectorNorm(norms, p);
  if (options.errorIfNonfinite && !Number.isFinite(total)) {
    throw new RangeError(
      `${where}: the total norm of order ${normType} of the gradients must be finite to clip, got ${total}; ` +
        'pass { errorIfNonfinite: false } to scale by it anyway',
    );
  }
  // PyTorch always multiplies; by exactly 1 that changes nothing, so it is skipped. A NaN
  // norm gives a NaN coefficient (Math.min propagates it), as torch.clamp does.
  const coef = Math.min(maxNorm / (total + 1e-6), 1);
  if (coef !== 1) {
    for (const g of grads) {
      const data = g.data;
      for (let i = 0; i < data.length; i++) data[i] = data[i] * coef;
    }
  }
  return total;
}

/**
 * Clamps every gradient element of `params` to [−clipValue, clipValue] in place (PyTorch's
 * `clip_grad_value_`). NaN gradients stay NaN; parameters without a gradient are skipped.
 * @example
 * clipGradValue(model.parameters(), 0.5);
 */
export function clipGradValue(params: Tensor | ParamList, clipValue: number): void {
  const where = 'clipGradValue';
  if (typeof clipValue !== 'number' || !(clipValue >= 0)) {
    throw new RangeError(`${where}: clipValue must be a number ≥ 0, got ${describe(clipValue)}`);
  }
  for (const g of gradsOf(params, where)) {
    const data = g.data;
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (v > clipValue) data[i] = clipValue;
      else if (v < -clipValue) data[i] = -clipValue;
    }
  }
}
