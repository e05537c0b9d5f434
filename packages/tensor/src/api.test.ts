import { expectClose } from '@convkit/testing';
import { describe, expect, it } from 'vitest';
import * as api from './index';
import { Tensor, tensor } from './index';

// The ops the foundation issue lists, each usable as a function and as a method. `var` is a
// reserved word in JavaScript, so its function is `variance` (the method is `var`).
const ops: Array<[fn: string, method: string]> = [
  ...'add sub mul div neg pow exp log sqrt abs sin cos tanh sigmoid relu clamp maximum minimum where'
    .split(' ')
    .map((n): [string, string] => [n, n]),
  ...'eq ne lt le gt ge sum mean max min argmax argmin std logsumexp matmul'
    .split(' ')
    .map((n): [string, string] => [n, n]),
  ['variance', 'var'],
  ...'reshape flatten squeeze unsqueeze transpose permute expand broadcastTo slice narrow concat stack pad softmax logSoftmax'
    .split(' ')
    .map((n): [string, string] => [n, n]),
];

describe('public API', () => {
  it.each(ops)('%s is exported as a function and %s is a Tensor method', (fn, method) => {
    expect(typeof (api as Record<string, unknown>)[fn]).toBe('function');
    expect(typeof (Tensor.prototype as unknown as Record<string, unknown>)[method]).toBe(
      'function',
    );
  });

  it('methods give what the functions give', () => {
    const a = tensor([
      [1, -2, 3],
      [4, 5, -6],
    ]);
    const b = tensor([0.5, 2, -1]);
    const cond = tensor([1, 0, 1], { dtype: 'int32' });
    expectClose(a.where(cond, b), api.where(cond, a, b));
    expectClose(a.concat(a, 1), api.concat([a, a], 1));
    expectClose(a.concat([a, a]), api.concat([a, a, a]));
    expectClose(b.stack(b, 1), api.stack([b, b], 1));
    expectClose(a.pad([1, 1], { mode: 'reflect' }), api.pad(a, [1, 1], { mode: 'reflect' }));
    expectClose(a.var(1), api.variance(a, 1));
    expectClose(a.broadcastTo([3, 2, 3]), api.expand(a, [3, 2, 3]));
  });

  it('the Tensor constructor checks its storage and shape', () => {
    expect(() => new Tensor([1, 2] as never, [2])).toThrow(
      'Tensor: data must be a Float32Array, Float64Array or Int32Array, got Array; use tensor(...)',
    );
    expect(() => new Tensor(new Uint8Array(2) as never, [2])).toThrow('got Uint8Array');
    expect(() => new Tensor(Object.create(null) as never, [2])).toThrow('got object');
    expect(() => new Tensor(new Float32Array(2), [-2] as never)).toThrow(
      'Tensor: shape must be an array of non-negative integers, got [-2]',
    );
    expect(() => new Tensor(new Float32Array(2), [3])).toThrow(
      'Tensor: data has 2 elements but shape [3] needs 3',
    );
  });

  it('list methods report a bad argument by position, as the functions do', () => {
    const a = tensor([1, 2]);
    expect(() => a.concat(3 as never)).toThrow('concat: tensors[1] must be a Tensor, got 3');
    expect(() => a.stack([a, 'x' as never])).toThrow("stack: tensors[2] must be a Tensor, got 'x'");
  });
});
