import { GemmPool, MAX_WORKERS } from './threads/gemm-pool';
import { THREAD_MIN_WORK } from './wasm/gemm-f32';
import { type GemmWasm, loadGemmWasm, loadSharedGemmWasm } from './wasm/gemm-instance';

/**
 * Which kernels run float32 hot paths: `'wasm'` (WebAssembly SIMD), `'js'` (the plain
 * TypeScript reference, which also serves float64 and int32), or `'auto'`: wasm where it is
 * available and the problem is big enough to pay for copying into wasm memory, else js.
 */
export type KernelBackend = 'auto' | 'wasm' | 'js';

let requested: KernelBackend = 'auto';
/** Set by `setKernelThreads`; null: the default, every available core. */
let threads: number | null = null;
/** Created on the first request for more than one thread; null where threads can't run. */
let pool: GemmPool | null | undefined;

/** How a float32 GEMM runs on wasm: the kernel, and workers to share blocks with. */
export interface WasmGemmPlan {
  kernel: GemmWasm;
  pool: GemmPool | null;
  /** Most workers to use besides the calling thread. */
  helpers: number;
}

/**
 * Chooses the kernel backend for float32 hot paths, e.g. to force the reference in a test or
 * compare both in a benchmark. `'wasm'` sends every float32 product to WebAssembly, however
 * small (useful to test it); `'auto'` (the default) only those large enough to gain.
 * Throws when `'wasm'` is requested but WebAssembly SIMD is unavailable here.
 * @example
 * setKernelBackend('js');   // reference kernels everywhere
 * setKernelBackend('auto'); // back to the default
 */
export function setKernelBackend(backend: KernelBackend): void {
  if (backend !== 'auto' && backend !== 'wasm' && backend !== 'js') {
    throw new Error(`setKernelBackend: expected 'auto', 'wasm' or 'js', got ${String(backend)}`);
  }
  if (backend === 'wasm' && loadGemmWasm() === null) {
    throw new Error(
      "setKernelBackend: 'wasm' requested but WebAssembly SIMD is not available in this environment",
    );
  }
  requested = backend;
}

/**
 * The backend in effect for float32 hot paths: `'wasm'` when WebAssembly SIMD kernels are in
 * use (the default where the runtime supports them), `'js'` when forced or unavailable.
 * The first call under `'auto'` compiles the (small) kernel module to find out.
 * @example
 * getKernelBackend(); // 'wasm' in Node 20+ and current browsers
 */
export function getKernelBackend(): 'wasm' | 'js' {
  if (requested === 'js') return 'js';
  return loadGemmWasm() === null ? 'js' : 'wasm';
}

/**
 * How to run a float32 product of `work` multiply-adds on wasm, or null for the JS
 * reference: null when forced to `'js'`, when WebAssembly SIMD is unavailable, or under
 * `'auto'` when `work` is below `minWork`.
 */
export function selectGemmWasm(work: number, minWork: number): WasmGemmPlan | null {
  if (requested === 'js' || (requested === 'auto' && work < minWork)) return null;
  if (work >= THREAD_MIN_WORK) {
    // The default pool starts with the first product big enough to share, in the background:
    // products run on this thread alone until its workers are up.
    if (threads === null && pool === undefined && availableThreads() > 1)
      startPool(availableThreads());
    const count = getKernelThreads();
    if (count > 1 && pool?.usable) return { kernel: pool.kernel, pool, helpers: count - 1 };
  }
  // Smaller products stay on this thread, in unshared memory (copies into shared memory are
  // slower).
  const kernel = loadGemmWasm();
  return kernel === null ? null : { kernel, pool: null, helpers: 0 };
}

/** Cores reported by the runtime, read once. */
let coreCount: number | undefined;

/** Every core this runtime reports (`os.availableParallelism()` in Node), within the pool's limit. */
function availableThreads(): number {
  coreCount ??= countCores();
  return Math.max(1, Math.min(coreCount, MAX_WORKERS + 1));
}

function countCores(): number {
  const nodeProcess = (globalThis as { process?: NodeJS.Process }).process;
  let cores = 1;
  if (typeof nodeProcess?.getBuiltinModule === 'function') {
    const os = nodeProcess.getBuiltinModule('node:os') as typeof import('node:os');
    cores = os.availableParallelism();
  } else if (typeof navigator === 'object' && navigator.hardwareConcurrency > 0) {
    cores = navigator.hardwareConcurrency;
  }
  return cores;
}

/** Starts workers up to `count` threads in all; resolves with the number of threads ready. */
function startPool(count: number): Promise<number> {
  if (pool === undefined) {
    const kernel = loadSharedGemmWasm();
    pool = kernel === null ? null : GemmPool.create(kernel);
  }
  if (pool === null || count === 1) return Promise.resolve(1);
  return pool.grow(count - 1).then((ready) => Math.min(count, ready + 1));
}

/**
 * Sets how many threads the wasm kernels may use. By default they use every available core:
 * products of at least 4M multiply-adds are split by columns between the calling thread and
 * worker threads sharing the kernel's memory (`worker_threads` in Node, Web Workers in a
 * cross-origin-isolated browser), with results bit-identical to one thread; smaller products
 * stay on the calling thread. 1 keeps everything on the calling thread. Where workers can't
 * run, or on a browser's main thread (which may not block), everything stays on one thread.
 * Workers start in the background and never keep a Node process alive; the promise resolves
 * with the number of threads ready.
 * @example
 * await setKernelThreads(1); // one thread, e.g. to time single-thread kernels
 * await setKernelThreads(4); // at most four
 */
export function setKernelThreads(count: number): Promise<number> {
  if (!Number.isInteger(count) || count < 1 || count > MAX_WORKERS + 1) {
    throw new Error(
      `setKernelThreads: expected an integer from 1 to ${MAX_WORKERS + 1}, got ${String(count)}`,
    );
  }
  threads = count;
  return count === 1 ? Promise.resolve(1) : startPool(count);
}

/**
 * The thread count in effect: the one set by `setKernelThreads`, else every available core.
 * @example
 * getKernelThreads(); // 2 on a two-core machine, unless set otherwise
 */
export function getKernelThreads(): number {
  return threads ?? availableThreads();
}
