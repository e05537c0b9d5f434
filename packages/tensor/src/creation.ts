import { allocate, assertDType, type DType, dtypeOf, isFloat, type TypedArray } from './dtype';
import { defaultRng, type Rng } from './random';
import { checkShape, describe, formatShape, type Shape, sizeOf } from './shape';
import { type NestedArray, Tensor } from './tensor';

export interface TensorOptions {
  /** Element type; defaults to the typed array's own type, else float32. */
  dtype?: DType;
  requiresGrad?: boolean;
}

export interface FromDataOptions extends TensorOptions {
  /** Shape for flat data (a typed array or flat number array); inferred from nesting otherwise. */
  shape?: Shape;
  /** Throw if any value is NaN or ±Infinity. */
  validate?: boolean;
}

export interface RandomOptions extends TensorOptions {
  /** Seeded generator to draw from; the default generator (see `manualSeed`) otherwise. */
  rng?: Rng;
}

/**
 * Makes a tensor from a number, nested arrays, or a flat array/typed array with a `shape`.
 * Data is copied, so later changes to the source do not leak in.
 * @example
 * tensor([[1, 2], [3, 4]], { requiresGrad: true });
 * tensor(new Float64Array(6), { shape: [2, 3] });
 */
export function tensor(
  data: NestedArray | TypedArray | readonly number[],
  options: FromDataOptions = {},
): Tensor {
  checkOptions(options, 'tensor');
  const isTyped = ArrayBuffer.isView(data);
  const dtype = options.dtype ?? (isTyped ? dtypeOf(data as TypedArray) : 'float32');
  assertDType(dtype, 'tensor');
  let shape: number[];
  let flat: ArrayLike<number>;
  if (isTyped) {
    flat = data as TypedArray;
    shape = options.shape ? checkShape(options.shape, 'tensor') : [flat.length];
  } else if (typeof data === 'number') {
    flat = [data];
    shape = options.shape ? checkShape(options.shape, 'tensor') : [];
  } else if (Array.isArray(data)) {
    if (options.shape) {
      shape = checkShape(options.shape, 'tensor');
      flat = flattenNested(data, inferShape(data));
    } else {
      shape = inferShape(data);
      flat = flattenNested(data, shape);
    }
  } else {
    throw new TypeError(
      `tensor: data must be a number, an array or a typed array, got ${describe(data)}`,
    );
  }
  if (flat.length !== sizeOf(shape)) {
    throw new RangeError(
      `tensor: data has ${flat.length} elements but shape ${formatShape(shape)} needs ${sizeOf(shape)}`,
    );
  }
  const storage = allocate(dtype, flat.length);
  for (let i = 0; i < flat.length; i++) {
    const v = flat[i];
    if (typeof v !== 'number') {
      throw new TypeError(
        `tensor: every element must be a number, got ${describe(v)} at flat index ${i}`,
      );
    }
    if (options.validate && !Number.isFinite(v)) {
      throw new RangeError(
        `tensor: data must be finite (validate: true), got ${v} at ${indexIn(shape, i)}`,
      );
    }
    storage[i] = v;
  }
  return finish(new Tensor(storage, shape), options);
}

/** "index [1, 2] (flat 5)" for error messages. */
function indexIn(shape: readonly number[], flat: number): string {
  if (shape.length <= 1) return `flat index ${flat}`;
  const index = new Array<number>(shape.length);
  let rest = flat;
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = rest % shape[d];
    rest = Math.floor(rest / shape[d]);
  }
  return `index [${index.join(', ')}] (flat ${flat})`;
}

function inferShape(data: NestedArray): number[] {
  const shape: number[] = [];
  let level: NestedArray = data;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  return shape;
}

function flattenNested(data: NestedArray, shape: readonly number[]): number[] {
  const flat: number[] = [];
  const walk = (node: NestedArray, dim: number, path: number[]) => {
    if (dim === shape.length) {
      if (Array.isArray(node)) {
        throw new RangeError(
          `tensor: ragged nested array: element at [${path.join(', ')}] is an array, expected a number`,
        );
      }
      flat.push(node);
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[dim]) {
      throw new RangeError(
        `tensor: ragged nested array: expected ${shape[dim]} elements at [${path.join(', ')}], got ` +
          (Array.isArray(node) ? `${node.length}` : describe(node)),
      );
    }
    node.forEach((child, i) => {
      walk(child, dim + 1, [...path, i]);
    });
  };
  walk(data, 0, []);
  return flat;
}

/**
 * Options must be an object. A bare dtype string (`zeros([2], 'float64')`, the TensorFlow.js
 * habit) would otherwise be ignored silently.
 */
function checkOptions(options: unknown, op: string): void {
  if (typeof options === 'object' && options !== null && !Array.isArray(options)) return;
  const hint = typeof options === 'string' ? ` (for a dtype write { dtype: '${options}' })` : '';
  throw new TypeError(
    `${op}: options must be an object such as { dtype, requiresGrad }, got ${describe(options)}${hint}`,
  );
}

function finish(t: Tensor, options: TensorOptions): Tensor {
  if (options.requiresGrad) t.requiresGrad = true;
  return t;
}

/**
 * A tensor of `shape` filled with `value`.
 * @example
 * full([2, 2], 0.5);
 */
export function full(shape: Shape, value: number, options: TensorOptions = {}): Tensor {
  return filled(shape, value, options, 'full');
}

/** A tensor of zeros. */
export function zeros(shape: Shape, options: TensorOptions = {}): Tensor {
  return filled(shape, 0, options, 'zeros');
}

/** A tensor of ones. */
export function ones(shape: Shape, options: TensorOptions = {}): Tensor {
  return filled(shape, 1, options, 'ones');
}

