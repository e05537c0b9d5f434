/**
 * Draws histogram counts as bars filling a canvas (CSS size `width` × `height`, sharp on
 * high-DPI screens). Bars are scaled to the tallest bin, by log(1 + count) when `logCounts`
 * is set (so thin tails stay visible next to a tall spike); a baseline marks zero counts.
 * `markAt` (a bin position in [0, bins]) draws a vertical tick, e.g. where x = 0 falls.
 */
export function drawHistogram(
  canvas: HTMLCanvasElement,
  counts: readonly number[],
  options?: {
    width?: number;
    height?: number;
    colour?: string;
    markAt?: number | null;
    logCounts?: boolean;
  },
): void {
  const width = options?.width ?? 220;
  const height = options?.height ?? 40;
  const ratio = typeof window === 'undefined' ? 1 : Math.min(2, window.devicePixelRatio || 1);
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = '#d9dce1';
  ctx.fillRect(0, height - 1, width, 1);
  const scale = options?.logCounts ? (c: number) => Math.log1p(c) : (c: number) => c;
  const tallest = Math.max(scale(1), ...counts.map(scale));
  const barWidth = width / Math.max(1, counts.length);
  ctx.fillStyle = options?.colour ?? '#0b62a4';
  counts.forEach((count, i) => {
    if (count === 0) return;
    // At least one pixel, so a lone value in a wide range stays visible.
    const barHeight = Math.max(1, (scale(count) / tallest) * (height - 2));
    ctx.fillRect(i * barWidth + 0.5, height - 1 - barHeight, Math.max(1, barWidth - 1), barHeight);
  });
  if (
    options?.markAt !== undefined &&
    options.markAt !== null &&
    options.markAt >= 0 &&
    options.markAt <= counts.length
  ) {
    ctx.fillStyle = '#b42318';
    ctx.fillRect(options.markAt * barWidth - 0.5, 0, 1, height);
  }
}
