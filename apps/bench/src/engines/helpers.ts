// Small adapters shared by the case files: one per peer library, so each case reads as
// "build inputs, describe the work, convert the outputs back".
import type * as Jax from '@jax-js/jax';
import type * as Tf from '@tensorflow/tfjs';
import type * as Ort from 'onnxruntime-node';
import { type EngineContext, NotSupported, type Outputs, type Prepared } from '../cases/types';
import { f32 } from '../internal/data';
import { encodeOnnxModel, type OnnxGraph } from './onnx-proto';

type TfTensor = Tf.Tensor;
type JaxArray = Jax.Array;

export function tfOf(ctx: EngineContext): typeof Tf {
  if (ctx.tf === undefined) throw new Error(`bench: ${ctx.engine} has no TF.js runtime`);
  return ctx.tf;
}

/** Fails with "no kernel" when the current TF.js backend lacks one of `names`. */
export function needKernels(tf: typeof Tf, names: readonly string[]): void {
  const backend = tf.getBackend();
  const missing = names.filter((name) => tf.getKernel(name, backend) === undefined);
  if (missing.length > 0)
    throw new NotSupported('no-kernel', `TF.js ${backend} has no ${missing.join(', ')} kernel`);
}

/**
 * A TF.js workload: `compute` returns the output tensors of one run (kernels run
 * synchronously on cpu and wasm, so the run is complete when it returns); `convert` turns
 * their data into convkit's layout for the check. Outputs of one run are freed before the next.
 */
export function tfPrepared(
  tf: typeof Tf,
  compute: () => TfTensor | TfTensor[],
  convert: (data: Float32Array[]) => Outputs,
  keep: TfTensor[],
): Prepared {
  let out: TfTensor[] = [];
  return {
    before() {
      tf.dispose(out);
      out = [];
    },
    run() {
      const r = compute();
      out = Array.isArray(r) ? r : [r];
    },
    output: () => convert(out.map((t) => f32(t.dataSync() as Float32Array))),
    dispose() {
      tf.dispose(out);
      tf.dispose(keep);
    },
  };
}

/** The fail-fast answer of engines that only run inference. */
export function inferenceOnly(engine: string): never {
  throw new NotSupported('n/a', `${engine} runs inference only`);
}

/** An onnxruntime session over an in-memory model, fed the same inputs every run. */
export async function ortPrepared(
  ctx: EngineContext,
  graph: OnnxGraph,
  feeds: Record<string, { data: Float32Array | BigInt64Array; shape: number[] }>,
  convert: (data: Float32Array[]) => Outputs = (d) => d,
): Promise<Prepared> {
  const ort = ctx.ort as typeof Ort;
  const session = await ort.InferenceSession.create(encodeOnnxModel(graph), ctx.ortOptions);
  const tensors: Record<string, Ort.Tensor> = {};
  for (const [name, { data, shape }] of Object.entries(feeds)) {
    tensors[name] =
      data instanceof BigInt64Array
        ? new ort.Tensor('int64', data, shape)
        : new ort.Tensor('float32', data, shape);
  }
  const names = graph.outputs.map((o) => o.name);
  let last: Ort.InferenceSession.ReturnType | null = null;
  return {
    async run() {
      last = await session.run(tensors);
    },
    output: () =>
      convert(
        names.map((n) => f32((last as Ort.InferenceSession.ReturnType)[n].data as Float32Array)),
      ),
    dispose() {
      void session.release();
    },
  };
}

/**
 * A jax-js workload: a jitted function called on fresh references to `args` (jax-js
 * consumes its arguments), waited on, and its previous outputs freed before the next run.
 */
export function jaxPrepared(
  jax: typeof Jax,
  fn: ((...args: JaxArray[]) => unknown) & { dispose?: () => void },
  args: JaxArray[],
  convert: (data: Float32Array[]) => Outputs = (d) => d,
): Prepared {
  let out: unknown = null;
  const free = () => {
    if (out !== null) jax.tree.dispose(out as Jax.JsTree<JaxArray>);
    out = null;
  };
  return {
    before: free,
    async run() {
      out = fn(...args.map((a) => a.ref));
      await jax.blockUntilReady(out as Jax.JsTree<JaxArray>);
    },
    async output() {
      const leaves = jax.tree.leaves(out as Jax.JsTree<JaxArray>) as JaxArray[];
      return convert(
        await Promise.all(leaves.map(async (a) => f32((await a.ref.data()) as Float32Array))),
      );
    },
    dispose() {
      free();
      for (const a of args) a.dispose();
      fn.dispose?.();
    },
  };
}

export function jaxOf(ctx: EngineContext): typeof Jax {
  if (ctx.jax === undefined) throw new Error(`bench: ${ctx.engine} has no jax-js runtime`);
  return ctx.jax;
}
