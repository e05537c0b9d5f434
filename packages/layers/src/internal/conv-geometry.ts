import { formatShape, type Shape, Tensor } from '@convkit/tensor';

/** How the border of the input is filled when padding a convolution. */
export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

export const PADDING_MODES: readonly PaddingMode[] = ['zeros', 'reflect', 'replicate', 'circular'];

/**
 * Everything a convolution kernel needs, for NCHW data in flat row-major arrays. A 1-D
 * convolution is the 2-D one with `h = kH = outH = 1`. Padding is implicit (zeros); only
 * the top/left amounts are needed because `outH`/`outW` fix where the windows end.
 */
export interface ConvGeometry {
  n: number;
  c: number;
  h: number;
  w: number;
  outC: number;
  kH: number;
  kW: number;
  groups: number;
  strideH: number;
  strideW: number;
  dilationH: number;
  dilationW: number;
  padTop: number;
  padLeft: number;
  outH: number;
  outW: number;
}

/** A short description of any value for error messages. */
export function describe(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  if (typeof value === 'string') return `'${value}'`;
  if (value instanceof Tensor) return `tensor of shape ${formatShape(value.shape)}`;
  return String(value);
}

/** Checks a tensor argument. */
export function expectTensor(value: unknown, op: string, arg: string): Tensor {
  if (value instanceof Tensor) return value;
  throw new TypeError(`${op}: ${arg} must be a Tensor, got ${describe(value)}`);
}

/** Checks that a tensor holds floats; int32 data has no gradient and no conv kernel. */
export function expectFloat(t: Tensor, op: string, arg: string): void {
  if (t.dtype === 'int32') {
    throw new TypeError(`${op}: ${arg} must be float32 or float64, got int32`);
  }
}

/** Checks that `t` has the dtype of the input; float32 and float64 never mix silently. */
export function expectSameDType(t: Tensor, like: Tensor, op: string, arg: string): void {
  if (t.dtype !== like.dtype) {
    throw new TypeError(
      `${op}: ${arg} must have the input's dtype ${like.dtype}, got ${t.dtype}; cast one with .to()`,
    );
  }
}

/**
 * Reads an integer (or a pair, when `dims` is 2) that is at least `min`, as [h, w]. For
 * 1-D ops (`dims` 1) the height entry is `fill`, the neutral value of the setting.
 */
export function spatialInts(
  value: unknown,
  op: string,
  arg: string,
  min: number,
  dims: 1 | 2,
  fill: number,
): [number, number] {
  const ok = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= min;
  if (ok(value)) return dims === 2 ? [value, value] : [fill, value];
  if (Array.isArray(value) && value.length === dims && value.every(ok)) {
    return dims === 2 ? [value[0], value[1]] : [fill, value[0]];
  }
  const what = min > 0 ? 'a positive integer' : 'a non-negative integer';
  const expected = dims === 2 ? `${what} or a pair of them` : what;
  throw new RangeError(`${op}: ${arg} must be ${expected}, got ${describe(value)}`);
}

/** Checks a positive integer option such as `groups`. */
export function positiveInt(value: unknown, op: string, arg: string): number {
  if (Number.isInteger(value) && (value as number) > 0) return value as number;
  throw new RangeError(`${op}: ${arg} must be a positive integer, got ${describe(value)}`);
}

/**
 * Output length of a sliding window (PyTorch's formula):
 * ⌊(size + padBefore + padAfter − dilation·(kernel − 1) − 1) / stride⌋ + 1.
 */
export function convOutputSize(
  size: number,
  kernel: number,
  stride: number,
  padBefore: number,
  padAfter: number,
  dilation: number,
): number {
  return Math.floor((size + padBefore + padAfter - dilation * (kernel - 1) - 1) / stride) + 1;
}

/**
 * PyTorch's `padding='same'`: the total `dilation·(kernel − 1)` split with the smaller half
 * before and the larger after, so even kernels pad one more at the bottom/right (this is
 * also TensorFlow's SAME for stride 1).
 */
export function samePadding(kernel: number, dilation: number): [number, number] {
  const total = dilation * (kernel - 1);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/**
 * Pooling output length (PyTorch's `pooling_output_shape`): with `ceilMode` the division
 * rounds up, but the last window must still start inside the input or the left padding.
 */
export function poolOutputSize(
  size: number,
  kernel: number,
  stride: number,
  pad: number,
  dilation: number,
  ceilMode: boolean,
): number {
  const span = size + 2 * pad - dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0);
  let out = Math.floor(span / stride) + 1;
  if (ceilMode && (out - 1) * stride >= size + pad) out--;
  return out;
}

/**
 * The output rows `[lo, hi)` whose window tap at `offset` (= tap·dilation − padBefore)
 * lands inside an input of length `size`: `0 ≤ o·stride + offset < size`.
 */
export function validRange(
  offset: number,
  stride: number,
  size: number,
  outSize: number,
): [number, number] {
  const lo = offset >= 0 ? 0 : Math.ceil(-offset / stride);
  const hi = Math.min(outSize, Math.floor((size - 1 - offset) / stride) + 1);
  return [Math.min(lo, outSize), Math.max(hi, Math.min(lo, outSize))];
}

/** The spatial part of a shape as text for errors, e.g. `[3, 3]`, or `[5]` for 1-D ops. */
export function spatialText(h: number, w: number, dims: 1 | 2): string {
  return dims === 2 ? formatShape([h, w]) : formatShape([w]);
}

/** `shape` with a leading batch dimension dropped again for unbatched input. */
export function unbatch(shape: Shape, batched: boolean): number[] {
  return batched ? [...shape] : shape.slice(1);
}
