import { tensor } from '@convkit/tensor';
import { describe, expect, it } from 'vitest';
import { Adam, AdamW, type Optimizer, SGD } from './index';

describe('Optimizer as a type', () => {
  it('accepts every optimiser where the base type is expected (checked by tsc)', () => {
    const w = tensor([1], { requiresGrad: true });
    const all: Optimizer[] = [new SGD([w], { lr: 0.1 }), new Adam([w]), new AdamW([w])];
    expect(all.map((o) => o.name)).toEqual(['SGD', 'Adam', 'AdamW']);
  });
});
