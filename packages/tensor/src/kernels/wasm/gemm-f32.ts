import type { MatrixView } from '../../internal/gemm';
import type { WasmGemmPlan } from '../backend';
import { type GemmPool, MAX_TASK_SLOTS, MAX_TASKS } from '../threads/gemm-pool';
import { CONTROL_INTS } from '../threads/worker-source';
import { type GemmWasm, loadGemmWasm } from './gemm-instance';
import { MR, NR, packA, packB, panelRows, stagePanel, unpackC } from './stage-f32';

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

/** Products with fewer multiply-adds than this stay on one thread: waking workers costs more. */
export const THREAD_MIN_WORK = 1 << 22;
/** Most floats of packed A shared by a threaded product's tasks (4 MiB); taller A goes in row chunks. */
const SHARED_A_FLOATS = 1 << 20;
/** Floats of wasm memory for all task slots of a threaded product together (16 MiB). */
const SLOTS_FLOATS = 1 << 22;
/** Tasks per thread a threaded product is cut into, so that loads balance. */
const TASKS_PER_THREAD = 4;
/** Widest column panel of a threaded product (wide panels copy in long lines). */
const PANEL_MAX = 8192;
/** Fewest multiply-adds in a task: smaller ones cost more to hand out than they take. */
const TASK_MIN_WORK = 1 << 16;

/**
 * C ← A·B or C ← C + A·B in float32 with the WebAssembly SIMD kernel; same contract as
 * `gemm` (strided views, C not overlapping A or B), with m, n, k ≥ 1 and every operand a
 * Float32Array. A and B are copied block by block from their views into wasm memory
 * (memcpy where lines are contiguous; B then packed by SIMD in wasm), so wasm memory is
 * bounded by the block sizes (≤ 18 MiB; ≤ 25 MiB threaded) whatever the problem size and
 * reused across calls. Sums run in float32 (the JS path sums in float64). With a pool and
 * at least THREAD_MIN_WORK multiply-adds, column panels are shared with worker threads.
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
  let { kernel } = plan;
  const { pool, helpers } = plan;
  if (pool !== null && helpers > 0 && m * n * k >= THREAD_MIN_WORK) {
    if (gemmThreaded(pool, helpers, m, n, k, a, b, c, accumulate)) return;
    // No worker to share with after all: copies into unshared memory are faster.
    kernel = loadGemmWasm() ?? kernel;
  }
  const nbMax = Math.min(roundUp(n, NR), NB);
  const mbMax = Math.min(roundUp(m, MR), MB, Math.max(MR, roundDown(C_TILE / nbMax, MR)));
  const kcMax = Math.min(KC, k);
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
        kernel.gemmPacked(
          rowsPadded,
          colsPadded,
          kc,
          aPacked * 4,
          bPacked * 4,
          cTile * 4,
          colsPadded,
          add,
        );
      }
      unpackC(memory, cTile, colsPadded, c, ic, rows, jc, cols, accumulate);
    }
  }
}

/**
 * The product on this thread and up to `helpers` workers, or false (having done nothing)
 * where it can't be split: C is cut into column panels, tasks of the pool (see GemmPool.run),
 * after A is packed once, here, for all of them. Each task packs its own panel of B and sums
 * each element of C over the same depth blocks as `gemmF32Wasm` does on one thread, so the
 * bits are the same. With A taller than B is wide, it computes Cᵀ = Bᵀ·Aᵀ instead (the
 * same products summed in the same order), so that the panels cut the longer side.
 */
function gemmThreaded(
  pool: GemmPool,
  helpers: number,
  m: number,
  n: number,
  k: number,
  a: MatrixView,
  b: MatrixView,
  c: MatrixView,
  accumulate: boolean,
): boolean {
  const workers = Math.min(helpers, pool.readyCount());
  if (workers === 0) return false;
  if (m > n) {
    return gemmThreaded(pool, workers, n, m, k, swap(b), swap(a), swap(c), accumulate);
  }
  const threads = workers + 1;
  const slots = Math.min(threads + 2, MAX_TASK_SLOTS);
  const kcMax = Math.min(KC, k);
  const mb = Math.min(roundUp(m, MR), roundDown(SHARED_A_FLOATS / k, MR));
  if (mb < MR) return false;
  const balanced = Math.ceil(n / (TASKS_PER_THREAD * threads));
  const width = Math.min(
    roundUp(Math.max(balanced, TASK_MIN_WORK / (mb * k)), NR),
    PANEL_MAX,
    roundDown(SLOTS_FLOATS / slots / (k + kcMax + mb), NR),
  );
  if (width < NR) return false;
  const tasks = Math.ceil(n / width);
  if (tasks > MAX_TASKS || (tasks === 1 && mb >= m)) return false;
  const kernel: GemmWasm = pool.kernel;
  // Layout, in floats: thread control | staged A block | packed A | task slots, each
  // holding a raw panel of B, its packed depth block and its C tile (see gemmPanelTask).
  const aStage = CONTROL_INTS;
  const aPacked = aStage + mb * kcMax;
  const slotBase = aPacked + mb * k;
  const memory = kernel.reserve((slotBase + slots * (k + kcMax + mb) * width) * 4);
  const columns = (task: number) => Math.min(width, n - task * width);
  for (let ic = 0; ic < m; ic += mb) {
    const rows = Math.min(mb, m - ic);
    const rowsPadded = roundUp(rows, MR);
    // Slots are sized for this chunk's rows, as gemmPanelTask lays them out.
    const slotFloats = (k + kcMax + rowsPadded) * width;
    const slot = (task: number) => slotBase + (task % slots) * slotFloats;
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      packA(kernel, a, ic, rows, rowsPadded, pc, kc, memory, aStage, aPacked + rowsPadded * pc);
    }
    const rawRows = panelRows(b);
    const words = [rowsPadded, k, kcMax, width, n, aPacked * 4, slots, slotBase * 4, +rawRows];
    pool.run(
      {
        words,
        tasks,
        slots,
        stage: (task) => stagePanel(b, k, task * width, columns(task), memory, slot(task)),
        unpack: (task) => {
          const cols = columns(task);
          const tile = slot(task) + (k + kcMax) * width;
          unpackC(memory, tile, roundUp(cols, NR), c, ic, rows, task * width, cols, accumulate);
        },
      },
      workers,
    );
  }
  return true;
}

/** The transpose of a view: the same elements with the strides swapped. */
function swap(view: MatrixView): MatrixView {
  return { ...view, rowStride: view.colStride, colStride: view.rowStride };
}

function roundUp(x: number, multiple: number): number {
  return Math.ceil(x / multiple) * multiple;
}

function roundDown(x: number, multiple: number): number {
  return Math.floor(x / multiple) * multiple;
}
