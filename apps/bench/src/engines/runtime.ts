// Loads and initialises an engine's library inside its worker process. Peers are imported
// lazily, so a process only ever holds the library it measures (their RSS stays apart).

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { EngineContext, EngineId } from '../cases/types';
import { engineSpec } from './registry';

const require = createRequire(import.meta.url);

/** What a worker reports about its engine once it is ready. */
export interface EngineInfo {
  version: string;
  /** Threads the engine really uses, as far as it can tell. */
  threads: number;
  notes: string[];
}

/** Raised when an engine cannot run at all here (reported, not a failure of the run). */
export class EngineUnavailable extends Error {}

export function packageVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    // Packages whose `exports` hide package.json: walk up from the entry point.
    try {
      let dir = dirname(require.resolve(name));
      for (let i = 0; i < 5; i++) {
        try {
          const pkg = require(join(dir, 'package.json')) as { name?: string; version: string };
          if (pkg.name === name) return pkg.version;
        } catch {
          /* keep walking */
        }
        dir = dirname(dir);
      }
    } catch {
      /* not installed */
    }
    return 'not installed';
  }
}

async function loadTfjs(
  id: EngineId,
  threads: number,
): Promise<{ ctx: EngineContext; info: EngineInfo }> {
  const tf = await import('@tensorflow/tfjs');
  const notes: string[] = [];
  if (id === 'tfjs-cpu') {
    await tf.setBackend('cpu');
    await tf.ready();
    return {
      ctx: { engine: id, tf },
      info: { version: tf.version.tfjs, threads: 1, notes: ['pure JavaScript kernels'] },
    };
  }
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // A file-system prefix: the .wasm binaries are read from the package, nothing is fetched.
  wasm.setWasmPaths(
    `${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`,
  );
  wasm.setThreadsCount(threads);
  if (!(await tf.setBackend('wasm')))
    throw new EngineUnavailable('TF.js wasm backend failed to initialise');
  await tf.ready();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const multithread = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  const actual = wasm.getThreadsCount();
  notes.push(`SIMD ${simd ? 'on' : 'off'}`, `XNNPACK threads ${actual}`);
  if (actual < threads) {
    throw new EngineUnavailable(
      `threads unavailable in Node: TF.js wasm ignores setThreadsCount(${threads}) (getThreadsCount() = ${actual}, WASM_HAS_MULTITHREAD_SUPPORT = ${String(multithread)})`,
    );
  }
  return { ctx: { engine: id, tf }, info: { version: tf.version.tfjs, threads: actual, notes } };
}

/** Imports and initialises the library of engine `id`; the float64 reference and convkit need none. */
export async function loadRuntime(
  id: EngineId | 'reference',
): Promise<{ ctx: EngineContext; info: EngineInfo }> {
  if (id === 'reference' || id === 'convkit') {
    const info = {
      version: packageVersion('@convkit/tensor'),
      threads: 1,
      notes: ['plain TypeScript kernels'],
    };
    return { ctx: { engine: id }, info };
  }
  const spec = engineSpec(id);
  switch (spec.kind) {
    case 'tfjs':
      return loadTfjs(id, spec.threads);
    case 'ort': {
      const ort = await import('onnxruntime-node');
      const ortOptions = {
        intraOpNumThreads: spec.threads,
        interOpNumThreads: 1,
        executionMode: 'sequential' as const,
        graphOptimizationLevel: 'all' as const,
      };
      const info = {
        version: ort.env.versions.node ?? packageVersion('onnxruntime-node'),
        threads: spec.threads,
        notes: ['native CPU (MLAS), inference only'],
      };
      return { ctx: { engine: id, ort, ortOptions }, info };
    }
    case 'jax': {
      const jax = await import('@jax-js/jax');
      const devices = await jax.init('wasm');
      if (!devices.includes('wasm'))
        throw new EngineUnavailable(
          `jax-js wasm backend did not initialise (devices: ${devices.join(', ')})`,
        );
      jax.defaultDevice('wasm');
      // jax-js starts its wasm worker pool only where a global Worker exists; Node 20 has none.
      const threads = typeof (globalThis as { Worker?: unknown }).Worker === 'undefined' ? 1 : 0;
      const notes = [
        threads === 1
          ? 'one thread: Node has no global Worker, so its wasm worker pool stays off'
          : 'wasm worker pool',
      ];
      return {
        ctx: { engine: id, jax },
        info: { version: packageVersion('@jax-js/jax'), threads, notes },
      };
    }
    default:
      throw new EngineUnavailable(`${id} does not run in a Node worker`);
  }
}
