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
      // Math.max lets NaN through, as PyTorch does, and turns −0 into 0.
      for (let i = 0; i < n; i++) out[i] = Math.max(src[i], 0);
      return;
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
      // y = 0 exactly where x <= 0, so the gradient at x = 0 is 0 (PyTorch's choice).
      for (let i = 0; i < n; i++) dIn[i] = saved[i] <= 0 ? 0 : dOut[i];
      return;
  }
}
