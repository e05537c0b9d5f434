import type { TypedArray } from '../dtype';
import { selectGemmWasm } from '../kernels/backend';
import { gemmF32Wasm, WASM_GEMM_MIN_WORK } from '../kernels/wasm/gemm-f32';

/**
 * A strided matrix inside a flat array: element (i, j) is at
 * `data[offset + i * rowStride + j * colStride]`. A row-major `[rows, cols]` matrix has
 * strides `(cols, 1)`; reading it transposed, as `[cols, rows]`, swaps them to `(1, cols)`,
 * so transposes never need to be materialised.
 */
export interface MatrixView {
  data: TypedArray;
  offset: number;
  rowStride: number;
  colStride: number;
}

/** Register tile of the micro-kernel: MR rows × NR columns of C live in local variables. */
const MR = 4;
const NR = 4;
/** Cache blocks: a KC×NR sliver of B stays in L1, an MC×KC block of A in L2. */
const KC = 256;
const MC = 96;
const NC = 2048;
/** Below this many multiply-adds, packing costs more than it saves. */
const SMALL = 4096;

// Packed panels are float64 whatever the operands are, so the micro-kernel sees a single
// array type (monomorphic in V8) and float32 products are summed in double precision.
// Allocated on first use: importing this module does no work.
let packedA = new Float64Array(0);
let packedB = new Float64Array(0);
const tile = new Float64Array(MR * NR);

/**
 * C ← A·B, or C ← C + A·B with `accumulate`, for A `m × k`, B `k × n` and C `m × n`, each
 * addressed through a `MatrixView` (offset and row/column strides), so transposed or
 * sub-matrix operands cost nothing extra. Storage may be Float32Array or Float64Array (or
 * Int32Array, exact while sums stay below 2⁵³). When all three are Float32Array, the kernel
 * backend (`setKernelBackend`) may run the product in WebAssembly SIMD, summing in float32;
 * otherwise this JS reference runs, summing products in float64 within each block of 256
 * k-steps. BLIS-style blocking: B is packed in KC×NC panels, A in MC×KC blocks, and a
 * register-tiled micro-kernel runs over the contiguous packed data.
 * With k = 0, C is zeroed (or left as is when accumulating). C must not overlap A or B.
 * @example
 * // C[2×2] = Aᵀ·B where A is stored row-major as [3, 2] and B as [3, 2]
 * gemm(2, 2, 3, { data: a, offset: 0, rowStride: 1, colStride: 2 },
 *   { data: b, offset: 0, rowStride: 2, colStride: 1 },
 *   { data: c, offset: 0, rowStride: 2, colStride: 1 }, false);
 */
export function gemm(
  m: number,
  n: number,
  k: number,
  a: MatrixView,
  b: MatrixView,
  c: MatrixView,
  accumulate: boolean,
): void {
  if (m === 0 || n === 0) return;
  if (k === 0) {
    if (!accumulate) zeroMatrix(m, n, c);
    return;
  }
  if (isFloat32(a.data) && isFloat32(b.data) && isFloat32(c.data)) {
    const plan = selectGemmWasm(m * n * k, WASM_GEMM_MIN_WORK);
    if (plan !== null) {
      gemmF32Wasm(plan, m, n, k, a, b, c, accumulate);
      return;
    }
  }
  if (m * n * k <= SMALL) {
    gemmSmall(m, n, k, a, b, c, accumulate);
    return;
  }
  const kcMax = Math.min(KC, k);
  const ncMax = roundUp(Math.min(NC, n), NR);
  const mcMax = roundUp(Math.min(MC, m), MR);
  if (packedB.length < kcMax * ncMax) packedB = new Float64Array(kcMax * ncMax);
  if (packedA.length < mcMax * kcMax) packedA = new Float64Array(mcMax * kcMax);
  const pa = packedA;
  const pb = packedB;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      // Only the first k-block may overwrite C; later ones add to it.
      const add = accumulate || pc > 0;
      packPanelB(b, pc, kc, jc, nc, pb);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        packBlockA(a, ic, mc, pc, kc, pa);
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = Math.min(NR, nc - jr);
          for (let ir = 0; ir < mc; ir += MR) {
            microKernel(kc, pa, ir * kc, pb, jr * kc, tile);
            storeTile(tile, c, ic + ir, jc + jr, Math.min(MR, mc - ir), cols, add);
          }
        }
      }
    }
  }
}

function isFloat32(data: TypedArray): data is Float32Array {
  return data instanceof Float32Array;
}

function roundUp(x: number, multiple: number): number {
  return Math.ceil(x / multiple) * multiple;
}

/**
 * Packs B[pc:pc+kc, jc:jc+nc] as consecutive NR-column slivers, each stored k-major (NR
 * values per k step), zero-padded to a multiple of NR columns.
 */
