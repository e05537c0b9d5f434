import { GEMM_WASM_BASE64, GEMM_WASM_SHARED_BASE64 } from './gemm-module.generated';

/** The compiled float32 GEMM kernel (assembly/gemm.ts) with the memory it works in. */
export interface GemmWasm {
  /** C = A·B (or C += A·B when `add` is 1) on packed blocks; pointers are byte offsets. */
  gemmPacked(
    mb: number,
    nb: number,
    kc: number,
    packedA: number,
    packedB: number,
    c: number,
    ldc: number,
    add: number,
  ): void;
  /**
   * One column-panel task of a threaded product, from the job words at byte `job` (see
   * assembly/gemm.ts and threads/gemm-pool.ts).
   */
  gemmPanelTask(job: number, task: number): void;
  /** Packs mb × kc of A, rows `ld` floats apart at `src`, into slivers at `dst` (bytes). */
  packARows(src: number, ld: number, mb: number, kc: number, dst: number): void;
  /** Packs mb × kc of A, columns `ld` floats apart at `src`, into slivers at `dst`. */
  packAColumns(src: number, ld: number, mb: number, kc: number, dst: number): void;
  /** Packs kc × nb of B, rows `ld` floats apart at `src`, into slivers at `dst` (bytes). */
  packBRows(src: number, ld: number, kc: number, nb: number, dst: number): void;
  /** Packs kc × nb of B, columns `ld` floats apart at `src`, into slivers at `dst`. */
  packBColumns(src: number, ld: number, kc: number, nb: number, dst: number): void;
  /** A float32 view of the kernel's memory, grown first to hold at least `bytes`. */
  reserve(bytes: number): Float32Array;
  /** Current size of the kernel's memory in bytes (it only grows, up to the largest reserve). */
  memoryBytes(): number;
  /** The compiled module and its memory, for worker threads to instantiate over (if shared). */
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
}

const PAGE_BYTES = 65536;
/** Must match --maximumMemory of the shared build in scripts/build-wasm.mjs. */
const SHARED_MAX_PAGES = 1024;

let loaded: GemmWasm | null | undefined;
let loadedShared: GemmWasm | null | undefined;

/**
 * The GEMM kernel instance, compiled and instantiated on first call (never at import), or
 * null where WebAssembly or its SIMD extension is unavailable; the answer is cached.
 */
export function loadGemmWasm(): GemmWasm | null {
  if (loaded === undefined) loaded = instantiateGemmWasm(GEMM_WASM_BASE64);
  return loaded;
}

/**
 * The same kernel over shared memory, for the worker pool; null where shared memory is
 * unavailable (e.g. a browser page that is not cross-origin isolated).
 */
export function loadSharedGemmWasm(): GemmWasm | null {
  if (loadedShared === undefined) {
    loadedShared = instantiateGemmWasm(GEMM_WASM_SHARED_BASE64, true);
  }
  return loadedShared;
}

/**
 * Instantiates a GEMM module from base64 bytes (over shared memory when `shared`), or
 * returns null when it can't run here: no WebAssembly, no SIMD or no shared memory (the
 * module fails validation or the memory can't be made), or compilation refused (e.g. a Content
 * Security Policy without 'wasm-unsafe-eval'). Synchronous compilation is fine for a module
 * this small, even on a browser main thread (Chrome refuses only modules over 8 MB).
 */
export function instantiateGemmWasm(base64: string, shared = false): GemmWasm | null {
  if (typeof WebAssembly !== 'object' || WebAssembly === null) return null;
  try {
    const bytes = decodeBase64(base64);
    if (!WebAssembly.validate(bytes)) return null;
    const memory = shared
      ? new WebAssembly.Memory({ initial: 1, maximum: SHARED_MAX_PAGES, shared: true })
      : new WebAssembly.Memory({ initial: 1 });
    const module = new WebAssembly.Module(bytes);
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    const exports = instance.exports as unknown as Omit<GemmWasm, 'reserve' | 'memoryBytes'>;
    let view = new Float32Array(memory.buffer);
    return {
      gemmPacked: exports.gemmPacked,
      gemmPanelTask: exports.gemmPanelTask,
      packARows: exports.packARows,
      packAColumns: exports.packAColumns,
      packBRows: exports.packBRows,
      packBColumns: exports.packBColumns,
      reserve(bytes: number): Float32Array {
        // Memory only grows, so what one call reserves later calls reuse: the footprint is
        // the largest single request (bounded by the blocking in gemm-f32.ts), not a sum.
        const missing = bytes - memory.buffer.byteLength;
        if (missing > 0) memory.grow(Math.ceil(missing / PAGE_BYTES));
        // Growing detaches (or, shared, outgrows) the old buffer: re-view the new one.
        const size = memory.buffer.byteLength;
        if (view.byteLength !== size) view = new Float32Array(memory.buffer);
        return view;
      },
      memoryBytes: () => memory.buffer.byteLength,
      module,
      memory,
    };
  } catch {
    return null;
  }
}

function decodeBase64(base64: string): Uint8Array<ArrayBuffer> {
  // atob exists in browsers, workers and Node 16+; Buffer would tie this to Node.
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}
