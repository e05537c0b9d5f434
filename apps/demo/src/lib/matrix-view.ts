import { h } from './controls';
import { formatNumber } from './format';

/** How a cell of a read-only matrix is styled: emphasised, greyed out, or plain. */
export type CellMark = 'highlight' | 'off' | null;

export interface MatrixView extends HTMLTableElement {
  /** Redraws the numbers (and optionally the cell marks). */
  update(values: ArrayLike<number>, marks?: (index: number) => CellMark): void;
}

/**
 * A read-only rows × cols table of numbers. Each `<td>` carries the full-precision value in
 * `data-value` (what tests read) and shows it rounded to 4 significant digits.
 */
export function matrixView(
  rows: number,
  cols: number,
  values: ArrayLike<number>,
  options?: { testId?: string; label?: string; marks?: (index: number) => CellMark },
): MatrixView {
  const table = h('table', {
    class: 'matrix',
    'data-testid': options?.testId,
    'aria-label': options?.label,
  }) as MatrixView;
  const cells: HTMLTableCellElement[] = [];
  for (let r = 0; r < rows; r++) {
    const tr = h('tr');
    for (let c = 0; c < cols; c++) {
      const td = h('td');
      cells.push(td);
      tr.append(td);
    }
    table.append(tr);
  }
  table.update = (next, marks) => {
    cells.forEach((td, i) => {
      const v = Number(next[i]);
      td.textContent = formatNumber(v);
      td.dataset.value = String(v);
      const mark = marks?.(i) ?? null;
      td.classList.toggle('highlight', mark === 'highlight');
      td.classList.toggle('off', mark === 'off');
    });
  };
  table.update(values, options?.marks);
  return table;
}

/** A titled block: a small heading over one or more figures. */
export function figure(caption: string, ...content: Node[]): HTMLElement {
  return h('div', { class: 'figure' }, h('span', { class: 'figure-caption' }, caption), ...content);
}
