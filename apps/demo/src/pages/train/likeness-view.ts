import { h, slider } from '../../lib/controls';
import type { LikenessReply } from '../../workers/train-protocol';
import { drawKernelRow } from './filters-view';

/**
 * "Do learned filters look like Gabors?" for one network: each first-layer filter beside the
 * Gabor fitted to it and the fit's R², the share with R² ≥ a threshold now and at the start
 * of training. The threshold is a slider, because the answer depends on it.
 */
export function createLikenessView(onMeasure: () => void): {
  element: HTMLElement;
  update(start: LikenessReply | null, now: LikenessReply | null): void;
} {
  let threshold = 0.8;
  let latest: { start: LikenessReply | null; now: LikenessReply | null } = {
    start: null,
    now: null,
  };
  const summary = h(
    'p',
    { 'data-testid': 'gabor-likeness' },
    'Train the free network to measure this.',
  );
  const filters = h('div', { class: 'row' });
  const fitted = h('div', { class: 'row' });
  const measure = h('button', { type: 'button', class: 'secondary' }, 'Fit again now');
  measure.addEventListener('click', onMeasure);

  const share = (r: LikenessReply | null) => {
    if (!r) return null;
    const good = r.r2.filter((v) => v >= threshold).length;
    return { good, total: r.r2.length, percent: (100 * good) / Math.max(1, r.r2.length) };
  };
  const render = () => {
    const { start, now } = latest;
    const current = share(now);
    if (!now || !current) return;
    const initial = share(start);
    summary.dataset.fraction = String(current.good / Math.max(1, current.total));
    summary.replaceChildren(
      h(
        'strong',
        null,
        `${current.good} of ${current.total} filters (${current.percent.toFixed(0)}%)`,
      ),
      ` have a Gabor fit with R² ≥ ${threshold.toFixed(2)} after ${now.step} steps`,
      initial && now.step > 0
        ? `; at initialisation it was ${initial.good} of ${initial.total}.`
        : '.',
      ` Median R²: ${median(now.r2).toFixed(2)}.`,
    );
    const size = now.kernelSize;
    drawKernelRow(filters, now.filters, now.r2.length, size, {
      captions: now.r2.map((r) => `R² ${r.toFixed(2)}`),
      highlight: now.r2.map((r) => r >= threshold),
    });
    drawKernelRow(fitted, now.fitted.flat(), now.fitted.length, size);
  };
  const thresholdSlider = slider(
    'Gabor-like when R² ≥',
    { min: 0.5, max: 0.95, step: 0.05, value: threshold, format: (v) => v.toFixed(2) },
    (v) => {
      threshold = v;
      render();
    },
  );

  const element = h(
    'div',
    null,
    h('div', { class: 'controls' }, thresholdSlider, measure),
    summary,
    h('p', { class: 'figure-caption' }, 'learned filters (outlined: Gabor-like)'),
    filters,
    h('p', { class: 'figure-caption' }, 'the Gabor fitted to each'),
    fitted,
  );
  return {
    element,
    update(start, now) {
      latest = { start, now };
      render();
    },
  };
}

function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
