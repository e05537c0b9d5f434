import { formatShape, type Shape } from '@convkit/tensor';

/** A short description of any value for error messages. */
export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(describeValue).join(', ')}]`;
  if (typeof value === 'string') return `'${value}'`;
  if (value !== null && typeof value === 'object' && 'shape' in value) {
    return `tensor of shape ${formatShape((value as { shape: Shape }).shape)}`;
  }
  if (value !== null && typeof value === 'object') return 'an object';
  return String(value);
}

/** Validates a user-given shape and returns a copy. */
export function checkShape(shape: unknown, op: string): number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new TypeError(
      `${op}: shape must be an array of non-negative integers, got ${describeValue(shape)}`,
    );
  }
  return [...shape];
}

/** Checks that `value` is a finite number (and ≥ `min` when given). */
export function checkFinite(value: unknown, op: string, arg: string, min?: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || (min !== undefined && value < min)) {
    const expected = min === undefined ? 'a finite number' : `a finite number ≥ ${min}`;
    throw new RangeError(`${op}: ${arg} must be ${expected}, got ${describeValue(value)}`);
  }
  return value;
}

/** Checks that `value` is one of `allowed`. */
export function checkOneOf<T extends string>(
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

/** Checks an options argument is an object (or undefined) and returns it. */
export function checkOptions<T extends object>(options: T | undefined, op: string): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${op}: options must be an object, got ${describeValue(options)}`);
  }
  return options;
}
