import { type Check, enforce, nonNegative } from './checks';

/** The description of an optimiser's options that the base class validates against. */
export interface OptimizerSpec<O extends { lr: number }> {
  /** Class name used in error messages. */
  name: string;
  defaults: O;
  checks: { [K in keyof O]-?: Check };
  /** Constraints between options; returns the option at fault and what it must be. */
  // Method syntax (bivariant) keeps Optimizer<AdamOptions> assignable to Optimizer.
  crossCheck?(options: O): { key: string; expected: string } | null;
}

/** Checks every option of `options` (and `initialLr` when set); `path` prefixes the option names in errors. */
export function validateOptions<O extends { lr: number }>(
  spec: OptimizerSpec<O>,
  options: O,
  where: string,
  path: string,
): void {
  const record = options as unknown as Record<string, unknown>;
  for (const [key, check] of Object.entries(spec.checks) as Array<[string, Check]>) {
    enforce(check, record[key], where, `${path}${key}`);
  }
  if (record.initialLr !== undefined)
    enforce(nonNegative, record.initialLr, where, `${path}initialLr`);
  const cross = spec.crossCheck?.(options);
  if (cross)
    enforce(() => ({ expected: cross.expected }), record[cross.key], where, `${path}${cross.key}`);
}

/**
 * `base` with `overrides` applied (undefined values ignored, arrays copied so groups never
 * share a betas pair), validated. Unknown keys are errors; groups may also carry `initialLr`.
 */
export function mergeOptions<O extends { lr: number }>(
  spec: OptimizerSpec<O>,
  base: O,
  overrides: object,
  where: string,
  path: string,
  inGroup: boolean,
): O {
  for (const key of Object.keys(overrides)) {
    if (!(key in spec.checks) && !(inGroup && key === 'initialLr')) {
      throw new RangeError(
        `${where}: unknown option ${path}${key}; ${spec.name} options are ${Object.keys(spec.checks).join(', ')}`,
      );
    }
  }
  const merged = { ...base } as Record<string, unknown>;
  for (const [key, value] of Object.entries(overrides))
    if (value !== undefined) merged[key] = value;
  for (const [key, value] of Object.entries(merged))
    if (Array.isArray(value)) merged[key] = [...value];
  validateOptions(spec, merged as O, where, path);
  return merged as O;
}
