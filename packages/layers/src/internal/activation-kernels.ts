// Forward and backward loops of the element-wise activations, one pair per function. Each
// runs over whole typed arrays (see elementwise-op.ts); `g` is the incoming gradient.
import type { TypedArray } from '@convkit/tensor';
import { normalCdf, normalPdf } from './erf';

export interface SlopeParams {
  slope: number;
}

export function leakyReluForward(x: TypedArray, out: TypedArray, { slope }: SlopeParams): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    out[i] = v > 0 ? v : v * slope;
  }
}

export function leakyReluBackward(
  x: TypedArray,
  _out: TypedArray,
  g: TypedArray,
  dx: TypedArray,
  { slope }: SlopeParams,
): void {
  for (let i = 0; i < x.length; i++) dx[i] = x[i] > 0 ? g[i] : g[i] * slope;
}

/** ELU and SELU: scale·x for x > 0, scale·α·(eˣ − 1) otherwise. */
export interface EluParams {
  alpha: number;
  scale: number;
}

export function eluForward(x: TypedArray, out: TypedArray, { alpha, scale }: EluParams): void {
  const negScale = scale * alpha;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    // expm1 keeps full relative precision for small negative x, where eˣ − 1 cancels.
    out[i] = v > 0 ? scale * v : negScale * Math.expm1(v);
  }
}

export function eluBackward(
  x: TypedArray,
  _out: TypedArray,
  g: TypedArray,
  dx: TypedArray,
  p: EluParams,
): void {
  const negScale = p.scale * p.alpha;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    dx[i] = v > 0 ? g[i] * p.scale : g[i] * negScale * Math.exp(v);
  }
}

export function geluExactForward(x: TypedArray, out: TypedArray): void {
  for (let i = 0; i < x.length; i++) out[i] = x[i] * normalCdf(x[i]);
}

export function geluExactBackward(
  x: TypedArray,
  _out: TypedArray,
  g: TypedArray,
  dx: TypedArray,
): void {
  // d/dx x·Φ(x) = Φ(x) + x·φ(x)
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    dx[i] = g[i] * (normalCdf(v) + v * normalPdf(v));
  }
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const GELU_CUBIC = 0.044715;

export function geluTanhForward(x: TypedArray, out: TypedArray): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    out[i] = 0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + GELU_CUBIC * v * v * v)));
  }
}

export function geluTanhBackward(
  x: TypedArray,
  _out: TypedArray,
  g: TypedArray,
  dx: TypedArray,
): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    const t = Math.tanh(SQRT_2_OVER_PI * (v + GELU_CUBIC * v * v * v));
    const dInner = SQRT_2_OVER_PI * (1 + 3 * GELU_CUBIC * v * v);
    dx[i] = g[i] * (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * dInner);
  }
}

/** σ(v) without overflow: e^(−|v|) never exceeds 1. */
function stableSigmoid(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

export function siluForward(x: TypedArray, out: TypedArray): void {
  for (let i = 0; i < x.length; i++) out[i] = x[i] * stableSigmoid(x[i]);
}

export function siluBackward(x: TypedArray, _out: TypedArray, g: TypedArray, dx: TypedArray): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    const s = stableSigmoid(v);
    dx[i] = g[i] * s * (1 + v * (1 - s));
  }
}

export interface SoftplusParams {
  beta: number;
  threshold: number;
}

export function softplusForward(
  x: TypedArray,
  out: TypedArray,
  { beta, threshold }: SoftplusParams,
): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    const bv = beta * v;
    // log(1 + e^z) = max(z, 0) + log1p(e^(−|z|)) never overflows.
    out[i] = bv > threshold ? v : (Math.max(bv, 0) + Math.log1p(Math.exp(-Math.abs(bv)))) / beta;
  }
}

export function softplusBackward(
  x: TypedArray,
  _out: TypedArray,
  g: TypedArray,
  dx: TypedArray,
  { beta, threshold }: SoftplusParams,
): void {
  for (let i = 0; i < x.length; i++) {
    const bv = beta * x[i];
    dx[i] = bv > threshold ? g[i] : g[i] * stableSigmoid(bv);
  }
}

export interface RangeParams {
  minVal: number;
  maxVal: number;
}

export function hardtanhForward(
  x: TypedArray,
  out: TypedArray,
  { minVal, maxVal }: RangeParams,
): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    out[i] = v < minVal ? minVal : v > maxVal ? maxVal : v;
  }
}

export function hardtanhBackward(
  x: TypedArray,
  _out: TypedArray,
  g: TypedArray,
  dx: TypedArray,
  { minVal, maxVal }: RangeParams,
): void {
  // PyTorch's convention: zero gradient at the boundaries themselves.
  for (let i = 0; i < x.length; i++) dx[i] = x[i] > minVal && x[i] < maxVal ? g[i] : 0;
}
