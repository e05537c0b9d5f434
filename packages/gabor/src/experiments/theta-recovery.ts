import { Adam, CosineAnnealingLR, type Optimizer, SGD } from '@convkit/optim';
import { noGrad, type Tensor, tensor } from '@convkit/tensor';
import { gaborKernel } from '../gabor-kernel';
import type { GaborScalars } from '../internal/gabor-sample';
import { thetaPeriod, wrapTheta } from '../theta';
import type { FilterMatching, MatchingLoss } from './filter-matching';

/** The fixed part of the θ experiment: image, kernel size and the target filter. */
export interface ThetaProblem {
  matching: FilterMatching;
  /** The target Gabor; only θ is learned, the other four are held at these values. */
  target: GaborScalars;
}

/** The reference setup of docs/gabor.md: σ = 2.5, λ = 5, γ = 0.5, ψ = 0, θ* = π/4, k = 11. */
export const REFERENCE_TARGET: GaborScalars = {
  theta: Math.PI / 4,
  sigma: 2.5,
  lambda: 5,
  psi: 0,
  gamma: 0.5,
};

export function kernelOf(
  p: GaborScalars,
  size: number,
  theta: Tensor = tensor([p.theta], { dtype: 'float64' }),
): Tensor {
  const scalar = (v: number) => tensor([v], { dtype: 'float64' });
  return gaborKernel(
    {
      theta,
      sigma: scalar(p.sigma),
      lambda: scalar(p.lambda),
      psi: scalar(p.psi),
      gamma: scalar(p.gamma),
    },
    size,
  );
}

/** L(θ) with the other parameters at the target's values. */
export function thetaLoss(problem: ThetaProblem, theta: Tensor, kind: MatchingLoss): Tensor {
  const size = problem.matching.kernelSize;
  return problem.matching.loss(
    kernelOf(problem.target, size, theta),
    kernelOf(problem.target, size),
    kind,
  );
}

export interface LandscapeSummary {
  thetas: number[];
  losses: number[];
  /** π or 2π, from ψ. */
  period: number;
  /** L″(θ*) by central differences: plain gradient descent on this loss is stable for lr < 2/h. */
  curvature: number;
  /** The nearest local maxima on each side of θ*: the basin plain descent converges from. */
  basin: [number, number];
  /** θ of every local minimum over the range, the global ones (at θ* mod the period) included. */
  minima: number[];
  /** Loss at θ* − π/2 relative to the largest loss: the orthogonal start is near the top. */
  orthogonalLossRatio: number;
}

/**
 * The loss landscape L(θ) over `thetas` (default 721 points over [−π, π]) for MSE or RMSE,
 * with its period, the curvature and basin around θ*, and its local minima.
 * @example
 * const summary = thetaLandscape({ matching: new FilterMatching(image, 11), target: REFERENCE_TARGET });
 */
export function thetaLandscape(
  problem: ThetaProblem,
  options: { thetas?: number[]; loss?: MatchingLoss } = {},
): LandscapeSummary {
  const kind = options.loss ?? 'mse';
  const thetas =
    options.thetas ?? Array.from({ length: 721 }, (_, i) => -Math.PI + (i * 2 * Math.PI) / 720);
  const at = (theta: number) =>
    noGrad(() => thetaLoss(problem, tensor([theta], { dtype: 'float64' }), kind).item());
  const losses = thetas.map(at);
  const star = problem.target.theta;
  const h = 1e-4;
  const curvature = (at(star + h) - 2 * at(star) + at(star - h)) / (h * h);
  const minima: number[] = [];
  const maxima: number[] = [];
  for (let i = 1; i + 1 < thetas.length; i++) {
    if (losses[i] < losses[i - 1] && losses[i] <= losses[i + 1]) minima.push(thetas[i]);
    if (losses[i] > losses[i - 1] && losses[i] >= losses[i + 1]) maxima.push(thetas[i]);
  }
  const period = thetaPeriod(problem.target.psi);
  // Walk outwards from θ* to the first rise-then-fall on each side.
  const step = 1e-3;
  const walk = (direction: number) => {
    let theta = star;
    let previous = at(theta);
    for (let n = 0; n < Math.ceil(period / step); n++) {
      const next = at(theta + direction * step);
      if (next < previous) return theta;
      theta += direction * step;
      previous = next;
    }
    return theta;
  };
  const largest = Math.max(...losses);
  return {
    thetas,
    losses,
    period,
    curvature,
    basin: [walk(-1), walk(1)],
    minima,
    orthogonalLossRatio: at(star - Math.PI / 2) / largest,
  };
}

export type OptimizerChoice = 'sgd' | 'momentum' | 'adam';

export interface RecoverThetaOptions {
  theta0: number;
  loss?: MatchingLoss;
  optimizer?: OptimizerChoice;
  lr: number;
  /** Momentum coefficient for 'momentum' (default 0.9). */
  momentum?: number;
  steps?: number;
  /** 'cosine' anneals the learning rate to 0 over `steps` (a decaying step). */
  schedule?: 'constant' | 'cosine';
}

export interface ThetaTrajectory {
  thetas: number[];
  losses: number[];
  /** Final θ wrapped to its period around θ*. */
  finalTheta: number;
  /** |final θ − θ*| modulo the period. */
  error: number;
}

function makeOptimizer(
  choice: OptimizerChoice,
  params: Tensor[],
  lr: number,
  momentum: number,
): Optimizer {
  if (choice === 'adam') return new Adam(params, { lr });
  return new SGD(params, { lr, momentum: choice === 'momentum' ? momentum : 0 });
}

/**
 * Learns θ alone from `theta0` by gradient descent on the filtered-output loss, recording
 * the trajectory — the asker's experiment, with the loss, optimiser and schedule as knobs.
 * @example
 * const run = recoverTheta(problem, { theta0: -Math.PI / 4, loss: 'mse', optimizer: 'adam', lr: 0.05, steps: 300 });
 */
export function recoverTheta(problem: ThetaProblem, options: RecoverThetaOptions): ThetaTrajectory {
  const steps = options.steps ?? 300;
  const kind = options.loss ?? 'mse';
  if (!(options.lr > 0)) throw new RangeError(`recoverTheta: lr must be > 0, got ${options.lr}`);
  const theta = tensor([options.theta0], { dtype: 'float64', requiresGrad: true });
  const optimizer = makeOptimizer(
    options.optimizer ?? 'sgd',
    [theta],
    options.lr,
    options.momentum ?? 0.9,
  );
  const scheduler = options.schedule === 'cosine' ? new CosineAnnealingLR(optimizer, steps) : null;
  const thetas = [theta.data[0]];
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    optimizer.zeroGrad();
    const loss = thetaLoss(problem, theta, kind);
    losses.push(loss.item());
    loss.backward();
    optimizer.step();
    scheduler?.step();
    thetas.push(theta.data[0]);
  }
  losses.push(noGrad(() => thetaLoss(problem, theta, kind).item()));
  const period = thetaPeriod(problem.target.psi);
  const offset = wrapTheta(theta.data[0] - problem.target.theta, problem.target.psi);
  return {
    thetas,
    losses,
    finalTheta: problem.target.theta + offset,
    error: Math.abs(offset) % period,
  };
}
