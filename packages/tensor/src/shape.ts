/** A tensor's shape: one non-negative integer per dimension. */
export type Shape = readonly number[];

/** Number of elements of a shape (1 for a scalar). */
export function sizeOf(shape: Shape): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

/** Row-major (C-order) strides, in elements. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = stride;
    stride *= shape[i];
  }
  return strides;
}

export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Validates a user-given shape and returns a copy. */
export function checkShape(shape: unknown, op: string, arg = 'shape'): number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new TypeError(
      `${op}: ${arg} must be an array of non-negative integers, got ${describe(shape)}`,
    );
  }
  return [...shape];
}

/**
 * The broadcast shape of two shapes, NumPy/PyTorch rules: align from the right; each pair of
 * sizes must be equal or one of them 1.
 */
export function broadcastShapes(a: Shape, b: Shape, op: string): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new RangeError(
        `${op}: shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast together ` +
          `(dimension ${i - rank} is ${da} vs ${db})`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * Strides for reading a tensor of `shape` as if it had the (broadcast) shape `target`:
 * broadcast dimensions get stride 0.
 */
export function broadcastStrides(shape: Shape, target: Shape): number[] {
  const own = stridesOf(shape);
  const offset = target.length - shape.length;
  const strides = new Array<number>(target.length).fill(0);
  for (let i = 0; i < shape.length; i++) {
    strides[i + offset] = shape[i] === 1 && target[i + offset] !== 1 ? 0 : own[i];
  }
  return strides;
}

/** Normalises a possibly negative axis for a tensor of rank `rank`. */
export function normalizeAxis(axis: number, rank: number, op: string, arg = 'axis'): number {
  // A scalar accepts axis 0 or -1, as in PyTorch.
  const span = Math.max(rank, 1);
  if (!Number.isInteger(axis) || axis < -span || axis >= span) {
    throw new RangeError(
      `${op}: ${arg} must be an integer in [${-span}, ${span - 1}] for a tensor of rank ${rank}, got ${describe(axis)}`,
    );
  }
  return axis < 0 ? axis + span : axis;
}

/** Normalises an axis list (or all axes when undefined), sorted and without repeats. */
export function normalizeAxes(
  axes: number | readonly number[] | undefined,
  rank: number,
  op: string,
): number[] {
  if (axes === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axes === 'number' ? [axes] : [...axes];
  const normalized = list.map((a) => normalizeAxis(a, rank, op, 'axis'));
  if (new Set(normalized).size !== normalized.length) {
    throw new RangeError(`${op}: axis must not repeat, got ${describe(axes)}`);
  }
  return normalized.sort((x, y) => x - y);
}

/** A short description of any value for error messages. */
export function describe(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  if (typeof value === 'string') return `'${value}'`;
  if (value !== null && typeof value === 'object' && 'shape' in value) {
    return `tensor of shape ${formatShape((value as { shape: Shape }).shape)}`;
  }
  return String(value);
}
