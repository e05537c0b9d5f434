import { type FloatDType, Tensor } from '@convkit/tensor';

/** Zeroed storage for `size` elements of a float dtype. */
export function allocate(dtype: string, size: number): Float32Array | Float64Array {
  return dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
}

/** A short description of any value for error messages: `3`, `'same'`, `[1, 2]`, `a Tensor`. */
export function describeValue(value: unknown): string {
  if (value instanceof Tensor) return `a ${value.dtype} Tensor [${value.shape.join(', ')}]`;
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(describeValue).join(', ')}]`;
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** `t` as a float tensor, or a TypeError naming the op and argument. */
export function expectFloat(t: unknown, op: string, arg: string): Tensor {
  if (!(t instanceof Tensor) || (t.dtype !== 'float32' && t.dtype !== 'float64')) {
    throw new TypeError(
      `${op}: ${arg} must be a float32 or float64 Tensor, got ${describeValue(t)}`,
    );
  }
  return t;
}

/** Both tensors share one float dtype; convkit never mixes float32 and float64 silently. */
export function expectSameDType(x: Tensor, t: Tensor, op: string, arg: string): void {
  if (t.dtype !== x.dtype) {
    throw new TypeError(`${op}: ${arg} must be ${x.dtype} like x, got ${t.dtype}`);
  }
}

/** A positive integer, or a RangeError naming the layer and argument. */
export function positiveInt(value: unknown, where: string, arg: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new RangeError(
      `${where}: ${arg} must be a positive integer, got ${describeValue(value)}`,
    );
  }
  return value;
}

/** 'float32' (the default) or 'float64'. */
export function floatDType(value: unknown, where: string): FloatDType {
  const dtype = value ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new TypeError(
      `${where}: dtype must be 'float32' or 'float64', got ${describeValue(dtype)}`,
    );
  }
  return dtype;
}
