import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeFilterStep,
  type FilterProblem,
  handFilterGradient,
  PRESET_DEAD,
  PRESET_EXAMPLE,
  updateFilter,
} from './filter-math';
import { computePoolGradients } from './pool-math';

const small = fc.double({ min: -3, max: 3, noNaN: true });

describe('computeFilterStep', () => {
  it('matches a gradient worked out by hand for the preset', () => {
    // z = input ⋆ filter for input [[3,1,1],[0,0,3],[3,1,0]], filter [[0.1,-0.25],[0.5,0.25]]:
    // z11 = 0.3 - 0.25 + 0 + 0 = 0.05; z12 = 0.1 - 0.25 + 0 + 0.75 = 0.6;
    // z21 = 0 + 0 + 1.5 + 0.25 = 1.75; z22 = 0 - 0.75 + 0.5 + 0 = -0.25 (ReLU blocks it).
    const step = computeFilterStep(PRESET_EXAMPLE);
    expect(step.preActivation.map((v) => Number(v.toFixed(12)))).toEqual([0.05, 0.6, 1.75, -0.25]);
    expect(step.mask).toEqual([1, 1, 1, 0]);
    // δ = [0.05-5, 0.6-6, 1.75-7, 0] = [-4.95, -5.4, -5.25, 0]
    // ∂L/∂f11 = 3·δ11 + 1·δ12 + 0·δ21 + 0·δ22 = -14.85 - 5.4 = -20.25
    expect(step.gradAutograd[0]).toBeCloseTo(-20.25, 10);
    expect(step.loss).toBeCloseTo(0.5 * (4.95 ** 2 + 5.4 ** 2 + 5.25 ** 2 + 8 ** 2), 10);
  });

  it('agrees with the hand formula for any problem, both activations', () => {
    fc.assert(
      fc.property(
        fc.array(small, { minLength: 9, maxLength: 9 }),
        fc.array(small, { minLength: 4, maxLength: 4 }),
        fc.array(small, { minLength: 4, maxLength: 4 }),
        fc.constantFrom<FilterProblem['activation']>('relu', 'linear'),
        (input, filter, target, activation) => {
          const step = computeFilterStep({ input, filter, target, activation });
          step.gradAutograd.forEach((g, i) => {
            expect(g).toBeCloseTo(step.gradHand[i], 9);
          });
        },
      ),
    );
  });

  it('learns the preset until the loss is ~0, with ReLU and without', () => {
    for (const activation of ['relu', 'linear'] as const) {
      let problem: FilterProblem = { ...PRESET_EXAMPLE, activation };
      let step = computeFilterStep(problem);
      let steps = 0;
      while (step.loss > 1e-8 && steps < 200) {
        problem = { ...problem, filter: updateFilter(problem.filter, step.gradAutograd, 0.05) };
        step = computeFilterStep(problem);
        steps++;
      }
      expect(step.loss, activation).toBeLessThan(1e-8);
    }
  });

  it('gets no gradient through a dead ReLU, but does when linear', () => {
    const dead = computeFilterStep(PRESET_DEAD);
    expect(dead.mask).toEqual([0, 0, 0, 0]);
    expect(dead.gradAutograd.every((g) => g === 0)).toBe(true);
    expect(dead.loss).toBeGreaterThan(0);
    const linear = computeFilterStep({ ...PRESET_DEAD, activation: 'linear' });
    expect(linear.gradAutograd.some((g) => g !== 0)).toBe(true);
  });

  it('rejects a wrong-sized input with a message naming it', () => {
    expect(() => computeFilterStep({ ...PRESET_EXAMPLE, input: [1, 2] })).toThrow(
      /input must be 9 finite numbers/,
    );
  });

  it('hand formula: a delta at one output picks the matching input patch', () => {
    const input = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    expect(handFilterGradient(input, [0, 0, 0, 1])).toEqual([5, 6, 8, 9]);
  });
});

describe('computePoolGradients', () => {
  it('routes max-pool gradient to the first maximum of a tied window', () => {
    // Window 0 holds two 4s: the first in row-major order (index 1) gets the gradient; window
    // 2 (bottom left) holds two 2s, at indices 8 and 12.
    const input = [1, 4, 0, 2, 4, 3, 5, 1, 2, 0, 2, 2, 2, 1, 2, 3];
    const result = computePoolGradients(input, [1, 2, 3, 4]);
    expect(result.argmax).toEqual([1, 6, 8, 15]);
    expect(result.tiedWindows).toEqual([0, 2]);
    expect(result.maxGradAutograd).toEqual(result.maxGradHand);
    expect(result.maxGradAutograd[1]).toBe(1);
    expect(result.maxGradAutograd[4]).toBe(0);
  });

  it('agrees with the hand formulas for random inputs', () => {
    fc.assert(
      fc.property(
        fc.array(small, { minLength: 16, maxLength: 16 }),
        fc.array(small, { minLength: 4, maxLength: 4 }),
        (input, up) => {
          const r = computePoolGradients(input, up);
          r.maxGradAutograd.forEach((g, i) => {
            expect(g).toBeCloseTo(r.maxGradHand[i], 12);
          });
          r.avgGradAutograd.forEach((g, i) => {
            expect(g).toBeCloseTo(r.avgGradHand[i], 12);
          });
        },
      ),
    );
  });
});
