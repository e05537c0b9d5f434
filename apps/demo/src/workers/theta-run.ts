import {
  type FilterMatching,
  REFERENCE_TARGET,
  type ThetaProblem,
  thetaLoss,
  thetaPeriod,
  wrapTheta,
} from '@convkit/gabor';
import { Adam, CosineAnnealingLR, type Optimizer, SGD } from '@convkit/optim';
import { noGrad, tensor } from '@convkit/tensor';
import type { ThetaDoneReply, ThetaProgressReply, ThetaRunSettings } from './gabor-protocol';
import type { RunControl } from './run-control';

// Points are sent in batches, about every frame, so a fast run doesn't flood the page.
const FLUSH_MS = 40;

/**
 * The θ-recovery experiment of docs/gabor.md (`recoverTheta`), written as a step loop so
 * the page can watch it: learn θ alone from `theta0`, the other four parameters held at the
 * target's, sending the trajectory as it grows.
 */
export async function runTheta(
  id: number,
  matching: FilterMatching,
  settings: ThetaRunSettings,
  control: RunControl,
  send: (reply: ThetaProgressReply | ThetaDoneReply) => void,
): Promise<void> {
  const problem: ThetaProblem = { matching, target: REFERENCE_TARGET };
  const theta = tensor([settings.theta0], { dtype: 'float64', requiresGrad: true });
  const optimizer: Optimizer =
    settings.optimizer === 'adam'
      ? new Adam([theta], { lr: settings.lr })
      : new SGD([theta], {
          lr: settings.lr,
          momentum: settings.optimizer === 'momentum' ? settings.momentum : 0,
        });
  const scheduler =
    settings.schedule === 'cosine' ? new CosineAnnealingLR(optimizer, settings.steps) : null;

  let pending = { start: 0, thetas: [] as number[], losses: [] as number[] };
  let lastFlush = performance.now();
  const flush = () => {
    if (pending.thetas.length === 0) return;
    send({ type: 'theta-progress', id, ...pending, lr: optimizer.paramGroups[0].lr });
    pending = { start: pending.start + pending.thetas.length, thetas: [], losses: [] };
    lastFlush = performance.now();
  };

  let step = 0;
  for (; step < settings.steps; step++) {
    optimizer.zeroGrad();
    const loss = thetaLoss(problem, theta, settings.loss);
    pending.thetas.push(theta.data[0]);
    pending.losses.push(loss.item());
    loss.backward();
    optimizer.step();
    scheduler?.step();
    if (settings.delayMs > 0 || performance.now() - lastFlush >= FLUSH_MS) flush();
    if (!(await control.checkpoint(settings.delayMs))) break;
  }
  // The point reached after the last step, so the trajectory ends where θ ends.
  pending.thetas.push(theta.data[0]);
  pending.losses.push(noGrad(() => thetaLoss(problem, theta, settings.loss).item()));
  flush();

  const offset = wrapTheta(theta.data[0] - REFERENCE_TARGET.theta, REFERENCE_TARGET.psi);
  send({
    type: 'theta-done',
    id,
    stopped: control.isStopped,
    steps: step,
    finalTheta: REFERENCE_TARGET.theta + offset,
    error: Math.abs(offset) % thetaPeriod(REFERENCE_TARGET.psi),
  });
}
