import { formatShape } from '@convkit/tensor';

/** A short description of any value for error messages (`'abc'`, `[2, 3]`, `tensor of shape [4]`). */
export function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) {
    const head = value.slice(0, 6).map(describe).join(', ');
    return value.length > 6 ? `[${head}, … (${value.length} items)]` : `[${head}]`;
  }
  if (ArrayBuffer.isView(value))
    return `${value.constructor.name} of length ${(value as unknown as ArrayLike<number>).length}`;
  if (
    value !== null &&
    typeof value === 'object' &&
    'shape' in value &&
    Array.isArray((value as { shape: unknown }).shape)
  ) {
    return `tensor of shape ${formatShape((value as { shape: number[] }).shape)}`;
  }
  if (typeof value === 'function') return 'a function';
  if (value !== null && typeof value === 'object') return 'an object';
  return String(value);
}

/** Throws `where: arg must be a positive integer, got …` unless `value` is one. */
export function positiveInt(value: unknown, where: string, arg: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new RangeError(`${where}: ${arg} must be a positive integer, got ${describe(value)}`);
  }
  return value;
}

/** Throws unless `value` is a non-negative finite number. */
export function nonNegative(value: unknown, where: string, arg: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(
      `${where}: ${arg} must be a non-negative finite number, got ${describe(value)}`,
    );
  }
  return value;
}

/** Throws unless `value` is a finite integer seed. */
export function checkSeed(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new RangeError(`${where}: seed must be an integer, got ${describe(value)}`);
  }
  return value;
}

/** Throws unless `value` is a plain options object (or undefined). */
export function checkOptions<T extends object>(
  value: T | undefined,
  where: string,
): T | Record<string, never> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`${where}: options must be an object, got ${describe(value)}`);
  }
  return value;
}
