import { createRng, type DType, randn, type Tensor } from '@convkit/tensor';
import fc from 'fast-check';
import type { PaddingMode } from './conv-geometry';
import { type RefConvConfig, refConv2d, refPad } from './conv-reference';

// For the tests only: random but always valid conv2d settings, small enough for
// finite-difference gradient checks, and the naive reference result for them.

/** One random conv2d call: shapes, settings and a seed for its data. */
export interface Conv2dCase {
  n: number;
  c: number;
  h: number;
  w: number;
  outC: number;
  kH: number;
  kW: number;
  groups: number;
  stride: [number, number];
  dilation: [number, number];
  padding: number | [number, number] | 'valid' | 'same';
  paddingMode: PaddingMode;
  bias: boolean;
  seed: number;
}

export interface Conv2dCaseOptions {
  /** Largest number of groups (default 3). */
  maxGroups?: number;
  /** Only `'zeros'` padding (for oracles without padding modes). */
  zerosOnly?: boolean;
}

const pairArb = (min: number, max: number) =>
  fc.tuple(fc.integer({ min, max }), fc.integer({ min, max }));

/**
 * Valid conv2d configurations: groups up to 3 with 1–2 channels per group on each side,
 * kernels 1–3, strides and dilations 1–2, padding a number, a pair, `'valid'` or `'same'`
 * (stride 1 only), any padding mode; H and W at least 3 and at least the dilated kernel,
 * so every padding mode is allowed.
 */
export function conv2dCaseArb(options: Conv2dCaseOptions = {}): fc.Arbitrary<Conv2dCase> {
  const modes: PaddingMode[] = options.zerosOnly
    ? ['zeros']
    : ['zeros', 'reflect', 'replicate', 'circular'];
  return fc
    .record({
      n: fc.integer({ min: 1, max: 2 }),
      groups: fc.integer({ min: 1, max: options.maxGroups ?? 3 }),
      cg: fc.integer({ min: 1, max: 2 }),
      outCg: fc.integer({ min: 1, max: 2 }),
      kernel: pairArb(1, 3),
      stride: pairArb(1, 2),
      dilation: pairArb(1, 2),
      padding: fc.oneof(
        fc.integer({ min: 0, max: 2 }),
        pairArb(0, 2),
        fc.constant<'valid'>('valid'),
        fc.constant<'same'>('same'),
      ),
      paddingMode: fc.constantFrom(...modes),
      extra: pairArb(0, 2),
      bias: fc.boolean(),
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    })
    .map((r) => {
      const [kH, kW] = r.kernel;
      const fit = (k: number, d: number, extra: number) => Math.max(3, d * (k - 1) + 1) + extra;
      return {
        n: r.n,
        c: r.groups * r.cg,
        h: fit(kH, r.dilation[0], r.extra[0]),
        w: fit(kW, r.dilation[1], r.extra[1]),
        outC: r.groups * r.outCg,
        kH,
        kW,
        groups: r.groups,
        stride: r.padding === 'same' ? [1, 1] : r.stride,
        dilation: r.dilation,
        padding: r.padding,
        paddingMode: r.paddingMode,
        bias: r.bias,
        seed: r.seed,
      };
    });
}

/** Random input, weight and (optional) bias of a case. */
export function conv2dCaseTensors(
  k: Conv2dCase,
  dtype: DType = 'float64',
): { x: Tensor; weight: Tensor; bias: Tensor | null } {
  const rng = createRng(k.seed);
  const x = randn([k.n, k.c, k.h, k.w], { rng, dtype });
  const weight = randn([k.outC, k.c / k.groups, k.kH, k.kW], { rng, dtype });
  const bias = k.bias ? randn([k.outC], { rng, dtype }) : null;
  return { x, weight, bias };
}

/** [top, bottom, left, right] as PyTorch defines each padding setting. */
export function explicitPadding(k: Conv2dCase): [number, number, number, number] {
  const p = k.padding;
  if (p === 'valid') return [0, 0, 0, 0];
  if (typeof p === 'number') return [p, p, p, p];
  if (Array.isArray(p)) return [p[0], p[0], p[1], p[1]];
  const totalH = k.dilation[0] * (k.kH - 1);
  const totalW = k.dilation[1] * (k.kW - 1);
  const top = Math.floor(totalH / 2);
  const left = Math.floor(totalW / 2);
  return [top, totalH - top, left, totalW - left];
}

/** The naive float64 result of a case: pad by mode, then the textbook loops. */
export function conv2dCaseReference(
  k: Conv2dCase,
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null,
): Tensor {
  const pad = explicitPadding(k);
  const cfg: RefConvConfig = { stride: k.stride, dilation: k.dilation, groups: k.groups, pad };
  if (k.paddingMode === 'zeros') return refConv2d(x, weight, bias, cfg);
  return refConv2d(refPad(x, pad, k.paddingMode), weight, bias, { ...cfg, pad: [0, 0, 0, 0] });
}

/** The conv2d options of a case. */
export function conv2dCaseOptions(k: Conv2dCase, bias: Tensor | null) {
  return {
    bias,
    stride: k.stride,
    padding: k.padding,
    dilation: k.dilation,
    groups: k.groups,
    paddingMode: k.paddingMode,
  };
}
