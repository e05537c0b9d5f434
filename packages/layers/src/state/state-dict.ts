import { formatShape, Tensor } from '@convkit/tensor';
import { sameShape } from '../internal/layer-args';
import { StateDictError } from './errors';

/** Named tensors in a fixed order: parameters and persistent buffers, by dotted name. */
export type StateDict = Map<string, Tensor>;

/** What loaders accept: a `Map` (e.g. from `loadSafetensors`) or a plain record. */
export type StateDictLike = ReadonlyMap<string, Tensor> | Readonly<Record<string, Tensor>>;

export interface LoadStateDictOptions {
  /**
   * Require the keys to match exactly (default true). When false, missing and unexpected
   * keys are reported in the result instead; shapes and dtypes are always checked.
   */
  strict?: boolean;
}

export interface LoadStateDictResult {
  /** The module's keys the state did not have (only possible when `strict` is false). */
  missingKeys: string[];
  /** The state's keys the module does not have (only possible when `strict` is false). */
  unexpectedKeys: string[];
}

/** The entries of a state dict, checking that it is a Map or record of tensors. */
export function stateEntries(state: unknown, op: string): [string, Tensor][] {
  let entries: [string, unknown][];
  if (state instanceof Map) entries = [...state.entries()];
  else if (
    state !== null &&
    typeof state === 'object' &&
    !Array.isArray(state) &&
    !(state instanceof Tensor)
  ) {
    entries = Object.entries(state);
  } else {
    throw new TypeError(
      `${op}: state must be a Map or a record of name → Tensor, got ${typeof state}`,
    );
  }
  const bad = entries.filter(
    ([key, value]) => typeof key !== 'string' || !(value instanceof Tensor),
  );
  if (bad.length > 0) {
    const keys = bad.map(([key]) => String(key));
    throw new StateDictError(
      `${op}: values must be Tensors; not a Tensor: ${quoteList(keys)}`,
      keys,
    );
  }
  return entries as [string, Tensor][];
}

/**
 * Checks `state` against a module's `targets` and returns the copies to make, throwing a
 * StateDictError that names every offending key before anything is modified.
 */
export function planStateLoad(
  targets: ReadonlyMap<string, Tensor>,
  state: unknown,
  options: LoadStateDictOptions,
): { copies: [Tensor, Tensor][]; result: LoadStateDictResult } {
  const op = 'loadStateDict';
  const strict = options?.strict ?? true;
  if (typeof strict !== 'boolean') {
    throw new TypeError(`${op}: strict must be a boolean, got ${typeof strict}`);
  }
  const entries = new Map(stateEntries(state, op));
  const missingKeys = [...targets.keys()].filter((key) => !entries.has(key));
  const unexpectedKeys = [...entries.keys()].filter((key) => !targets.has(key));
  const problems: string[] = [];
  const problemKeys: string[] = [];
  const copies: [Tensor, Tensor][] = [];
  for (const [key, target] of targets) {
    const source = entries.get(key);
    if (source === undefined) continue;
    if (!sameShape(source.shape, target.shape)) {
      problems.push(
        `shape mismatch for '${key}': expected ${formatShape(target.shape)}, got ${formatShape(source.shape)}`,
      );
      problemKeys.push(key);
    } else if (source.dtype !== target.dtype) {
      problems.push(`dtype mismatch for '${key}': expected ${target.dtype}, got ${source.dtype}`);
      problemKeys.push(key);
    } else {
      copies.push([target, source]);
    }
  }
  if (strict && missingKeys.length > 0) problems.push(`missing keys ${quoteList(missingKeys)}`);
  if (strict && unexpectedKeys.length > 0)
    problems.push(`unexpected keys ${quoteList(unexpectedKeys)}`);
  if (problems.length > 0) {
    const keys = [...problemKeys, ...(strict ? [...missingKeys, ...unexpectedKeys] : [])];
    throw new StateDictError(`${op}: ${problems.join('; ')}`, keys);
  }
  return { copies, result: { missingKeys, unexpectedKeys } };
}

/** Copies every planned source into its target in place (tensors keep their identity). */
export function applyStateLoad(copies: readonly [Tensor, Tensor][]): void {
  for (const [target, source] of copies) target.data.set(source.data);
}

export function quoteList(keys: readonly string[], limit = 10): string {
  const shown = keys.slice(0, limit).map((k) => `'${k}'`);
  return keys.length > limit
    ? `${shown.join(', ')} and ${keys.length - limit} more`
    : shown.join(', ');
}
