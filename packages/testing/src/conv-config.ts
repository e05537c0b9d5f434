import fc from 'fast-check';

/**
 * One valid convolution setting over `spatialDims` spatial dimensions, PyTorch layout: input
 * `[batch, inChannels, ...inputSize]`, weight `[outChannels, inChannels / groups,
 * ...kernelSize]`, output `[batch, outChannels, ...outputSize]`. Per-dimension settings are
 * arrays with one entry per spatial dimension; padding is symmetric (`padding[i]` on each
 * side of dimension i).
 */
export interface ConvConfig {
  batch: number;
  inChannels: number;
  outChannels: number;
  groups: number;
  inputSize: number[];
  kernelSize: number[];
  stride: number[];
  padding: number[];
  dilation: number[];
  /** ⌊(in + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1 per dimension, always ≥ 1. */
  outputSize: number[];
}

export interface ConvConfigConstraints {
  /** Number of spatial dimensions: 1 (conv1d), 2 (conv2d, default) or 3 (conv3d). */
  spatialDims?: number;
  /** Largest batch size (default 2). */
  maxBatch?: number;
  /** Largest number of groups (default 3); 1 for ordinary convolutions only. */
  maxGroups?: number;
  /** Largest number of input and of output channels per group (default 2). */
  maxChannelsPerGroup?: number;
  /** Largest kernel size per dimension (default 3). */
  maxKernel?: number;
  /** Largest stride (default 2). */
  maxStride?: number;
  /** Largest dilation (default 2). */
  maxDilation?: number;
  /** Largest padding per side (default 2). */
  maxPadding?: number;
  /** Largest input size beyond the smallest valid one (default 3). */
  maxExtraInput?: number;
}

/**
 * Valid convolution configurations, small enough for finite-difference gradient checks.
 * Every generated input is larger than its padding (so reflect and replicate padding are
 * valid too) and at least as large as the dilated kernel.
 * @example
 * fc.assert(fc.property(convConfigArb(), (c) => {
 *   const x = randn([c.batch, c.inChannels, ...c.inputSize], { dtype: 'float64' });
 *   // … run your conv and compare with a reference of shape [c.batch, c.outChannels, ...c.outputSize]
 * }));
 */
export function convConfigArb(constraints: ConvConfigConstraints = {}): fc.Arbitrary<ConvConfig> {
  const {
    spatialDims = 2,
    maxBatch = 2,
    maxGroups = 3,
    maxChannelsPerGroup = 2,
    maxKernel = 3,
    maxStride = 2,
    maxDilation = 2,
    maxPadding = 2,
    maxExtraInput = 3,
  } = constraints;
  const limits = {
    spatialDims,
    maxBatch,
    maxGroups,
    maxChannelsPerGroup,
    maxKernel,
    maxStride,
    maxDilation,
    maxExtraInput,
  };
  for (const [name, value] of Object.entries(limits)) {
    const min = name === 'maxExtraInput' ? 0 : 1;
    if (!Number.isInteger(value) || value < min) {
      throw new RangeError(`convConfigArb: ${name} must be an integer ≥ ${min}, got ${value}`);
    }
  }
  if (!Number.isInteger(maxPadding) || maxPadding < 0) {
    throw new RangeError(`convConfigArb: maxPadding must be an integer ≥ 0, got ${maxPadding}`);
  }
  const perDim = (min: number, max: number) =>
    fc.array(fc.integer({ min, max }), { minLength: spatialDims, maxLength: spatialDims });
  return fc
    .record({
      batch: fc.integer({ min: 1, max: maxBatch }),
      groups: fc.integer({ min: 1, max: maxGroups }),
      inPerGroup: fc.integer({ min: 1, max: maxChannelsPerGroup }),
      outPerGroup: fc.integer({ min: 1, max: maxChannelsPerGroup }),
      kernelSize: perDim(1, maxKernel),
      stride: perDim(1, maxStride),
      padding: perDim(0, maxPadding),
      dilation: perDim(1, maxDilation),
      extra: perDim(0, maxExtraInput),
    })
    .map((r) => {
      const inputSize = r.kernelSize.map((k, i) => {
        const span = r.dilation[i] * (k - 1) + 1;
        return Math.max(span, r.padding[i] + 1) + r.extra[i];
      });
      const outputSize = inputSize.map(
        (n, i) =>
          Math.floor(
            (n + 2 * r.padding[i] - r.dilation[i] * (r.kernelSize[i] - 1) - 1) / r.stride[i],
          ) + 1,
      );
      return {
        batch: r.batch,
        inChannels: r.groups * r.inPerGroup,
        outChannels: r.groups * r.outPerGroup,
        groups: r.groups,
        inputSize,
        kernelSize: r.kernelSize,
        stride: r.stride,
        padding: r.padding,
        dilation: r.dilation,
        outputSize,
      };
    });
}
