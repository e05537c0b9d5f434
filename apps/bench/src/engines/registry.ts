import { availableParallelism } from 'node:os';
import type { EngineId, EngineKind } from '../cases/types';

export interface EngineSpec {
  id: EngineId;
  kind: Exclude<EngineKind, 'reference'> | 'openblas';
  label: string;
  /** Threads the engine is asked to use (what it really uses is reported by its worker). */
  threads: number;
  /** How its worker process runs. */
  transport: 'node' | 'python';
}

const cores = availableParallelism();

/** All engines in run order: convkit first, then its peers (each round runs them in this order). */
export const ENGINES: readonly EngineSpec[] = [
  { id: 'convkit', kind: 'convkit', label: 'convkit', threads: 1, transport: 'node' },
  // Forced onto the plain-TypeScript kernels, where @convkit/tensor can switch backends.
  { id: 'convkit-js', kind: 'convkit', label: 'convkit js', threads: 1, transport: 'node' },
  // The wasm kernels sharing work with worker threads (setKernelThreads).
  { id: 'convkit-2t', kind: 'convkit', label: 'convkit 2t', threads: 2, transport: 'node' },
  { id: 'tfjs-cpu', kind: 'tfjs', label: 'TF.js cpu', threads: 1, transport: 'node' },
  { id: 'tfjs-wasm', kind: 'tfjs', label: 'TF.js wasm 1t', threads: 1, transport: 'node' },
  { id: 'tfjs-wasm-2t', kind: 'tfjs', label: 'TF.js wasm 2t', threads: 2, transport: 'node' },
  { id: 'ort-1t', kind: 'ort', label: 'onnxruntime 1t', threads: 1, transport: 'node' },
  { id: 'ort', kind: 'ort', label: `onnxruntime ${cores}t`, threads: cores, transport: 'node' },
  { id: 'jax-wasm', kind: 'jax', label: 'jax-js wasm', threads: 1, transport: 'node' },
  { id: 'openblas-1t', kind: 'openblas', label: 'OpenBLAS 1t', threads: 1, transport: 'python' },
];

/** Pairs whose ratio is a thread speed-up (same engine, more threads). */
export const THREAD_PAIRS: readonly [EngineId, EngineId][] = [
  ['convkit', 'convkit-2t'],
  ['tfjs-wasm', 'tfjs-wasm-2t'],
  ['ort-1t', 'ort'],
];

export function engineSpec(id: string): EngineSpec {
  const spec = ENGINES.find((e) => e.id === id);
  if (spec === undefined) {
    throw new RangeError(
      `bench: engine must be one of ${ENGINES.map((e) => e.id).join(', ')}, got '${id}'`,
    );
  }
  return spec;
}
