/** Side of the box the digit's ink is scaled into, and of the final image (as MNIST does). */
const INK_BOX = 20;
const SIDE = 28;
/** Ink below this (in [0, 1]) does not count towards the bounding box. */
const INK_THRESHOLD = 0.1;

/**
 * Turns a drawing (grey levels in [0, 1], ink = 1, row-major width × height) into a 28×28
 * image prepared the way MNIST's digits were: the ink's bounding box scaled, keeping its
 * aspect ratio, to fit 20×20 (by area averaging, which anti-aliases like MNIST's
 * resampling), then placed so that its centre of mass sits at the centre of the 28×28 frame.
 * Returns 784 values in [0, 1], all zero for an empty drawing.
 */
export function toMnistImage(ink: ArrayLike<number>, width: number, height: number): Float32Array {
  if (ink.length !== width * height) {
    throw new RangeError(
      `toMnistImage: expected ${width * height} values for ${width}×${height}, got ${ink.length}`,
    );
  }
  let top = height;
  let bottom = -1;
  let left = width;
  let right = -1;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x] <= INK_THRESHOLD) continue;
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
      left = Math.min(left, x);
      right = Math.max(right, x);
    }
  const out = new Float32Array(SIDE * SIDE);
  if (bottom < 0) return out;

  // Scale the box so its longer side becomes 20 pixels.
  const boxW = right - left + 1;
  const boxH = bottom - top + 1;
  const scale = INK_BOX / Math.max(boxW, boxH);
  const outW = Math.max(1, Math.round(boxW * scale));
  const outH = Math.max(1, Math.round(boxH * scale));
  const small = new Float32Array(outW * outH);
  for (let oy = 0; oy < outH; oy++)
    for (let ox = 0; ox < outW; ox++) {
      // The source rectangle this output pixel covers; at least one source pixel.
      const x0 = left + Math.floor(ox / scale);
      const x1 = Math.max(x0 + 1, left + Math.floor((ox + 1) / scale));
      const y0 = top + Math.floor(oy / scale);
      const y1 = Math.max(y0 + 1, top + Math.floor((oy + 1) / scale));
      let sum = 0;
      let count = 0;
      for (let y = y0; y < Math.min(y1, bottom + 1); y++)
        for (let x = x0; x < Math.min(x1, right + 1); x++) {
          sum += ink[y * width + x];
          count++;
        }
      small[oy * outW + ox] = count > 0 ? Math.min(1, sum / count) : 0;
    }

  // Centre of mass of the scaled ink, then the shift that moves it to the frame's centre.
  let mass = 0;
  let cx = 0;
  let cy = 0;
  for (let y = 0; y < outH; y++)
    for (let x = 0; x < outW; x++) {
      const v = small[y * outW + x];
      mass += v;
      cx += v * x;
      cy += v * y;
    }
  const clampShift = (shift: number, size: number) => Math.min(SIDE - size, Math.max(0, shift));
  const dx = clampShift(Math.round(SIDE / 2 - 0.5 - cx / mass), outW);
  const dy = clampShift(Math.round(SIDE / 2 - 0.5 - cy / mass), outH);
  for (let y = 0; y < outH; y++)
    for (let x = 0; x < outW; x++) out[(y + dy) * SIDE + (x + dx)] = small[y * outW + x];
  return out;
}
