import { expectClose } from '@convkit/testing';
import { describe, expect, it } from 'vitest';
import { Adagrad, type AdagradOptions, adagradUpdate } from './adagrad';
import { repeat, runSteps } from './internal/run-steps';

const tight = { atol: 1e-15, rtol: 1e-13 };
const run = (options: Partial<AdagradOptions>, theta: number[], grads: number[][]) =>
  runSteps((p) => new Adagrad(p, options), theta, grads);

describe('Adagrad', () => {
  it('with a constant gradient sₜ = tg², so step t moves γg/(√t·|g| + ε)', () => {
    const g = 3;
    let theta = 0;
    for (let t = 1; t <= 5; t++) theta -= (0.1 * g) / (Math.sqrt(t) * g + 1e-10);
    expectClose(run({ lr: 0.1 }, [0], repeat([g], 5)), [theta], tight);
  });

  it('lrDecay η: step t uses γ/(1 + (t − 1)η)', () => {
    const g = 1;
    let theta = 0;
    for (let t = 1; t <= 3; t++)
      theta -= (0.1 / (1 + (t - 1) * 0.5)) * (g / (Math.sqrt(t) + 1e-10));
    expectClose(run({ lr: 0.1, lrDecay: 0.5 }, [0], repeat([g], 3)), [theta], tight);
  });

  it('initialAccumulatorValue starts the sum (TensorFlow uses 0.1)', () => {
    expectClose(run({ lr: 1, initialAccumulatorValue: 3 }, [0], [[1]]), [-1 / (2 + 1e-10)], tight);
  });

  it('weightDecay adds λθ to the gradient', () => {
    // g' = 0 + 1·1 = 1
    expectClose(run({ lr: 0.5, weightDecay: 1 }, [1], [[0]]), [1 - 0.5 / (1 + 1e-10)], tight);
  });

  it('adagradUpdate accumulates g² in place', () => {
    const state = { sum: new Float64Array([1, 1]) };
    const options: AdagradOptions = {
      lr: 0,
      lrDecay: 0,
      weightDecay: 0,
      initialAccumulatorValue: 0,
      eps: 1e-10,
      maximize: true,
    };
    adagradUpdate(new Float64Array(2), new Float64Array([2, -3]), state, options, 1);
    expect(Array.from(state.sum)).toEqual([5, 10]);
  });
});
