/** A finite number from the URL, or `fallback` when it is missing or unreadable. */
export function numberParam(params: URLSearchParams, key: string, fallback: number): number {
  const text = params.get(key);
  if (text === null || text.trim() === '') return fallback;
  const value = Number(text);
  return Number.isFinite(value) ? value : fallback;
}

/** One of `allowed` from the URL, or `fallback`. */
export function choiceParam<T extends string>(
  params: URLSearchParams,
  key: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const text = params.get(key);
  return text !== null && (allowed as readonly string[]).includes(text) ? (text as T) : fallback;
}
