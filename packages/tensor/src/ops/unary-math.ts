import { defineOp, type Op } from '../autograd/define-op';
import { allocate, type TypedArray } from '../dtype';
import { expectTensor } from '../internal/operands';
import {
  backwardUsesOutput,
  keepsInt32,
  type UnaryKind,
  unaryGradKernel,
  unaryKernel,
} from '../internal/unary-kernels';
import { Tensor } from '../tensor';

/** What backward reads: the output y or the input x, whichever the derivative is cheaper from. */
type UnarySaved = { y: TypedArray } | { x: TypedArray };

/** Defines the op for one unary kind; forward and backward are the kernels in unary-kernels. */
function unaryOp(kind: UnaryKind): Op<[Tensor], UnarySaved> {
  return defineOp({
    name: kind,
    forward(x: Tensor) {
      const dtype = x.dtype === 'int32' && !keepsInt32(kind) ? 'float32' : x.dtype;
      const out = allocate(dtype, x.size);
      unaryKernel(kind, x.data, out);
      // Only the typed array is kept, not the output tensor: no cycle through the graph node.
      const saved: UnarySaved = backwardUsesOutput(kind) ? { y: out } : { x: x.data };
      return { out: new Tensor(out, x.shape), saved };
    },
    backward(dOut, saved) {
      const dIn = allocate(dOut.dtype, dOut.size);
      unaryGradKernel(kind, dOut.data, 'y' in saved ? saved.y : saved.x, dIn);
      return [new Tensor(dIn, dOut.shape)];
    },
  });
}

const expOp = unaryOp('exp');
const logOp = unaryOp('log');
const sqrtOp = unaryOp('sqrt');
const squareOp = unaryOp('square');
const absOp = unaryOp('abs');
const sinOp = unaryOp('sin');
const cosOp = unaryOp('cos');
const tanhOp = unaryOp('tanh');
const sigmoidOp = unaryOp('sigmoid');
const reluOp = unaryOp('relu');

/**
 * Element-wise eˣ; same shape as `x`, int32 input gives float32. Backward: dx = g · y.
 * @example
 * exp(tensor([0, 1])); // [1, 2.71828]
 */
export function exp(x: Tensor): Tensor {
  return expOp(expectTensor(x, 'exp', 'x'));
}

/**
 * Element-wise natural logarithm; same shape as `x`, int32 input gives float32. ln 0 = −∞
 * and ln of a negative number is NaN. Backward: dx = g / x.
 * @example
 * log(tensor([1, Math.E])); // [0, 1]
 */
export function log(x: Tensor): Tensor {
  return logOp(expectTensor(x, 'log', 'x'));
}

/**
 * Element-wise √x; same shape as `x`, int32 input gives float32; NaN for x < 0.
 * Backward: dx = g / (2y), infinite at x = 0 as in PyTorch.
 * @example
 * sqrt(tensor([4, 9])); // [2, 3]
 */
export function sqrt(x: Tensor): Tensor {
  return sqrtOp(expectTensor(x, 'sqrt', 'x'));
}

/**
 * Element-wise x²; same shape and dtype as `x` (int32 wraps around on overflow).
 * Backward: dx = 2x · g.
 * @example
 * square(tensor([-3, 2])); // [9, 4]
 */
export function square(x: Tensor): Tensor {
  return squareOp(expectTensor(x, 'square', 'x'));
}

/**
 * Element-wise |x|; same shape and dtype as `x`. Backward: dx = sign(x) · g, with gradient
 * 0 at x = 0 (as PyTorch).
 * @example
 * abs(tensor([-2, 0, 3])); // [2, 0, 3]
 */
export function abs(x: Tensor): Tensor {
  return absOp(expectTensor(x, 'abs', 'x'));
}

/**
 * Element-wise sine (radians); same shape as `x`, int32 input gives float32.
 * Backward: dx = cos(x) · g.
 * @example
 * sin(tensor([0, Math.PI / 2])); // [0, 1]
 */
export function sin(x: Tensor): Tensor {
  return sinOp(expectTensor(x, 'sin', 'x'));
}

/**
 * Element-wise cosine (radians); same shape as `x`, int32 input gives float32.
 * Backward: dx = −sin(x) · g.
 * @example
 * cos(tensor([0, Math.PI])); // [1, -1]
 */
export function cos(x: Tensor): Tensor {
  return cosOp(expectTensor(x, 'cos', 'x'));
}

/**
 * Element-wise hyperbolic tangent; same shape as `x`, int32 input gives float32.
 * Backward: dx = (1 − y²) · g.
 * @example
 * tanh(tensor([0, 100])); // [0, 1]
 */
export function tanh(x: Tensor): Tensor {
  return tanhOp(expectTensor(x, 'tanh', 'x'));
}

/**
 * Element-wise logistic function σ(x) = 1 / (1 + e⁻ˣ), computed without overflow for any
 * |x|; same shape as `x`, int32 input gives float32. Backward: dx = y(1 − y) · g.
 * @example
 * sigmoid(tensor([0, -1000, 1000])); // [0.5, 0, 1]
 */
export function sigmoid(x: Tensor): Tensor {
  return sigmoidOp(expectTensor(x, 'sigmoid', 'x'));
}

/**
 * Element-wise max(x, 0); same shape and dtype as `x`; NaN stays NaN. Backward: dx = g
 * where x > 0, else 0 (0 at x = 0 exactly, as PyTorch).
 * @example
 * relu(tensor([-1, 0, 2])); // [0, 0, 2]
 */
export function relu(x: Tensor): Tensor {
  return reluOp(expectTensor(x, 'relu', 'x'));
}