function packPanelB(
  b: MatrixView,
  pc: number,
  kc: number,
  jc: number,
  nc: number,
  out: Float64Array,
): void {
  const { data, rowStride, colStride } = b;
  let o = 0;
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = Math.min(NR, nc - jr);
    let src = b.offset + pc * rowStride + (jc + jr) * colStride;
    if (cols === NR && colStride === 1) {
      for (let p = 0; p < kc; p++, src += rowStride, o += NR) {
        out[o] = data[src];
        out[o + 1] = data[src + 1];
        out[o + 2] = data[src + 2];
        out[o + 3] = data[src + 3];
      }
    } else {
      for (let p = 0; p < kc; p++, src += rowStride, o += NR) {
        for (let j = 0; j < NR; j++) out[o + j] = j < cols ? data[src + j * colStride] : 0;
      }
    }
  }
}

/**
 * Packs A[ic:ic+mc, pc:pc+kc] as consecutive MR-row slivers, each stored k-major (MR values
 * per k step), zero-padded to a multiple of MR rows.
 */
function packBlockA(
  a: MatrixView,
  ic: number,
  mc: number,
  pc: number,
  kc: number,
  out: Float64Array,
): void {
  const { data, rowStride, colStride } = a;
  let o = 0;
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = Math.min(MR, mc - ir);
    let src = a.offset + (ic + ir) * rowStride + pc * colStride;
    if (rows === MR) {
      const r1 = rowStride;
      const r2 = 2 * rowStride;
      const r3 = 3 * rowStride;
      for (let p = 0; p < kc; p++, src += colStride, o += MR) {
        out[o] = data[src];
        out[o + 1] = data[src + r1];
        out[o + 2] = data[src + r2];
        out[o + 3] = data[src + r3];
      }
    } else {
      for (let p = 0; p < kc; p++, src += colStride, o += MR) {
        for (let i = 0; i < MR; i++) out[o + i] = i < rows ? data[src + i * rowStride] : 0;
      }
    }
  }
}

/**
 * The 4×4 register tile: sixteen running sums in locals, one pass over kc contiguous steps
 * of a packed A sliver and a packed B sliver. Results go to `out` (row-major 4×4).
 */
// biome-ignore format: the sixteen accumulators read best as the 4×4 grid they are.
function microKernel(kc: number, pa: Float64Array, ai: number, pb: Float64Array, bi: number, out: Float64Array): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let p = 0; p < kc; p++, ai += MR, bi += NR) {
    const a0 = pa[ai];
    const a1 = pa[ai + 1];
    const a2 = pa[ai + 2];
    const a3 = pa[ai + 3];
    const b0 = pb[bi];
    const b1 = pb[bi + 1];
    const b2 = pb[bi + 2];
    const b3 = pb[bi + 3];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
  }
  out[0] = c00; out[1] = c01; out[2] = c02; out[3] = c03;
  out[4] = c10; out[5] = c11; out[6] = c12; out[7] = c13;
  out[8] = c20; out[9] = c21; out[10] = c22; out[11] = c23;
  out[12] = c30; out[13] = c31; out[14] = c32; out[15] = c33;
}

/** Writes (or adds) the valid `rows × cols` corner of a 4×4 tile into C at (i0, j0). */
function storeTile(
  t: Float64Array,
  c: MatrixView,
  i0: number,
  j0: number,
  rows: number,
  cols: number,
  add: boolean,
): void {
  const { data, rowStride, colStride } = c;
  for (let i = 0; i < rows; i++) {
    let dst = c.offset + (i0 + i) * rowStride + j0 * colStride;
    const src = i * NR;
    if (add) for (let j = 0; j < cols; j++, dst += colStride) data[dst] += t[src + j];
    else for (let j = 0; j < cols; j++, dst += colStride) data[dst] = t[src + j];
  }
}

/** Direct strided triple loop for products too small to be worth packing. */
function gemmSmall(
  m: number,
  n: number,
  k: number,
  a: MatrixView,
  b: MatrixView,
  c: MatrixView,
  accumulate: boolean,
): void {
  const { data: ad, rowStride: ars, colStride: acs } = a;
  const { data: bd, rowStride: brs, colStride: bcs } = b;
  const { data: cd, rowStride: crs, colStride: ccs } = c;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let ai = a.offset + i * ars;
      let bi = b.offset + j * bcs;
      let acc = 0;
      for (let p = 0; p < k; p++, ai += acs, bi += brs) acc += ad[ai] * bd[bi];
      const ci = c.offset + i * crs + j * ccs;
      cd[ci] = accumulate ? cd[ci] + acc : acc;
    }
  }
}

function zeroMatrix(m: number, n: number, c: MatrixView): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) c.data[c.offset + i * c.rowStride + j * c.colStride] = 0;
  }
}
