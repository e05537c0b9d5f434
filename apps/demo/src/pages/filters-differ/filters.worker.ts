// Trains the constant-init and random-init networks side by side off the main thread,
// posting their filters and similarity matrices every few steps. The loop yields between
// steps so pause/stop messages are handled promptly.
import { loadMnist, type TensorDataset } from '@convkit/data';
import { createRng } from '@convkit/tensor';
import { buildPair, snapshot, trainStep } from './model';
import type { FiltersCommand, FiltersEvent } from './protocol';

const IMAGES_PER_CLASS = 50;

const scope = self as unknown as {
  postMessage(message: FiltersEvent): void;
  onmessage: ((event: MessageEvent<FiltersCommand>) => void) | null;
};

let digits: Promise<TensorDataset> | null = null;
/** Bumped by every start/stop, so a superseded loop notices and ends. */
let generation = 0;
let paused = false;
let wake: (() => void) | null = null;

function post(message: FiltersEvent): void {
  scope.postMessage(message);
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

async function train(
  command: Extract<FiltersCommand, { type: 'start' }>,
  run: number,
): Promise<void> {
  if (!digits) {
    post({ type: 'status', message: 'loading digits…' });
    digits = loadMnist({ perClass: IMAGES_PER_CLASS });
  }
  const data = await digits;
  const { settings, maxSteps, reportEvery } = command;
  const pair = buildPair(settings);
  // Both sides see the same batches, so only the initialisation differs.
  const rng = createRng(settings.seed + 1);
  const report = (step: number, constantLoss: number, randomLoss: number) =>
    post({
      type: 'snapshot',
      step,
      maxSteps,
      constantLoss,
      randomLoss,
      constant: snapshot(pair.constant),
      random: snapshot(pair.random),
    });
  report(0, Number.NaN, Number.NaN);
  for (let step = 1; step <= maxSteps; step++) {
    await nextTask();
    while (paused && run === generation) await new Promise<void>((resolve) => (wake = resolve));
    if (run !== generation) return;
    const indices = Array.from({ length: settings.batchSize }, () => rng.int(0, data.length));
    const { inputs, labels } = data.gather(indices);
    const constantLoss = trainStep(pair.constant, inputs, labels);
    const randomLoss = trainStep(pair.random, inputs, labels);
    if (step % reportEvery === 0 || step === maxSteps) report(step, constantLoss, randomLoss);
  }
  post({ type: 'finished', step: maxSteps, reason: 'done' });
}

scope.onmessage = (event) => {
  const command = event.data;
  if (command.type === 'start') {
    generation++;
    paused = false;
    wake?.();
    const run = generation;
    train(command, run).catch((error: unknown) =>
      post({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
  } else if (command.type === 'pause') {
    paused = true;
  } else if (command.type === 'resume') {
    paused = false;
    wake?.();
  } else {
    generation++;
    paused = false;
    wake?.();
    post({ type: 'finished', step: -1, reason: 'stopped' });
  }
};
