import {
  type FilterMatching,
  type GaborScalars,
  GENERIC_START,
  gaborKernel,
  type MatchingLoss,
} from '@convkit/gabor';
import { Adam, CosineAnnealingLR } from '@convkit/optim';
import { noGrad, type Tensor, tensor } from '@convkit/tensor';
import type { JointDoneReply, JointProgressReply, JointRunSettings } from './gabor-protocol';
import type { RunControl } from './run-control';

const FLUSH_MS = 60;

interface Stage {
  phase: JointProgressReply['phase'];
  start: GaborScalars;
  loss: MatchingLoss;
  /** Learn log σ, log λ, log γ (positive by construction, equal steps are equal ratios). */
  logScales: boolean;
  cosine: boolean;
  steps: number;
}

interface StageResult {
  params: GaborScalars;
  /** MSE of the final kernel. */
  loss: number;
  stopped: boolean;
}

/**
 * All five parameters at once, as `recoverGabor` does it, written as step loops that report:
 * the naive recipes are one Adam run from `GENERIC_START`; the recipe is an 8-orientation ×
 * 4-phase bank of short MSE runs on log-scales, then the best refined with cosine-decayed Adam.
 */
export async function runJoint(
  id: number,
  matching: FilterMatching,
  targetKernel: Tensor,
  settings: JointRunSettings,
  control: RunControl,
  send: (reply: JointProgressReply | JointDoneReply) => void,
): Promise<void> {
  const energy = matching.energy(targetKernel);
  const naive = settings.recipe !== 'recipe';
  const stages: Stage[] = [];
  if (naive) {
    stages.push({
      phase: 'single',
      start: GENERIC_START,
      loss: settings.recipe === 'rmse-adam' ? 'rmse' : 'mse',
      logScales: false,
      cosine: false,
      steps: settings.steps,
    });
  } else {
    for (let o = 0; o < 8; o++)
      for (let p = 0; p < 4; p++) {
        const start = { ...GENERIC_START, theta: (o * Math.PI) / 8, psi: (p * Math.PI) / 2 };
        stages.push({
          phase: 'bank',
          start,
          loss: 'mse',
          logScales: true,
          cosine: false,
          steps: settings.bankSteps,
        });
      }
  }
  const totalSteps = stages.reduce((s, st) => s + st.steps, 0) + (naive ? 0 : settings.steps);
  let done = 0;
  let best: StageResult | null = null;
  let lastFlush = 0;

  const runStage = async (stage: Stage): Promise<StageResult> => {
    const scale = (v: number) =>
      tensor([stage.logScales ? Math.log(v) : v], { dtype: 'float64', requiresGrad: true });
    const theta = tensor([stage.start.theta], { dtype: 'float64', requiresGrad: true });
    const psi = tensor([stage.start.psi], { dtype: 'float64', requiresGrad: true });
    const sigma = scale(stage.start.sigma);
    const lambda = scale(stage.start.lambda);
    const gamma = scale(stage.start.gamma);
    const optimizer = new Adam([theta, sigma, lambda, psi, gamma], { lr: settings.lr });
    const scheduler = stage.cosine ? new CosineAnnealingLR(optimizer, stage.steps) : null;
    const positive = (t: Tensor) => (stage.logScales ? t.exp() : t);
    const kernel = () =>
      gaborKernel(
        { theta, sigma: positive(sigma), lambda: positive(lambda), psi, gamma: positive(gamma) },
        matching.kernelSize,
      );
    const read = (t: Tensor) => (stage.logScales ? Math.exp(t.data[0]) : t.data[0]);
    const params = (): GaborScalars => ({
      theta: theta.data[0],
      sigma: read(sigma),
      lambda: read(lambda),
      psi: psi.data[0],
      gamma: read(gamma),
    });
    const report = () => {
      const current = noGrad(() => {
        const k = kernel();
        return { k: Array.from(k.data), mse: matching.loss(k, targetKernel, 'mse').item() };
      });
      const relativeLoss = current.mse / energy;
      send({
        type: 'joint-progress',
        id,
        phase: stage.phase,
        step: done,
        totalSteps,
        kernel: current.k,
        params: params(),
        relativeLoss,
        bestRelativeLoss: Math.min(relativeLoss, best ? best.loss / energy : relativeLoss),
      });
      lastFlush = performance.now();
    };
    let stopped = false;
    for (let s = 0; s < stage.steps && !stopped; s++) {
      optimizer.zeroGrad();
      matching.loss(kernel(), targetKernel, stage.loss).backward();
      optimizer.step();
      scheduler?.step();
      done++;
      if (settings.delayMs > 0 || performance.now() - lastFlush >= FLUSH_MS) report();
      stopped = !(await control.checkpoint(settings.delayMs));
    }
    report();
    return {
      params: params(),
      loss: noGrad(() => matching.loss(kernel(), targetKernel, 'mse').item()),
      stopped,
    };
  };

  let stopped = false;
  for (const stage of stages) {
    const result = await runStage(stage);
    if (best === null || result.loss < best.loss) best = result;
    stopped = result.stopped;
    if (stopped) break;
  }
  if (!naive && !stopped && best !== null) {
    const refined = await runStage({
      phase: 'refine',
      start: best.params,
      loss: 'mse',
      logScales: true,
      cosine: true,
      steps: settings.steps,
    });
    stopped = refined.stopped;
    if (refined.loss < best.loss) best = refined;
  }
  const final = best ?? { params: GENERIC_START, loss: energy };
  send({
    type: 'joint-done',
    id,
    stopped,
    params: final.params,
    relativeLoss: final.loss / energy,
    steps: done,
  });
}
