import { h } from '../../lib/controls';

/**
 * A 10 × 10 confusion matrix as a table: rows are the true digit, columns the prediction,
 * each cell shaded by its share of its row, so the diagonal is dark when the network is right.
 */
export function confusionTable(counts: readonly number[]): HTMLTableElement {
  const table = h('table', {
    class: 'matrix',
    'aria-label': 'confusion matrix: rows true digit, columns predicted',
  });
  table.append(
    h(
      'tr',
      null,
      h('td', { class: 'off' }, 'true ╲ pred'),
      ...digits().map((d) => h('td', { class: 'off' }, String(d))),
    ),
  );
  for (const truth of digits()) {
    const row = counts.slice(truth * 10, truth * 10 + 10);
    const total = row.reduce((s, v) => s + v, 0) || 1;
    const tr = h('tr', null, h('td', { class: 'off' }, String(truth)));
    row.forEach((count, predicted) => {
      const share = count / total;
      const cell = h(
        'td',
        { title: `${count} of ${total} ${truth}s predicted as ${predicted}` },
        String(count),
      );
      // Blue for the diagonal (right), red off it (mistakes), stronger with the share.
      const colour = truth === predicted ? '11, 98, 164' : '180, 35, 24';
      cell.style.background = `rgba(${colour}, ${Math.min(0.85, share * (truth === predicted ? 0.9 : 3))})`;
      if (share > 0.5) cell.style.color = '#fff';
      tr.append(cell);
    });
    table.append(tr);
  }
  return table;
}

function digits(): number[] {
  return Array.from({ length: 10 }, (_, d) => d);
}
