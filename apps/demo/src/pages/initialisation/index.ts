import { button, h, select, slider } from '../../lib/controls';
import { formatNumber } from '../../lib/format';
import { createLinePlot } from '../../lib/line-plot';
import { readChoice, readNumber } from '../../lib/url-values';
import type { DemoPage } from '../../shell/page';
import type { LayerSummary, StackRequest, StackResponse } from './protocol';
import {
  ACTIVATIONS,
  type ActivationName,
  INITIALISERS,
  type InitName,
  type StackConfig,
} from './stack';
import { fanTable, histogramTable, verdict } from './view';

const INIT_NAMES = Object.keys(INITIALISERS) as InitName[];
const ACTIVATION_NAMES = Object.keys(ACTIVATIONS) as ActivationName[];

export const page: DemoPage = {
  slug: 'initialisation',
  title: 'Initialisation',
  question: 'Why does the initialisation of a deep network matter?',
  mount(root, ctx) {
    const p = ctx.params;
    const config: StackConfig = {
      init: readChoice(p, 'init', INIT_NAMES, 'he'),
      activation: readChoice(p, 'act', ACTIVATION_NAMES, 'relu'),
      depth: Math.round(readNumber(p, 'depth', 1, 20, 10)),
      channels: readChoice(p, 'ch', ['8', '16'], '8') === '16' ? 16 : 8,
      seed: Math.round(readNumber(p, 'seed', 0, 1e9, 1)),
    };

    const status = h(
      'p',
      { class: 'progress', 'data-testid': 'status', 'aria-live': 'polite' },
      'starting…',
    );
    const verdictText = h('p', { 'data-testid': 'verdict' });
    const plotBox = h('div');
    const plot = createLinePlot(plotBox, {
      title: 'std per layer',
      xLabel: 'layer',
      yLabel: 'std (log scale)',
      logY: true,
    });
    const histogramBox = h('div', { 'data-testid': 'histograms' });
    const fanBox = h('div');

    // One worker per visit; a request in flight is never interrupted, but only the latest
    // settings chosen meanwhile are computed next.
    const worker = new Worker(new URL('./stack.worker.ts', import.meta.url), { type: 'module' });
    let nextId = 1;
    let inFlight: number | null = null;
    let pending = false;

    function request(): void {
      if (inFlight !== null) {
        pending = true;
        return;
      }
      inFlight = nextId++;
      pending = false;
      const message: StackRequest = { id: inFlight, config: { ...config } };
      worker.postMessage(message);
    }

    worker.onmessage = (event: MessageEvent<StackResponse>) => {
      const message = event.data;
      if (message.id !== inFlight) return;
      if (message.type === 'progress') {
        status.textContent = message.message;
        return;
      }
      inFlight = null;
      if (message.type === 'error') {
        status.textContent = `Failed: ${message.message}`;
        status.className = 'error';
      } else {
        status.className = 'progress';
        status.textContent = `${message.layers.length} layers on ${message.images} real MNIST digits, one forward and backward pass in ${Math.round(message.ms)} ms; loss ${formatNumber(message.loss, 4)}.`;
        // Ready only when what is drawn matches the current settings.
        status.dataset.ready = pending ? 'false' : 'true';
        const xs = (pick: (l: LayerSummary) => number) =>
          message.layers.map((l, i): [number, number] => [i + 1, pick(l)]);
        plot.setSeries([
          { name: 'activation std', points: xs((l) => l.activationStd) },
          { name: 'gradient std (∂L/∂activation)', points: xs((l) => l.gradientStd) },
          { name: 'weight-gradient std', points: xs((l) => l.weightGradStd) },
        ]);
        histogramBox.replaceChildren(histogramTable(message.layers));
        fanBox.replaceChildren(fanTable(message.layers, ACTIVATIONS[config.activation].label));
        verdictText.textContent = verdict(message.layers, config.init, config.activation);
      }
      if (pending) request();
    };
    worker.onerror = (event) => {
      status.textContent = `The worker failed: ${event.message}`;
      status.className = 'error';
    };

    function change(update: Partial<StackConfig>): void {
      Object.assign(config, update);
      ctx.setParams({
        init: config.init,
        act: config.activation,
        depth: String(config.depth),
        ch: String(config.channels),
        seed: String(config.seed),
      });
      status.dataset.ready = 'false';
      request();
    }

    const controls = h(
      'div',
      { class: 'controls' },
      select(
        'initialiser',
        INIT_NAMES.map((value) => ({ value, label: INITIALISERS[value].label })),
        config.init,
        (v) => change({ init: v as InitName }),
      ),
      select(
        'activation',
        ACTIVATION_NAMES.map((value) => ({ value, label: ACTIVATIONS[value].label })),
        config.activation,
        (v) => change({ activation: v as ActivationName }),
      ),
      slider('depth', { min: 1, max: 20, step: 1, value: config.depth }, (v) =>
        change({ depth: v }),
      ),
      select('channels', ['8', '16'], String(config.channels), (v) =>
        change({ channels: Number(v) }),
      ),
      button('New random draw', () => change({ seed: config.seed + 1 })),
    );
    root.append(
      h(
        'section',
        { class: 'panel' },
        h(
          'p',
          { class: 'lead' },
          'A stack of 3×3 conv layers (padding "same", no bias) fed a batch of real handwritten digits, with a global-average-pool and linear head and a cross-entropy loss on top. ' +
            'Pick how the conv weights are drawn and watch the spread of the signal going forward and of the gradient coming back, layer by layer. ' +
            'If the std shrinks with depth, the signal vanishes; if it grows, it explodes. Either way the deep layers cannot learn.',
        ),
        controls,
        status,
        verdictText,
      ),
      h('section', { class: 'panel' }, h('h2', null, 'Spread per layer'), plotBox),
      h(
        'section',
        { class: 'panel' },
        h('h2', null, 'Histograms per layer'),
        h(
          'p',
          { class: 'lead' },
          "Each row shares its x-axis with every other row, so a layer whose values collapse to a spike at 0 (red line) has vanished. Bar heights are log(1 + count), so thin tails show beside the tall spike of zeros that ReLU and the digits' blank background produce.",
        ),
        histogramBox,
      ),
      h(
        'section',
        { class: 'panel' },
        h('h2', null, 'Fan-in, fan-out and gain'),
        h(
          'p',
          { class: 'lead' },
          'A conv weight [out, in, k, k] has fan-in = in·k·k (inputs per output) and fan-out = out·k·k. Keeping the forward variance needs std = gain/√fan-in; ' +
            "Glorot uses √(2/(fan-in + fan-out)), He uses √2/√fan-in. Fans come from @convkit/init's computeFans, gains from calculateGain.",
        ),
        fanBox,
      ),
    );
    request();
    return () => worker.terminate();
  },
};
