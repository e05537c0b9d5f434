/**
 * Reading and writing page settings in URL parameters, with fallbacks: a hand-edited or
 * stale link never breaks a page, it just falls back to the default for that setting.
 */

/** A comma-separated list of exactly `length` finite numbers, or `fallback`. */
export function readNumbers(
  params: URLSearchParams,
  key: string,
  length: number,
  fallback: readonly number[],
): number[] {
  const raw = params.get(key);
  if (raw === null) return [...fallback];
  const values = raw.split(',').map((s) => Number(s));
  return values.length === length && values.every((v) => Number.isFinite(v)) && raw.trim() !== ''
    ? values
    : [...fallback];
}

/** Numbers as a compact comma-separated list (shortest round-trip text). */
export function writeNumbers(values: readonly number[]): string {
  return values.map((v) => String(v)).join(',');
}

/** One of `choices`, or `fallback`. */
export function readChoice<T extends string>(
  params: URLSearchParams,
  key: string,
  choices: readonly T[],
  fallback: T,
): T {
  const raw = params.get(key);
  return raw !== null && (choices as readonly string[]).includes(raw) ? (raw as T) : fallback;
}

/** A finite number within [min, max], or `fallback`. */
export function readNumber(
  params: URLSearchParams,
  key: string,
  min: number,
  max: number,
  fallback: number,
): number {
  const raw = params.get(key);
  if (raw === null || raw.trim() === '') return fallback;
  const value = Number(raw);
  return Number.isFinite(value) && value >= min && value <= max ? value : fallback;
}
