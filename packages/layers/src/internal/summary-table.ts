import { type FloatDType, formatShape, noGrad, type Shape, Tensor, zeros } from '@convkit/tensor';
import type { Module } from '../module';
import { describeValue } from './layer-args';

interface Row {
  label: string;
  shape: string;
  params: number;
}

/**
 * Runs one forward pass of `root` on zeros of `inputShape` under `noGrad`, in evaluation mode
 * (so batch norm's running statistics and dropout's generator are untouched), recording the
 * output shape of every module call; then restores each module's mode.
 */
export function summarize(root: Module, inputShape: Shape, dtype: FloatDType): string {
  if (!Array.isArray(inputShape) || !inputShape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new TypeError(
      `summary: inputShape must be an array of non-negative integers, got ${describeValue(inputShape)}`,
    );
  }
  const named = root.namedModules();
  const modes = named.map(([, m]) => m.training);
  const rows: Row[] = [];
  const restore: (() => void)[] = [];
  // Wrapping each instance's forward (an own property over the prototype's method) catches
  // every call, including children called as `child.forward(x)` rather than `child.call(x)`.
  for (const [name, module] of named) {
    const own = Object.getOwnPropertyDescriptor(module, 'forward');
    const original = module.forward;
    const depth = name === '' ? 0 : name.split('.').length;
    const label = `${'  '.repeat(depth)}${name === '' ? module.typeName : `${name.split('.').pop()} (${module.typeName})`}`;
    const params = module.namedParameters({ recurse: false }).reduce((n, [, p]) => n + p.size, 0);
    Object.defineProperty(module, 'forward', {
      configurable: true,
      writable: true,
      value: (...args: unknown[]) => {
        const row: Row = { label, shape: '?', params };
        rows.push(row);
        const out = (original as (...a: unknown[]) => unknown).apply(module, args);
        if (out instanceof Tensor) row.shape = formatShape(out.shape);
        return out;
      },
    });
    restore.push(() => {
      if (own) Object.defineProperty(module, 'forward', own);
      else delete (module as { forward?: unknown }).forward;
    });
  }
  try {
    root.eval();
    noGrad(() => root.forward(zeros(inputShape, { dtype })));
  } finally {
    for (const undo of restore) undo();
    named.forEach(([, m], i) => {
      m.training = modes[i];
    });
  }
  const all = root.parameters();
  const total = all.reduce((n, p) => n + p.size, 0);
  const trainable = all.filter((p) => p.requiresGrad).reduce((n, p) => n + p.size, 0);
  return formatTable(rows, inputShape, total, trainable);
}

function formatTable(rows: Row[], inputShape: Shape, total: number, trainable: number): string {
  const header = ['Layer (type)', 'Output shape', 'Params'];
  const body = [
    ['Input', formatShape(inputShape), ''],
    ...rows.map((r) => [r.label, r.shape, groupDigits(r.params)]),
  ];
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    `${cells[0].padEnd(widths[0])}  ${cells[1].padEnd(widths[1])}  ${cells[2].padStart(widths[2])}`;
  const rule = '='.repeat(widths[0] + widths[1] + widths[2] + 4);
  return [
    line(header),
    rule,
    ...body.map(line),
    rule,
    `Total params: ${groupDigits(total)}`,
    `Trainable params: ${groupDigits(trainable)}`,
    `Non-trainable params: ${groupDigits(total - trainable)}`,
  ].join('\n');
}

/** 61706 → "61,706", without relying on the runtime's locale data. */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
