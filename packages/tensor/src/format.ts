import type { Tensor } from './tensor';

const SUMMARY_THRESHOLD = 1000;
const EDGE_ITEMS = 3;

/**
 * PyTorch-like printing: aligned columns, and `...` for long dimensions of tensors with more
 * than 1000 elements. The number format and column width come from the printed elements
 * only: integral floats print as `2.`, others with 4 decimals, and all in scientific notation
 * when one of them is ≥ 1e8 or a nonzero below 1e-4.
 */
export function formatTensor(t: Tensor): string {
  const suffix =
    (t.dtype === 'float32' ? '' : `, dtype=${t.dtype}`) +
    (t.requiresGrad ? ', requiresGrad=true' : '');
  if (t.size === 0 && t.rank > 1) return `tensor([], shape=[${t.shape.join(', ')}]${suffix})`;

  const summarize = t.size > SUMMARY_THRESHOLD;
  const visit = (
    leaf: (flat: number) => string,
    dim = 0,
    offset = 0,
    stride = t.size,
    indent = ' '.repeat('tensor('.length),
  ): string => {
    if (dim === t.rank) return leaf(offset);
    const n = t.shape[dim];
    const inner = stride / Math.max(n, 1);
    const indices =
      summarize && n > 2 * EDGE_ITEMS
        ? [...range(0, EDGE_ITEMS), -1, ...range(n - EDGE_ITEMS, n)]
        : range(0, n);
    const parts = indices.map((i) =>
      i < 0 ? '...' : visit(leaf, dim + 1, offset + i * inner, inner, `${indent} `),
    );
    const separator = dim === t.rank - 1 ? ', ' : `,${'\n'.repeat(t.rank - dim - 1)}${indent} `;
    return `[${parts.join(separator)}]`;
  };

  const shown: number[] = [];
  visit((flat) => {
    shown.push(t.data[flat]);
    return '';
  });
  const formatValue = valueFormatter(shown, t.dtype === 'int32');
  let width = 1;
  for (const v of shown) width = Math.max(width, formatValue(v).length);
  const body = visit((flat) => formatValue(t.data[flat]).padStart(width));
  return `tensor(${body}${suffix})`;
}

function valueFormatter(values: readonly number[], isInt: boolean): (v: number) => string {
  if (isInt) return String;
  let allIntegral = true;
  let maxAbs = 0;
  let minAbs = Number.POSITIVE_INFINITY;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (!Number.isInteger(v)) allIntegral = false;
    const abs = Math.abs(v);
    if (abs > maxAbs) maxAbs = abs;
    if (abs !== 0 && abs < minAbs) minAbs = abs;
  }
  const scientific = maxAbs >= 1e8 || (!allIntegral && minAbs < 1e-4);
  return (v) => {
    if (!Number.isFinite(v)) return String(v);
    // Two-digit exponents (1.0000e+00) keep the columns even, as in C and PyTorch.
    if (scientific) return v.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2');
    return allIntegral ? `${v.toFixed(0)}.` : v.toFixed(4);
  };
}

function range(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, i) => start + i);
}
