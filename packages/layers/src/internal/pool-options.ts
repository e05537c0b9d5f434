import { formatShape, type Tensor } from '@convkit/tensor';
import { describe, expectFloat, expectTensor, poolOutputSize, spatialInts } from './conv-geometry';

/** A pooling window layout over `planes` independent H×W planes (N·C of them). */
export interface PoolGeometry {
  planes: number;
  h: number;
  w: number;
  kH: number;
  kW: number;
  strideH: number;
  strideW: number;
  padH: number;
  padW: number;
  dilationH: number;
  dilationW: number;
  outH: number;
  outW: number;
}

/** Pooling options before validation (max pooling adds dilation). */
export interface PoolOptionsLike {
  kernelSize?: unknown;
  stride?: unknown;
  padding?: unknown;
  dilation?: unknown;
  ceilMode?: unknown;
}

/** Checks that `x` is a float [N, C, H, W] or unbatched [C, H, W] tensor. */
export function expectPoolInput(value: unknown, op: string): { x: Tensor; batched: boolean } {
  const x = expectTensor(value, op, 'input');
  expectFloat(x, op, 'input');
  if (x.rank !== 4 && x.rank !== 3) {
    throw new RangeError(
      `${op}: input must be [N, C, H, W] or [C, H, W], got ${formatShape(x.shape)}`,
    );
  }
  return { x, batched: x.rank === 4 };
}

/** The output shape for pooled planes of outH × outW, batched or not like the input. */
export function pooledShape(x: Tensor, outH: number, outW: number): number[] {
  return [...x.shape.slice(0, x.rank - 2), outH, outW];
}

/**
 * Validates window pooling arguments as PyTorch does (padding at most half the kernel,
 * stride defaulting to the kernel size) and works out the geometry.
 */
export function resolvePool(
  op: string,
  value: unknown,
  options: PoolOptionsLike,
): { x: Tensor; geom: PoolGeometry; outShape: number[] } {
  const { x } = expectPoolInput(value, op);
  if (options === null || typeof options !== 'object') {
    throw new TypeError(
      `${op}: options must be an object with kernelSize, got ${describe(options)}`,
    );
  }
  const [kH, kW] = spatialInts(options.kernelSize, op, 'kernelSize', 1, 2, 1);
  const [strideH, strideW] = spatialInts(
    options.stride ?? options.kernelSize,
    op,
    'stride',
    1,
    2,
    1,
  );
  const [padH, padW] = spatialInts(options.padding ?? 0, op, 'padding', 0, 2, 0);
  const [dilationH, dilationW] = spatialInts(options.dilation ?? 1, op, 'dilation', 1, 2, 1);
  const ceilMode = options.ceilMode ?? false;
  if (typeof ceilMode !== 'boolean') {
    throw new TypeError(`${op}: ceilMode must be a boolean, got ${describe(ceilMode)}`);
  }
  if (padH > Math.floor(kH / 2) || padW > Math.floor(kW / 2)) {
    throw new RangeError(
      `${op}: padding must be at most half the kernel size, got padding ${formatShape([padH, padW])} for kernelSize ${formatShape([kH, kW])}`,
    );
  }
  const h = x.shape[x.rank - 2];
  const w = x.shape[x.rank - 1];
  checkNonEmptyPlanes(op, x, h, w);
  const outH = poolOutputSize(h, kH, strideH, padH, dilationH, ceilMode);
  const outW = poolOutputSize(w, kW, strideW, padW, dilationW, ceilMode);
  if (outH < 1 || outW < 1) {
    const ek = [dilationH * (kH - 1) + 1, dilationW * (kW - 1) + 1];
    throw new RangeError(
      `${op}: kernel size (with dilation) ${formatShape(ek)} is larger than the padded input ${formatShape([h + 2 * padH, w + 2 * padW])}`,
    );
  }
  const geom = {
    planes: x.size / (h * w),
    h,
    w,
    kH,
    kW,
    strideH,
    strideW,
    padH,
    padW,
    dilationH,
    dilationW,
    outH,
    outW,
  };
  return { x, geom, outShape: pooledShape(x, outH, outW) };
}

/** Reads `outputSize` of adaptive pooling and checks the input planes are not empty. */
export function resolveAdaptive(
  op: string,
  value: unknown,
  outputSize: unknown,
): {
  x: Tensor;
  planes: number;
  h: number;
  w: number;
  outH: number;
  outW: number;
  outShape: number[];
} {
  const { x } = expectPoolInput(value, op);
  const [outH, outW] = spatialInts(outputSize, op, 'outputSize', 1, 2, 1);
  const h = x.shape[x.rank - 2];
  const w = x.shape[x.rank - 1];
  checkNonEmptyPlanes(op, x, h, w);
  return { x, planes: x.size / (h * w), h, w, outH, outW, outShape: pooledShape(x, outH, outW) };
}

function checkNonEmptyPlanes(op: string, x: Tensor, h: number, w: number): void {
  if (h === 0 || w === 0) {
    throw new RangeError(`${op}: input must have non-empty H and W, got ${formatShape(x.shape)}`);
  }
}
