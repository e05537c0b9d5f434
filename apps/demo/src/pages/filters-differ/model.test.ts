import { loadMnist } from '@convkit/data';
import { createRng } from '@convkit/tensor';
import { describe, expect, it } from 'vitest';
import { buildPair, snapshot, trainStep } from './model';

async function batches(count: number, size: number) {
  const digits = await loadMnist({ perClass: 10 });
  const rng = createRng(3);
  return Array.from({ length: count }, () => {
    const indices = Array.from({ length: size }, () => rng.int(0, digits.length));
    return digits.gather(indices);
  });
}

describe('filters from constant vs random init', () => {
  it('keeps constant-init filters identical while random-init filters stay distinct', async () => {
    const pair = buildPair({ lr: 0.05, batchSize: 16, seed: 1, leftHead: 'constant' });
    const constantLosses: number[] = [];
    for (const { inputs, labels } of await batches(15, 16)) {
      constantLosses.push(trainStep(pair.constant, inputs, labels));
      trainStep(pair.random, inputs, labels);
    }
    const left = snapshot(pair.constant);
    const right = snapshot(pair.random);
    // The filters moved, yet every one equals every other, bit for bit.
    expect(left.filters[0]).not.toBe(0.05);
    for (let f = 1; f < 8; f++) {
      expect(Array.from(left.filters.subarray(f * 25, f * 25 + 25))).toEqual(
        Array.from(left.filters.subarray(0, 25)),
      );
    }
    expect(left.minCosine).toBeCloseTo(1, 6);
    expect(right.meanCosine).toBeLessThan(0.9);
    expect(constantLosses.every(Number.isFinite)).toBe(true);
  });

  it('breaks the symmetry when only the head is random', async () => {
    const pair = buildPair({ lr: 0.05, batchSize: 16, seed: 1, leftHead: 'random' });
    for (const { inputs, labels } of await batches(5, 16)) trainStep(pair.constant, inputs, labels);
    expect(snapshot(pair.constant).minCosine).toBeLessThan(1 - 1e-6);
  });
});
