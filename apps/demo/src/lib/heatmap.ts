/**
 * Draws a rows × cols grid of numbers as coloured squares on a canvas.
 *
 * `symmetric: true` uses a diverging map centred on 0 (blue negative, white zero, red
 * positive) scaled by the largest |value|, so the sign of a kernel weight is readable at a
 * glance; `maxAbs` fixes that scale instead, so several kernels can share one. Otherwise a
 * grey ramp from the minimum (black) to the maximum (white), as for images. The canvas is resized to cols·pixelSize × rows·pixelSize device-independent
 * pixels; CSS may scale it further (`image-rendering: pixelated` keeps cells crisp).
 */
export function drawHeatmap(
  canvas: HTMLCanvasElement,
  values: ArrayLike<number>,
  rows: number,
  cols: number,
  options?: { pixelSize?: number; symmetric?: boolean; maxAbs?: number },
): void {
  if (values.length < rows * cols) {
    throw new Error(
      `drawHeatmap: expected at least ${rows * cols} values for ${rows}×${cols}, got ${values.length}`,
    );
  }
  const pixelSize = options?.pixelSize ?? 8;
  const symmetric = options?.symmetric ?? false;
  canvas.width = cols * pixelSize;
  canvas.height = rows * pixelSize;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const image = ctx.createImageData(cols, rows);
  const colour = symmetric
    ? divergingScale(values, rows * cols, options?.maxAbs)
    : greyScale(values, rows * cols);
  for (let i = 0; i < rows * cols; i++) {
    const [r, g, b] = colour(values[i]);
    image.data[4 * i] = r;
    image.data[4 * i + 1] = g;
    image.data[4 * i + 2] = b;
    image.data[4 * i + 3] = 255;
  }
  // Paint at one pixel per cell on a scratch canvas, then scale up without smoothing.
  const scratch = document.createElement('canvas');
  scratch.width = cols;
  scratch.height = rows;
  scratch.getContext('2d')?.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(scratch, 0, 0, canvas.width, canvas.height);
}

type Rgb = [number, number, number];

function divergingScale(values: ArrayLike<number>, n: number, fixed?: number): (v: number) => Rgb {
  let maxAbs = fixed ?? 0;
  if (fixed === undefined)
    for (let i = 0; i < n; i++) maxAbs = Math.max(maxAbs, Math.abs(values[i]));
  const scale = maxAbs > 0 ? 1 / maxAbs : 0;
  return (v) => {
    if (!Number.isFinite(v)) return [255, 0, 255];
    const t = Math.max(-1, Math.min(1, v * scale));
    // Interpolate from white towards a saturated red (positive) or blue (negative).
    const target: Rgb = t >= 0 ? [178, 24, 43] : [33, 102, 172];
    const a = Math.abs(t);
    return [255 + (target[0] - 255) * a, 255 + (target[1] - 255) * a, 255 + (target[2] - 255) * a];
  };
}

function greyScale(values: ArrayLike<number>, n: number): (v: number) => Rgb {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const span = max > min ? max - min : 1;
  return (v) => {
    if (!Number.isFinite(v)) return [255, 0, 255];
    const g = Math.round(((v - (max > min ? min : v)) / span) * 255);
    return [g, g, g];
  };
}
