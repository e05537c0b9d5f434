import { button, h } from '../../lib/controls';
import { drawHeatmap } from '../../lib/heatmap';
import type { FirstLayer } from '../../workers/train-protocol';
import { toMnistImage } from './digit-preprocess';

const PAD = 280;
const VARIANT_NAMES: Record<FirstLayer, string> = {
  free: 'free first layer',
  gabor: 'Gabor first layer',
};

/**
 * A canvas to draw a digit on, the 28×28 image the network sees, and each trained
 * network's class probabilities for it.
 */
export function createDrawPad(
  predict: (variant: FirstLayer, pixels: Float32Array) => Promise<number[] | null>,
  variants: () => FirstLayer[],
): { element: HTMLElement; refresh(): void } {
  const pad = h('canvas', { width: PAD, height: PAD, 'data-testid': 'draw-pad' });
  pad.style.width = `${PAD}px`;
  pad.style.maxWidth = '100%';
  pad.style.touchAction = 'none';
  pad.style.background = '#000';
  pad.style.borderRadius = '6px';
  pad.style.cursor = 'crosshair';
  const preview = h('canvas', { class: 'kernel' });
  const bars = h('div', { 'data-testid': 'draw-probabilities' });
  const ctx = pad.getContext('2d', { willReadFrequently: true });
  let drawn = false;

  const clear = () => {
    if (!ctx) return;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, PAD, PAD);
    drawn = false;
    drawHeatmap(preview, new Float32Array(784), 28, 28, { pixelSize: 4 });
    bars.replaceChildren(
      h('p', { class: 'figure-caption' }, 'Draw a digit from 0 to 9 in the black square.'),
    );
  };

  let pending = false;
  let again = false;
  const classify = async () => {
    if (!ctx || !drawn) return;
    if (pending) {
      again = true;
      return;
    }
    pending = true;
    const { data } = ctx.getImageData(0, 0, PAD, PAD);
    const ink = new Float32Array(PAD * PAD);
    for (let i = 0; i < ink.length; i++) ink[i] = data[4 * i] / 255;
    const image = toMnistImage(ink, PAD, PAD);
    drawHeatmap(preview, image, 28, 28, { pixelSize: 4 });
    const rows: HTMLElement[] = [];
    for (const variant of variants()) {
      const probabilities = await predict(variant, image.slice());
      rows.push(probabilityRow(VARIANT_NAMES[variant], probabilities));
    }
    bars.replaceChildren(
      ...(rows.length > 0 ? rows : [h('p', { class: 'figure-caption' }, 'Train a network first.')]),
    );
    pending = false;
    if (again) {
      again = false;
      void classify();
    }
  };

  let last: [number, number] | null = null;
  let lastClassified = 0;
  const point = (event: PointerEvent): [number, number] => {
    const rect = pad.getBoundingClientRect();
    return [
      ((event.clientX - rect.left) * PAD) / rect.width,
      ((event.clientY - rect.top) * PAD) / rect.height,
    ];
  };
  pad.addEventListener('pointerdown', (event) => {
    pad.setPointerCapture(event.pointerId);
    last = point(event);
    stroke(last, last);
  });
  pad.addEventListener('pointermove', (event) => {
    if (!last) return;
    const next = point(event);
    stroke(last, next);
    last = next;
    // Live guesses while drawing, a few times a second.
    if (performance.now() - lastClassified > 200) {
      lastClassified = performance.now();
      void classify();
    }
  });
  const end = () => {
    if (!last) return;
    last = null;
    void classify();
  };
  pad.addEventListener('pointerup', end);
  pad.addEventListener('pointercancel', end);

  function stroke(from: [number, number], to: [number, number]): void {
    if (!ctx) return;
    drawn = true;
    ctx.strokeStyle = '#fff';
    // About MNIST's stroke width relative to the digit's size.
    ctx.lineWidth = 26;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(from[0], from[1]);
    ctx.lineTo(to[0], to[1]);
    ctx.stroke();
  }

  clear();
  const element = h(
    'div',
    { class: 'row' },
    h('div', { class: 'figure' }, pad, h('span', { class: 'row' }, button('Clear', clear))),
    h(
      'div',
      { class: 'figure' },
      preview,
      h('span', { class: 'figure-caption' }, 'what the network sees (28×28)'),
    ),
    bars,
  );
  return { element, refresh: () => void classify() };
}

function probabilityRow(name: string, probabilities: number[] | null): HTMLElement {
  if (!probabilities) return h('p', { class: 'figure-caption' }, `${name}: not trained yet.`);
  const best = probabilities.indexOf(Math.max(...probabilities));
  const table = h('table', { class: 'data' });
  table.append(
    h('tr', null, h('th', null, 'digit'), ...probabilities.map((_, d) => h('th', null, String(d)))),
    h(
      'tr',
      null,
      h('td', null, 'p'),
      ...probabilities.map((p, d) => {
        const bar = h('div');
        bar.style.height = '40px';
        bar.style.width = '14px';
        bar.style.display = 'flex';
        bar.style.alignItems = 'flex-end';
        const fill = h('div');
        fill.style.width = '100%';
        fill.style.height = `${Math.max(1, Math.round(p * 40))}px`;
        fill.style.background = d === best ? '#0b62a4' : '#9aa3ae';
        bar.append(fill);
        const cell = h('td', { title: `${(100 * p).toFixed(1)}%` }, bar);
        return cell;
      }),
    ),
  );
  return h(
    'div',
    { 'data-variant': name },
    h(
      'p',
      null,
      `${name}: `,
      h('strong', null, String(best)),
      ` (${(100 * probabilities[best]).toFixed(0)}%)`,
    ),
    h('div', { class: 'table-scroll' }, table),
  );
}
