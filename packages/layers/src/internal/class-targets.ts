import { formatShape, type Tensor, type TypedArray } from '@convkit/tensor';
import { expectFloat, expectTensor, sameShape } from './layer-args';

/**
 * Class-dimension layout of a classification input [N, C, d1, …]: element (n, c, s) sits at
 * (n·C + c)·S + s, with S = d1·d2·…, and each of the N·S rows has C scores.
 */
export interface ClassLayout {
  N: number;
  C: number;
  S: number;
}

export function classLayout(input: unknown, op: string): { x: Tensor; layout: ClassLayout } {
  const x = expectFloat(input, op, 'input');
  if (x.rank < 2) {
    throw new RangeError(
      `${op}: input must be [N, C] or [N, C, d1, ...], got shape ${formatShape(x.shape)}`,
    );
  }
  const [N, C] = x.shape;
  const S = x.shape.slice(2).reduce((p, d) => p * d, 1);
  return { x, layout: { N, C, S } };
}

/** Checks class indices: shape [N, d1, …], int32, each in [0, C) or equal to `ignoreIndex`. */
export function checkClassIndices(
  target: Tensor,
  x: Tensor,
  C: number,
  ignoreIndex: number,
  op: string,
): void {
  const expected = [x.shape[0], ...x.shape.slice(2)];
  if (!sameShape(target.shape, expected)) {
    throw new RangeError(
      `${op}: class-index target must have shape ${formatShape(expected)} for input ${formatShape(x.shape)}, got ${formatShape(target.shape)}`,
    );
  }
  const data = target.data;
  for (let i = 0; i < data.length; i++) {
    const y = data[i];
    if (y !== ignoreIndex && !(y >= 0 && y < C)) {
      throw new RangeError(
        `${op}: target must hold class indices in [0, ${C}), got ${y} at flat index ${i}`,
      );
    }
  }
}

/** A per-class weight [C] with the input's dtype, as a plain array; null when absent. */
export function classWeight(weight: unknown, x: Tensor, C: number, op: string): TypedArray | null {
  if (weight === undefined || weight === null) return null;
  const w = expectFloat(weight, op, 'weight');
  if (w.rank !== 1 || w.shape[0] !== C) {
    throw new RangeError(
      `${op}: weight must have shape [${C}] (one per class), got ${formatShape(w.shape)}`,
    );
  }
  if (w.dtype !== x.dtype) {
    throw new TypeError(`${op}: weight must have the input's dtype ${x.dtype}, got ${w.dtype}`);
  }
  return w.data;
}

export function checkIgnoreIndex(value: unknown, op: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`${op}: ignoreIndex must be an integer, got ${String(value)}`);
  }
  return value;
}

export function expectTarget(target: unknown, op: string): Tensor {
  return expectTensor(target, op, 'target');
}