/** Zeros with the shape (and by default dtype) of `like`. */
export function zerosLike(like: Tensor, options: TensorOptions = {}): Tensor {
  expectLike(like, 'zerosLike');
  return filled(like.shape, 0, { dtype: like.dtype, ...options }, 'zerosLike');
}

/** Ones with the shape (and by default dtype) of `like`. */
export function onesLike(like: Tensor, options: TensorOptions = {}): Tensor {
  expectLike(like, 'onesLike');
  return filled(like.shape, 1, { dtype: like.dtype, ...options }, 'onesLike');
}

/** `value` everywhere, with the shape (and by default dtype) of `like`. */
export function fullLike(like: Tensor, value: number, options: TensorOptions = {}): Tensor {
  expectLike(like, 'fullLike');
  return filled(like.shape, value, { dtype: like.dtype, ...options }, 'fullLike');
}

function filled(shape: Shape, value: number, options: TensorOptions, op: string): Tensor {
  checkOptions(options, op);
  const dtype = options.dtype ?? 'float32';
  assertDType(dtype, op);
  const s = checkShape(shape, op);
  if (typeof value !== 'number') {
    throw new TypeError(`${op}: value must be a number, got ${describe(value)}`);
  }
  return finish(Tensor.full(s, value, dtype), options);
}

function expectLike(like: unknown, op: string): void {
  if (!(like instanceof Tensor)) {
    throw new TypeError(`${op}: like must be a Tensor, got ${describe(like)}`);
  }
}

/**
 * Values from `start` up to (not including) `end` in steps of `step`; `arange(n)` is 0…n-1.
 * @example
 * arange(0, 1, 0.25); // [0, 0.25, 0.5, 0.75]
 */
export function arange(start: number, end?: number, step = 1, options: TensorOptions = {}): Tensor {
  checkOptions(options, 'arange');
  if (end === undefined) [start, end] = [0, start];
  if (![start, end, step].every(Number.isFinite) || step === 0) {
    throw new RangeError(
      `arange: start, end and step must be finite with step ≠ 0, got ${start}, ${end}, ${step}`,
    );
  }
  const n = Math.max(0, Math.ceil((end - start) / step));
  const dtype = options.dtype ?? 'float32';
  assertDType(dtype, 'arange');
  const data = allocate(dtype, n);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return finish(new Tensor(data, [n]), options);
}

/** `steps` evenly spaced values from `start` to `end`, both included. */
export function linspace(
  start: number,
  end: number,
  steps: number,
  options: TensorOptions = {},
): Tensor {
  if (!Number.isInteger(steps) || steps < 0) {
    throw new RangeError(`linspace: steps must be a non-negative integer, got ${describe(steps)}`);
  }
  if (!Number.isFinite(start) || !Number.isFinite(end)) {
    throw new RangeError(`linspace: start and end must be finite numbers, got ${start} and ${end}`);
  }
  checkOptions(options, 'linspace');
  const dtype = options.dtype ?? 'float32';
  assertDType(dtype, 'linspace');
  const data = allocate(dtype, steps);
  const delta = steps > 1 ? (end - start) / (steps - 1) : 0;
  for (let i = 0; i < steps; i++) data[i] = i === steps - 1 && steps > 1 ? end : start + i * delta;
  return finish(new Tensor(data, [steps]), options);
}

/** An `n × m` matrix with ones on the diagonal. */
export function eye(n: number, m = n, options: TensorOptions = {}): Tensor {
  checkOptions(options, 'eye');
  for (const [name, v] of [
    ['n', n],
    ['m', m],
  ] as const) {
    if (!Number.isInteger(v) || v < 0) {
      throw new RangeError(`eye: ${name} must be a non-negative integer, got ${describe(v)}`);
    }
  }
  const t = filled([n, m], 0, { dtype: options.dtype }, 'eye');
  for (let i = 0; i < Math.min(n, m); i++) t.data[i * m + i] = 1;
  return finish(t, options);
}

function randomFloat(
  shape: Shape,
  options: RandomOptions,
  op: string,
  draw: (rng: Rng) => number,
): Tensor {
  checkOptions(options, op);
  const dtype = options.dtype ?? 'float32';
  assertDType(dtype, op);
  if (!isFloat(dtype)) throw new TypeError(`${op}: dtype must be float32 or float64, got ${dtype}`);
  const s = checkShape(shape, op);
  const rng = options.rng ?? defaultRng();
  const data = allocate(dtype, sizeOf(s));
  for (let i = 0; i < data.length; i++) data[i] = draw(rng);
  return finish(new Tensor(data, s), options);
}

/**
 * Uniform samples in [0, 1). The same generator state gives the same draws for float32 and
 * float64 (float32 rounds them).
 * @example
 * rand([2, 3], { rng: createRng(42) });
 */
export function rand(shape: Shape, options: RandomOptions = {}): Tensor {
  return randomFloat(shape, options, 'rand', (rng) => rng.random());
}

/** Standard normal samples. */
export function randn(shape: Shape, options: RandomOptions = {}): Tensor {
  return randomFloat(shape, options, 'randn', (rng) => rng.normal());
}

/** Uniform integers in [low, high), int32 by default. */
export function randint(
  low: number,
  high: number,
  shape: Shape,
  options: RandomOptions = {},
): Tensor {
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new RangeError(`randint: need integers low < high, got low=${low}, high=${high}`);
  }
  checkOptions(options, 'randint');
  const dtype = options.dtype ?? 'int32';
  assertDType(dtype, 'randint');
  const s = checkShape(shape, 'randint');
  const rng = options.rng ?? defaultRng();
  const data = allocate(dtype, sizeOf(s));
  for (let i = 0; i < data.length; i++) data[i] = rng.int(low, high);
  return finish(new Tensor(data, s), options);
}
