import { formatShape, type Tensor } from '@convkit/tensor';
import {
  type ConvGeometry,
  convOutputSize,
  describe,
  expectFloat,
  expectSameDType,
  expectTensor,
  PADDING_MODES,
  type PaddingMode,
  positiveInt,
  samePadding,
  spatialInts,
  spatialText,
} from './conv-geometry';

/** The options conv2d and conv1d share, before validation. */
export interface ConvOptionsLike {
  bias?: Tensor | null;
  stride?: unknown;
  padding?: unknown;
  dilation?: unknown;
  groups?: unknown;
  paddingMode?: unknown;
}

/** A validated convolution call. */
export interface ResolvedConv {
  x: Tensor;
  weight: Tensor;
  bias: Tensor | null;
  /** The convolution proper: on the explicitly padded input unless `mode` is 'zeros'. */
  geom: ConvGeometry;
  /** [top, bottom, left, right]. */
  pad: [number, number, number, number];
  mode: PaddingMode;
  outShape: number[];
}

const INPUT_LAYOUT = { 1: '[N, C, L] or [C, L]', 2: '[N, C, H, W] or [C, H, W]' };
const WEIGHT_LAYOUT = { 1: '[outC, inC/groups, k]', 2: '[outC, inC/groups, kH, kW]' };

/**
 * Validates the arguments of `conv2d` (`dims` 2) or `conv1d` (`dims` 1) in PyTorch's order
 * and works out the geometry; throws before anything is computed.
 */
export function resolveConv(
  op: string,
  xArg: unknown,
  weightArg: unknown,
  options: ConvOptionsLike,
  dims: 1 | 2,
): ResolvedConv {
  const x = expectTensor(xArg, op, 'input');
  const weight = expectTensor(weightArg, op, 'weight');
  expectFloat(x, op, 'input');
  expectFloat(weight, op, 'weight');
  expectSameDType(weight, x, op, 'weight');
  const batched = x.rank === dims + 2;
  if (!batched && x.rank !== dims + 1) {
    throw new RangeError(`${op}: input must be ${INPUT_LAYOUT[dims]}, got ${formatShape(x.shape)}`);
  }
  if (weight.rank !== dims + 2) {
    throw new RangeError(
      `${op}: weight must be ${WEIGHT_LAYOUT[dims]}, got ${formatShape(weight.shape)}`,
    );
  }
  const xs = batched ? x.shape : [1, ...x.shape];
  const [n, c] = xs;
  const h = dims === 2 ? xs[2] : 1;
  const w = xs[dims + 1];
  const outC = weight.shape[0];
  const kH = dims === 2 ? weight.shape[2] : 1;
  const kW = weight.shape[dims + 1];

  const groups = positiveInt(options.groups ?? 1, op, 'groups');
  if (outC % groups !== 0) {
    throw new RangeError(
      `${op}: groups must divide the output channels, got groups ${groups} for ${outC} output channels`,
    );
  }
  if (c % groups !== 0) {
    throw new RangeError(
      `${op}: groups must divide the input channels, got groups ${groups} for ${c} input channels`,
    );
  }
  if (c !== weight.shape[1] * groups) {
    throw new RangeError(
      `${op}: expected input with ${weight.shape[1] * groups} channels, got ${c}`,
    );
  }
  const bias = options.bias ?? null;
  if (bias !== null) {
    expectTensor(bias, op, 'bias');
    expectFloat(bias, op, 'bias');
    expectSameDType(bias, x, op, 'bias');
    if (bias.rank !== 1 || bias.shape[0] !== outC) {
      throw new RangeError(`${op}: bias must be [${outC}], got ${formatShape(bias.shape)}`);
    }
  }

  const [strideH, strideW] = spatialInts(options.stride ?? 1, op, 'stride', 1, dims, 1);
  const [dilationH, dilationW] = spatialInts(options.dilation ?? 1, op, 'dilation', 1, dims, 1);
  const pad = resolvePadding(
    op,
    options.padding ?? 0,
    options.stride ?? 1,
    dims,
    [kH, kW],
    [dilationH, dilationW],
  );
  const mode = (options.paddingMode ?? 'zeros') as PaddingMode;
  if (!PADDING_MODES.includes(mode)) {
    throw new RangeError(
      `${op}: paddingMode must be one of ${PADDING_MODES.map((m) => `'${m}'`).join(', ')}, got ${describe(mode)}`,
    );
  }
  const [top, bottom, left, right] = pad;
  const hp = h + top + bottom;
  const wp = w + left + right;
  const ekH = dilationH * (kH - 1) + 1;
  const ekW = dilationW * (kW - 1) + 1;
  if (ekH > hp || ekW > wp) {
    throw new RangeError(
      `${op}: kernel size (with dilation) ${spatialText(ekH, ekW, dims)} is larger than the padded input ${spatialText(hp, wp, dims)}`,
    );
  }
  checkModePadding(op, mode, pad, h, w, dims);

  const explicit = mode !== 'zeros' && pad.some((p) => p > 0);
  const geom: ConvGeometry = {
    n,
    c,
    h: explicit ? hp : h,
    w: explicit ? wp : w,
    outC,
    kH,
    kW,
    groups,
    strideH,
    strideW,
    dilationH,
    dilationW,
    padTop: explicit ? 0 : top,
    padLeft: explicit ? 0 : left,
    outH: convOutputSize(h, kH, strideH, top, bottom, dilationH),
    outW: convOutputSize(w, kW, strideW, left, right, dilationW),
  };
  const spatial = dims === 2 ? [geom.outH, geom.outW] : [geom.outW];
  const outShape = batched ? [n, outC, ...spatial] : [outC, ...spatial];
  return { x, weight, bias, geom, pad, mode: explicit ? mode : 'zeros', outShape };
}

