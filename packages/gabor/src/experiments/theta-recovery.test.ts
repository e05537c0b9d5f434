import { tensor } from '@convkit/tensor';
import { describe, expect, it } from 'vitest';
import { FilterMatching } from './filter-matching';
import { experimentImage } from './images';
import {
  REFERENCE_TARGET,
  recoverTheta,
  type ThetaProblem,
  thetaLandscape,
  thetaLoss,
} from './theta-recovery';

const smooth: ThetaProblem = {
  matching: new FilterMatching(experimentImage('smoothedNoise', { seed: 1 }), 11),
  target: REFERENCE_TARGET,
};
const white: ThetaProblem = {
  matching: new FilterMatching(experimentImage('whiteNoise', { seed: 1 }), 11),
  target: REFERENCE_TARGET,
};
const landscape = thetaLandscape(smooth);
const h = landscape.curvature;

function rmseSlope(problem: ThetaProblem, theta: number): number {
  const t = tensor([theta], { dtype: 'float64', requiresGrad: true });
  thetaLoss(problem, t, 'rmse').backward();
  return t.grad!.item();
}

describe('the θ landscape', () => {
  it('is π-periodic for ψ = 0, with its global minima at θ* mod π', () => {
    expect(landscape.period).toBe(Math.PI);
    // Grid spacing is 2π/720, so θ + π is exactly 360 points later.
    for (let i = 0; i + 360 < landscape.losses.length; i += 37) {
      expect(landscape.losses[i + 360]).toBeCloseTo(landscape.losses[i], 8);
    }
    const globals = landscape.minima.filter((m) => Math.abs(Math.sin(m - Math.PI / 4)) < 0.01);
    expect(globals.length).toBe(2);
    expect(h).toBeGreaterThan(0);
  });

  it('puts the orthogonal start θ* − π/2 near the top on smoothed noise', () => {
    expect(landscape.orthogonalLossRatio).toBeGreaterThan(0.95);
    expect(landscape.basin[0]).toBeLessThan(Math.PI / 4);
    expect(landscape.basin[1]).toBeGreaterThan(Math.PI / 4);
  });

  it('has spurious local minima on white noise that catch a start at −π/4', () => {
    const noisy = thetaLandscape(white);
    const spurious = noisy.minima.filter((m) => Math.abs(Math.sin(m - Math.PI / 4)) > 0.05);
    expect(spurious.length).toBeGreaterThan(0);
    const run = recoverTheta(white, {
      theta0: -Math.PI / 4,
      optimizer: 'adam',
      lr: 0.05,
      steps: 300,
    });
    expect(run.error).toBeGreaterThan(0.5);
  });
});

describe('why θ cycles, and the recipe that converges', () => {
  it('RMSE keeps a gradient of size √(h/2) right next to θ* (MSE’s vanishes)', () => {
    const expected = Math.sqrt(h / 2);
    for (const offset of [1e-3, -1e-3, 1e-5]) {
      expect(Math.abs(rmseSlope(smooth, Math.PI / 4 + offset))).toBeCloseTo(
        expected,
        -Math.log10(0.05 * expected),
      );
    }
  });

  it('fixed-step SGD on RMSE never settles where the same step on MSE converges', () => {
    const lr = 0.5 / h;
    const start = Math.PI / 4 + 0.1;
    const mse = recoverTheta(smooth, {
      theta0: start,
      loss: 'mse',
      optimizer: 'sgd',
      lr,
      steps: 400,
    });
    const rmse = recoverTheta(smooth, {
      theta0: start,
      loss: 'rmse',
      optimizer: 'sgd',
      lr,
      steps: 400,
    });
    expect(mse.error).toBeLessThan(1e-6);
    // The RMSE step near θ* is lr·√(h/2): it hops across θ* forever at about that size.
    const hop = lr * Math.sqrt(h / 2);
    const tail = rmse.thetas.slice(-20).map((t) => Math.abs(t - Math.PI / 4));
    expect(Math.max(...tail)).toBeGreaterThan(0.2 * hop);
  });

  it('a step above the stable limit 2/h overshoots and cycles on MSE, with and without momentum', () => {
    const start = Math.PI / 4 + 0.02;
    const tooBig = recoverTheta(smooth, {
      theta0: start,
      loss: 'mse',
      optimizer: 'sgd',
      lr: 2.5 / h,
      steps: 200,
    });
    const stable = recoverTheta(smooth, {
      theta0: start,
      loss: 'mse',
      optimizer: 'sgd',
      lr: 1.5 / h,
      steps: 200,
    });
    // Momentum μ raises the stable limit to 2(1 + μ)/h, but a step past it cycles all the same.
    const momentum = recoverTheta(smooth, {
      theta0: start,
      loss: 'mse',
      optimizer: 'momentum',
      momentum: 0.9,
      lr: 4 / h,
      steps: 200,
    });
    expect(stable.error).toBeLessThan(1e-6);
    expect(tooBig.error).toBeGreaterThan(1e-3);
    expect(momentum.error).toBeGreaterThan(1e-3);
  });

  it('recovers θ* from −π/4 to |Δθ| < 1e-4 with MSE and Adam', () => {
    const run = recoverTheta(smooth, {
      theta0: -Math.PI / 4,
      loss: 'mse',
      optimizer: 'adam',
      lr: 0.05,
      steps: 300,
      schedule: 'cosine',
    });
    expect(run.error).toBeLessThan(1e-4);
    expect(run.losses[run.losses.length - 1]).toBeLessThan(1e-8 * run.losses[0]);
  });
});
