import { createRng } from '@convkit/tensor';
import { describe, expect, it } from 'vitest';
import { FilterMatching } from './filter-matching';
import { experimentImage } from './images';
import { randomGabor, recoverGabor } from './joint-recovery';

// The script examples/gabor-theta reports the full 50-target counts per image; two seeded
// targets per image keep this test to seconds.
describe('joint recovery of all five parameters', () => {
  for (const kind of ['smoothedNoise', 'natural'] as const) {
    it(`the recipe recovers random targets on ${kind}`, () => {
      const matching = new FilterMatching(experimentImage(kind, { seed: 1 }), 11);
      const rng = createRng(7);
      for (let i = 0; i < 2; i++) {
        const result = recoverGabor(matching, randomGabor(rng), {
          recipe: 'recipe',
          bankSteps: 60,
          steps: 400,
        });
        expect(result.relativeLoss).toBeLessThan(1e-8);
      }
    });
  }

  it('RMSE with constant-lr Adam does not reach a relative loss of 1e-8', () => {
    const matching = new FilterMatching(experimentImage('smoothedNoise', { seed: 1 }), 11);
    const result = recoverGabor(matching, randomGabor(createRng(7)), { recipe: 'rmse-adam' });
    expect(result.relativeLoss).toBeGreaterThan(1e-8);
  });

  it('rejects an unknown recipe', () => {
    const matching = new FilterMatching(experimentImage('smoothedNoise', { size: 16 }), 5);
    expect(() =>
      recoverGabor(matching, randomGabor(createRng(1)), { recipe: 'magic' as never }),
    ).toThrow("recoverGabor: recipe must be 'rmse-adam', 'mse-adam' or 'recipe', got magic");
  });
});