function resolvePadding(
  op: string,
  padding: unknown,
  stride: unknown,
  dims: 1 | 2,
  kernel: [number, number],
  dilation: [number, number],
): [number, number, number, number] {
  if (padding === 'valid') return [0, 0, 0, 0];
  if (padding === 'same') {
    const strides = spatialInts(stride, op, 'stride', 1, dims, 1);
    if (strides[0] !== 1 || strides[1] !== 1) {
      // PyTorch refuses it too: with stride > 1 no padding keeps the size.
      throw new RangeError(`${op}: padding 'same' needs stride 1, got ${describe(stride)}`);
    }
    return [...samePadding(kernel[0], dilation[0]), ...samePadding(kernel[1], dilation[1])];
  }
  const ok = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;
  const pairOk = dims === 2 && Array.isArray(padding) && padding.length === 2 && padding.every(ok);
  if (
    !ok(padding) &&
    !pairOk &&
    !(dims === 1 && Array.isArray(padding) && padding.length === 1 && ok(padding[0]))
  ) {
    const list = dims === 2 ? 'a non-negative integer, a pair of them' : 'a non-negative integer';
    throw new RangeError(
      `${op}: padding must be ${list}, 'valid' or 'same', got ${describe(padding)}`,
    );
  }
  const [ph, pw] = spatialInts(padding, op, 'padding', 0, dims, 0);
  return [ph, ph, pw, pw];
}

function checkModePadding(
  op: string,
  mode: PaddingMode,
  pad: [number, number, number, number],
  h: number,
  w: number,
  dims: 1 | 2,
): void {
  const [top, bottom, left, right] = pad;
  const shown = dims === 2 ? formatShape(pad) : formatShape([left, right]);
  if (mode !== 'zeros' && (h === 0 || w === 0) && pad.some((p) => p > 0)) {
    throw new RangeError(
      `${op}: ${mode} padding needs a non-empty input, got input ${spatialText(h, w, dims)}`,
    );
  }
  if (mode === 'reflect' && (Math.max(top, bottom) >= h || Math.max(left, right) >= w)) {
    throw new RangeError(
      `${op}: reflect padding must be smaller than the input size, got padding ${shown} for input ${spatialText(h, w, dims)}`,
    );
  }
  if (mode === 'circular' && (Math.max(top, bottom) > h || Math.max(left, right) > w)) {
    throw new RangeError(
      `${op}: circular padding must be at most the input size, got padding ${shown} for input ${spatialText(h, w, dims)}`,
    );
  }
}
