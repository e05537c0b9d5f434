import type { TypedArray } from '../dtype';

/** Unary element-wise kernels. Each is one tight loop; the switch runs once per call. */
export type UnaryKind =
  | 'exp'
  | 'log'
  | 'sqrt'
  | 'square'
  | 'abs'
  | 'sin'
  | 'cos'
  | 'tanh'
  | 'sigmoid'
  | 'relu';

/** Kinds whose int32 input gives an int32 result; the others give float32. */
export function keepsInt32(kind: UnaryKind): boolean {
  return kind === 'square' || kind === 'abs' || kind === 'relu';
}

/**
 * Whether backward of `kind` reads the op's output y (`exp`, `sqrt`, `tanh`, `sigmoid`,
 * `relu`) rather than its input x: the output already holds the expensive part of the
 * derivative (e.g. d tanh = 1 − y²), so nothing is recomputed.
 */
export function backwardUsesOutput(kind: UnaryKind): boolean {
  return (
    kind === 'exp' || kind === 'sqrt' || kind === 'tanh' || kind === 'sigmoid' || kind === 'relu'
  );
}

/** Writes `kind(src[i])` into `out[i]` for every element (`out` may have another dtype). */
export function unaryKernel(kind: UnaryKind, src: TypedArray, out: TypedArray): void {
  const n = src.length;
  switch (kind) {
    case 'exp':
      for (let i = 0; i < n; i++) out[i] = Math.exp(src[i]);
      return;
    case 'log':
      for (let i = 0; i < n; i++) out[i] = Math.log(src[i]);
      return;
    case 'sqrt':
      for (let i = 0; i < n; i++) out[i] = Math.sqrt(src[i]);
      return;
    case 'square':
      if (out instanceof Int32Array) {
        // x * x in doubles loses the low bits past 2^53; imul wraps exactly as int32 does.
        for (let i = 0; i < n; i++) out[i] = Math.imul(src[i], src[i]);
      } else {
        for (let i = 0; i < n; i++) out[i] = src[i] * src[i];
      }
      return;
    case 'abs':
      for (let i = 0; i < n; i++) out[i] = Math.abs(src[i]);
      return;
    case 'sin':
      for (let i = 0; i < n; i++) out[i] = Math.sin(src[i]);
      return;
    case 'cos':
      for (let i = 0; i < n; i++) out[i] = Math.cos(src[i]);
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) out[i] = Math.tanh(src[i]);
      return;
    case 'sigmoid':
      // exp only ever sees a non-positive argument, so it cannot overflow: for x < 0,
      // σ(x) = eˣ / (1 + eˣ); for x ≥ 0, σ(x) = 1 / (1 + e⁻ˣ). NaN takes the second branch.
      for (let i = 0; i < n; i++) {
        const x = src[i];
        if (x < 0) {
          const e = Math.exp(x);
          out[i] = e / (1 + e);
        } else {
          out[i] = 1 / (1 + Math.exp(-x));
        }
      }
      return;
    case 'relu':
      if (src instanceof Float32Array && out instanceof Float32Array) {
        reluFloat32(src, out);
        return;
      }
      // Math.max lets NaN through, as PyTorch does, and turns −0 into 0.
      for (let i = 0; i < n; i++) out[i] = Math.max(src[i], 0);
      return;
  }
}

/** Bits of float32 −∞; as int32, every float below it is a NaN with its sign bit set. */
const NEGATIVE_INFINITY_BITS = -8388608;

/**
 * relu over float32 bit patterns, without a branch per element: activations are about half
 * negative, so `Math.max` or a ternary mispredicts half the time (measured 4× slower). As
 * int32, a float32 is kept exactly when its bits exceed those of −∞: every positive value,
 * +0 and every NaN (PyTorch lets NaN through); −0, −∞ and negative numbers become +0.
 */
function reluFloat32(src: Float32Array, out: Float32Array): void {
  const from = new Int32Array(src.buffer, src.byteOffset, src.length);
  const to = new Int32Array(out.buffer, out.byteOffset, out.length);
  for (let i = 0; i < from.length; i++) {
    const bits = from[i];
    to[i] = bits & -(bits > NEGATIVE_INFINITY_BITS);
  }
}

/**
 * Writes the input gradient `dOut[i] · kind'(x[i])` into `dIn[i]`. `saved` is the op's
 * output y where `backwardUsesOutput(kind)`, its input x otherwise.
 */
export function unaryGradKernel(
  kind: UnaryKind,
  dOut: TypedArray,
  saved: TypedArray,
  dIn: TypedArray,
): void {
  const n = dOut.length;
  switch (kind) {
    case 'exp':
      for (let i = 0; i < n; i++) dIn[i] = dOut[i] * saved[i];
      return;
    case 'log':
      for (let i = 0; i < n; i++) dIn[i] = dOut[i] / saved[i];
      return;
    case 'sqrt':
      for (let i = 0; i < n; i++) dIn[i] = dOut[i] / (2 * saved[i]);
      return;
    case 'square':
      for (let i = 0; i < n; i++) dIn[i] = 2 * dOut[i] * saved[i];
      return;
    case 'abs':
      // Math.sign(0) is 0: the subgradient PyTorch picks at the kink.
      for (let i = 0; i < n; i++) dIn[i] = dOut[i] * Math.sign(saved[i]);
      return;
    case 'sin':
      for (let i = 0; i < n; i++) dIn[i] = dOut[i] * Math.cos(saved[i]);
      return;
    case 'cos':
      for (let i = 0; i < n; i++) dIn[i] = -dOut[i] * Math.sin(saved[i]);
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) dIn[i] = dOut[i] * (1 - saved[i] * saved[i]);
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) dIn[i] = dOut[i] * saved[i] * (1 - saved[i]);
      return;
    case 'relu':
      if (
        saved instanceof Float32Array &&
        dOut instanceof Float32Array &&
        dIn instanceof Float32Array
      ) {
        reluGradFloat32(dOut, saved, dIn);
        return;
      }
      // y = 0 exactly where x <= 0, so the gradient at x = 0 is 0 (PyTorch's choice).
      for (let i = 0; i < n; i++) dIn[i] = saved[i] <= 0 ? 0 : dOut[i];
      return;
  }
}

/**
 * relu's gradient from its float32 output y, without a branch per element (see
 * `reluFloat32`): y is +0 (bits 0), positive or NaN, so the gradient passes exactly where
 * y's bits are non-zero, as `y <= 0 ? 0 : g` would.
 */
function reluGradFloat32(dOut: Float32Array, y: Float32Array, dIn: Float32Array): void {
  const g = new Int32Array(dOut.buffer, dOut.byteOffset, dOut.length);
  const yBits = new Int32Array(y.buffer, y.byteOffset, y.length);
  const to = new Int32Array(dIn.buffer, dIn.byteOffset, dIn.length);
  for (let i = 0; i < g.length; i++) to[i] = g[i] & -(yBits[i] !== 0);
}
