import { type Conv2dOptions, conv2d, Module, softplus } from '@convkit/layers';
import {
  defaultRng,
  type FloatDType,
  formatShape,
  isGradEnabled,
  noGrad,
  type Rng,
  Tensor,
  tensor,
} from '@convkit/tensor';
import { gaborBank, randomGaborParams } from './filter-bank';
import { gaborKernel } from './gabor-kernel';
import type { GaborScalars } from './internal/gabor-sample';
import { wrapTheta } from './theta';

/** Names of the learnable quantities of a `GaborConv2d`. */
export type GaborParamName = 'theta' | 'sigma' | 'lambda' | 'psi' | 'gamma' | 'amplitude';

/** Per-filter Gabor parameters given by the user: one number for all filters, or one per filter. */
export type GaborInitValues = {
  [K in Exclude<GaborParamName, 'amplitude'>]: number | readonly number[];
};

export interface GaborConv2dOptions {
  stride?: Conv2dOptions['stride'];
  /** Default `'same'`. */
  padding?: Conv2dOptions['padding'];
  dilation?: Conv2dOptions['dilation'];
  /** Learn a bias per output channel. Default true. */
  bias?: boolean;
  /**
   * `'out'` (default): one Gabor per output channel, applied to every input channel with a
   * learnable amplitude per (output, input) pair. `'outIn'`: one Gabor per (output, input) pair.
   */
  sharing?: 'out' | 'outIn';
  /**
   * How σ, λ, γ are kept positive. `'log'` (default): σ = exp(s), so equal steps are equal
   * ratios and σ can never reach 0. `'softplus'`: σ = log(1 + eˢ), linear for large values.
   */
  parameterization?: 'log' | 'softplus';
  /** `'bank'` (default, see `gaborBank`), `'random'`, or explicit values. */
  init?: 'bank' | 'random' | GaborInitValues;
  /** Which quantities train; the rest stay fixed (kept as buffers). Default: all. */
  learn?: Partial<Record<GaborParamName, boolean>>;
  /** Make each Gabor zero-mean (DC-free) and/or unit-norm before the amplitude. */
  normalize?: { zeroMean?: boolean; unitNorm?: boolean };
  rng?: Rng;
  dtype?: FloatDType;
}

const GABOR_NAMES = ['theta', 'sigma', 'lambda', 'psi', 'gamma'] as const;
const POSITIVE = new Set<string>(['sigma', 'lambda', 'gamma']);

/**
 * A 2-D convolution whose kernels are Gabor filters with learnable orientation θ, envelope
 * width σ, wavelength λ, phase ψ and aspect ratio γ (plus an amplitude per input channel and
 * a bias), trained by backprop through the fused `gaborKernel` op. Input [N, inC, H, W] →
 * [N, outC, H′, W′]. In eval mode the synthesised weight is cached until a parameter changes.
 * @example
 * const layer = new GaborConv2d(1, 16, 11);           // 8 orientations × 2 scales
 * const y = layer.call(randn([4, 1, 28, 28]));        // [4, 16, 28, 28]
 * layer.gaborParameters()[0].theta;                    // θ wrapped to its period
 */
