import { formatShape, type Shape } from '@convkit/tensor';

/** A short description of any value for error messages. */
export function describeValue(value: unknown): string {
  // A function's source is noise in a message; its name says what was passed.
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
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

/**
 * Checks an options argument is an object (or undefined) holding only `known` keys, so a
 * misspelt option (`normal({ stddev })`, TF.js's name) is an error rather than a default.
 */
export function checkOptions<T extends object>(
  options: T | undefined,
  op: string,
  known: readonly (keyof T & string)[],
): T {
  if (options === undefined) return {} as T;
  if (Array.isArray(options)) {
    // heNormal([64, 3, 3, 3]): a shape given to the factory instead of to what it returns.
    throw new TypeError(
      `${op}: options must be an object, got ${describeValue(options)}; ${op}(options?) makes an initialiser, call that with the shape: ${op}()(shape)`,
    );
  }
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${op}: options must be an object, got ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!(known as readonly string[]).includes(key)) {
      const list = known.length === 0 ? 'none' : known.join(', ');
      throw new RangeError(`${op}: unknown option ${key}; ${op} options are ${list}`);
    }
  }
  return options;
}

/** Throws when a factory that takes no arguments was given some (e.g. `zeros([3])`, a shape). */
export function checkNoArguments(args: readonly unknown[], op: string): void {
  if (args.length > 0) {
    throw new TypeError(
      `${op}: ${op}() takes no arguments, got ${args.map(describeValue).join(', ')}; it makes an initialiser, call that with the shape: ${op}()(shape)`,
    );
  }
}
