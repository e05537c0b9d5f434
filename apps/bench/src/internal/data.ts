// Inputs every engine builds for itself from the same seed (nothing large crosses a process
// boundary), and layout conversions done outside the timed region.

/** mulberry32: a tiny seeded generator; the same seed gives the same stream in every process. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` float32 values uniform in [lo, hi), reproducible from `seed`. */
export function uniform(seed: number, n: number, lo = -1, hi = 1): Float32Array {
  const next = generator(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * next();
  return out;
}

/** `n` integers in [0, max), reproducible from `seed`. */
export function integers(seed: number, n: number, max: number): Int32Array {
  const next = generator(seed);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(next() * max);
  return out;
}

/**
 * `n` distinct float32 values in [−1, 1), shuffled: max pooling has no ties, so every engine
 * must route each gradient to the same element. Needs `n` a power of two (exact in float32).
 */
export function distinct(seed: number, n: number): Float32Array {
  const out = new Float32Array(n);
  // An odd multiplier is a bijection on [0, 2^k); the seed only shifts the permutation.
  const mult = 2 * (seed % 4096) + 7919;
  for (let i = 0; i < n; i++) out[i] = (((i * mult + seed) % n) / n) * 2 - 1;
  return out;
}

/** Same values in float64. */
export function toFloat64(a: Float32Array): Float64Array {
  return Float64Array.from(a);
}

/** [N, C, H, W] → [N, H, W, C]. */
export function nchwToNhwc(
  x: Float32Array,
  n: number,
  c: number,
  h: number,
  w: number,
): Float32Array {
  const out = new Float32Array(x.length);
  const plane = h * w;
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const src = (b * c + ch) * plane;
      for (let p = 0; p < plane; p++) out[(b * plane + p) * c + ch] = x[src + p];
    }
  }
  return out;
}

/** [N, H, W, C] → [N, C, H, W]. */
export function nhwcToNchw(
  x: ArrayLike<number>,
  n: number,
  c: number,
  h: number,
  w: number,
): Float32Array {
  const out = new Float32Array(n * c * h * w);
  const plane = h * w;
  for (let b = 0; b < n; b++) {
    for (let p = 0; p < plane; p++) {
      const src = (b * plane + p) * c;
      for (let ch = 0; ch < c; ch++) out[(b * c + ch) * plane + p] = x[src + ch];
    }
  }
  return out;
}

/** Conv weight [O, I, kH, kW] → TF.js [kH, kW, I, O]. Depthwise [C, 1, k, k] gives [k, k, 1, C] = [k, k, C, 1] in memory. */
export function oihwToHwio(
  wt: Float32Array,
  o: number,
  i: number,
  kh: number,
  kw: number,
): Float32Array {
  const out = new Float32Array(wt.length);
  for (let a = 0; a < o; a++) {
    for (let b = 0; b < i; b++) {
      for (let y = 0; y < kh; y++) {
        for (let x = 0; x < kw; x++)
          out[((y * kw + x) * i + b) * o + a] = wt[((a * i + b) * kh + y) * kw + x];
      }
    }
  }
  return out;
}

/** TF.js [kH, kW, I, O] → [O, I, kH, kW]. */
export function hwioToOihw(
  wt: ArrayLike<number>,
  o: number,
  i: number,
  kh: number,
  kw: number,
): Float32Array {
  const out = new Float32Array(o * i * kh * kw);
  for (let a = 0; a < o; a++) {
    for (let b = 0; b < i; b++) {
      for (let y = 0; y < kh; y++) {
        for (let x = 0; x < kw; x++)
          out[((a * i + b) * kh + y) * kw + x] = wt[((y * kw + x) * i + b) * o + a];
      }
    }
  }
  return out;
}

/** [rows, cols] → [cols, rows]. */
export function transpose2d(m: ArrayLike<number>, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = m[r * cols + c];
  return out;
}

/** Copies any numeric array-like (a typed array from another engine) into a Float32Array. */
export function f32(a: ArrayLike<number>): Float32Array {
  return a instanceof Float32Array ? a : Float32Array.from(a);
}
