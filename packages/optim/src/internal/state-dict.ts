import type { Tensor } from '@convkit/tensor';
import { describe } from './describe';

type StateValue = Float64Array | number | null;

/**
 * One parameter's saved state: `step` and the optimiser's buffers. Buffers load from any
 * array of numbers (Float64Array from `stateDict()`, or plain arrays after JSON).
 */
export type StateDictEntry = Record<string, Float64Array | readonly number[] | number | null>;

/** The saved form of an optimiser: per-parameter state by key, and each group's options and parameter keys. */
export interface OptimizerStateDict<O = Record<string, unknown>> {
  state: Record<string, StateDictEntry>;
  paramGroups: Array<O & { params: string[]; initialLr?: number }>;
}

interface Group {
  readonly params: readonly Tensor[];
}

/** Deep-copies the live state into a state dict. */
export function exportState(
  groups: readonly Group[],
  records: ReadonlyMap<Tensor, { step: number; state: Record<string, StateValue> }>,
  keys: ReadonlyMap<Tensor, string>,
): OptimizerStateDict<never> {
  const state: Record<string, StateDictEntry> = {};
  const paramGroups = groups.map((group) => {
    const saved: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(group)) {
      if (key !== 'params') saved[key] = Array.isArray(value) ? [...value] : value;
    }
    saved.params = group.params.map((p) => keys.get(p) as string);
    for (const param of group.params) {
      const record = records.get(param);
      if (record === undefined) continue;
      const entry: StateDictEntry = { step: record.step };
      for (const [name, value] of Object.entries(record.state))
        entry[name] = value instanceof Float64Array ? value.slice() : value;
      state[keys.get(param) as string] = entry;
    }
    return saved;
  });
  return { state, paramGroups } as OptimizerStateDict<never>;
}

interface ImportHooks {
  validateOptions(options: Record<string, unknown>, path: string): void;
  initState(param: Tensor, options: Record<string, unknown>): Record<string, StateValue>;
}

/** Validates a state dict against the live groups and returns copies ready to install. */
export function importState(
  dict: unknown,
  groups: readonly Group[],
  keys: ReadonlyMap<Tensor, string>,
  where: string,
  hooks: ImportHooks,
): {
  options: Array<Record<string, unknown>>;
  records: Map<Tensor, { step: number; state: Record<string, StateValue> }>;
} {
  const fail = (path: string, expected: string, actual: unknown): never => {
    throw new RangeError(`${where}: ${path} must be ${expected}, got ${describe(actual)}`);
  };
  if (dict === null || typeof dict !== 'object')
    fail('stateDict', 'an object { state, paramGroups }', dict);
  const { state, paramGroups } = dict as { state: unknown; paramGroups: unknown };
  if (!Array.isArray(paramGroups)) fail('stateDict.paramGroups', 'an array', paramGroups);
  if (state === null || typeof state !== 'object' || Array.isArray(state))
    fail('stateDict.state', 'an object', state);
  const savedGroups = paramGroups as unknown[];
  if (savedGroups.length !== groups.length) {
    fail(
      'stateDict.paramGroups',
      `${groups.length} groups like this optimiser's`,
      `${savedGroups.length} groups`,
    );
  }
  const byKey = new Map<string, { param: Tensor; group: number }>();
  const options = savedGroups.map((saved, g) => {
    const path = `paramGroups[${g}]`;
    if (saved === null || typeof saved !== 'object') fail(path, 'an object', saved);
    const { params, ...rest } = saved as { params: unknown } & Record<string, unknown>;
    const expected = groups[g].params.map((p) => keys.get(p) as string);
    const same =
      Array.isArray(params) &&
      params.length === expected.length &&
      params.every((k, i) => k === expected[i]);
    if (!same)
      fail(
        `${path}.params`,
        `[${expected.map((k) => `'${k}'`).join(', ')}] like this optimiser's`,
        params,
      );
    hooks.validateOptions(rest, `${path}.`);
    groups[g].params.forEach((param, i) => {
      byKey.set(expected[i], { param, group: g });
    });
    const copy: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(rest))
      copy[key] = Array.isArray(value) ? [...value] : value;
    return copy;
  });
  const records = new Map<Tensor, { step: number; state: Record<string, StateValue> }>();
  for (const [key, entry] of Object.entries(state as Record<string, unknown>)) {
    const path = `state['${key}']`;
    const target = byKey.get(key);
    if (target === undefined)
      fail(path, 'the state of a parameter of this optimiser', `unknown key '${key}'`);
    const { param, group } = target as { param: Tensor; group: number };
    if (entry === null || typeof entry !== 'object') fail(path, 'an object', entry);
    const saved = entry as Record<string, unknown>;
    const step = saved.step;
    if (!Number.isInteger(step) || (step as number) < 0)
      fail(`${path}.step`, 'a non-negative integer', step);
    const template = hooks.initState(param, options[group]);
    const names = Object.keys(template);
    for (const name of Object.keys(saved)) {
      if (name !== 'step' && !(name in template))
        fail(`${path}.${name}`, `absent (buffers are ${names.join(', ')})`, saved[name]);
    }
    const restored: Record<string, StateValue> = {};
    for (const name of names)
      restored[name] = readValue(saved[name], template[name], param.size, `${path}.${name}`, fail);
    records.set(param, { step: step as number, state: restored });
  }
  return { options, records };
}

function readValue(
  value: unknown,
  template: StateValue,
  size: number,
  path: string,
  fail: (path: string, expected: string, actual: unknown) => never,
): StateValue {
  if (typeof template === 'number')
    return typeof value === 'number' ? value : fail(path, 'a number', value);
  if (value === null && template === null) return null;
  const expected = `an array of ${size} numbers${template === null ? ' or null' : ''}`;
  const isArrayLike =
    Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
  if (!isArrayLike || (value as ArrayLike<number>).length !== size)
    return fail(path, expected, value);
  const arr = value as ArrayLike<unknown>;
  for (let i = 0; i < size; i++)
    if (typeof arr[i] !== 'number') return fail(`${path}[${i}]`, 'a number', arr[i]);
  return Float64Array.from(value as ArrayLike<number>);
}
