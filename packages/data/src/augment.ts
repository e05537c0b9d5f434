import { formatShape, type Rng, Tensor } from '@convkit/tensor';
import { checkOptions, describe, nonNegative } from './internal/describe';

export interface AugmentOptions {
  /** Largest shift in pixels along each axis; each image draws an integer in [−shift, shift] (default 0). */
  shift?: number;
  /** Largest rotation in degrees; each image draws an angle uniformly in [−rotation, rotation] (default 0). */
  rotation?: number;
  /**
   * Value of pixels that come in from outside the image. Default: each image's smallest
   * value, which is the background of MNIST-style images whether or not they were normalised.
   */
  fill?: number;
}

const WHERE = 'randomAffine';

/** Checks augmentation options once (the loader calls this at construction). */
export function checkAugmentOptions(
  options: AugmentOptions | undefined,
  where = WHERE,
): Required<Omit<AugmentOptions, 'fill'>> & { fill?: number } {
  const opts = checkOptions(options, where);
  const shift = nonNegative(opts.shift ?? 0, where, 'shift');
  if (!Number.isInteger(shift))
    throw new RangeError(`${where}: shift must be a whole number of pixels, got ${shift}`);
  const rotation = nonNegative(opts.rotation ?? 0, where, 'rotation');
  if (rotation > 180)
    throw new RangeError(`${where}: rotation must be at most 180 degrees, got ${rotation}`);
  if (opts.fill !== undefined && (typeof opts.fill !== 'number' || !Number.isFinite(opts.fill))) {
    throw new RangeError(`${where}: fill must be a finite number, got ${describe(opts.fill)}`);
  }
  return { shift, rotation, fill: opts.fill };
}

/**
 * Randomly shifts and rotates each image of a batch [N, C, H, W] (one draw per image, the
 * same for all its channels) and returns a new tensor of the same shape and dtype. Each
 * output pixel p = (x, y) samples the input at c + R(θ)·(p − c − t), with c the image
 * centre, t = (dx, dy) the shift (positive: right and down), R(θ) = [[cos θ, −sin θ],
 * [sin θ, cos θ]] (positive θ turns the picture counter-clockwise as displayed, y pointing
 * down), by bilinear interpolation; integer shifts alone move pixels exactly. Draws dx,
 * dy, then θ per image from `rng`, so a seeded generator gives the same batch every time.
 * @example
 * const moved = randomAffine(images, createRng(0), { shift: 2, rotation: 10 });
 */
export function randomAffine(images: Tensor, rng: Rng, options?: AugmentOptions): Tensor {
  const { shift, rotation, fill } = checkAugmentOptions(options);
  if (!(images instanceof Tensor) || images.rank !== 4 || images.dtype === 'int32') {
    throw new RangeError(
      `${WHERE}: images must be a float tensor [N, C, H, W], got ${describe(images)}`,
    );
  }
  const [n, channels, h, w] = images.shape;
  const src = images.data;
  const out =
    images.dtype === 'float64' ? new Float64Array(src.length) : new Float32Array(src.length);
  const plane = h * w;
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  for (let i = 0; i < n; i++) {
    const dx = shift > 0 ? rng.int(-shift, shift + 1) : 0;
    const dy = shift > 0 ? rng.int(-shift, shift + 1) : 0;
    const angle = rotation > 0 ? (rng.uniform(-rotation, rotation) * Math.PI) / 180 : 0;
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const base = i * channels * plane;
    let background = fill ?? Number.POSITIVE_INFINITY;
    if (fill === undefined)
      for (let k = 0; k < channels * plane; k++) background = Math.min(background, src[base + k]);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const ux = x - cx - dx;
        const uy = y - cy - dy;
        const sx = cos * ux - sin * uy + cx;
        const sy = sin * ux + cos * uy + cy;
        const x0 = Math.floor(sx);
        const y0 = Math.floor(sy);
        const fx = sx - x0;
        const fy = sy - y0;
        const inX0 = x0 >= 0 && x0 < w;
        const inX1 = x0 + 1 >= 0 && x0 + 1 < w && fx > 0;
        const inY0 = y0 >= 0 && y0 < h;
        const inY1 = y0 + 1 >= 0 && y0 + 1 < h && fy > 0;
        for (let c = 0; c < channels; c++) {
          const p = base + c * plane;
          const v00 = inY0 && inX0 ? src[p + y0 * w + x0] : background;
          const v01 = inY0 && inX1 ? src[p + y0 * w + x0 + 1] : background;
          const v10 = inY1 && inX0 ? src[p + (y0 + 1) * w + x0] : background;
          const v11 = inY1 && inX1 ? src[p + (y0 + 1) * w + x0 + 1] : background;
          // Weights of zero skip a neighbour entirely, so exact shifts never read past the edge.
          const top = fx > 0 ? v00 + fx * (v01 - v00) : v00;
          const bottom = fx > 0 ? v10 + fx * (v11 - v10) : v10;
          out[p + y * w + x] = fy > 0 ? top + fy * (bottom - top) : top;
        }
      }
    }
  }
  return new Tensor(out, images.shape);
}

/** The shape check the loader runs before augmenting its first batch. */
export function expectImages(shape: readonly number[], where: string): void {
  if (shape.length !== 4) {
    throw new RangeError(
      `${where}: augment needs image samples [C, H, W] (batches [N, C, H, W]), got batches of shape ${formatShape(shape)}`,
    );
  }
}
