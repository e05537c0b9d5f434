// Runs the deep conv stack off the main thread: loading the digits and a forward+backward
// pass through up to 20 layers takes from a few hundred milliseconds to a few seconds.
import { loadMnist } from '@convkit/data';
import type { Tensor } from '@convkit/tensor';
import { histogram } from '../../lib/stats';
import type { LayerSummary, StackRequest, StackResponse } from './protocol';
import { type LayerReport, runStack } from './stack';

const BINS = 41;
const IMAGES_PER_CLASS = 2;

// The app's TypeScript lib is DOM; a worker needs only these two members of its scope.
const scope = self as unknown as {
  postMessage(message: StackResponse): void;
  onmessage: ((event: MessageEvent<StackRequest>) => void) | null;
};
let digits: Promise<{ images: Tensor; labels: Tensor }> | null = null;

function post(message: StackResponse): void {
  scope.postMessage(message);
}

/** A shared x-range for one quantity over all layers: where most of every layer's values lie. */
function sharedRange(
  layers: LayerReport[],
  pick: (l: LayerReport) => { mean: number; std: number; values: Float32Array },
) {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const layer of layers) {
    const { mean, std, values } = pick(layer);
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const v of values) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    lo = Math.min(lo, Math.max(min, mean - 4 * std));
    hi = Math.max(hi, Math.min(max, mean + 4 * std));
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { lo: -1, hi: 1 };
  if (hi - lo < 1e-30) {
    // Every value equal (e.g. zeros init): centre a unit-wide range on it.
    const pad = Math.max(Math.abs(lo) * 0.5, 1e-3);
    return { lo: lo - pad, hi: hi + pad };
  }
  return { lo, hi };
}

async function handle(request: StackRequest): Promise<void> {
  if (!digits) {
    post({ type: 'progress', id: request.id, message: 'loading digits…' });
    digits = loadMnist({ perClass: IMAGES_PER_CLASS }).then((d) => ({
      images: d.inputs,
      labels: d.labels,
    }));
  }
  const { images, labels } = await digits;
  // Timed after loading, so the figure is the network's work alone.
  const started = performance.now();
  post({
    type: 'progress',
    id: request.id,
    message: `running ${request.config.depth} layers on ${images.shape[0]} digits…`,
  });
  const report = runStack(images, labels, request.config);
  const act = sharedRange(report.layers, (l) => l.activation);
  const grad = sharedRange(report.layers, (l) => l.gradient);
  const layers = report.layers.map(
    (l): LayerSummary => ({
      name: l.name,
      weightShape: l.weightShape,
      fanIn: l.fanIn,
      fanOut: l.fanOut,
      gain: l.gain,
      preservingStd: l.preservingStd,
      weightStd: l.weightStd,
      activationMean: l.activation.mean,
      activationStd: l.activation.std,
      gradientMean: l.gradient.mean,
      gradientStd: l.gradient.std,
      weightGradStd: l.weightGradStd,
      activationHistogram: histogram(l.activation.values, BINS, act.lo, act.hi),
      gradientHistogram: histogram(l.gradient.values, BINS, grad.lo, grad.hi),
    }),
  );
  post({
    type: 'result',
    id: request.id,
    layers,
    loss: report.loss,
    images: images.shape[0],
    ms: performance.now() - started,
  });
}

scope.onmessage = (event: MessageEvent<StackRequest>) => {
  handle(event.data).catch((error: unknown) => {
    post({
      type: 'error',
      id: event.data.id,
      message: error instanceof Error ? error.message : String(error),
    });
  });
};
