import type { MatrixView } from '../../internal/gemm';
import type { GemmWasm } from './gemm-instance';

/** Rows of the wasm register tile (assembly/gemm.ts): A blocks are padded to a multiple. */
export const MR = 4;
/** Columns of the wasm register tile: packed B comes in slivers this wide. */
export const NR = 8;
/** Below this length a scalar loop copies a line faster than `subarray` + `set`. */
const SHORT_LINE = 32;

/**
 * Packs A[row0:row0+rows, p0:p0+kc] into 4-row slivers at float index `packed`, zero rows
 * up to `rowsPadded`: copies it raw into `staging` in whichever orientation the source has
 * contiguous (so lines move by memcpy), then packs it by SIMD in wasm.
 */
export function packA(
  kernel: GemmWasm,
  a: MatrixView,
  row0: number,
  rows: number,
  rowsPadded: number,
  p0: number,
  kc: number,
  memory: Float32Array,
  staging: number,
  packed: number,
): void {
  const data = a.data as Float32Array;
  const { rowStride, colStride } = a;
  const start = a.offset + row0 * rowStride + p0 * colStride;
  if (rowStride === 1 && colStride !== 1) {
    // Columns contiguous: one line of `rows` values per k step, padded to `rowsPadded`.
    for (let p = 0; p < kc; p++) {
      const dst = staging + p * rowsPadded;
      copyLine(data, start + p * colStride, 1, rows, memory, dst);
      memory.fill(0, dst + rows, dst + rowsPadded);
    }
    kernel.packAColumns(staging * 4, rowsPadded, rowsPadded, kc, packed * 4);
    return;
  }
  if (colStride === 1 && rowStride === kc) {
    memory.set(data.subarray(start, start + rows * kc), staging);
  } else {
    for (let i = 0; i < rows; i++) {
      copyLine(data, start + i * rowStride, colStride, kc, memory, staging + i * kc);
    }
  }
  memory.fill(0, staging + rows * kc, staging + rowsPadded * kc);
  kernel.packARows(staging * 4, kc, rowsPadded, kc, packed * 4);
}

/**
 * Packs B[p0:p0+kc, col0:col0+cols] into 8-column slivers at float index `packed`
 * (zero-padded to a whole sliver). Contiguous rows or columns are first copied raw into
 * `staging` by memcpy and packed by the wasm kernel with SIMD; other layouts are packed here.
 */
export function packB(
  kernel: GemmWasm,
  b: MatrixView,
  p0: number,
  kc: number,
  col0: number,
  cols: number,
  memory: Float32Array,
  staging: number,
  packed: number,
): void {
  const data = b.data as Float32Array;
  const { rowStride, colStride } = b;
  const start = b.offset + p0 * rowStride + col0 * colStride;
  if (colStride === 1 && cols >= SHORT_LINE) {
    if (rowStride === cols) memory.set(data.subarray(start, start + kc * cols), staging);
    else
      for (let p = 0; p < kc; p++)
        copyLine(data, start + p * rowStride, 1, cols, memory, staging + p * cols);
    kernel.packBRows(staging * 4, cols, kc, cols, packed * 4);
  } else if (rowStride === 1 && kc >= SHORT_LINE) {
    if (colStride === kc) memory.set(data.subarray(start, start + cols * kc), staging);
    else
      for (let j = 0; j < cols; j++)
        copyLine(data, start + j * colStride, 1, kc, memory, staging + j * kc);
    kernel.packBColumns(staging * 4, kc, kc, cols, packed * 4);
  } else {
    packBScalar(data, start, rowStride, colStride, kc, cols, memory, packed);
  }
}

/**
 * Whether `stagePanel` copies panels of B as rows (else as columns: where B's columns are
 * contiguous and its rows not).
 */
export function panelRows(b: MatrixView): boolean {
  return !(b.rowStride === 1 && b.colStride !== 1);
}

/**
 * Copies B[0:k, col0:col0+cols] raw into `memory` from float index `dst`, for
 * `gemmPanelTask` to pack: as k rows of `cols` floats where `panelRows(b)`, else as `cols`
 * columns of k floats, so that lines move by memcpy whenever B has them contiguous.
 */
export function stagePanel(
  b: MatrixView,
  k: number,
  col0: number,
  cols: number,
  memory: Float32Array,
  dst: number,
): void {
  const data = b.data as Float32Array;
  const { rowStride, colStride } = b;
  const start = b.offset + col0 * colStride;
  if (!panelRows(b)) {
    if (colStride === k) memory.set(data.subarray(start, start + cols * k), dst);
    else
      for (let j = 0; j < cols; j++) {
        copyLine(data, start + j * colStride, 1, k, memory, dst + j * k);
      }
    return;
  }
  if (colStride === 1 && rowStride === cols) {
    memory.set(data.subarray(start, start + k * cols), dst);
  } else {
    for (let p = 0; p < k; p++) {
      copyLine(data, start + p * rowStride, colStride, cols, memory, dst + p * cols);
    }
  }
}

function packBScalar(
  data: Float32Array,
  start: number,
  rowStride: number,
  colStride: number,
  kc: number,
  cols: number,
  out: Float32Array,
  o: number,
): void {
  for (let jr = 0; jr < cols; jr += NR) {
    const valid = Math.min(NR, cols - jr);
    let src = start + jr * colStride;
    for (let p = 0; p < kc; p++, src += rowStride, o += NR) {
      for (let j = 0; j < NR; j++) out[o + j] = j < valid ? data[src + j * colStride] : 0;
    }
  }
}

/** Copies `length` values `stride` apart from `data[src]` to `out[dst]` onward. */
function copyLine(
  data: Float32Array,
  src: number,
  stride: number,
  length: number,
  out: Float32Array,
  dst: number,
): void {
  if (stride === 1 && length >= SHORT_LINE) {
    out.set(data.subarray(src, src + length), dst);
  } else {
    for (let i = 0; i < length; i++, src += stride) out[dst + i] = data[src];
  }
}

/**
 * Writes (or, with `add`, adds) the valid `rows × cols` corner of a row-major tile held in
 * `tile` from float index `t` with `ldt` floats per row into C at (row0, col0).
 */
export function unpackC(
  tile: Float32Array,
  t: number,
  ldt: number,
  c: MatrixView,
  row0: number,
  rows: number,
  col0: number,
  cols: number,
  add: boolean,
): void {
  const data = c.data as Float32Array;
  const { rowStride, colStride } = c;
  for (let i = 0; i < rows; i++, t += ldt) {
    let dst = c.offset + (row0 + i) * rowStride + col0 * colStride;
    if (add) {
      for (let j = 0; j < cols; j++, dst += colStride) data[dst] += tile[t + j];
    } else if (colStride === 1 && cols >= SHORT_LINE) {
      data.set(tile.subarray(t, t + cols), dst);
    } else {
      for (let j = 0; j < cols; j++, dst += colStride) data[dst] = tile[t + j];
    }
  }
}
