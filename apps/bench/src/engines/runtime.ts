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

/** Versions of the convkit packages a tsup bundle carries (see tsup.config.ts). */
declare const __CONVKIT_VERSIONS__: Record<string, string> | undefined;

export function packageVersion(name: string): string {
  const bundled = typeof __CONVKIT_VERSIONS__ === 'undefined' ? undefined : __CONVKIT_VERSIONS__;
  if (bundled?.[name] !== undefined) return bundled[name];
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
      `threads unavailable in Node: TF.js wasm ignores setThreadsCount(${threads}) (getThreadsCount() = ${actual}, WASM_HAS_MULTITHREAD_SUPPORT = ${String(multithread)}); forcing that flag fails, since its threaded build starts pthreads from a blob: URL, which Node's worker_threads cannot load (ERR_WORKER_PATH)`,
    );
  }
  return { ctx: { engine: id, tf }, info: { version: tf.version.tfjs, threads: actual, notes } };
}

/** The kernel switches of @convkit/tensor, in versions that have them (issue 10). */
interface KernelBackendApi {
  getKernelBackend?: () => string;
  setKernelBackend?: (name: string) => void;
  setKernelThreads?: (count: number) => Promise<number>;
}

/**
 * convkit on one thread under its automatically selected kernels, forced onto the
 * plain-TypeScript reference kernels (`convkit-js`), or with its wasm kernels sharing work
 * with worker threads (`convkit-2t`); the float64 reference always uses the plain kernels.
 */
async function loadConvkit(
  id: 'reference' | 'convkit' | 'convkit-js' | 'convkit-2t',
): Promise<{ ctx: EngineContext; info: EngineInfo }> {
  const tensor = (await import('@convkit/tensor')) as unknown as KernelBackendApi;
  const switchable = typeof tensor.setKernelBackend === 'function';
  if (id === 'convkit-js' && !switchable)
    throw new EngineUnavailable(
      '@convkit/tensor has a single kernel backend here (no setKernelBackend): the convkit column already is plain TypeScript',
    );
  if ((id === 'reference' || id === 'convkit-js') && switchable) tensor.setKernelBackend?.('js');
  let threads = 1;
  // One thread unless asked for more: @convkit/tensor defaults to every core.
  if (id !== 'convkit-2t') await tensor.setKernelThreads?.(1);
  else {
    if (tensor.setKernelThreads === undefined)
      throw new EngineUnavailable('@convkit/tensor has no thread pool here (no setKernelThreads)');
    const wanted = engineSpec(id).threads;
    threads = await tensor.setKernelThreads(wanted);
    if (threads < wanted)
      throw new EngineUnavailable(
        `setKernelThreads(${wanted}) started only ${threads} thread(s): worker threads or shared WebAssembly memory are unavailable here`,
      );
  }
  const backend = tensor.getKernelBackend?.() ?? 'js';
  const info = {
    version: packageVersion('@convkit/tensor'),
    threads,
    notes: [
      backend === 'js' ? 'plain TypeScript kernels' : `kernel backend '${backend}'`,
      ...(id === 'convkit-js' ? ["forced with setKernelBackend('js')"] : []),
      ...(id === 'convkit-2t' ? [`setKernelThreads(${threads})`] : []),
    ],
  };
  return { ctx: { engine: id }, info };
}

/** Imports and initialises the library of engine `id`; the float64 reference and convkit need none. */
export async function loadRuntime(
  id: EngineId | 'reference',
): Promise<{ ctx: EngineContext; info: EngineInfo }> {
  if (id === 'reference' || id === 'convkit' || id === 'convkit-js' || id === 'convkit-2t')
    return loadConvkit(id);
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
