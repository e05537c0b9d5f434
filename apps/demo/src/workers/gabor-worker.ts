// The Gabor page's worker: loss landscapes, θ recovery and five-parameter recovery, off the
// main thread so sliders and buttons stay live while an experiment runs.
import {
  type ExperimentImageKind,
  experimentImage,
  FilterMatching,
  kernelOf,
  REFERENCE_TARGET,
  randomGabor,
  thetaLandscape,
} from '@convkit/gabor';
import { createRng } from '@convkit/tensor';
import type { GaborReply, GaborRequest } from './gabor-protocol';
import { runJoint } from './joint-run';
import { RunControl } from './run-control';
import { runTheta } from './theta-run';
import { workerScope } from './worker-scope';

const scope = workerScope<GaborRequest, GaborReply>();
const send = (reply: GaborReply) => scope.postMessage(reply);

// The experiments of docs/gabor.md: a 64×64 image (seed 1) and an 11×11 kernel.
const KERNEL_SIZE = 11;
const IMAGE_SEED = 1;
const matchings = new Map<ExperimentImageKind, FilterMatching>();
function matchingFor(image: ExperimentImageKind): FilterMatching {
  let matching = matchings.get(image);
  if (!matching) {
    matching = new FilterMatching(experimentImage(image, { seed: IMAGE_SEED }), KERNEL_SIZE);
    matchings.set(image, matching);
  }
  return matching;
}

let control = new RunControl();
// One run at a time: a new run stops the previous one and waits for it to finish.
let running: Promise<void> = Promise.resolve();

function startRun(work: (control: RunControl) => Promise<void>): void {
  control.stop();
  const next = new RunControl();
  control = next;
  running = running.then(() => work(next));
}

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
    case 'landscape':
      try {
        const summary = thetaLandscape({
          matching: matchingFor(request.image),
          target: REFERENCE_TARGET,
        });
        send({ type: 'landscape', id: request.id, image: request.image, ...summary });
      } catch (error) {
        fail(request.id, error);
      }
      return;
    case 'theta':
      startRun((c) =>
        runTheta(request.id, matchingFor(request.settings.image), request.settings, c, send).catch(
          (error) => fail(request.id, error),
        ),
      );
      return;
    case 'joint':
      startRun(async (c) => {
        try {
          const { settings } = request;
          const target = randomGabor(createRng(settings.targetSeed));
          const targetKernel = kernelOf(target, KERNEL_SIZE);
          send({
            type: 'joint-target',
            id: request.id,
            target,
            kernel: Array.from(targetKernel.data),
            size: KERNEL_SIZE,
          });
          await runJoint(request.id, matchingFor(settings.image), targetKernel, settings, c, send);
        } catch (error) {
          fail(request.id, error);
        }
      });
      return;
  }
});
