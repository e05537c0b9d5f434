import { defineOp } from '../autograd/define-op';
import { allocate, type TypedArray } from '../dtype';
import { expectTensor } from '../internal/operands';
import { normalizeAxis, type Shape, sizeOf } from '../shape';
import { Tensor } from '../tensor';

/**
 * A tensor seen as [outer, n, inner] around `axis`: element (o, k, j) sits at
 * o·n·inner + k·inner + j. Kernels walk k in the outer loop and j in the inner one, so
 * memory is read in order whatever the axis.
 */
interface Lanes {
  outer: number;
  n: number;
  inner: number;
}

function lanesOf(shape: Shape, axis: number): Lanes {
  // A scalar is one lane of length 1.
  if (shape.length === 0) return { outer: 1, n: 1, inner: 1 };
  return {
    outer: sizeOf(shape.slice(0, axis)),
    n: shape[axis],
    inner: sizeOf(shape.slice(axis + 1)),
  };
}

/**
 * Per lane of block `o`: the max m into `maxes` and s = Σ exp(x − m) into `sums` (length
 * inner); with `exps`, each exp(x − m) is also stored there. Subtracting the max keeps exp's
 * argument ≤ 0: no overflow for x = 1000, and the largest term is exactly 1, so s ≥ 1 and
 * nothing underflows to 0/0 for x = −1000.
 */
function maxAndSum(
  x: TypedArray,
  lanes: Lanes,
  o: number,
  maxes: Float64Array,
  sums: Float64Array,
  exps: TypedArray | null,
): void {
  const { n, inner } = lanes;
  const base = o * n * inner;
  maxes.fill(Number.NEGATIVE_INFINITY);
  sums.fill(0);
  for (let k = 0; k < n; k++) {
    const row = base + k * inner;
    for (let j = 0; j < inner; j++) if (x[row + j] > maxes[j]) maxes[j] = x[row + j];
  }
  // A NaN is never the max, so it reaches exp and makes its whole lane NaN (as PyTorch).
  for (let k = 0; k < n; k++) {
    const row = base + k * inner;
    if (exps === null) {
      for (let j = 0; j < inner; j++) sums[j] += Math.exp(x[row + j] - maxes[j]);
    } else {
      for (let j = 0; j < inner; j++) {
        const e = Math.exp(x[row + j] - maxes[j]);
        exps[row + j] = e;
        sums[j] += e;
      }
    }
  }
}

function softmaxForward(x: TypedArray, out: TypedArray, lanes: Lanes, log: boolean): void {
  const { outer, n, inner } = lanes;
  const maxes = new Float64Array(inner);
  const sums = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    maxAndSum(x, lanes, o, maxes, sums, log ? null : out);
    const base = o * n * inner;
    if (log) {
      // log softmax = x − (m + log s), never log of the softmax: exact for very negative logits.
      for (let j = 0; j < inner; j++) maxes[j] += Math.log(sums[j]);
      for (let k = 0; k < n; k++) {
        const row = base + k * inner;
        for (let j = 0; j < inner; j++) out[row + j] = x[row + j] - maxes[j];
      }
    } else {
      for (let k = 0; k < n; k++) {
        const row = base + k * inner;
        for (let j = 0; j < inner; j++) out[row + j] /= sums[j];
      }
    }
  }
}

/**
 * dx for softmax, y ⊙ (g − Σ g⊙y), or for log softmax, g − exp(y) ⊙ Σ g, where y is the
 * saved output and the sums run along the axis.
 */
function softmaxBackward(g: TypedArray, y: TypedArray, dx: TypedArray, lanes: Lanes, log: boolean) {
  const { outer, n, inner } = lanes;
  const sums = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner;
    sums.fill(0);
    for (let k = 0; k < n; k++) {
      const row = base + k * inner;
      if (log) {
        for (let j = 0; j < inner; j++) sums[j] += g[row + j];
      } else {
        for (let j = 0; j < inner; j++) sums[j] += g[row + j] * y[row + j];
      }
    }
    for (let k = 0; k < n; k++) {
      const row = base + k * inner;
      if (log) {
        // y holds log-probabilities, so exp(y) is the softmax.
        for (let j = 0; j < inner; j++) dx[row + j] = g[row + j] - Math.exp(y[row + j]) * sums[j];
      } else {
        for (let j = 0; j < inner; j++) dx[row + j] = y[row + j] * (g[row + j] - sums[j]);
      }
    }
  }
}

/** The normalised axis; a scalar (PyTorch too) accepts 0 and -1 and is one lane of length 1. */
function softmaxAxis(x: Tensor, axis: number, op: string): number {
  if (x.rank === 0 && (axis === 0 || axis === -1)) return 0;
  return normalizeAxis(axis, x.rank, op);
}

function makeSoftmaxOp(name: 'softmax' | 'logSoftmax') {
  const log = name === 'logSoftmax';
  return defineOp({
    name,
    forward(x: Tensor, axis: number) {
      const lanes = lanesOf(x.shape, axis);
      const out = allocate(x.dtype === 'int32' ? 'float32' : x.dtype, x.size);
      softmaxForward(x.data, out, lanes, log);
      return { out: new Tensor(out, x.shape), saved: { y: out, lanes } };
    },
    backward(dOut, { y, lanes }) {
      const dx = allocate(dOut.dtype, dOut.size);
      softmaxBackward(dOut.data, y, dx, lanes, log);
      return [new Tensor(dx, dOut.shape)];
    },
  });
}

const softmaxOp = makeSoftmaxOp('softmax');
const logSoftmaxOp = makeSoftmaxOp('logSoftmax');

/**
 * Softmax along `axis` (default the last): yᵢ = exp(xᵢ − m) / Σⱼ exp(xⱼ − m) with m the max
 * along the axis, so large logits (±1000) neither overflow nor underflow. Same shape as
 * `x`; int32 input gives float32. Backward: dx = y ⊙ (g − Σ g⊙y).
 * @example
 * softmax(tensor([[1, 2, 3], [1000, 1000, 1000]])); // [[0.090, 0.245, 0.665], [1/3, 1/3, 1/3]]
 */
export function softmax(x: Tensor, axis = -1): Tensor {
  expectTensor(x, 'softmax', 'x');
  return softmaxOp(x, softmaxAxis(x, axis, 'softmax'));
}

/**
 * Log of the softmax along `axis` (default the last): xᵢ − m − log Σⱼ exp(xⱼ − m), exact
 * where `log(softmax(x))` would give −∞. Same shape as `x`; int32 input gives float32.
 * Backward: dx = g − softmax(x) ⊙ Σ g.
 * @example
 * logSoftmax(tensor([0, -1000])); // [0, -1000]
 */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  expectTensor(x, 'logSoftmax', 'x');
  return logSoftmaxOp(x, softmaxAxis(x, axis, 'logSoftmax'));
}
