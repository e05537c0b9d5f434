import { h } from '../../lib/controls';
import { formatNumber } from '../../lib/format';
import { createLinePlot, type LinePlotSeries } from '../../lib/line-plot';
import type { FirstLayer } from '../../workers/train-protocol';
import { confusionTable } from './confusion-view';
import { drawKernelRow } from './filters-view';
import type { RunState } from './session';

const NAMES: Record<FirstLayer, string> = { free: 'free', gabor: 'Gabor' };

/** Exponential moving average of [x, y] points, so a noisy batch curve reads as a trend. */
export function smooth(
  points: ReadonlyArray<[number, number]>,
  weight = 0.9,
): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let average = Number.NaN;
  points.forEach(([x, y], i) => {
    // Started at the first value rather than 0, so the curve has no false ramp-up.
    average = i === 0 ? y : weight * average + (1 - weight) * y;
    out.push([x, average]);
  });
  return out;
}

/**
 * The live views of the training runs: a status line per network, loss and accuracy curves,
 * the first-layer filters and the confusion matrices. `render` redraws them all from the
 * session's states.
 */
export function createTrainingViews() {
  const status = h(
    'div',
    { 'data-testid': 'train-status', 'data-status': 'idle', class: 'progress' },
    'Press Run to train.',
  );
  const curves = h('div', { class: 'grid-2' });
  const lossPlot = createLinePlot(curves, {
    title: 'training loss (smoothed)',
    xLabel: 'step',
    yLabel: 'cross-entropy',
    logY: true,
  });
  const accuracyPlot = createLinePlot(curves, {
    title: 'accuracy',
    xLabel: 'step',
    yLabel: 'fraction correct',
  });
  const filters = h(
    'div',
    null,
    h('p', { class: 'figure-caption' }, 'Filters appear when training starts.'),
  );
  const confusion = h(
    'div',
    { class: 'grid-2' },
    h('p', { class: 'figure-caption' }, 'Scored on the held-out digits during training.'),
  );

  function render(states: Map<FirstLayer, RunState>): void {
    const list = [...states.values()];
    if (list.length === 0) return;
    status.dataset.status = overall(list);
    status.replaceChildren(
      ...list.map((s) =>
        h('div', { 'data-variant': s.variant, 'data-backend': s.backend ?? '' }, statusLine(s)),
      ),
    );
    for (const s of list)
      status.dataset[`losses${s.variant === 'free' ? 'Free' : 'Gabor'}`] = JSON.stringify(
        s.losses.map(([, l]) => Number(l.toPrecision(5))),
      );
    for (const variant of ['free', 'gabor'] as const) {
      if (!states.has(variant))
        delete status.dataset[`losses${variant === 'free' ? 'Free' : 'Gabor'}`];
    }

    lossPlot.setSeries(list.map((s) => ({ name: NAMES[s.variant], points: smooth(s.losses) })));
    const accuracy: LinePlotSeries[] = [];
    for (const s of list) {
      accuracy.push({
        name: `${NAMES[s.variant]}: held-out`,
        points: s.evals.map((e) => [e.step, e.accuracy]),
      });
      accuracy.push({
        name: `${NAMES[s.variant]}: batches (smoothed)`,
        points: smooth(s.accuracies),
      });
    }
    accuracyPlot.setSeries(accuracy);

    filters.replaceChildren(
      ...list.map((s) => {
        const row = h('div', { class: 'row' });
        if (s.filters)
          drawKernelRow(row, s.filters, s.filters.length / s.kernelSize ** 2, s.kernelSize, {
            pixelSize: 9,
          });
        return h('div', null, h('h3', null, `${NAMES[s.variant]} first layer`), row);
      }),
    );
    confusion.replaceChildren(
      ...list.map((s) => {
        const last = s.evals.at(-1);
        return h(
          'div',
          { class: 'table-scroll' },
          h(
            'h3',
            null,
            `${NAMES[s.variant]} first layer${last ? `, step ${last.step}: ${(100 * last.accuracy).toFixed(1)}% right` : ''}`,
          ),
          last
            ? confusionTable(last.confusion)
            : h('p', { class: 'figure-caption' }, 'not scored yet'),
        );
      }),
    );
  }

  return { status, curves, filters, confusion, render };
}

function overall(list: RunState[]): string {
  if (list.some((s) => s.status === 'error')) return 'error';
  if (list.some((s) => s.status === 'loading')) return 'loading';
  if (list.some((s) => s.status === 'running')) return 'running';
  if (list.some((s) => s.status === 'paused')) return 'paused';
  if (list.every((s) => s.status === 'done')) return 'done';
  return 'stopped';
}

function statusLine(s: RunState): string {
  const name = `${NAMES[s.variant]} first layer`;
  if (s.status === 'error') return `${name}: error: ${s.message}`;
  if (s.status === 'loading') return `${name}: ${s.message || 'starting…'}`;
  const last = s.evals.at(-1);
  const parts = [`${name}: step ${s.step} of ${s.totalSteps}`];
  if (s.parameters > 0)
    parts.push(
      `${s.parameters.toLocaleString('en')} parameters (${s.firstLayerParameters} in the first layer)`,
    );
  if (s.status === 'running' && s.stepsPerSecond > 0)
    parts.push(`${formatNumber(s.stepsPerSecond, 3)} steps/s`);
  if (s.backend) parts.push(s.backend === 'wasm' ? 'WebAssembly SIMD kernels' : 'JS kernels');
  if (last) parts.push(`held-out accuracy ${(100 * last.accuracy).toFixed(1)}%`);
  if (s.status === 'paused') parts.push('paused');
  if (s.status === 'stopped') parts.push('stopped');
  if (s.status === 'done') parts.push(`done in ${s.seconds.toFixed(0)} s`);
  return parts.join(' · ');
}
