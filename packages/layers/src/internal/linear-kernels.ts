// Dense kernels for linear: x [M, K], weight [O, K] (PyTorch's layout), out [M, O]. Every
// inner loop walks contiguous rows, so no transposed copy is needed for any of the three
// products; sums run in float64 locals before the one rounding to the output dtype.
import type { TypedArray } from '@convkit/tensor';

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
  for (let m = 0; m < M; m++) {
    const xRow = m * K;
    for (let o = 0; o < O; o++) {
      const wRow = o * K;
      // Four partial sums break the add dependency chain.
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let k = 0;
      for (; k + 3 < K; k += 4) {
        s0 += x[xRow + k] * w[wRow + k];
        s1 += x[xRow + k + 1] * w[wRow + k + 1];
        s2 += x[xRow + k + 2] * w[wRow + k + 2];
        s3 += x[xRow + k + 3] * w[wRow + k + 3];
      }
      for (; k < K; k++) s0 += x[xRow + k] * w[wRow + k];
      out[m * O + o] = s0 + s1 + s2 + s3 + (b === null ? 0 : b[o]);
    }
  }
}

/** dx[m, k] = Σₒ g[m, o]·w[o, k]: a row of dx gathers weight rows scaled by the gradient. */
export function linearInputGrad(
  g: TypedArray,
  w: TypedArray,
  dx: TypedArray,
  M: number,
  K: number,
  O: number,
): void {
  const row = new Float64Array(K);
  for (let m = 0; m < M; m++) {
    row.fill(0);
    for (let o = 0; o < O; o++) {
      const gv = g[m * O + o];
      const wRow = o * K;
      for (let k = 0; k < K; k++) row[k] += gv * w[wRow + k];
    }
    dx.set(row, m * K);
  }
}

/** dw[o, k] = Σₘ g[m, o]·x[m, k], accumulated in float64 over the batch. */
export function linearWeightGrad(
  g: TypedArray,
  x: TypedArray,
  dw: TypedArray,
  M: number,
  K: number,
  O: number,
): void {
  const acc = new Float64Array(O * K);
  for (let m = 0; m < M; m++) {
    const xRow = m * K;
    for (let o = 0; o < O; o++) {
      const gv = g[m * O + o];
      const aRow = o * K;
      for (let k = 0; k < K; k++) acc[aRow + k] += gv * x[xRow + k];
    }
  }
  dw.set(acc);
}

/** db[o] = Σₘ g[m, o]. */
export function linearBiasGrad(g: TypedArray, db: TypedArray, M: number, O: number): void {
  const acc = new Float64Array(O);
  for (let m = 0; m < M; m++) for (let o = 0; o < O; o++) acc[o] += g[m * O + o];
  db.set(acc);
}
