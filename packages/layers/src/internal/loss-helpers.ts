import { defineOp, expand, formatShape, type Op, Tensor, type TypedArray } from '@convkit/tensor';
import { allocate, expectFloat, expectTensor, oneOf, sameShape } from './layer-args';

/** How a loss combines per-element values: their mean, their sum, or none (same shape). */
export type Reduction = 'mean' | 'sum' | 'none';

export const REDUCTIONS: readonly Reduction[] = ['mean', 'sum', 'none'];

export function checkReduction(value: unknown, op: string): Reduction {
  return oneOf(value ?? 'mean', REDUCTIONS, op, 'reduction');
}

/** Writes the per-element losses ℓᵢ(xᵢ, tᵢ) into `losses`. */
export type LossKernel<P> = (x: TypedArray, t: TypedArray, losses: Float64Array, params: P) => void;

/**
 * Writes gᵢ·∂ℓᵢ/∂xᵢ into dx and gᵢ·∂ℓᵢ/∂tᵢ into dt (each null when not needed), where
 * gᵢ = g[i·gStride]·scale: gStride is 0 for a reduced loss, scale 1/N for the mean.
 */
export type LossGradKernel<P> = (
  x: TypedArray,
  t: TypedArray,
  g: TypedArray,
  gStride: number,
  scale: number,
  dx: TypedArray | null,
  dt: TypedArray | null,
  params: P,
) => void;

/** Output of a loss from per-element values: a tensor of x's shape, or a reduced scalar. */
export function reduceLosses(
  losses: Float64Array,
  like: Tensor,
  reduction: Reduction,
  divisor: number,
): Tensor {
  if (reduction === 'none') {
    const out = allocate(like.dtype, losses.length);
    out.set(losses);
    return new Tensor(out, like.shape);
  }
  let total = 0;
  for (let i = 0; i < losses.length; i++) total += losses[i];
  const out = allocate(like.dtype, 1);
  out[0] = reduction === 'mean' ? total / divisor : total;
  return new Tensor(out, []);
}

/**
 * Defines a point-wise loss as one fused op over (input, target): forward writes every ℓᵢ and
 * reduces; backward writes both gradients in one loop. Weights ride in `params` as constant
 * arrays (no gradient flows to them, as in PyTorch's losses).
 */
export function pointwiseLossOp<P>(
  name: string,
  forwardKernel: LossKernel<P>,
  backwardKernel: LossGradKernel<P>,
): Op<[Tensor, Tensor, Reduction, P], unknown> {
  return defineOp({
    name,
    forward(x: Tensor, target: Tensor, reduction: Reduction, params: P) {
      const losses = new Float64Array(x.size);
      forwardKernel(x.data, target.data, losses, params);
      return {
        out: reduceLosses(losses, x, reduction, x.size),
        saved: { x, target, reduction, params },
      };
    },
    backward(dOut, { x, target, reduction, params }) {
      const dx = x.requiresGrad ? allocate(x.dtype, x.size) : null;
      const dt = target.requiresGrad ? allocate(target.dtype, target.size) : null;
      const gStride = reduction === 'none' ? 1 : 0;
      const scale = reduction === 'mean' ? 1 / x.size : 1;
      backwardKernel(x.data, target.data, dOut.data, gStride, scale, dx, dt, params);
      return [dx && new Tensor(dx, x.shape), dt && new Tensor(dt, target.shape)];
    },
  });
}

/** Checks a float input and a target of the same shape (int32 targets are read as numbers). */
export function inputAndTarget(
  input: unknown,
  target: unknown,
  op: string,
): { x: Tensor; t: Tensor } {
  const x = expectFloat(input, op, 'input');
  const t = expectTensor(target, op, 'target');
  if (!sameShape(x.shape, t.shape)) {
    throw new RangeError(
      `${op}: target must have the input's shape ${formatShape(x.shape)}, got ${formatShape(t.shape)}`,
    );
  }
  if (t.dtype !== 'int32' && t.dtype !== x.dtype) {
    throw new TypeError(
      `${op}: target must have the input's dtype ${x.dtype} (or int32), got ${t.dtype}`,
    );
  }
  return { x, t };
}

/** A constant weight broadcast to `like`'s shape, as a plain array, or null. */
export function broadcastWeight(
  weight: unknown,
  like: Tensor,
  op: string,
  arg: string,
): TypedArray | null {
  if (weight === undefined || weight === null) return null;
  const w = expectFloat(weight, op, arg);
  if (w.dtype !== like.dtype) {
    throw new TypeError(`${op}: ${arg} must have the input's dtype ${like.dtype}, got ${w.dtype}`);
  }
  try {
    return expand(w.detach(), like.shape).data;
  } catch {
    throw new RangeError(
      `${op}: ${arg} must broadcast to the input's shape ${formatShape(like.shape)}, got ${formatShape(w.shape)}`,
    );
  }
}
