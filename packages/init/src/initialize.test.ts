import { createRng, tensor, zeros as zerosTensor } from '@convkit/tensor';
import { describe, expect, it } from 'vitest';
import { heNormal } from './he';
import { initialize } from './initialize';
import type { Initializer } from './types';

describe('initialize', () => {
  it('fills the target in place with exactly what the initialiser would make', () => {
    const target = zerosTensor([8, 3, 3, 3], { dtype: 'float64' });
    const storage = target.data;
    const out = initialize(target, heNormal(), { rng: createRng(5) });
    expect(out).toBe(target);
    expect(target.data).toBe(storage);
    const fresh = heNormal()([8, 3, 3, 3], { rng: createRng(5), dtype: 'float64' });
    expect(Array.from(target.data)).toEqual(Array.from(fresh.data));
  });

  it('keeps the target’s dtype and requiresGrad', () => {
    const w = zerosTensor([4, 5], { requiresGrad: true });
    initialize(w, heNormal(), { rng: createRng(1) });
    expect(w.dtype).toBe('float32');
    expect(w.requiresGrad).toBe(true);
    expect(Array.from(w.data)).toEqual(Array.from(heNormal()([4, 5], { rng: createRng(1) }).data));
  });

  it('rejects int32 targets, non-initialisers and wrong results', () => {
    expect(() => initialize(tensor([1, 2], { dtype: 'int32' }), heNormal())).toThrow(
      'initialize: target must be float32 or float64, got int32',
    );
    expect(() => initialize([1, 2] as never, heNormal())).toThrow(
      'initialize: target must be a Tensor, got [1, 2]',
    );
    expect(() => initialize(zerosTensor([2, 2]), 'heNormal' as never)).toThrow(
      "initialize: init must be an Initializer such as heNormal(), got 'heNormal'",
    );
    expect(() => initialize(zerosTensor([2, 2]), () => zerosTensor([3]))).toThrow(
      'initialize: init must return a float32 tensor of shape [2, 2], got float32 [3]',
    );
  });

  it('does not let a seed be dropped silently: an Rng in place of { rng }, unknown options', () => {
    const w = zerosTensor([2, 2]);
    expect(() => initialize(w, heNormal(), createRng(0) as never)).toThrow(
      'initialize: options must be { rng? }, got an Rng; pass it as { rng }',
    );
    expect(() =>
      initialize(w, heNormal(), { rng: createRng(0), dtype: 'float64' } as never),
    ).toThrow("initialize: unknown option dtype; initialize takes rng (the dtype is the target's)");
    expect(Array.from(w.data)).toEqual([0, 0, 0, 0]);
  });

  it('names the mistake when given a factory instead of the initialiser it makes', () => {
    // A factory of this package rejects the shape it is wrongly handed ...
    expect(() => initialize(zerosTensor([2, 2]), heNormal as never)).toThrow(
      'heNormal: options must be an object, got [2, 2]; heNormal(options?) makes an initialiser, call that with the shape: heNormal()(shape)',
    );
    // ... and any other factory is caught by what it returns.
    const myInit = (): Initializer => heNormal();
    expect(() => initialize(zerosTensor([2, 2]), myInit as never)).toThrow(
      'initialize: init must be an Initializer such as myInit(), got the factory myInit itself; call it: myInit()',
    );
  });
});
