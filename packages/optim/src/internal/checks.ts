import { describe } from './describe';

/** What a failed check reports: the expectation, and optionally a sub-path and the offending part. */
export interface CheckFailure {
  expected: string;
  at?: string;
  actual?: unknown;
}

/** Validates one option value; returns null when it is acceptable. */
export type Check = (value: unknown) => CheckFailure | null;

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export const nonNegative: Check = (v) =>
  isNumber(v) && v >= 0 ? null : { expected: 'a finite number ≥ 0' };

export const positive: Check = (v) =>
  isNumber(v) && v > 0 ? null : { expected: 'a finite number > 0' };

export const finite: Check = (v) => (isNumber(v) ? null : { expected: 'a finite number' });

/** [0, 1): decay rates whose powers must vanish. */
export const unitOpen: Check = (v) =>
  isNumber(v) && v >= 0 && v < 1 ? null : { expected: 'in [0, 1)' };

/** [0, 1]. */
export const unitClosed: Check = (v) =>
  isNumber(v) && v >= 0 && v <= 1 ? null : { expected: 'in [0, 1]' };

export const boolean: Check = (v) => (typeof v === 'boolean' ? null : { expected: 'a boolean' });

/** A pair of decay rates, each in [0, 1). */
export const betaPair: Check = (v) => {
  if (!Array.isArray(v) || v.length !== 2) return { expected: 'a pair [beta1, beta2]' };
  for (let i = 0; i < 2; i++) {
    if (!isNumber(v[i]) || v[i] < 0 || v[i] >= 1)
      return { expected: 'in [0, 1)', at: `[${i}]`, actual: v[i] };
  }
  return null;
};

/** Throws `${where}: ${path} must be ${expected}, got ${actual}` when `check` fails. */
export function enforce(check: Check, value: unknown, where: string, path: string): void {
  const failure = check(value);
  if (failure === null) return;
  const actual = 'actual' in failure ? failure.actual : value;
  throw new RangeError(
    `${where}: ${path}${failure.at ?? ''} must be ${failure.expected}, got ${describe(actual)}`,
  );
}

/** A positive integer check, for scheduler periods and counts. */
export function positiveInteger(value: unknown, where: string, path: string): void {
  if (!Number.isInteger(value) || (value as number) <= 0) {
    throw new RangeError(`${where}: ${path} must be a positive integer, got ${describe(value)}`);
  }
}

/**
 * Checks a scheduler's options argument: undefined (→ `{}`) or a plain object whose keys are
 * all in `known`, so a misspelt option (`gama`) is an error rather than a silent default.
 */
export function schedulerOptions<T extends object>(
  options: T | undefined,
  known: readonly (keyof T & string)[],
  where: string,
): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${where}: options must be an object, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!(known as readonly string[]).includes(key)) {
      throw new RangeError(
        `${where}: unknown option ${key}; ${where} options are ${known.join(', ')}`,
      );
    }
  }
  return options;
}
