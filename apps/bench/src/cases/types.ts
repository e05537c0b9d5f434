import type * as Jax from '@jax-js/jax';
import type * as Tf from '@tensorflow/tfjs';
import type * as Ort from 'onnxruntime-node';

/** Every engine the bench knows. Peers run in their own process; see engines/registry.ts. */
export type EngineId =
  | 'convkit'
  | 'convkit-js'
  | 'convkit-2t'
  | 'tfjs-cpu'
  | 'tfjs-wasm'
  | 'tfjs-wasm-2t'
  | 'ort-1t'
  | 'ort'
  | 'jax-wasm'
  | 'openblas-1t';

/** The families of engines a case writes one setup for (the float64 reference is its own). */
export type EngineKind = 'reference' | 'convkit' | 'tfjs' | 'ort' | 'jax';

/** What a setup receives: the engine's loaded library, already initialised. */
export interface EngineContext {
  engine: EngineId | 'reference';
  tf?: typeof Tf;
  ort?: typeof Ort;
  /** onnxruntime session options of this engine (thread counts). */
  ortOptions?: Ort.InferenceSession.SessionOptions;
  jax?: typeof Jax;
}

/** Float arrays compared by the correctness check, in convkit's layout (NCHW, OIHW). */
export type Outputs = (Float32Array | Float64Array)[];

/**
 * One engine's workload, ready to time. The worker calls `run` once (the correctness run,
 * which is also the first warm-up), then `output`, then more warm-ups and the timed runs.
 * `before` and `after` run outside the timed region (e.g. a forward pass before a timed
 * backward, or disposing outputs).
 */
export interface Prepared {
  before?(): void | Promise<void>;
  run(): void | Promise<void>;
  after?(): void | Promise<void>;
  output(): Outputs | Promise<Outputs>;
  dispose?(): void;
}

/** Thrown by a setup when the engine cannot do this workload; not a failure of the run. */
export class NotSupported extends Error {
  constructor(
    readonly status: 'no-kernel' | 'n/a',
    message: string,
  ) {
    super(message);
  }
}

/** One row of the results: a workload at one size. */
export interface Variant<P> {
  /** Stable id, e.g. `conv2d/a/forward`; `--filter` matches it. */
  id: string;
  /** Short label for tables, e.g. `conv2d (a) fwd`. */
  title: string;
  /** Shapes and settings, for the report. */
  detail: string;
  params: P;
  /** Floating-point operations of one run (multiply and add count as two), where defined. */
  flops?: number;
  /** Items one run processes (e.g. 64 images), for a throughput figure. */
  items?: { count: number; unit: string };
  /** Largest allowed max|a − ref| / max|ref| per output. Default 2e-4. */
  tolerance?: number;
  /**
   * Variants whose run time grows with `flops` on a given engine: an engine that already
   * exceeded the time limit on a smaller variant of the same family is not started again.
   */
  family?: string;
  /** Start this variant in fresh processes, so its peak RSS is its own. */
  fresh?: boolean;
}

export type Setup<P> = (params: P, ctx: EngineContext) => Prepared | Promise<Prepared>;

/** A workload file in src/cases/: its variants and one setup per engine family. */
export interface BenchCase<P = unknown> {
  name: string;
  description: string;
  variants(quick: boolean): Variant<P>[];
  setups: Partial<Record<EngineKind, Setup<P>>>;
  /**
   * For the native OpenBLAS reference (a Python/NumPy worker): the input files it reads and
   * the operation it runs. Only cases that define it run on `openblas-1t`.
   */
  openblas?(params: P): {
    op: 'matmul';
    inputs: Record<string, { data: Float32Array; shape: number[] }>;
  };
}
