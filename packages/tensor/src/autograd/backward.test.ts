import { checkGradients, expectClose } from '@convkit/testing';
import { describe, expect, it } from 'vitest';
import { randn, tensor } from '../creation';
import { add, mul, sub } from '../ops/arithmetic';
import { sum } from '../ops/reduce';
import { createRng } from '../random';
import type { Tensor } from '../tensor';
import { noGrad } from './grad-mode';

describe('backward: graph shapes', () => {
  it('accumulates the gradient of a tensor used twice (x·x)', () => {
    const x = tensor([1, -2, 3], { requiresGrad: true });
    mul(x, x).sum().backward();
    expectClose(x.grad!, [2, -4, 6]);
  });

  it('sums both paths of a diamond (y = a·x + b·x with shared x)', () => {
    const x = tensor([2, 5], { requiresGrad: true });
    const a = mul(x, 3);
    const b = mul(x, x);
    add(a, b).sum().backward();
    // d/dx (3x + x²) = 3 + 2x
    expectClose(x.grad!, [7, 13]);
  });

  it('stops at a detached branch', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const cut = mul(x, 10).detach();
    expect(cut.requiresGrad).toBe(false);
    add(mul(x, 2), cut).sum().backward();
    expectClose(x.grad!, [2, 2]);
  });

  it('accumulates .grad over two backward calls until zeroGrad', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    mul(x, 3).sum().backward();
    mul(x, 3).sum().backward();
    expectClose(x.grad!, [6, 6]);
    x.zeroGrad();
    expect(x.grad).toBeNull();
  });

  it('reduces gradients over broadcast dimensions', () => {
    const a = tensor(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      { requiresGrad: true },
    );
    const b = tensor([[10], [20]], { requiresGrad: true });
    const c = tensor(7, { requiresGrad: true });
    add(mul(a, b), c).sum().backward();
    expectClose(a.grad!, [
      [10, 10, 10],
      [20, 20, 20],
    ]);
    expectClose(b.grad!, [[6], [15]]);
    expectClose(c.grad!, 6);
  });

  it('takes an explicit upstream gradient for a non-scalar output', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    mul(x, 2).backward(tensor([1, 0, -1]));
    expectClose(x.grad!, [2, 0, -2]);
  });

  it('gives leaves their own gradient buffers (no aliasing between inputs)', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3, 4], { requiresGrad: true });
    add(a, b).sum().backward();
    expect(a.grad).not.toBe(b.grad);
    expect(a.grad!.data).not.toBe(b.grad!.data);
    a.grad!.data[0] = 100;
    expect(b.grad!.data[0]).toBe(1);
  });

  it('keeps gradients of non-leaves only with retainGrad', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const hidden = mul(x, 3).retainGrad();
    const other = mul(x, 5);
    mul(hidden, other).sum().backward();
    expectClose(hidden.grad!, [5, 10]);
    expect(other.grad).toBeNull();
  });

  it('handles a long chain without recursion limits', () => {
    const x = tensor([1], { requiresGrad: true, dtype: 'float64' });
    let y: Tensor = x;
    for (let i = 0; i < 20_000; i++) y = add(y, 0);
    y.sum().backward();
    expectClose(x.grad!, [1]);
  });

  it('agrees with finite differences on a composed expression', () => {
    const rng = createRng(3);
    const x = randn([3, 4], { dtype: 'float64', rng }).requiresGrad_();
    const w = randn([4], { dtype: 'float64', rng }).requiresGrad_();
    checkGradients((p, q) => sum(mul(sub(mul(p, q), p), add(q, 1)), 1), [x, w]);
  });
});

describe('backward: misuse is a clear error that changes nothing', () => {
  it('rejects a non-scalar output without a gradient', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(() => mul(x, 2).backward()).toThrow(
      'backward: a gradient is needed for a non-scalar tensor of shape [2]',
    );
    expect(x.grad).toBeNull();
  });

  it('rejects a gradient of the wrong shape', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(() => mul(x, 2).backward(tensor([1, 2, 3]))).toThrow(
      "backward: gradient must have the tensor's shape [2], got [3]",
    );
  });

  it('rejects a second backward through a freed graph before touching any .grad', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = mul(x, x).sum();
    y.backward();
    const before = x.grad!.toArray();
    expect(() => y.backward()).toThrow("backward: the graph through 'sum' was already freed");
    expect(x.grad!.toArray()).toEqual(before);
  });

  it('keeps the graph usable after a rejected gradient', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = mul(x, x);
    expect(() => y.backward(tensor([1, 2, 3]))).toThrow('backward: gradient must have');
    expect(() => y.backward(3 as never)).toThrow(
      "backward: gradient must have the tensor's shape [2], got 3",
    );
    expect(x.grad).toBeNull();
    y.backward(tensor([1, 1]));
    expectClose(x.grad!, [2, 4]);
  });

  it('rejects a backward through a graph another backward freed, naming the op', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const shared = mul(x, x);
    shared.sum().backward();
    const before = x.grad!.toArray();
    expect(() => shared.mean().backward()).toThrow(
      "backward: the graph through 'mul' was already freed",
    );
    expect(x.grad!.toArray()).toEqual(before);
  });

  it('allows a second backward with retainGraph', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = mul(x, x).sum();
    y.backward(undefined, { retainGraph: true });
    y.backward();
    expectClose(x.grad!, [4, 8]);
  });

  it('rejects backward on a tensor that does not require grad', () => {
    expect(() => tensor([1]).backward()).toThrow('backward: this tensor does not require grad');
  });

  it('rejects requiresGrad on int32 tensors', () => {
    expect(() => tensor([1, 2], { dtype: 'int32', requiresGrad: true })).toThrow(
      'requiresGrad: only float32 and float64 tensors can require grad, got int32',
    );
  });
});

describe('backward: more graph shapes', () => {
  it('accumulates over two backward calls through one retained graph, diamond included', () => {
    const x = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    const h = mul(x, 2);
    const y = add(mul(h, h), h).sum(); // Σ 4x² + 2x
    y.backward(undefined, { retainGraph: true });
    y.backward();
    // 2 · (8x + 2)
    expectClose(x.grad!, [20, 36]);
  });

  it('cuts a branch computed under noGrad like one that was detached', () => {
    const x = tensor([3], { requiresGrad: true });
    const frozen = noGrad(() => mul(x, x));
    mul(x, frozen).sum().backward();
    expectClose(x.grad!, [9]);
  });

  it('leaves a detached copy sharing storage but with no gradient of its own', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const d = x.detach();
    expect(d.data).toBe(x.data);
    expect(d.requiresGrad).toBe(false);
    mul(x, d).sum().backward();
    expectClose(x.grad!, [1, 2]);
    expect(d.grad).toBeNull();
  });

  it('does not send gradients to inputs that do not require grad', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const c = tensor([5, 6]);
    mul(w, c).sum().backward();
    expect(c.grad).toBeNull();
    expectClose(w.grad!, [5, 6]);
  });
});

describe('noGrad', () => {
  it('explains a call without a function', () => {
    expect(() => noGrad(3 as never)).toThrow(
      'noGrad: fn must be a function to run without recording, got number',
    );
    expect(() => tensor([1], { requiresGrad: true }).backward(undefined, 'x' as never)).toThrow(
      'backward: options must be an object such as { retainGraph: true }, got x',
    );
  });

  it('records nothing inside and restores the mode after, even on throw', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = noGrad(() => mul(x, 2));
    expect(y.requiresGrad).toBe(false);
    expect(y.isLeaf).toBe(true);
    expect(() =>
      noGrad(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(mul(x, 2).requiresGrad).toBe(true);
  });
});
