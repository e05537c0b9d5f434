import { checkGradients, expectClose } from '@convkit/testing';
import { describe, expect, it } from 'vitest';
import { randn, tensor } from '../creation';
import { createRng } from '../random';
import { Tensor } from '../tensor';
import { defineOp } from './define-op';

// A third-party style op: a fused x·y + x with its own backward.
const fusedMulAdd = defineOp({
  name: 'fusedMulAdd',
  forward(x: Tensor, y: Tensor) {
    const out = new Float64Array(x.size);
    for (let i = 0; i < out.length; i++) out[i] = x.data[i] * y.data[i] + x.data[i];
    return { out: new Tensor(out, x.shape), saved: { x, y } };
  },
  backward(dOut, { x, y }) {
    return [dOut.mul(y.add(1)), dOut.mul(x)];
  },
});

describe('defineOp', () => {
  it('records the graph and runs the user backward', () => {
    const rng = createRng(7);
    const x = randn([2, 3], { dtype: 'float64', rng }).requiresGrad_();
    const y = randn([2, 3], { dtype: 'float64', rng }).requiresGrad_();
    checkGradients(fusedMulAdd, [x, y]);
    expect(fusedMulAdd.opName).toBe('fusedMulAdd');
  });

  it('records nothing when no input requires grad', () => {
    const out = fusedMulAdd(
      tensor([1, 2], { dtype: 'float64' }),
      tensor([3, 4], { dtype: 'float64' }),
    );
    expect(out.requiresGrad).toBe(false);
    expect(out.gradNode).toBeNull();
  });

  it('treats array arguments as lists of tensor inputs', () => {
    const total = defineOp({
      name: 'total',
      forward(parts: Tensor[]) {
        let s = 0;
        for (const p of parts) for (const v of p.data) s += v;
        return { out: tensor(s, { dtype: 'float64' }), saved: parts.map((p) => p.shape) };
      },
      backward(dOut, shapes) {
        return shapes.map((shape) => Tensor.full(shape, dOut.item(), 'float64'));
      },
    });
    const a = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    const b = tensor([[3]], { dtype: 'float64', requiresGrad: true });
    total([a, b]).backward();
    expectClose(a.grad!, [1, 1]);
    expectClose(b.grad!, [[1]]);
  });

  it('gives a fresh output when forward returns its input', () => {
    const identity = defineOp({
      name: 'identity',
      forward(x: Tensor) {
        return { out: x };
      },
      backward(dOut) {
        return [dOut.mul(2)];
      },
    });
    const x = tensor([1, 2], { requiresGrad: true });
    const y = identity(x);
    expect(y).not.toBe(x);
    expect(x.isLeaf).toBe(true);
    y.sum().backward();
    expectClose(x.grad!, [2, 2]);
  });

  it('exposes saved values through run()', () => {
    const { out, saved } = fusedMulAdd.run(
      tensor([2], { dtype: 'float64' }),
      tensor([3], { dtype: 'float64' }),
    );
    expect(out.item()).toBe(8);
    expect(saved?.y.item()).toBe(3);
  });

  it('rejects a gradient whose shape does not fit the input', () => {
    const bad = defineOp({
      name: 'bad',
      forward(x: Tensor) {
        return { out: x.mul(1) };
      },
      backward() {
        return [Tensor.full([5], 1)];
      },
    });
    const x = tensor([1, 2], { requiresGrad: true });
    expect(() => bad(x).sum().backward()).toThrow(
      "backward: 'bad' returned a gradient of shape [5] for input 0 of shape [2]",
    );
  });

  it('rejects an incomplete definition when it is made, not when it is first called', () => {
    expect(() => defineOp({} as never)).toThrow(
      'defineOp: name must be a non-empty string, got undefined',
    );
    expect(() => defineOp({ name: 'half', forward: () => ({}) } as never)).toThrow(
      "defineOp: backward of 'half' must be a function, got undefined",
    );
    expect(() => defineOp(null as never)).toThrow('defineOp: definition must be an object');
  });

  it('rejects a forward that returns no tensor', () => {
    const broken = defineOp({ name: 'broken', forward: () => ({}) as never, backward: () => [] });
    expect(() => broken()).toThrow(
      "defineOp: forward of 'broken' must return { out: Tensor, saved }",
    );
  });
});
