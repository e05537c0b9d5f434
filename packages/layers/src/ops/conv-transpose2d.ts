import { defineOp, formatShape, type Shape, Tensor } from '@convkit/tensor';
import {
  type ConvGeometry,
  describe,
  expectFloat,
  expectSameDType,
  expectTensor,
  positiveInt,
  spatialInts,
} from '../internal/conv-geometry';
import { biasGrad, convBackward, convForward } from '../internal/conv-kernels';
import type { FloatArray } from '../internal/float-array';

/** Options of {@link convTranspose2d}. */
export interface ConvTranspose2dOptions {
  /** Added per output channel, shape [outC]. */
  bias?: Tensor | null;
  /** Upsampling factor (the stride of the convolution this op transposes). Default 1. */
  stride?: number | [number, number];
  /** Rows/columns removed from both sides of the full output. Default 0. */
  padding?: number | [number, number];
  /** Extra rows/columns added at the bottom/right; smaller than stride or dilation. Default 0. */
  outputPadding?: number | [number, number];
  /** Spacing between kernel taps. Default 1. */
  dilation?: number | [number, number];
  /** Split channels into groups. Default 1. */
  groups?: number;
}

const OP = 'convTranspose2d';

const convTransposeOp = defineOp({
  name: OP,
  forward(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | null,
    geometry: ConvGeometry,
    outShape: Shape,
  ) {
    // This op is the input gradient of conv2d: scatter each input value through the kernel.
    const { dx } = convBackward(
      input.data as FloatArray,
      geometry,
      weight.data as FloatArray,
      null,
    );
    const out = dx as FloatArray;
    if (bias !== null) {
      const plane = geometry.h * geometry.w;
      for (let i = 0; i < geometry.n * geometry.c; i++) {
        const v = bias.data[i % geometry.c];
        for (let k = i * plane; k < (i + 1) * plane; k++) out[k] += v;
      }
    }
    return { out: new Tensor(out, outShape), saved: { input, weight, bias, geometry } };
  },
  backward(dOut, { input, weight, bias, geometry }) {
    // Its input gradient is conv2d forward; its weight gradient is conv2d's weight gradient
    // with the roles of input and output gradient swapped.
    const d = dOut.data as FloatArray;
    const dInput = input.requiresGrad
      ? new Tensor(convForward(d, weight.data as FloatArray, null, geometry).out, input.shape)
      : null;
    const dWeight = weight.requiresGrad
      ? new Tensor(
          convBackward(input.data as FloatArray, geometry, null, d).dw as FloatArray,
          weight.shape,
        )
      : null;
    const dBias =
      bias?.requiresGrad === true
        ? new Tensor(biasGrad(d, geometry.n, geometry.c, geometry.h * geometry.w), bias.shape)
        : null;
    return [dInput, dWeight, dBias];
  },
});

/**
 * 2-D transposed convolution ("deconvolution"), the gradient of {@link conv2d} with respect
 * to its input: input [N, C, H, W] (or [C, H, W]), weight [C, outC/groups, kH, kW] as in
 * PyTorch, bias [outC] → [N, outC, outH, outW] with
 * outH = (H − 1)·sH − 2·pH + dH·(kH − 1) + outputPaddingH + 1.
 * ⟨conv2d(x, w), y⟩ = ⟨x, convTranspose2d(y, w)⟩ for matching settings.
 * @example
 * const x = randn([1, 16, 7, 7]);
 * convTranspose2d(x, randn([16, 8, 4, 4]), { stride: 2, padding: 1 }); // [1, 8, 14, 14]
 */
export function convTranspose2d(
  x: Tensor,
  weight: Tensor,
  options: ConvTranspose2dOptions = {},
): Tensor {
  const input = expectTensor(x, OP, 'input');
  const w = expectTensor(weight, OP, 'weight');
  expectFloat(input, OP, 'input');
  expectFloat(w, OP, 'weight');
  expectSameDType(w, input, OP, 'weight');
  const batched = input.rank === 4;
  if (!batched && input.rank !== 3) {
    throw new RangeError(
      `${OP}: input must be [N, C, H, W] or [C, H, W], got ${formatShape(input.shape)}`,
    );
  }
  if (w.rank !== 4) {
    throw new RangeError(
      `${OP}: weight must be [inC, outC/groups, kH, kW], got ${formatShape(w.shape)}`,
    );
  }
  const [n, c, h, wd] = batched ? input.shape : [1, ...input.shape];
  const groups = positiveInt(options.groups ?? 1, OP, 'groups');
  if (c !== w.shape[0]) {
    throw new RangeError(`${OP}: expected input with ${w.shape[0]} channels, got ${c}`);
  }
  if (c % groups !== 0) {
    throw new RangeError(
      `${OP}: groups must divide the input channels, got groups ${groups} for ${c} input channels`,
    );
  }
  const outC = w.shape[1] * groups;
  const bias = options.bias ?? null;
  if (bias !== null) {
    expectTensor(bias, OP, 'bias');
    expectFloat(bias, OP, 'bias');
    expectSameDType(bias, input, OP, 'bias');
    if (bias.rank !== 1 || bias.shape[0] !== outC) {
      throw new RangeError(`${OP}: bias must be [${outC}], got ${formatShape(bias.shape)}`);
    }
  }
  const [sH, sW] = spatialInts(options.stride ?? 1, OP, 'stride', 1, 2, 1);
  const [dH, dW] = spatialInts(options.dilation ?? 1, OP, 'dilation', 1, 2, 1);
  const [pH, pW] = spatialInts(options.padding ?? 0, OP, 'padding', 0, 2, 0);
  const [opH, opW] = spatialInts(options.outputPadding ?? 0, OP, 'outputPadding', 0, 2, 0);
  if (opH >= Math.max(sH, dH) || opW >= Math.max(sW, dW)) {
    throw new RangeError(
      `${OP}: outputPadding must be smaller than stride or dilation, got outputPadding ${describe([opH, opW])} ` +
        `with stride ${describe([sH, sW])} and dilation ${describe([dH, dW])}`,
    );
  }
  const [kH, kW] = [w.shape[2], w.shape[3]];
  const outH = (h - 1) * sH - 2 * pH + dH * (kH - 1) + opH + 1;
  const outW = (wd - 1) * sW - 2 * pW + dW * (kW - 1) + opW + 1;
  if (outH <= 0 || outW <= 0) {
    throw new RangeError(
      `${OP}: output size must be positive, got ${formatShape([outH, outW])} for input ${formatShape([h, wd])}`,
    );
  }
  // The convolution whose input gradient this is: it maps [N, outC, outH, outW] to the input.
  const geometry: ConvGeometry = {
    n,
    c: outC,
    h: outH,
    w: outW,
    outC: c,
    kH,
    kW,
    groups,
    strideH: sH,
    strideW: sW,
    dilationH: dH,
    dilationW: dW,
    padTop: pH,
    padLeft: pW,
    outH: h,
    outW: wd,
  };
  const outShape = batched ? [n, outC, outH, outW] : [outC, outH, outW];
  return convTransposeOp(input, w, bias, geometry, outShape);
}
