import { DataLoader, type TensorDataset } from '@convkit/data';
import { gaborLikeness } from '@convkit/gabor';
import { crossEntropy } from '@convkit/layers';
import { Adam } from '@convkit/optim';
import { createRng, getKernelBackend, noGrad, type Tensor } from '@convkit/tensor';
import { type DigitNet, digitNet, FIRST_KERNEL } from './digit-net';
import { RunControl } from './run-control';
import type { EvalReply, LikenessReply, TrainReply, TrainSettings } from './train-protocol';

// Curves and filters go to the page about four times a second: often enough to look live,
// rarely enough that drawing never competes with training.
const FLUSH_MS = 250;
const EVAL_BATCH = 250;

/** Gabor fits of the network's first-layer filters. */
export function measureLikeness(net: DigitNet, id: number, step: number): LikenessReply {
  const weight = net.firstFilters();
  const { fraction, fits, threshold } = gaborLikeness(weight);
  return {
    type: 'likeness',
    id,
    step,
    threshold,
    fraction,
    r2: fits.map((f) => f.r2),
    fitted: fits.map((f) => Array.from(f.fitted.data)),
    filters: Array.from(weight.data),
    kernelSize: FIRST_KERNEL,
  };
}

/** Loss, accuracy and confusion matrix on held-out digits, yielding between batches. */
async function evaluate(
  net: DigitNet,
  test: TensorDataset,
  control: RunControl,
  id: number,
  step: number,
): Promise<EvalReply | null> {
  net.model.eval();
  const confusion = new Array<number>(100).fill(0);
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < test.length; start += EVAL_BATCH) {
    const indices = Array.from(
      { length: Math.min(EVAL_BATCH, test.length - start) },
      (_, i) => start + i,
    );
    const { inputs, labels } = test.gather(indices);
    noGrad(() => {
      const logits = net.model.call(inputs);
      lossSum += crossEntropy(logits, labels).item() * indices.length;
      const predicted = logits.argmax(1).data;
      for (let i = 0; i < indices.length; i++) {
        const truth = labels.data[i];
        confusion[truth * 10 + predicted[i]]++;
        if (truth === predicted[i]) correct++;
      }
    });
    if (!(await control.checkpoint())) break;
  }
  net.model.train();
  if (control.isStopped) return null;
  return {
    type: 'eval',
    id,
    step,
    accuracy: correct / test.length,
    loss: lossSum / test.length,
    confusion,
  };
}

/**
 * Trains one digit network with Adam on shuffled mini-batches, sending the curves, the
 * first-layer filters, held-out scores and Gabor fits as it goes. `onNet` hands the network
 * to the worker so that predictions can be made while it trains.
 */
export async function runTraining(
  id: number,
  data: { train: TensorDataset; test: TensorDataset },
  settings: TrainSettings,
  control: RunControl,
  send: (reply: TrainReply) => void,
  onNet: (net: DigitNet) => void,
): Promise<void> {
  const started = performance.now();
  const net = digitNet(
    settings.variant,
    settings.filters,
    settings.firstInit,
    createRng(settings.seed),
  );
  onNet(net);
  const parameters = net.model.parameters();
  send({
    type: 'ready',
    id,
    trainSize: data.train.length,
    testSize: data.test.length,
    parameters: parameters.reduce((s, p) => s + p.size, 0),
    firstLayerParameters: net.firstLayer.parameters().reduce((s, p) => s + p.size, 0),
    backend: getKernelBackend(),
  });
  send(measureLikeness(net, id, 0));
  const baseline = await evaluate(net, data.test, control, id, 0);
  if (baseline) send(baseline);

  const loader = new DataLoader(data.train, {
    batchSize: settings.batchSize,
    shuffle: true,
    seed: settings.seed,
  });
  const optimizer = new Adam(parameters, { lr: settings.lr });
  let pending = {
    losses: [] as Array<[number, number]>,
    accuracies: [] as Array<[number, number]>,
  };
  let lastFlush = performance.now();
  let flushedAtStep = 0;
  const flush = (step: number) => {
    const now = performance.now();
    send({
      type: 'progress',
      id,
      step,
      totalSteps: settings.steps,
      ...pending,
      filters: Array.from(net.firstFilters().data),
      kernelSize: FIRST_KERNEL,
      stepsPerSecond: ((step - flushedAtStep) * 1000) / Math.max(1, now - lastFlush),
    });
    pending = { losses: [], accuracies: [] };
    lastFlush = now;
    flushedAtStep = step;
  };

  let step = 0;
  let stopped = false;
  while (step < settings.steps && !stopped) {
    for (const batch of loader) {
      optimizer.zeroGrad();
      const logits = net.model.call(batch.inputs);
      const loss = crossEntropy(logits, batch.labels);
      loss.backward();
      optimizer.step();
      step++;
      pending.losses.push([step, loss.item()]);
      pending.accuracies.push([step, batchAccuracy(logits, batch.labels)]);
      if (performance.now() - lastFlush >= FLUSH_MS) flush(step);
      if (step % settings.evalEvery === 0 && step < settings.steps) {
        flush(step);
        const scores = await evaluate(net, data.test, control, id, step);
        if (scores) send(scores);
      }
      stopped = !(await control.checkpoint());
      if (stopped || step >= settings.steps) break;
    }
  }
  flush(step);
  // A stopped run is still scored, so the page shows where it got to.
  const finalControl = control.isStopped ? new RunControl() : control;
  const scores = await evaluate(net, data.test, finalControl, id, step);
  if (scores) send(scores);
  send(measureLikeness(net, id, step));
  send({ type: 'done', id, stopped, steps: step, seconds: (performance.now() - started) / 1000 });
}

function batchAccuracy(logits: Tensor, labels: Tensor): number {
  const predicted = noGrad(() => logits.argmax(1)).data;
  let correct = 0;
  for (let i = 0; i < labels.size; i++) if (predicted[i] === labels.data[i]) correct++;
  return correct / labels.size;
}
