import { broadcastShapes, createRng, defineOp, randn, Tensor, tensor } from '@convkit/tensor';
import { describe, expect, it } from 'vitest';
import { checkGradients } from './check-gradients';

// An op whose backward is deliberately wrong by a factor on one element.
function cube(scaleWrong: number, index: number) {
  return defineOp({
    name: 'cube',
    forward(x: Tensor) {
      return {
        out: new Tensor(
          x.data.map((v) => v ** 3),
          x.shape,
        ),
        saved: { x },
      };
    },
    backward(dOut, { x }) {
      const g = x.data.map((v, i) => 3 * v * v * dOut.data[i] * (i === index ? scaleWrong : 1));
      return [new Tensor(g, x.shape)];
    },
  });
}

describe('checkGradients', () => {
  const x = () => randn([2, 3], { dtype: 'float64', rng: createRng(1) }).requiresGrad_();

  it('passes a correct backward', () => {
    expect(() => checkGradients(cube(1, -1), [x()])).not.toThrow();
  });

  it('names the input, the element and both values of the worst mismatch', () => {
    const input = x();
    expect(() => checkGradients(cube(1.5, 4), [input])).toThrow(
      /checkGradients: gradient mismatch for input 0 \(shape \[2, 3\]\) at index \[1, 1\] \(flat index 4\): autograd .* finite differences/,
    );
  });

  it('checks every input that requires grad, and only those', () => {
    const a = x();
    const b = tensor([[1], [2]], { dtype: 'float64' });
    expect(() => checkGradients((p, q) => p.mul(q), [a, b])).not.toThrow();
    const bad = defineOp({
      name: 'badSecond',
      forward(p: Tensor, q: Tensor) {
        return { out: p.mul(q), saved: { p, q } };
      },
      backward(dOut, { p, q }) {
        return [dOut.mul(q), dOut.mul(p).mul(2)];
      },
    });
    const q = tensor([0.5, -1, 2], { dtype: 'float64', requiresGrad: true });
    expect(() => checkGradients(bad, [a, q])).toThrow('gradient mismatch for input 1 (shape [3])');
    expect(broadcastShapes(a.shape, q.shape, 't')).toEqual([2, 3]);
  });

  it('leaves inputs and their .grad as they were', () => {
    const input = x();
    const before = Array.from(input.data);
    input.grad = tensor(
      [
        [9, 9, 9],
        [9, 9, 9],
      ],
      { dtype: 'float64' },
    );
    checkGradients((t) => t.square().sum(), [input]);
    expect(Array.from(input.data)).toEqual(before);
    expect(input.grad!.data[0]).toBe(9);
  });

  it('refuses non-leaf inputs, non-tensors and a fn that returns no tensor', () => {
    const leaf = x();
    expect(() => checkGradients((t) => t.sum(), [leaf.mul(2)])).toThrow(
      'checkGradients: input 0 is the result of an op, so autograd gives it no .grad',
    );
    expect(() => checkGradients((t) => t.sum(), [[1, 2] as never])).toThrow(
      'checkGradients: input 0 must be a Tensor, got [1, 2]',
    );
    expect(() => checkGradients(() => 3 as never, [leaf])).toThrow(
      'checkGradients: fn must return a Tensor, got 3',
    );
    expect(() => checkGradients((t) => t.sum(), leaf as never)).toThrow(
      'checkGradients: inputs must be an array of tensors, got a tensor of shape [2, 3]',
    );
  });

  it('refuses float32 inputs and calls with nothing to check', () => {
    expect(() => checkGradients((t) => t.sum(), [tensor([1, 2], { requiresGrad: true })])).toThrow(
      "checkGradients: input 0 is float32; finite differences need float64 inputs (use .to('float64'))",
    );
    expect(() => checkGradients((t) => t.sum(), [tensor([1, 2], { dtype: 'float64' })])).toThrow(
      'checkGradients: no input requires grad; nothing to check',
    );
  });
});
