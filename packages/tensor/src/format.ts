import type { Tensor } from './tensor';

const SUMMARY_THRESHOLD = 1000;
const EDGE_ITEMS = 3;

/** PyTorch-like printing: aligned columns, and `...` for long dimensions of large tensors. */
export function formatTensor(t: Tensor): string {
  const summarize = t.size > SUMMARY_THRESHOLD;
  const isInt = t.dtype === 'int32';
  let decimals = 4;
  if (!isInt) {
    let allIntegral = true;
    for (let i = 0; i < t.data.length && allIntegral; i++) {
      allIntegral = Number.isInteger(t.data[i]);
    }
    if (allIntegral) decimals = 0;
  }
  const formatValue = (v: number) => {
    if (isInt) return String(v);
    if (!Number.isFinite(v)) return String(v);
    const abs = Math.abs(v);
    if (abs !== 0 && (abs >= 1e8 || abs < 1e-4)) return v.toExponential(4);
    return decimals === 0 ? `${v.toFixed(0)}.` : v.toFixed(decimals);
  };
  const width = Math.max(1, ...Array.from(t.data.subarray(0, 4096), (v) => formatValue(v).length));
  const pad = (s: string) => s.padStart(width);

  const build = (dim: number, offset: number, stride: number, indent: string): string => {
    if (dim === t.shape.length) return pad(formatValue(t.data[offset]));
    const n = t.shape[dim];
    const inner = stride / Math.max(n, 1);
    const indices =
      summarize && n > 2 * EDGE_ITEMS
        ? [...range(0, EDGE_ITEMS), -1, ...range(n - EDGE_ITEMS, n)]
        : range(0, n);
    const last = dim === t.shape.length - 1;
    const parts = indices.map((i) =>
      i < 0 ? '...' : build(dim + 1, offset + i * inner, inner, `${indent} `),
    );
    const separator = last ? ', ' : `,${'\n'.repeat(t.shape.length - dim - 1)}${indent} `;
    return `[${parts.join(separator)}]`;
  };
  const prefix = 'tensor(';
  const body = build(0, 0, t.size, ' '.repeat(prefix.length));
  const suffix = t.dtype === 'float32' ? '' : `, dtype=${t.dtype}`;
  const grad = t.requiresGrad ? ', requiresGrad=true' : '';
  return `${prefix}${body}${suffix}${grad})`;
}

function range(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, i) => start + i);
}
