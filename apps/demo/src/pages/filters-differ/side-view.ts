import { h } from '../../lib/controls';
import { formatNumber } from '../../lib/format';
import { drawHeatmap } from '../../lib/heatmap';
import { FILTERS, type FilterSnapshot, KERNEL } from './model';

export interface SideView {
  element: HTMLElement;
  update(snapshot: FilterSnapshot, loss: number): void;
}

/** One network's filters (drawn on one colour scale) and their 8×8 similarity matrix. */
export function sideView(title: string, description: string, testId: string): SideView {
  const filterCanvases = Array.from({ length: FILTERS }, (_, i) =>
    h('canvas', {
      class: 'kernel',
      'aria-label': `filter ${i + 1}`,
      width: KERNEL * 10,
      height: KERNEL * 10,
    }),
  );
  const similarity = h('canvas', {
    class: 'kernel similarity',
    'aria-label': 'pairwise cosine similarity',
  });
  const stats = h('p', { class: 'stat', 'data-testid': `${testId}-stats` });
  const element = h(
    'section',
    { class: 'panel', 'data-testid': testId },
    h('h2', null, title),
    h('p', { class: 'lead' }, description),
    h('div', { class: 'filter-strip' }, ...filterCanvases),
    h(
      'div',
      { class: 'row' },
      h(
        'div',
        { class: 'figure' },
        h(
          'span',
          { class: 'figure-caption' },
          'cosine similarity of every pair of filters (red = 1, white = 0, blue = −1)',
        ),
        similarity,
      ),
    ),
    stats,
  );
  return {
    element,
    update(snapshot, loss) {
      let maxAbs = 0;
      for (const v of snapshot.filters) maxAbs = Math.max(maxAbs, Math.abs(v));
      filterCanvases.forEach((canvas, f) => {
        const values = snapshot.filters.subarray(f * KERNEL * KERNEL, (f + 1) * KERNEL * KERNEL);
        drawHeatmap(canvas, values, KERNEL, KERNEL, { pixelSize: 10, symmetric: true, maxAbs });
      });
      drawHeatmap(similarity, snapshot.similarity, FILTERS, FILTERS, {
        pixelSize: 18,
        symmetric: true,
        maxAbs: 1,
      });
      stats.dataset.minCosine = String(snapshot.minCosine);
      stats.dataset.meanCosine = String(snapshot.meanCosine);
      stats.textContent =
        `mean pairwise cosine ${formatNumber(snapshot.meanCosine, 4)}, smallest ${formatNumber(snapshot.minCosine, 4)}` +
        (Number.isFinite(loss) ? `; batch loss ${formatNumber(loss, 4)}` : '');
    },
  };
}
