import type { MatrixView } from '../../internal/gemm';
import type { WasmGemmPlan } from '../backend';
import { CONTROL_INTS } from '../threads/worker-source';
import { MR, NR, packA, packB, unpackC } from './stage-f32';

/** Depth of one packed block: a KC×NR sliver of B (8 KiB) stays in L1 across A slivers. */
const KC = 256;
/** Widest column panel packed at once (a multiple of NR). */
const NB = 2048;
/** Tallest row block packed at once (a multiple of MR). */
const MB = 4096;
/** Largest C tile held in wasm memory, in floats (4 MiB). */
const C_TILE = 1 << 20;

/**
 * Below this many multiply-adds (m·n·k) the `'auto'` backend keeps float32 products in
 * JavaScript: copying operands into wasm memory and back costs more than SIMD saves.
 */
export const WASM_GEMM_MIN_WORK = 1024;

/** Blocks with fewer multiply-adds than this stay on one thread: waking workers costs more. */
const THREAD_MIN_WORK = 1 << 20;

/**
 * C ← A·B or C ← C + A·B in float32 with the WebAssembly SIMD kernel; same contract as
 * `gemm` (strided views, C not overlapping A or B), with m, n, k ≥ 1 and every operand a
 * Float32Array. A and B are copied block by block from their views into wasm memory
 * (memcpy where lines are contiguous; B then packed by SIMD in wasm), so wasm memory is
 * bounded by the block sizes (≤ 18 MiB) whatever the problem size and reused across calls. Sums run in float32 (the JS path sums in float64).
 */
export function gemmF32Wasm(
  plan: WasmGemmPlan,
  m: number,
  n: number,
  k: number,
  a: MatrixView,
  b: MatrixView,
  c: MatrixView,
  accumulate: boolean,
): void {
  const nbMax = Math.min(roundUp(n, NR), NB);
  const mbMax = Math.min(roundUp(m, MR), MB, Math.max(MR, roundDown(C_TILE / nbMax, MR)));
  const kcMax = Math.min(KC, k);
  const { kernel, pool, helpers } = plan;
  // Layout, in floats: thread control | staged A | packed A | staged B | packed B | C tile.
  const aStage = CONTROL_INTS;
  const aPacked = aStage + mbMax * kcMax;
  const bStage = aPacked + mbMax * kcMax;
  const bPacked = bStage + kcMax * nbMax;
  const cTile = bPacked + kcMax * nbMax;
  const memory = kernel.reserve((cTile + mbMax * nbMax) * 4);
  for (let jc = 0; jc < n; jc += nbMax) {
    const cols = Math.min(nbMax, n - jc);
    const colsPadded = roundUp(cols, NR);
    for (let ic = 0; ic < m; ic += mbMax) {
      const rows = Math.min(mbMax, m - ic);
      const rowsPadded = roundUp(rows, MR);
      for (let pc = 0; pc < k; pc += KC) {
        const kc = Math.min(KC, k - pc);
        packA(kernel, a, ic, rows, rowsPadded, pc, kc, memory, aStage, aPacked);
        packB(kernel, b, pc, kc, jc, cols, memory, bStage, bPacked);
        // The first depth block writes the C tile, later ones add to it.
        const add = +(pc > 0);
        const args = [
          rowsPadded,
          colsPadded,
          kc,
          aPacked * 4,
          bPacked * 4,
          cTile * 4,
          colsPadded,
          add,
        ] as const;
        if (pool !== null && rowsPadded * colsPadded * kc >= THREAD_MIN_WORK)
          pool.run(helpers, ...args);
        else kernel.gemmPacked(...args);
      }
      unpackC(memory, cTile, colsPadded, c, ic, rows, jc, cols, accumulate);
    }
  }
}

function roundUp(x: number, multiple: number): number {
  return Math.ceil(x / multiple) * multiple;
}

function roundDown(x: number, multiple: number): number {
  return Math.floor(x / multiple) * multiple;
}
