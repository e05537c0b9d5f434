import { Tensor } from '@convkit/tensor';
import { describe } from './describe';

/** A `[name, tensor]` pair, as `module.namedParameters()` yields. */
export type NamedParameter = readonly [string, Tensor];

/** Parameters as a flat list: tensors, or `[name, tensor]` pairs. */
export type ParamList = Iterable<Tensor> | Iterable<NamedParameter>;

/** One parsed group: its tensors, their names (null when unnamed) and its option overrides. */
export interface ParsedGroup {
  params: Tensor[];
  names: string[] | null;
  overrides: Record<string, unknown>;
  /** How errors refer to this group, e.g. `params[1]`. */
  path: string;
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    !(value instanceof Tensor) &&
    typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function'
  );
}

function isGroup(value: unknown): value is { params: unknown } {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof Tensor) &&
    'params' in value
  );
}

const PARAMS_EXPECTED =
  'an iterable of Tensors, of [name, Tensor] pairs or of parameter groups { params, ...options }';

/**
 * Splits an optimiser's `params` argument into groups. Accepts tensors, `[name, tensor]`
 * pairs or groups; within one call all groups are named or all unnamed, so state keys are
 * either all names or all indices.
 */
export function parseParams(input: unknown, where: string): ParsedGroup[] {
  if (!isIterable(input))
    throw new TypeError(`${where}: params must be ${PARAMS_EXPECTED}, got ${describe(input)}`);
  const items = [...input];
  if (items.length === 0) {
    throw new RangeError(`${where}: params must hold at least one tensor, got an empty list`);
  }
  if (!isGroup(items[0])) return [parseGroup({ params: items }, where, 'params', false)];
  return items.map((item, g) => {
    if (!isGroup(item)) {
      throw new TypeError(
        `${where}: params[${g}] must be a parameter group { params, ...options } like params[0], got ${describe(item)}`,
      );
    }
    return parseGroup(item, where, `params[${g}]`, true);
  });
}

/** Parses one `{ params, ...overrides }` group; `nested` says whether its list sits under `.params`. */
export function parseGroup(
  group: unknown,
  where: string,
  path: string,
  nested: boolean,
): ParsedGroup {
  if (!isGroup(group)) {
    throw new TypeError(
      `${where}: ${path} must be a parameter group { params, ...options }, got ${describe(group)}`,
    );
  }
  const listPath = nested ? `${path}.params` : path;
  const { params: list, ...overrides } = group as { params: unknown } & Record<string, unknown>;
  if (!isIterable(list))
    throw new TypeError(`${where}: ${listPath} must be ${PARAMS_EXPECTED}, got ${describe(list)}`);
  const params: Tensor[] = [];
  const names: string[] = [];
  let named: boolean | null = null;
  let i = 0;
  for (const item of list) {
    const itemPath = `${listPath}[${i}]`;
    const isPair = Array.isArray(item) && item.length === 2 && typeof item[0] === 'string';
    if (named === null) named = isPair;
    if (isPair !== named) {
      const expected = named ? 'a [name, Tensor] pair like the others' : 'a Tensor like the others';
      throw new TypeError(`${where}: ${itemPath} must be ${expected}, got ${describe(item)}`);
    }
    const tensor = isPair ? (item as unknown[])[1] : item;
    checkParamTensor(tensor, where, isPair ? `${listPath}['${(item as unknown[])[0]}']` : itemPath);
    params.push(tensor as Tensor);
    if (isPair) names.push((item as unknown[])[0] as string);
    i++;
  }
  return { params, names: named ? names : null, overrides, path };
}

function checkParamTensor(value: unknown, where: string, path: string): void {
  if (!(value instanceof Tensor))
    throw new TypeError(`${where}: ${path} must be a Tensor, got ${describe(value)}`);
  if (value.dtype === 'int32') {
    throw new TypeError(`${where}: ${path} must be a float32 or float64 tensor, got int32`);
  }
  if (!value.isLeaf) {
    throw new TypeError(
      `${where}: ${path} must be a leaf tensor (not computed by an op), got the output of '${value.gradNode?.op}'`,
    );
  }
}

/** The tensors of `params` (a tensor, tensors, or `[name, tensor]` pairs), checked. */
export function tensorList(params: unknown, where: string): Tensor[] {
  if (params instanceof Tensor) return [params];
  if (!isIterable(params)) {
    throw new TypeError(
      `${where}: params must be a Tensor, an iterable of Tensors or of [name, Tensor] pairs, got ${describe(params)}`,
    );
  }
  const out: Tensor[] = [];
  let i = 0;
  for (const item of params) {
    const t =
      Array.isArray(item) && item.length === 2 && typeof item[0] === 'string' ? item[1] : item;
    if (!(t instanceof Tensor))
      throw new TypeError(`${where}: params[${i}] must be a Tensor, got ${describe(item)}`);
    out.push(t);
    i++;
  }
  return out;
}
