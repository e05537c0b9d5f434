import { h } from '../../lib/controls';
import { drawHeatmap } from '../../lib/heatmap';

/** A row of small kernels (each k × k, row-major in one array), each on its own scale. */
export function drawKernelRow(
  container: HTMLElement,
  values: ArrayLike<number>,
  count: number,
  size: number,
  options: { pixelSize?: number; captions?: string[]; highlight?: boolean[] } = {},
): void {
  const plane = size * size;
  const figures: HTMLElement[] = [];
  for (let i = 0; i < count; i++) {
    const canvas = h('canvas', { class: 'kernel' });
    const slice = Array.prototype.slice.call(values, i * plane, (i + 1) * plane) as number[];
    drawHeatmap(canvas, slice, size, size, { pixelSize: options.pixelSize ?? 8, symmetric: true });
    if (options.highlight?.[i]) canvas.style.outline = '2px solid #1a7f37';
    const caption = options.captions?.[i];
    figures.push(
      h(
        'div',
        { class: 'figure' },
        canvas,
        caption ? h('span', { class: 'figure-caption' }, caption) : null,
      ),
    );
  }
  container.replaceChildren(...figures);
}
