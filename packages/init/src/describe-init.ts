import { formatShape, Tensor } from '@convkit/tensor';
import { fansOf } from './fans';
import { calculateGain, NONLINEARITIES } from './gain';
import { checkOneOf, checkOptions, describeValue } from './internal/validate';
import type { DescribedInitializer, InitDescription, Initializer, Nonlinearity } from './types';

/** One row of `describeInit`: what a weight's initialisation aims for, and what it holds. */
export interface InitRow {
  name: string;
  shape: number[];
  /** The initialiser's rule (`'heNormal'`, …), `'reference'`, or null where nothing applies. */
  rule: string | null;
  fanIn: number | null;
  fanOut: number | null;
  gain: number | null;
  /** The std the rule draws with; null where unknown or undefined (e.g. fans of a bias). */
  std: number | null;
  /** Largest |value| the rule can draw; null when unbounded or unknown. */
  bound: number | null;
  /** Mean and (population) std of the weight's current values. */
  measuredMean: number;
  measuredStd: number;
}

export interface DescribeInitOptions {
  /** The initialiser to compare every weight with. */
  init?: Initializer;
  /** Per-weight initialiser (overrides `init`); return undefined to fall back. */
  initFor?: (name: string, weight: Tensor) => Initializer | undefined;
  /** For weights without an initialiser: the reference std is gain/√fanIn (default 'relu'). */
  nonlinearity?: Nonlinearity;
  /** Slope for `nonlinearity: 'leakyRelu'`. */
  negativeSlope?: number;
}

function isDescribed(init: Initializer): init is DescribedInitializer {
  return typeof (init as Partial<DescribedInitializer>).describe === 'function';
}

function measure(data: ArrayLike<number>): { mean: number; std: number } {
  const n = data.length;
  if (n === 0) return { mean: Number.NaN, std: Number.NaN };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += data[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (data[i] - mean) * (data[i] - mean);
  return { mean, std: Math.sqrt(ss / n) };
}

function expected(name: string, weight: Tensor, init: Initializer | undefined, gain: number) {
  const none = { rule: null, fanIn: null, fanOut: null, gain: null, std: null, bound: null };
  if (init === undefined) {
    if (weight.rank < 2) return none;
    const { fanIn, fanOut } = fansOf(weight.shape, 'describeInit');
    return { rule: 'reference', fanIn, fanOut, gain, std: gain / Math.sqrt(fanIn), bound: null };
  }
  const rule = isDescribed(init) ? init.rule : init.name || 'custom';
  if (!isDescribed(init)) return { ...none, rule };
  let d: InitDescription;
  try {
    d = init.describe(weight.shape);
  } catch (error) {
    // A fan-based rule cannot describe a bias: report the row without targets.
    if (weight.rank < 2) return { ...none, rule };
    throw new RangeError(`describeInit: ${name}: ${(error as Error).message}`);
  }
  return { rule, fanIn: d.fanIn, fanOut: d.fanOut, gain: d.gain, std: d.std, bound: d.bound };
}

/**
 * A per-weight table of how initialisation scales each weight: fans, gain, the std (and
 * bound) the initialiser draws with, next to the measured mean and std of the values. Takes
 * named weights, e.g. `model.namedParameters()` from `@convkit/layers`.
 *
 * Without an initialiser, `std` is the variance-preserving reference gain/√fanIn for
 * `nonlinearity` (default `'relu'`: He et al. 2015), so a measured std far from it stands out.
 * @example
 * const rows = describeInit([['conv1.weight', w1], ['fc.weight', w2]], { init: heNormal() });
 * console.log(formatInitTable(rows));
 */
export function describeInit(
  entries: Iterable<readonly [string, Tensor]>,
  options?: DescribeInitOptions,
): InitRow[] {
  const opts = checkOptions(options, 'describeInit', [
    'init',
    'initFor',
    'nonlinearity',
    'negativeSlope',
  ]);
  if (entries === null || typeof (entries as Iterable<unknown>)?.[Symbol.iterator] !== 'function') {
    throw new TypeError(
      `describeInit: entries must be an iterable of [name, tensor] pairs, got ${describeValue(entries)}`,
    );
  }
  const nonlinearity = checkOneOf(
    opts.nonlinearity ?? 'relu',
    NONLINEARITIES,
    'describeInit',
    'nonlinearity',
  );
  const gain = calculateGain(nonlinearity, opts.negativeSlope);
  const rows: InitRow[] = [];
  for (const entry of entries) {
    const [name, weight] = Array.isArray(entry) ? entry : [];
    if (typeof name !== 'string' || !(weight instanceof Tensor)) {
      throw new TypeError(
        `describeInit: each entry must be a [name, tensor] pair, got ${describeValue(entry)}`,
      );
    }
    const init = opts.initFor?.(name, weight) ?? opts.init;
    const { mean, std } = measure(weight.data);
    rows.push({
      name,
      shape: [...weight.shape],
      ...expected(name, weight, init, gain),
      measuredMean: mean,
      measuredStd: std,
    });
  }
  return rows;
}

function formatNumber(value: number | null): string {
  if (value === null) return '—';
  if (Number.isInteger(value)) return String(value);
  if (value !== 0 && (Math.abs(value) < 1e-3 || Math.abs(value) >= 1e5))
    return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

/**
 * `describeInit` rows as an aligned plain-text table, for a console or a `<pre>`.
 * @example
 * formatInitTable(describeInit(model.namedParameters(), { init: heNormal() }));
 * // name          shape          init      fanIn  fanOut  gain   std     bound  mean      std (measured)
 * // conv1.weight  [8, 1, 3, 3]   heNormal  9      72      1.414  0.4714  —      0.0123    0.4651
 */
export function formatInitTable(rows: readonly InitRow[]): string {
  const header = [
    'name',
    'shape',
    'init',
    'fanIn',
    'fanOut',
    'gain',
    'std',
    'bound',
    'mean',
    'std (measured)',
  ];
  const body = rows.map((r) => [
    r.name,
    formatShape(r.shape),
    r.rule ?? '—',
    formatNumber(r.fanIn),
    formatNumber(r.fanOut),
    formatNumber(r.gain),
    formatNumber(r.std),
    formatNumber(r.bound),
    formatNumber(r.measuredMean),
    formatNumber(r.measuredStd),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => cell.padEnd(widths[c]))
      .join('  ')
      .trimEnd();
  return [line(header), ...body.map(line)].join('\n');
}
