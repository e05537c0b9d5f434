// The training page's worker: loads the digits, trains one network, answers predictions and
// Gabor-fit requests between steps. The page runs one worker per first-layer variant.
import { loadMnist, MNIST_STATS, type TensorDataset, trainTestSplit } from '@convkit/data';
import { noGrad, Tensor } from '@convkit/tensor';
import type { DigitNet } from './digit-net';
import { RunControl } from './run-control';
import type { TrainReply, TrainRequest } from './train-protocol';
import { measureLikeness, runTraining } from './train-run';
import { workerScope } from './worker-scope';

const scope = workerScope<TrainRequest, TrainReply>();
const send = (reply: TrainReply) => scope.postMessage(reply);

let digits: Promise<TensorDataset> | null = null;
const splits = new Map<number, { train: TensorDataset; test: TensorDataset }>();

async function dataFor(testSize: number) {
  digits ??= loadMnist({ normalize: 'standard' });
  const all = await digits;
  let split = splits.get(testSize);
  if (!split) {
    // A fixed split seed: every run and both variants are scored on the same digits.
    split = trainTestSplit(all, { testSize, seed: 0 });
    splits.set(testSize, split);
  }
  return split;
}

let control = new RunControl();
let running: Promise<void> = Promise.resolve();
let net: DigitNet | null = null;
let step = 0;

function fail(id: number, error: unknown): void {
  send({ type: 'error', id, message: error instanceof Error ? error.message : String(error) });
}

scope.addEventListener('message', (event) => {
  const request = event.data;
  switch (request.type) {
    case 'pause':
      control.pause();
      return;
    case 'resume':
      control.resume();
      return;
    case 'stop':
      control.stop();
      return;
    case 'start': {
      control.stop();
      const next = new RunControl();
      control = next;
      running = running.then(async () => {
        try {
          send({ type: 'status', id: request.id, text: 'loading the 10,000 digits…' });
          const data = await dataFor(request.settings.testSize);
          await runTraining(
            request.id,
            data,
            request.settings,
            next,
            (reply) => {
              if (reply.type === 'progress') step = reply.step;
              send(reply);
            },
            (created) => {
              net = created;
              step = 0;
            },
          );
        } catch (error) {
          fail(request.id, error);
        }
      });
      return;
    }
    case 'predict': {
      if (!net) {
        send({ type: 'prediction', id: request.id, probabilities: null });
        return;
      }
      const model = net.model;
      // The same (x − mean) / std as loadMnist({ normalize: 'standard' }) gave the training digits.
      const { mean, std } = MNIST_STATS;
      const pixels = request.pixels.map((v) => (v - mean) / std);
      const probabilities = noGrad(() => {
        model.eval();
        const out = model.call(new Tensor(pixels, [1, 1, 28, 28])).softmax(-1);
        model.train();
        return Array.from(out.data);
      });
      send({ type: 'prediction', id: request.id, probabilities });
      return;
    }
    case 'measure':
      if (net) send(measureLikeness(net, request.id, step));
      return;
  }
});
