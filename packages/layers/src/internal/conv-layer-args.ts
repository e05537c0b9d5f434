import { describeValue, intPair, positiveInt } from './layer-args';

/** Checks the channel counts and groups of a conv layer: groups must divide both. */
export function checkChannels(
  inChannels: unknown,
  outChannels: unknown,
  groups: unknown,
  layer: string,
): void {
  const inC = positiveInt(inChannels, layer, 'inChannels');
  const outC = positiveInt(outChannels, layer, 'outChannels');
  const g = positiveInt(groups, layer, 'groups');
  if (inC % g !== 0 || outC % g !== 0) {
    throw new RangeError(
      `${layer}: groups (${g}) must divide inChannels (${inC}) and outChannels (${outC})`,
    );
  }
}

/** A non-negative integer or a pair of them. */
export function paddingPair(value: unknown, layer: string, arg: string): [number, number] {
  const ok = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  if (typeof value === 'number' && ok(value)) return [value, value];
  if (Array.isArray(value) && value.length === 2 && ok(value[0]) && ok(value[1]))
    return [value[0], value[1]];
  throw new RangeError(
    `${layer}: ${arg} must be a non-negative integer or a pair of them, got ${describeValue(value)}`,
  );
}

/** Conv padding: a non-negative integer, a pair, `'valid'` or `'same'`. */
export function convPadding(value: unknown, layer: string): [number, number] | 'valid' | 'same' {
  if (value === 'valid' || value === 'same') return value;
  if (typeof value === 'string') {
    throw new RangeError(
      `${layer}: padding must be a non-negative integer, a pair, 'valid' or 'same', got '${value}'`,
    );
  }
  return paddingPair(value, layer, 'padding');
}

/**
 * Refuses `padding: 'same'` with a stride above 1 when the layer is built (as PyTorch does),
 * rather than at its first forward pass: no padding keeps the size of a strided output.
 */
export function checkSamePadding(padding: unknown, stride: readonly number[], layer: string): void {
  if (padding === 'same' && stride.some((s) => s !== 1)) {
    const shown = stride.length === 1 ? String(stride[0]) : `[${stride.join(', ')}]`;
    throw new RangeError(`${layer}: padding 'same' needs stride 1, got stride ${shown}`);
  }
}

export { intPair, positiveInt };

/**
 * Checks a conv layer's input: batched ([N, C, …spatial]) or unbatched ([C, …spatial]) with
 * `inChannels` channels. `layout` names the batched dimensions, e.g. `[N, C, H, W]`.
 */
export function checkConvInput(
  x: { rank: number; shape: readonly number[] },
  spatialDims: number,
  inChannels: number,
  layer: string,
  layout: string,
): void {
  const rank = spatialDims + 2;
  if (x.rank !== rank && x.rank !== rank - 1) {
    throw new RangeError(
      `${layer}: expected a ${rank}-d input ${layout} (or ${rank - 1}-d unbatched), got shape [${x.shape.join(', ')}]`,
    );
  }
  const channels = x.shape[x.rank - spatialDims - 1];
  if (channels !== inChannels) {
    throw new RangeError(`${layer}: expected input with ${inChannels} channels, got ${channels}`);
  }
}
