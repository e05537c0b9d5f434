import { defineOp } from '../autograd/define-op';
import { allocate, type TypedArray } from '../dtype';
import { expectTensor } from '../internal/operands';
import { describe, type Shape, sizeOf, stridesOf } from '../shape';
import { Tensor } from '../tensor';

export type PadMode = 'constant' | 'reflect' | 'replicate';
export interface PadOptions {
  /** How to fill the border (default 'constant'). */
  mode?: PadMode;
  /** Fill value for 'constant' mode (default 0). */
  value?: number;
}

const MODES: readonly PadMode[] = ['constant', 'reflect', 'replicate'];

const padOp = defineOp({
  name: 'pad',
  forward(x: Tensor, sources: readonly Int32Array[], shape: Shape, value: number) {
    const out = allocate(x.dtype, sizeOf(shape));
    transferPadded(out, x.data, sources, shape, value, false);
    return { out: new Tensor(out, shape), saved: { sources, inputShape: x.shape } };
  },
  backward(dOut, { sources, inputShape }) {
    // Every output element that copied an input element sends its gradient back there;
    // with reflect/replicate several do, so they add up. Constant fill gets none.
    const grad = allocate(dOut.dtype, sizeOf(inputShape));
    transferPadded(dOut.data, grad, sources, dOut.shape, 0, true);
    return [new Tensor(grad, inputShape)];
  },
});

/**
 * Moves data between the padded tensor (`padded`, shape `shape`) and its source. Along
 * dimension d, output index i reads the source at offset `sources[d][i]` (already scaled
 * by the source stride), or takes `value` where that is -1. Forward gathers into
 * `padded`; with `accumulate`, the gradient flows back and adds into `source`. The walk is
 * an odometer over the rows of `shape`, keeping the row's base offset and how many of its
 * outer indices fall in the constant border.
 */
function transferPadded(
  padded: TypedArray,
  source: TypedArray,
  sources: readonly Int32Array[],
  shape: Shape,
  value: number,
  accumulate: boolean,
): void {
  if (padded.length === 0) return;
  const rank = shape.length;
  const inner = shape[rank - 1];
  const last = sources[rank - 1];
  const index = new Array<number>(rank).fill(0);
  let base = 0;
  let outside = 0;
  for (let d = 0; d < rank - 1; d++) {
    if (sources[d][0] < 0) outside++;
    else base += sources[d][0];
  }
  for (let o = 0; o < padded.length; o += inner) {
    if (outside === 0) {
      if (accumulate) {
        for (let i = 0; i < inner; i++) if (last[i] >= 0) source[base + last[i]] += padded[o + i];
      } else {
        for (let i = 0; i < inner; i++)
          padded[o + i] = last[i] >= 0 ? source[base + last[i]] : value;
      }
    } else if (!accumulate) {
      padded.fill(value, o, o + inner);
    }
    for (let d = rank - 2; d >= 0; d--) {
      const table = sources[d];
      if (table[index[d]] < 0) outside--;
      else base -= table[index[d]];
      index[d] = index[d] + 1 === shape[d] ? 0 : index[d] + 1;
      if (table[index[d]] < 0) outside++;
      else base += table[index[d]];
      if (index[d] !== 0) break;
    }
  }
}

/** Source offset of each output index along one dimension (-1: constant border). */
function sourceOffsets(
  size: number,
  before: number,
  after: number,
  stride: number,
  mode: PadMode,
): Int32Array {
  const table = new Int32Array(size + before + after);
  for (let i = 0; i < table.length; i++) {
    let j = i - before;
    if (j < 0 || j >= size) {
      if (mode === 'constant') {
        table[i] = -1;
        continue;
      }
      // Reflect mirrors about the edge element without repeating it (padding < size makes
      // one reflection enough); replicate repeats the edge element.
      if (mode === 'reflect') j = j < 0 ? -j : 2 * (size - 1) - j;
      else j = j < 0 ? 0 : size - 1;
    }
    table[i] = j * stride;
  }
  return table;
}

