import { type DType, type Shape, tensor } from '@convkit/tensor';
import fc from 'fast-check';

export interface ShapeConstraints {
  minRank?: number;
  maxRank?: number;
  minDim?: number;
  maxDim?: number;
}

/** Shapes with ranks in [minRank, maxRank] (default 0–4) and sizes in [minDim, maxDim] (1–5). */
export function shapeArb(constraints: ShapeConstraints = {}): fc.Arbitrary<number[]> {
  const { minRank = 0, maxRank = 4, minDim = 1, maxDim = 5 } = constraints;
  return fc.array(fc.integer({ min: minDim, max: maxDim }), {
    minLength: minRank,
    maxLength: maxRank,
  });
}

/**
 * Pairs of shapes that broadcast together: a base shape, and each side drops leading
 * dimensions or sets some sizes to 1.
 */
export function broadcastableShapesArb(
  constraints: ShapeConstraints = {},
): fc.Arbitrary<[number[], number[]]> {
  return shapeArb(constraints).chain((base) => {
    const side = fc
      .tuple(
        fc.integer({ min: 0, max: base.length }),
        fc.array(fc.boolean(), { minLength: base.length, maxLength: base.length }),
      )
      .map(([drop, ones]) => base.map((d, i) => (ones[i] ? 1 : d)).slice(drop));
    return fc.tuple(side, side);
  });
}

export interface TensorArbOptions {
  dtype?: DType;
  min?: number;
  max?: number;
  requiresGrad?: boolean;
}

/** Tensors of `shape` with finite values in [min, max] (default [-2, 2], float64). */
export function tensorArb(shape: Shape, options: TensorArbOptions = {}) {
  const { dtype = 'float64', min = -2, max = 2, requiresGrad = false } = options;
  const size = shape.reduce((p, d) => p * d, 1);
  const values =
    dtype === 'int32'
      ? fc.array(fc.integer({ min: Math.ceil(min), max: Math.floor(max) }), {
          minLength: size,
          maxLength: size,
        })
      : fc.array(fc.double({ min, max, noNaN: true, noDefaultInfinity: true }), {
          minLength: size,
          maxLength: size,
        });
  return values.map((data) =>
    tensor(data, { shape, dtype, requiresGrad: requiresGrad && dtype !== 'int32' }),
  );
}

/** A shape and a tensor of that shape. */
export function shapedTensorArb(
  constraints: ShapeConstraints = {},
  options: TensorArbOptions = {},
) {
  return shapeArb(constraints).chain((shape) => tensorArb(shape, options));
}
