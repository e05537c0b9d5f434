/** Element types a tensor can hold. `int32` is for labels and indices and never differentiable. */
export type DType = 'float32' | 'float64' | 'int32';

/** The typed array behind a tensor of each dtype. */
export type TypedArray = Float32Array | Float64Array | Int32Array;

export type FloatDType = 'float32' | 'float64';

export const DTYPES: readonly DType[] = ['float32', 'float64', 'int32'];

/** Allocates zeroed storage of `size` elements for `dtype`. */
export function allocate(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size);
    case 'float64':
      return new Float64Array(size);
    case 'int32':
      return new Int32Array(size);
  }
}

/** The dtype whose storage is `data`. */
export function dtypeOf(data: TypedArray): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  return 'int32';
}

export function isFloat(dtype: DType): dtype is FloatDType {
  return dtype !== 'int32';
}

export function assertDType(value: unknown, op: string, arg = 'dtype'): asserts value is DType {
  if (!DTYPES.includes(value as DType)) {
    throw new TypeError(
      `${op}: ${arg} must be one of ${DTYPES.map((d) => `'${d}'`).join(', ')}, got ${String(value)}`,
    );
  }
}

/**
 * The dtype of a binary op's result. int32 promotes to the float operand's type; float32
 * and float64 never mix silently (cast one explicitly), because a float64 gradient check
 * that quietly ran in float32 would pass for the wrong reason.
 */
export function promoteTypes(a: DType, b: DType, op: string): DType {
  if (a === b) return a;
  if (a === 'int32') return b;
  if (b === 'int32') return a;
  throw new TypeError(
    `${op}: cannot mix dtypes ${a} and ${b}; cast one with .to('${a}') or .to('${b}')`,
  );
}