/**
 * Pads `x` with PyTorch's `F.pad` semantics. `padding` lists `[before, after]` pairs from
 * the last dimension backwards: `[left, right]` pads the last dimension, `[left, right,
 * top, bottom]` the last two, and so on (even length, at most 2·rank). Each padded
 * dimension grows from `n` to `before + n + after`.
 * - 'constant' fills with `value` (default 0); negative padding crops, as in PyTorch.
 * - 'reflect' mirrors without repeating the edge (`[1, 2, 3]` → `3 2 | 1 2 3 | 2 1`) and
 *   needs padding < size.
 * - 'replicate' repeats the edge element and needs size ≥ 1.
 *
 * Unlike PyTorch, reflect and replicate work on any number of trailing dimensions.
 * @example
 * pad(tensor([[1, 2], [3, 4]]), [1, 0]);                // [[0, 1, 2], [0, 3, 4]]
 * pad(tensor([1, 2, 3]), [2, 1], { mode: 'reflect' }); // [3, 2, 1, 2, 3, 2]
 * pad(x, [1, 1, 1, 1], { mode: 'replicate' });         // NCHW: pads H and W
 */
export function pad(x: Tensor, padding: readonly number[], options: PadOptions = {}): Tensor {
  expectTensor(x, 'pad', 'x');
  const mode = options.mode ?? 'constant';
  if (!MODES.includes(mode)) {
    throw new TypeError(
      `pad: mode must be one of ${MODES.map((m) => `'${m}'`).join(', ')}, got ${describe(mode)}`,
    );
  }
  if (options.value !== undefined && mode !== 'constant') {
    throw new TypeError(
      `pad: value must be omitted in '${mode}' mode (it only applies to 'constant'), got ${describe(options.value)}`,
    );
  }
  const value = options.value ?? 0;
  if (typeof value !== 'number')
    throw new TypeError(`pad: value must be a number, got ${describe(value)}`);
  if (!Array.isArray(padding) || !padding.every((p) => Number.isInteger(p))) {
    throw new TypeError(`pad: padding must be an array of integers, got ${describe(padding)}`);
  }
  const rank = x.rank;
  if (padding.length % 2 !== 0 || padding.length > 2 * rank) {
    throw new RangeError(
      `pad: padding must have an even length of at most ${2 * rank} (a [before, after] pair per dimension, ` +
        `last dimension first, for a tensor of rank ${rank}), got ${describe(padding)}`,
    );
  }
  if (padding.every((p) => p === 0)) return x;
  const strides = stridesOf(x.shape);
  const shape: number[] = [];
  const sources: Int32Array[] = [];
  for (let d = 0; d < rank; d++) {
    const k = rank - 1 - d;
    const before = 2 * k < padding.length ? padding[2 * k] : 0;
    const after = 2 * k < padding.length ? padding[2 * k + 1] : 0;
    checkDimPadding(x.shape[d], d, before, after, mode);
    shape.push(x.shape[d] + before + after);
    sources.push(sourceOffsets(x.shape[d], before, after, strides[d], mode));
  }
  return padOp(x, sources, shape, value);
}

function checkDimPadding(
  size: number,
  dim: number,
  before: number,
  after: number,
  mode: PadMode,
): void {
  const pair = `[${before}, ${after}]`;
  if (mode === 'constant') {
    if (size + before + after < 0) {
      throw new RangeError(
        `pad: padding ${pair} of dimension ${dim} must leave a non-negative size, got ${size} + ${before} + ${after} = ${size + before + after}`,
      );
    }
    return;
  }
  if (before < 0 || after < 0) {
    throw new RangeError(
      `pad: padding of dimension ${dim} must be non-negative in '${mode}' mode, got ${pair}`,
    );
  }
  if (mode === 'reflect' && (before >= size || after >= size) && before + after > 0) {
    throw new RangeError(
      `pad: padding of dimension ${dim} must be less than its size ${size} in 'reflect' mode, got ${pair}`,
    );
  }
  if (mode === 'replicate' && size === 0 && before + after > 0) {
    throw new RangeError(
      `pad: dimension ${dim} must have size ≥ 1 to pad in 'replicate' mode, got size 0 and padding ${pair}`,
    );
  }
}