export class GaborConv2d extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number;
  readonly sharing: 'out' | 'outIn';
  readonly parameterization: 'log' | 'softplus';
  private readonly convOptions: Conv2dOptions;
  private readonly normalizeOptions: { zeroMean: boolean; unitNorm: boolean };
  private readonly store: Record<GaborParamName, Tensor>;
  private readonly biasTensor: Tensor | null;
  private cache: { key: Float64Array; weight: Tensor } | null = null;

  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: number,
    options: GaborConv2dOptions = {},
  ) {
    super();
    for (const [name, v] of [
      ['inChannels', inChannels],
      ['outChannels', outChannels],
    ] as const) {
      if (!Number.isInteger(v) || v < 1)
        throw new RangeError(`GaborConv2d: ${name} must be a positive integer, got ${v}`);
    }
    if (!Number.isInteger(kernelSize) || kernelSize < 1 || kernelSize % 2 === 0) {
      throw new RangeError(
        `GaborConv2d: kernelSize must be a positive odd integer (Gabor filters are centred on a pixel), got ${kernelSize}`,
      );
    }
    const sharing = options.sharing ?? 'out';
    if (sharing !== 'out' && sharing !== 'outIn')
      throw new RangeError(`GaborConv2d: sharing must be 'out' or 'outIn', got ${String(sharing)}`);
    const parameterization = options.parameterization ?? 'log';
    if (parameterization !== 'log' && parameterization !== 'softplus') {
      throw new RangeError(
        `GaborConv2d: parameterization must be 'log' or 'softplus', got ${String(parameterization)}`,
      );
    }
    const learn = options.learn ?? {};
    for (const key of Object.keys(learn)) {
      if (!(GABOR_NAMES as readonly string[]).includes(key) && key !== 'amplitude') {
        throw new RangeError(
          `GaborConv2d: learn has unknown key '${key}'; expected theta, sigma, lambda, psi, gamma or amplitude`,
        );
      }
    }
    const dtype = options.dtype ?? 'float32';
    const count = sharing === 'out' ? outChannels : outChannels * inChannels;
    const initial = initialParams(
      options.init ?? 'bank',
      count,
      kernelSize,
      options.rng ?? defaultRng(),
    );

    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = kernelSize;
    this.sharing = sharing;
    this.parameterization = parameterization;
    this.convOptions = {
      stride: options.stride,
      padding: options.padding ?? 'same',
      dilation: options.dilation,
    };
    this.normalizeOptions = {
      zeroMean: options.normalize?.zeroMean ?? false,
      unitNorm: options.normalize?.unitNorm ?? false,
    };

    const paramShape = sharing === 'out' ? [outChannels] : [outChannels, inChannels];
    const store = {} as Record<GaborParamName, Tensor>;
    for (const name of GABOR_NAMES) {
      const values = initial.map((p) => (POSITIVE.has(name) ? this.toRaw(p[name]) : p[name]));
      store[name] = this.register(
        name,
        tensor(values, { shape: paramShape, dtype }),
        learn[name] ?? true,
      );
    }
    this.store = store;
    // He-style scale: every (out, in) slice gets squared norm 2/inC, i.e. weight variance 2/fanIn.
    const kernels = noGrad(() => this.gabors());
    const amplitude = new (dtype === 'float64' ? Float64Array : Float32Array)(
      outChannels * inChannels,
    );
    const plane = kernelSize * kernelSize;
    for (let o = 0; o < outChannels; o++) {
      for (let c = 0; c < inChannels; c++) {
        const k = sharing === 'out' ? o : o * inChannels + c;
        let norm2 = 0;
        for (let t = 0; t < plane; t++) norm2 += kernels.data[k * plane + t] ** 2;
        amplitude[o * inChannels + c] = Math.sqrt(2 / inChannels / Math.max(norm2, 1e-12));
      }
    }
    store.amplitude = this.register(
      'amplitude',
      new Tensor(amplitude, [outChannels, inChannels]),
      learn.amplitude ?? true,
    );
    this.biasTensor =
      (options.bias ?? true)
        ? this.registerParameter('bias', tensor(new Array(outChannels).fill(0), { dtype }))
        : null;
  }

  private register(name: string, value: Tensor, trainable: boolean): Tensor {
    const stored =
      this.parameterization === 'log' && POSITIVE.has(name)
        ? `log${name[0].toUpperCase()}${name.slice(1)}`
        : POSITIVE.has(name)
          ? `${name}Raw`
          : name;
    return trainable
      ? this.registerParameter(stored, value.requiresGrad_())
      : this.registerBuffer(stored, value);
  }

  private toRaw(value: number): number {
    if (!(value > 0))
      throw new RangeError(`GaborConv2d: σ, λ and γ must be positive, got ${value}`);
    // Inverse of softplus: log(eᵛ − 1), written to stay accurate for large v.
    return this.parameterization === 'log'
      ? Math.log(value)
      : value + Math.log(-Math.expm1(-value));
  }

  private positive(raw: Tensor): Tensor {
    return this.parameterization === 'log' ? raw.exp() : softplus(raw);
  }

  /** The Gabor kernels before amplitude: [outC, kH, kW] or [outC, inC, kH, kW]. */
  private gabors(): Tensor {
    const s = this.store;
    let g = gaborKernel(
      {
        theta: s.theta,
        sigma: this.positive(s.sigma),
        lambda: this.positive(s.lambda),
        psi: s.psi,
        gamma: this.positive(s.gamma),
      },
      this.kernelSize,
    );
    const axes = [g.rank - 2, g.rank - 1];
    if (this.normalizeOptions.zeroMean) g = g.sub(g.mean(axes, { keepDim: true }));
    if (this.normalizeOptions.unitNorm)
      g = g.div(g.square().sum(axes, { keepDim: true }).add(1e-12).sqrt());
    return g;
  }

  /** The convolution weight [outC, inC, kH, kW] synthesised from the current parameters. */
  weight(): Tensor {
    const k = this.kernelSize;
    const g = this.gabors();
    const shaped = this.sharing === 'out' ? g.reshape([this.outChannels, 1, k, k]) : g;
    return shaped.mul(this.store.amplitude.reshape([this.outChannels, this.inChannels, 1, 1]));
  }

  forward(x: Tensor): Tensor {
    if (!(x instanceof Tensor) || x.rank !== 4 || x.shape[1] !== this.inChannels) {
      throw new RangeError(
        `GaborConv2d: expected input [N, ${this.inChannels}, H, W], got ${x instanceof Tensor ? formatShape(x.shape) : String(x)}`,
      );
    }
    return conv2d(x, this.cachedWeight(), { ...this.convOptions, bias: this.biasTensor });
  }

  /** In eval mode with recording off, reuse the weight while no parameter value changed. */
  private cachedWeight(): Tensor {
    if (this.training || isGradEnabled()) {
      this.cache = null;
      return this.weight();
    }
    const key = this.parameterSignature();
    if (
      this.cache &&
      this.cache.key.length === key.length &&
      this.cache.key.every((v, i) => v === key[i])
    ) {
      return this.cache.weight;
    }
    const weight = this.weight();
    this.cache = { key, weight };
    return weight;
  }

  private parameterSignature(): Float64Array {
    const parts = Object.values(this.store).map((t) => t.data);
    const key = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const p of parts) {
      key.set(p, offset);
      offset += p.length;
    }
    return key;
  }

  /** Current parameters of every Gabor as numbers, θ wrapped to its period (see `wrapTheta`). */
  gaborParameters(): GaborScalars[] {
    return noGrad(() => {
      const s = this.store;
      const sigma = this.positive(s.sigma).data;
      const lambda = this.positive(s.lambda).data;
      const gamma = this.positive(s.gamma).data;
      return Array.from(s.theta.data, (theta, i) => ({
        theta: wrapTheta(theta, s.psi.data[i]),
        sigma: sigma[i],
        lambda: lambda[i],
        psi: s.psi.data[i],
        gamma: gamma[i],
      }));
    });
  }

  override extraRepr(): string {
    return `${this.inChannels}, ${this.outChannels}, kernelSize=${this.kernelSize}, sharing=${this.sharing}, parameterization=${this.parameterization}`;
  }
}

function initialParams(
  init: GaborConv2dOptions['init'],
  count: number,
  kernelSize: number,
  rng: Rng,
): GaborScalars[] {
  if (init === 'bank') return gaborBank({ count, kernelSize });
  if (init === 'random') return randomGaborParams(count, kernelSize, rng);
  if (init === null || typeof init !== 'object') {
    throw new RangeError(
      `GaborConv2d: init must be 'bank', 'random' or { theta, sigma, lambda, psi, gamma }, got ${String(init)}`,
    );
  }
  const columns = GABOR_NAMES.map((name) => {
    const v = init[name];
    const list = typeof v === 'number' ? new Array<number>(count).fill(v) : v;
    if (!Array.isArray(list) || list.length !== count || !list.every(Number.isFinite)) {
      throw new RangeError(
        `GaborConv2d: init.${name} must be a finite number or ${count} finite numbers, got ${String(v)}`,
      );
    }
    return list;
  });
  return Array.from({ length: count }, (_, i) => ({
    theta: columns[0][i],
    sigma: columns[1][i],
    lambda: columns[2][i],
    psi: columns[3][i],
    gamma: columns[4][i],
  }));
}
