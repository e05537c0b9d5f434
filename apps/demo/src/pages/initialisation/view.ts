import { h } from '../../lib/controls';
import { formatNumber } from '../../lib/format';
import { drawHistogram } from '../../lib/histogram-chart';
import type { HistogramSummary, LayerSummary } from './protocol';
import type { ActivationName, InitName } from './stack';

/** Where x = 0 falls on a histogram's bins, or null when 0 is outside its range. */
function zeroBin(h: HistogramSummary): number | null {
  if (h.min > 0 || h.max < 0) return null;
  return ((0 - h.min) / (h.max - h.min)) * h.counts.length;
}

/** One row per layer: its activation and gradient histograms on shared axes, with their std. */
export function histogramTable(layers: LayerSummary[]): HTMLElement {
  const first = layers[0];
  const header = h(
    'tr',
    null,
    h('th', null, 'layer'),
    h(
      'th',
      null,
      `activations, x ∈ [${formatNumber(first.activationHistogram.min, 3)}, ${formatNumber(first.activationHistogram.max, 3)}]`,
    ),
    h('th', null, 'std'),
    h(
      'th',
      null,
      `gradients ∂L/∂activation, x ∈ [${formatNumber(first.gradientHistogram.min, 3)}, ${formatNumber(first.gradientHistogram.max, 3)}]`,
    ),
    h('th', null, 'std'),
  );
  const body = layers.map((layer) => {
    const actCanvas = h('canvas', {
      class: 'histogram',
      'aria-label': `${layer.name} activation histogram`,
    });
    const gradCanvas = h('canvas', {
      class: 'histogram',
      'aria-label': `${layer.name} gradient histogram`,
    });
    drawHistogram(actCanvas, layer.activationHistogram.counts, {
      markAt: zeroBin(layer.activationHistogram),
      logCounts: true,
    });
    drawHistogram(gradCanvas, layer.gradientHistogram.counts, {
      colour: '#d55e00',
      markAt: zeroBin(layer.gradientHistogram),
      logCounts: true,
    });
    return h(
      'tr',
      { 'data-layer': layer.name },
      h('td', null, layer.name),
      h('td', null, actCanvas),
      h(
        'td',
        {
          class: 'stat',
          'data-testid': 'activation-std',
          'data-value': String(layer.activationStd),
        },
        formatNumber(layer.activationStd, 3),
      ),
      h('td', null, gradCanvas),
      h(
        'td',
        { class: 'stat', 'data-testid': 'gradient-std', 'data-value': String(layer.gradientStd) },
        formatNumber(layer.gradientStd, 3),
      ),
    );
  });
  return h(
    'div',
    { class: 'table-scroll' },
    h('table', { class: 'data histograms' }, h('thead', null, header), h('tbody', null, ...body)),
  );
}

/** The fan-in / fan-out / gain table of the stack's conv weights. */
export function fanTable(layers: LayerSummary[], activationLabel: string): HTMLElement {
  const header = h(
    'tr',
    null,
    h('th', null, 'layer'),
    h('th', null, 'weight shape'),
    h('th', null, 'fan-in'),
    h('th', null, 'fan-out'),
    h('th', null, `gain (${activationLabel})`),
    h('th', null, 'gain/√fan-in'),
    h('th', null, 'weight std drawn'),
  );
  const rows = layers.map((l) =>
    h(
      'tr',
      { 'data-testid': 'fan-row' },
      h('td', null, l.name),
      h('td', null, `[${l.weightShape.join(', ')}]`),
      h('td', { 'data-value': String(l.fanIn) }, String(l.fanIn)),
      h('td', { 'data-value': String(l.fanOut) }, String(l.fanOut)),
      h('td', null, formatNumber(l.gain, 4)),
      h('td', null, formatNumber(l.preservingStd, 4)),
      h('td', null, formatNumber(l.weightStd, 4)),
    ),
  );
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'data', 'data-testid': 'fan-table' },
      h('thead', null, header),
      h('tbody', null, ...rows),
    ),
  );
}

/** A plain-words reading of what the numbers show. */
export function verdict(
  layers: LayerSummary[],
  init: InitName,
  activation: ActivationName,
): string {
  const first = layers[0];
  const last = layers[layers.length - 1];
  if (init === 'zeros') {
    return 'Zeros: every weight is 0, so every activation after the first layer is the same constant and no gradient reaches the weights of the stack. Nothing can learn.';
  }
  const parts: string[] = [];
  if (init === 'constant') {
    parts.push(
      'A constant init makes every filter in a layer identical, so they all compute the same feature and get the same gradient: the layer behaves like one filter (page 3 shows this).',
    );
  }
  const ratio = last.activationStd / first.activationStd;
  const gradRatio = first.gradientStd / last.gradientStd;
  if (!Number.isFinite(ratio) || first.activationStd === 0) {
    parts.push('The activations are all zero or overflowed.');
  } else if (ratio < 0.1) {
    parts.push(
      `Vanishing: the activations' std shrinks ${formatNumber(1 / ratio, 3)}× from ${first.name} to ${last.name}.`,
    );
  } else if (ratio > 10) {
    parts.push(
      `Exploding: the activations' std grows ${formatNumber(ratio, 3)}× from ${first.name} to ${last.name}.`,
    );
  } else {
    parts.push(
      `The activations' std stays within a factor of 10 from ${first.name} to ${last.name} (×${formatNumber(ratio, 3)}).`,
    );
  }
  if (Number.isFinite(gradRatio) && last.gradientStd > 0) {
    parts.push(
      `Going backwards, the gradient's std changes ×${formatNumber(gradRatio, 3)} from ${last.name} back to ${first.name}.`,
    );
  }
  if (activation === 'relu' && init === 'glorot') {
    parts.push(
      'Glorot assumes a symmetric activation; ReLU zeroes half the signal, so each layer loses about half the variance.',
    );
  }
  if (activation === 'relu' && init === 'he') {
    parts.push(
      'He scales by √2 to make up for the half ReLU removes; what drift remains comes from the few channels per layer.',
    );
  }
  return parts.join(' ');
}
