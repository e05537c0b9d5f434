// Dense kernels for linear: x [M, K], weight [O, K] (PyTorch's layout), out [M, O]. The three
// products run through tensor's `gemm`, reading transposes as views with swapped strides:
// float32 goes to the WebAssembly SIMD kernel when the backend allows it, and the JS
// reference sums in float64 within each block before rounding to the output dtype.
import { gemm, type MatrixView, type TypedArray } from '@convkit/tensor';

function rows(data: TypedArray, cols: number): MatrixView {
  return { data, offset: 0, rowStride: cols, colStride: 1 };
}

function columns(data: TypedArray, cols: number): MatrixView {
  return { data, offset: 0, rowStride: 1, colStride: cols };
}

/** out[m, o] = Σₖ x[m, k]·w[o, k] + b[o]. */
export function linearForward(
  x: TypedArray,
  w: TypedArray,
  b: TypedArray | null,
  out: TypedArray,
  M: number,
  K: number,
  O: number,
): void {
  if (b !== null) for (let m = 0; m < M; m++) out.set(b.subarray(0, O), m * O);
  gemm(M, O, K, rows(x, K), columns(w, K), rows(out, O), b !== null);
}

/** dx[m, k] = Σₒ g[m, o]·w[o, k]. */
export function linearInputGrad(
  g: TypedArray,
  w: TypedArray,
  dx: TypedArray,
  M: number,
  K: number,
  O: number,
): void {
  gemm(M, K, O, rows(g, O), rows(w, K), rows(dx, K), false);
}

/** dw[o, k] = Σₘ g[m, o]·x[m, k]. */
export function linearWeightGrad(
  g: TypedArray,
  x: TypedArray,
  dw: TypedArray,
  M: number,
  K: number,
  O: number,
): void {
  gemm(O, K, M, columns(g, O), rows(x, K), rows(dw, K), false);
}

/** db[o] = Σₘ g[m, o]. */
export function linearBiasGrad(g: TypedArray, db: TypedArray, M: number, O: number): void {
  const acc = new Float64Array(O);
  for (let m = 0; m < M; m++) for (let o = 0; o < O; o++) acc[o] += g[m * O + o];
  db.set(acc);
}
