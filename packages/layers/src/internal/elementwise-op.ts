import { defineOp, type Op, Tensor, type TypedArray } from '@convkit/tensor';
import { allocate } from './layer-args';

/** Writes f(x[i]) into out[i] for every i; one call per tensor, the loop inside. */
export type ForwardKernel<P> = (x: TypedArray, out: TypedArray, params: P) => void;

/** Writes dOut[i]·f′(x[i]) into dx[i]; may read the forward output `out` to save work. */
export type BackwardKernel<P> = (
  x: TypedArray,
  out: TypedArray,
  dOut: TypedArray,
  dx: TypedArray,
  params: P,
) => void;

/**
 * Defines an element-wise op from a forward and a backward kernel over typed arrays. Both
 * kernels run one tight loop per tensor, so there is no per-element callback; the op saves
 * its input and output for the backward pass.
 */
export function elementwiseOp<P>(
  name: string,
  forwardKernel: ForwardKernel<P>,
  backwardKernel: BackwardKernel<P>,
): Op<[Tensor, P], { x: Tensor; out: Tensor; params: P }> {
  return defineOp({
    name,
    forward(x: Tensor, params: P) {
      const data = allocate(x.dtype, x.size);
      forwardKernel(x.data, data, params);
      const out = new Tensor(data, x.shape);
      return { out, saved: { x, out, params } };
    },
    backward(dOut, { x, out, params }) {
      const dx = allocate(x.dtype, x.size);
      backwardKernel(x.data, out.data, dOut.data, dx, params);
      return [new Tensor(dx, x.shape)];
    },
  });
}
