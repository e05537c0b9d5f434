import { type DType, formatShape, type Shape, Tensor, type TypedArray } from '@convkit/tensor';

/** A short description of any value for error messages. */
export function describeValue(value: unknown): string {
  if (value instanceof Tensor) return `tensor of shape ${formatShape(value.shape)}`;
  if (Array.isArray(value)) return `[${value.map(describeValue).join(', ')}]`;
  if (typeof value === 'string') return `'${value}'`;
  if (value !== null && typeof value === 'object') return 'an object';
  return String(value);
}

/** Checks a tensor argument. */
export function expectTensor(value: unknown, op: string, arg: string): Tensor {
  if (value instanceof Tensor) return value;
  throw new TypeError(`${op}: ${arg} must be a Tensor, got ${describeValue(value)}`);
}

/** Checks a float32/float64 tensor argument. */
export function expectFloat(value: unknown, op: string, arg: string): Tensor {
  const t = expectTensor(value, op, arg);
  if (t.dtype === 'int32') {
    throw new TypeError(`${op}: ${arg} must be a float32 or float64 tensor, got int32`);
  }
  return t;
}

/** Checks an optional float tensor that must share `like`'s dtype and have `shape`. */
export function expectParam(
  value: Tensor | null | undefined,
  like: Tensor,
  shape: Shape,
  op: string,
  arg: string,
): Tensor | null {
  if (value === null || value === undefined) return null;
  const t = expectFloat(value, op, arg);
  if (!sameShape(t.shape, shape)) {
    throw new RangeError(
      `${op}: ${arg} must have shape ${formatShape(shape)}, got ${formatShape(t.shape)}`,
    );
  }
  expectSameDType(like, t, op, arg);
  return t;
}

/** Float32 and float64 never mix silently (the tensor package's rule), so say which to cast. */
export function expectSameDType(x: Tensor, other: Tensor, op: string, arg: string): void {
  if (x.dtype !== other.dtype) {
    throw new TypeError(`${op}: ${arg} must have the input's dtype ${x.dtype}, got ${other.dtype}`);
  }
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Checks that `x` has exactly `rank` dimensions; `layout` names them (e.g. `[N, C, H, W]`). */
export function expectRank(x: Tensor, rank: number, op: string, layout: string): void {
  if (x.rank !== rank) {
    throw new RangeError(
      `${op}: expected a ${rank}-d input ${layout}, got shape ${formatShape(x.shape)}`,
    );
  }
}

export function positiveInt(value: unknown, op: string, arg: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new RangeError(`${op}: ${arg} must be a positive integer, got ${describeValue(value)}`);
  }
  return value;
}

export function finiteNumber(value: unknown, op: string, arg: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${op}: ${arg} must be a finite number, got ${describeValue(value)}`);
  }
  return value;
}

/** A number in [min, max] (both inclusive). */
export function numberIn(
  value: unknown,
  min: number,
  max: number,
  op: string,
  arg: string,
): number {
  if (typeof value !== 'number' || !(value >= min && value <= max)) {
    throw new RangeError(
      `${op}: ${arg} must be a number in [${min}, ${max}], got ${describeValue(value)}`,
    );
  }
  return value;
}

/** A positive integer or a pair of them, as `[height, width]`. */
export function intPair(value: unknown, op: string, arg: string): [number, number] {
  if (Array.isArray(value) && value.length === 2) {
    return [positiveInt(value[0], op, arg), positiveInt(value[1], op, arg)];
  }
  if (typeof value === 'number') {
    const v = positiveInt(value, op, arg);
    return [v, v];
  }
  throw new RangeError(
    `${op}: ${arg} must be a positive integer or a pair of them, got ${describeValue(value)}`,
  );
}

export function oneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  op: string,
  arg: string,
): T {
  if (!allowed.includes(value as T)) {
    throw new RangeError(
      `${op}: ${arg} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describeValue(value)}`,
    );
  }
  return value as T;
}

/** Zeroed storage of `size` elements for a float or int dtype. */
export function allocate(dtype: DType, size: number): TypedArray {
  if (dtype === 'float64') return new Float64Array(size);
  if (dtype === 'int32') return new Int32Array(size);
  return new Float32Array(size);
}

export function sizeOfShape(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
