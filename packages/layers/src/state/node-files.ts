// Node-only file helpers. They reach `node:fs/promises` through a dynamic import inside each
// function, so importing @convkit/layers never loads a Node built-in: browser bundles stay
// valid (the magic comments keep webpack and Vite from trying to bundle the module) and only
// a call to these functions outside Node fails, with a message saying what to use instead.
import { Module } from '../module';
import { loadSafetensors, saveSafetensors } from './safetensors';
import type { LoadStateDictOptions, LoadStateDictResult, StateDictLike } from './state-dict';

export interface SaveModelOptions {
  /** String key/values stored in the file's `__metadata__`. */
  metadata?: Record<string, string>;
}

type FsPromises = typeof import('node:fs/promises');

async function nodeFs(op: string): Promise<FsPromises> {
  try {
    return await import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:fs/promises');
  } catch {
    throw new Error(
      `${op}: file access needs Node.js (node:fs/promises); in a browser use saveSafetensors/loadSafetensors on bytes`,
    );
  }
}

function directoryOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut < 0 ? '.' : cut === 0 ? path.slice(0, 1) : path.slice(0, cut);
}

/**
 * Writes a model's state dict (or any named tensors) to `path` as a safetensors file,
 * atomically: the bytes go to a new temporary file in the same directory, are flushed to disk
 * (fsync), and the file is renamed over `path`, so a crash leaves either the old file or the
 * complete new one, never a torn one. Node only.
 * @example
 * await saveModel(model, 'checkpoints/lenet.safetensors', { metadata: { epoch: '5' } });
 */
export async function saveModel(
  model: Module | StateDictLike,
  path: string,
  options: SaveModelOptions = {},
): Promise<void> {
  if (typeof path !== 'string' || path === '')
    throw new TypeError(`saveModel: path must be a non-empty string, got ${String(path)}`);
  const state = model instanceof Module ? model.stateDict() : model;
  const bytes = saveSafetensors(state, options.metadata);
  const fs = await nodeFs('saveModel');
  const temp = `${path}.${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}.tmp`;
  try {
    const handle = await fs.open(temp, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, path);
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  // Make the rename itself durable; not every platform can fsync a directory (Windows).
  try {
    const dir = await fs.open(directoryOf(path), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // best effort
  }
}

/**
 * Reads a safetensors file into `model` with `loadStateDict`: a corrupt file throws a
 * `SafetensorsError`, a mismatched one a `StateDictError`, and either way the model is left
 * untouched. Node only.
 * @example
 * await loadModel(model, 'checkpoints/lenet.safetensors');
 */
export async function loadModel(
  model: Module,
  path: string,
  options: LoadStateDictOptions = {},
): Promise<LoadStateDictResult> {
  if (!(model instanceof Module)) throw new TypeError('loadModel: model must be a Module');
  const fs = await nodeFs('loadModel');
  const bytes = await fs.readFile(path);
  return model.loadStateDict(
    loadSafetensors(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
    options,
  );
}
