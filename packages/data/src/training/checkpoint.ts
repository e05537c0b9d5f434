import { decodeSafetensors, saveSafetensors } from '@convkit/layers';
import { Tensor } from '@convkit/tensor';
import { describe } from '../internal/describe';
import type { EpochLog } from './types';

/** Early stopping's progress, saved so that a resumed run stops when the uninterrupted one would. */
export interface EarlyStoppingState {
  /** Best monitored value so far, the epoch (from 1) that reached it, and epochs since. */
  best: number;
  bestEpoch: number;
  badEpochs: number;
  /** The weights of the best epoch, kept when `restoreBest` is set. */
  bestModel: Map<string, Tensor> | null;
}

/**
 * Everything `fit` needs to continue a run exactly where it stopped: the epochs done, the
 * model's weights (copies), the optimiser's and scheduler's state dicts, the history and
 * early stopping's state. The data order needs nothing: loaders derive it from their seed
 * and the epoch.
 */
export interface Checkpoint {
  /** Completed epochs. */
  epoch: number;
  model: Map<string, Tensor>;
  optimizer: unknown;
  scheduler: unknown;
  history: EpochLog[];
  earlyStopping: EarlyStoppingState | null;
}

const METADATA_KEY = 'convkit.checkpoint';
const VERSION = 1;

/** A copy of a state dict that later training cannot change. */
export function snapshot(state: ReadonlyMap<string, Tensor>): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  for (const [name, t] of state) out.set(name, new Tensor(t.data.slice(), t.shape));
  return out;
}

type Packed = null | boolean | number | string | Packed[] | { [key: string]: Packed };

// JSON cannot hold typed arrays (optimiser buffers) or non-finite numbers (e.g. a plateau
// scheduler's initial best of Infinity); both become tagged objects, the arrays tensors.
function pack(value: unknown, tensors: Map<string, Tensor>, path: string): Packed {
  if (typeof value === 'number')
    return Number.isFinite(value) && !Object.is(value, -0) ? value : { $number: String(value) };
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (
    value instanceof Float64Array ||
    value instanceof Float32Array ||
    value instanceof Int32Array
  ) {
    const key = `array.${tensors.size}`;
    tensors.set(key, new Tensor(value.slice(), [value.length]));
    return { $array: key };
  }
  if (value instanceof Tensor) {
    const key = `array.${tensors.size}`;
    tensors.set(key, new Tensor(value.data.slice(), value.shape));
    return { $tensor: key };
  }
  if (Array.isArray(value))
    return value.map((v, i) => pack(v === undefined ? null : v, tensors, `${path}[${i}]`));
  if (
    typeof value === 'object' &&
    value !== undefined &&
    Object.getPrototypeOf(value) === Object.prototype
  ) {
    const out: { [key: string]: Packed } = {};
    for (const [k, v] of Object.entries(value))
      if (v !== undefined) out[k] = pack(v, tensors, `${path}.${k}`);
    return out;
  }
  throw new TypeError(
    `saveCheckpoint: ${path} must be JSON data, numbers, typed arrays or tensors, got ${describe(value)}`,
  );
}

function unpack(value: unknown, tensors: ReadonlyMap<string, Tensor>): unknown {
  if (Array.isArray(value)) return value.map((v) => unpack(v, tensors));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if (typeof record.$number === 'string') return Number(record.$number);
  for (const tag of ['$array', '$tensor']) {
    if (typeof record[tag] === 'string') {
      const t = tensors.get(record[tag] as string);
      if (t === undefined)
        throw new Error(
          `loadCheckpoint: the file lacks tensor '${record[tag]}' that its header names`,
        );
      return tag === '$array' ? t.data : t;
    }
  }
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unpack(v, tensors)]));
}

/**
 * Encodes a checkpoint as one safetensors file: the model's tensors under `model.`, the
 * best weights under `best.`, optimiser buffers as 1-D tensors, and the rest as JSON in the
 * `convkit.checkpoint` metadata entry. Exact: loading it resumes bit for bit.
 * @example
 * // In Node: writeFileSync('run.ckpt.safetensors', saveCheckpoint(checkpoint));
 */
export function saveCheckpoint(checkpoint: Checkpoint): Uint8Array {
  if (checkpoint === null || typeof checkpoint !== 'object' || !(checkpoint.model instanceof Map)) {
    throw new TypeError(
      `saveCheckpoint: checkpoint must be a Checkpoint from fit, got ${describe(checkpoint)}`,
    );
  }
  const tensors = new Map<string, Tensor>();
  for (const [name, t] of checkpoint.model) tensors.set(`model.${name}`, t);
  const best = checkpoint.earlyStopping?.bestModel ?? null;
  if (best !== null) for (const [name, t] of best) tensors.set(`best.${name}`, t);
  const arrays = new Map<string, Tensor>();
  const header = {
    version: VERSION,
    epoch: checkpoint.epoch,
    optimizer: pack(checkpoint.optimizer, arrays, 'optimizer'),
    scheduler: pack(checkpoint.scheduler ?? null, arrays, 'scheduler'),
    history: pack(checkpoint.history, arrays, 'history'),
    earlyStopping:
      checkpoint.earlyStopping === null
        ? null
        : pack({ ...checkpoint.earlyStopping, bestModel: best !== null }, arrays, 'earlyStopping'),
  };
  for (const [key, t] of arrays) tensors.set(key, t);
  return saveSafetensors(tensors, { [METADATA_KEY]: JSON.stringify(header) });
}

/** Decodes a file written by `saveCheckpoint`; throws on anything else. */
export function loadCheckpoint(bytes: Uint8Array | ArrayBuffer): Checkpoint {
  const { tensors, metadata } = decodeSafetensors(bytes);
  const text = metadata[METADATA_KEY];
  if (text === undefined)
    throw new Error(`loadCheckpoint: not a convkit checkpoint (no '${METADATA_KEY}' metadata)`);
  const header = JSON.parse(text) as Record<string, unknown>;
  if (header.version !== VERSION)
    throw new Error(`loadCheckpoint: version must be ${VERSION}, got ${describe(header.version)}`);
  const model = new Map<string, Tensor>();
  const best = new Map<string, Tensor>();
  for (const [key, t] of tensors) {
    if (key.startsWith('model.')) model.set(key.slice(6), t);
    else if (key.startsWith('best.')) best.set(key.slice(5), t);
  }
  const early = unpack(header.earlyStopping, tensors) as
    | (Omit<EarlyStoppingState, 'bestModel'> & { bestModel: boolean })
    | null;
  return {
    epoch: header.epoch as number,
    model,
    optimizer: unpack(header.optimizer, tensors),
    scheduler: unpack(header.scheduler, tensors),
    history: unpack(header.history, tensors) as EpochLog[],
    earlyStopping: early === null ? null : { ...early, bestModel: early.bestModel ? best : null },
  };
}
