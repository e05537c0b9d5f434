import { Adam, CosineAnnealingLR } from '@convkit/optim';
import { noGrad, type Rng, type Tensor, tensor } from '@convkit/tensor';
import { gaborKernel } from '../gabor-kernel';
import type { GaborScalars } from '../internal/gabor-sample';
import type { FilterMatching, MatchingLoss } from './filter-matching';
import { kernelOf } from './theta-recovery';

/**
 * Ways of learning all five parameters at once:
 * - `rmse-adam`: RMSE loss, raw σ, λ, γ, constant-lr Adam from one generic start;
 * - `mse-adam`: the same with MSE;
 * - `recipe`: an 8-orientation × 4-phase bank of short MSE + Adam runs on log σ, log λ,
 *   log γ, then the best one refined with cosine-decayed Adam.
 */
export type JointRecipe = 'rmse-adam' | 'mse-adam' | 'recipe';

/** The generic start: mid-range scales, horizontal, even phase. */
export const GENERIC_START: GaborScalars = {
  theta: 0,
  sigma: 2.5,
  lambda: 5.5,
  psi: 0,
  gamma: 0.65,
};

export interface JointRecoveryOptions {
  recipe: JointRecipe;
  /** Adam learning rate. Default 0.05. */
  lr?: number;
  /** Steps of the single run (naive recipes) or of the final refinement. Default 600. */
  steps?: number;
  /** Steps per bank member in `recipe`. Default 100. */
  bankSteps?: number;
}

export interface JointRecoveryResult {
  params: GaborScalars;
  /** Final loss divided by the target's output energy: 1e-8 means recovered. */
  relativeLoss: number;
  /** Total optimiser steps taken. */
  steps: number;
}

interface Run {
  params: GaborScalars;
  loss: number;
}

function train(
  matching: FilterMatching,
  targetKernel: Tensor,
  start: GaborScalars,
  options: { loss: MatchingLoss; logScales: boolean; lr: number; steps: number; cosine: boolean },
): Run {
  const scale = (v: number) =>
    tensor([options.logScales ? Math.log(v) : v], { dtype: 'float64', requiresGrad: true });
  const theta = tensor([start.theta], { dtype: 'float64', requiresGrad: true });
  const psi = tensor([start.psi], { dtype: 'float64', requiresGrad: true });
  const sigma = scale(start.sigma);
  const lambda = scale(start.lambda);
  const gamma = scale(start.gamma);
  const optimizer = new Adam([theta, sigma, lambda, psi, gamma], { lr: options.lr });
  const scheduler = options.cosine ? new CosineAnnealingLR(optimizer, options.steps) : null;
  const positive = (t: Tensor) => (options.logScales ? t.exp() : t);
  const evaluate = (kind: MatchingLoss) =>
    matching.loss(
      gaborKernel(
        { theta, sigma: positive(sigma), lambda: positive(lambda), psi, gamma: positive(gamma) },
        matching.kernelSize,
      ),
      targetKernel,
      kind,
    );
  for (let s = 0; s < options.steps; s++) {
    optimizer.zeroGrad();
    evaluate(options.loss).backward();
    optimizer.step();
    scheduler?.step();
  }
  const read = (t: Tensor) => (options.logScales ? Math.exp(t.data[0]) : t.data[0]);
  return {
    params: {
      theta: theta.data[0],
      sigma: read(sigma),
      lambda: read(lambda),
      psi: psi.data[0],
      gamma: read(gamma),
    },
    loss: noGrad(() => evaluate('mse').item()),
  };
}

/**
 * Learns θ, σ, λ, ψ, γ together to match the output of `target` on the image behind
 * `matching`, with one of the `JointRecipe`s.
 * @example
 * const result = recoverGabor(matching, target, { recipe: 'recipe' });
 * result.relativeLoss < 1e-8; // recovered
 */
export function recoverGabor(
  matching: FilterMatching,
  target: GaborScalars,
  options: JointRecoveryOptions,
): JointRecoveryResult {
  const targetKernel = kernelOf(target, matching.kernelSize);
  const energy = matching.energy(targetKernel);
  const lr = options.lr ?? 0.05;
  const steps = options.steps ?? 600;
  if (options.recipe === 'rmse-adam' || options.recipe === 'mse-adam') {
    const loss = options.recipe === 'rmse-adam' ? 'rmse' : 'mse';
    const run = train(matching, targetKernel, GENERIC_START, {
      loss,
      logScales: false,
      lr,
      steps,
      cosine: false,
    });
    return { params: run.params, relativeLoss: run.loss / energy, steps };
  }
  if (options.recipe !== 'recipe') {
    throw new RangeError(
      `recoverGabor: recipe must be 'rmse-adam', 'mse-adam' or 'recipe', got ${String(options.recipe)}`,
    );
  }
  const bankSteps = options.bankSteps ?? 100;
  let best: Run | null = null;
  for (let o = 0; o < 8; o++) {
    for (let p = 0; p < 4; p++) {
      const start = { ...GENERIC_START, theta: (o * Math.PI) / 8, psi: (p * Math.PI) / 2 };
      const run = train(matching, targetKernel, start, {
        loss: 'mse',
        logScales: true,
        lr,
        steps: bankSteps,
        cosine: false,
      });
      if (best === null || run.loss < best.loss) best = run;
    }
  }
  const refined = train(matching, targetKernel, best!.params, {
    loss: 'mse',
    logScales: true,
    lr,
    steps,
    cosine: true,
  });
  const final = refined.loss < best!.loss ? refined : best!;
  return { params: final.params, relativeLoss: final.loss / energy, steps: 32 * bankSteps + steps };
}

/** A random target Gabor over the ranges the experiments use. */
export function randomGabor(rng: Rng): GaborScalars {
  return {
    theta: rng.uniform(0, Math.PI),
    sigma: rng.uniform(1.5, 3.5),
    lambda: rng.uniform(3, 8),
    psi: rng.uniform(-Math.PI, Math.PI),
    gamma: rng.uniform(0.3, 1),
  };
}
