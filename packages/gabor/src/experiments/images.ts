import { createRng, type FloatDType, type Rng, Tensor } from '@convkit/tensor';

/** The kinds of seeded test image the Gabor experiments run on. */
export type ExperimentImageKind = 'whiteNoise' | 'smoothedNoise' | 'natural';

export interface ExperimentImageOptions {
  /** Side length in pixels. Default 64. */
  size?: number;
  /** Seed of the image's generator. Default 0. */
  seed?: number;
  dtype?: FloatDType;
}

/**
 * A seeded grey-level test image `[1, 1, size, size]`, normalised to zero mean and unit
 * standard deviation:
 * - `whiteNoise`: independent N(0, 1) pixels (every frequency equally strong);
 * - `smoothedNoise`: white noise blurred by a Gaussian of σ = 2 px (low frequencies only);
 * - `natural`: a natural-ish scene — overlapping shaded discs and bars over a 1/f
 *   ("pink") background, so edges of every orientation and a falling power spectrum.
 * @example
 * const image = experimentImage('smoothedNoise', { size: 64, seed: 1 });
 */
export function experimentImage(
  kind: ExperimentImageKind,
  options: ExperimentImageOptions = {},
): Tensor {
  const size = options.size ?? 64;
  if (!Number.isInteger(size) || size < 8) {
    throw new RangeError(`experimentImage: size must be an integer ≥ 8, got ${size}`);
  }
  const rng = createRng(options.seed ?? 0);
  let pixels: Float64Array;
  switch (kind) {
    case 'whiteNoise':
      pixels = noise(size, rng);
      break;
    case 'smoothedNoise':
      pixels = gaussianBlur(noise(size, rng), size, 2);
      break;
    case 'natural':
      pixels = naturalScene(size, rng);
      break;
    default:
      throw new RangeError(
        `experimentImage: kind must be 'whiteNoise', 'smoothedNoise' or 'natural', got ${String(kind)}`,
      );
  }
  standardize(pixels);
  const data = options.dtype === 'float32' ? Float32Array.from(pixels) : pixels;
  return new Tensor(data, [1, 1, size, size]);
}

function noise(size: number, rng: Rng): Float64Array {
  const out = new Float64Array(size * size);
  for (let i = 0; i < out.length; i++) out[i] = rng.normal();
  return out;
}

/** Separable Gaussian blur with edge replication. */
function gaussianBlur(src: Float64Array, size: number, sigma: number): Float64Array {
  const radius = Math.ceil(3 * sigma);
  const taps = new Float64Array(2 * radius + 1);
  let total = 0;
  for (let t = -radius; t <= radius; t++)
    total += taps[t + radius] = Math.exp(-(t * t) / (2 * sigma * sigma));
  for (let t = 0; t < taps.length; t++) taps[t] /= total;
  const clampIndex = (i: number) => Math.min(size - 1, Math.max(0, i));
  const rows = new Float64Array(src.length);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      let acc = 0;
      for (let t = -radius; t <= radius; t++)
        acc += taps[t + radius] * src[y * size + clampIndex(x + t)];
      rows[y * size + x] = acc;
    }
  const out = new Float64Array(src.length);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      let acc = 0;
      for (let t = -radius; t <= radius; t++)
        acc += taps[t + radius] * rows[clampIndex(y + t) * size + x];
      out[y * size + x] = acc;
    }
  return out;
}

function naturalScene(size: number, rng: Rng): Float64Array {
  // 1/f background: octaves of blurred noise with amplitude proportional to their scale.
  const image = new Float64Array(size * size);
  for (let octave = 0; octave < 5; octave++) {
    const scale = 2 ** octave;
    const layer = gaussianBlur(noise(size, rng), size, 0.7 * scale);
    for (let i = 0; i < image.length; i++) image[i] += 0.15 * scale * layer[i];
  }
  // Occluding objects: discs and oriented bars with shading, drawn back to front.
  const objects = 6 + Math.floor(rng.random() * 5);
  for (let n = 0; n < objects; n++) {
    const cx = rng.random() * size;
    const cy = rng.random() * size;
    const radius = size * (0.06 + 0.18 * rng.random());
    const angle = rng.random() * Math.PI;
    const elongation = rng.random() < 0.5 ? 1 : 3 + 3 * rng.random();
    const level = rng.normal() * 2;
    const shade = rng.normal() * 0.03;
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const u = (x - cx) * cos + (y - cy) * sin;
        const v = -(x - cx) * sin + (y - cy) * cos;
        if ((u / (radius * elongation)) ** 2 + (v / radius) ** 2 <= 1)
          image[y * size + x] = level + shade * u;
      }
  }
  return image;
}

function standardize(pixels: Float64Array): void {
  let mean = 0;
  for (const v of pixels) mean += v;
  mean /= pixels.length;
  let variance = 0;
  for (const v of pixels) variance += (v - mean) ** 2;
  const std = Math.sqrt(variance / pixels.length) || 1;
  for (let i = 0; i < pixels.length; i++) pixels[i] = (pixels[i] - mean) / std;
}
