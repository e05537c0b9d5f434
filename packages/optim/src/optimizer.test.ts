import { tensor } from '@convkit/tensor';
import { expectClose } from '@convkit/testing';
import { describe, expect, it } from 'vitest';
import { Adagrad } from './adagrad';
import { Adam } from './adam';
import { RMSprop } from './rmsprop';
import { SGD } from './sgd';

const f64 = (values: number[]) => tensor(values, { dtype: 'float64', requiresGrad: true });
const withGrad = (t: ReturnType<typeof f64>, g: number[]) => {
  t.grad = tensor(g, { dtype: t.dtype });
  return t;
};

describe('Optimizer: parameters and groups', () => {
  it('takes tensors, [name, tensor] pairs (any iterable, e.g. a Map) or groups', () => {
    const a = f64([1]);
    const b = f64([2]);
    expect(new SGD([a, b]).paramGroups[0].params).toEqual([a, b]);
    const named = new SGD(
      new Map([
        ['w', a],
        ['b', b],
      ]),
    );
    expect(named.paramGroups[0].paramNames).toEqual(['w', 'b']);
    const grouped = new SGD([{ params: [a] }, { params: [b], lr: 0.5 }], { lr: 0.1 });
    expect(grouped.paramGroups.map((g) => g.lr)).toEqual([0.1, 0.5]);
    expect(grouped.paramGroups[1].momentum).toBe(0);
  });

  it('applies per-group options, e.g. a smaller lr for one group', () => {
    const a = withGrad(f64([1]), [1]);
    const b = withGrad(f64([1]), [1]);
    new SGD([{ params: [a] }, { params: [b], lr: 0.01 }], { lr: 0.1 }).step();
    expectClose(a, [0.9], { atol: 0, rtol: 0 });
    expectClose(b, [0.99], { atol: 0, rtol: 0 });
  });

  it('skips parameters whose grad is null, leaving their state unborn', () => {
    const a = withGrad(f64([1, 2]), [1, 1]);
    const b = f64([5]);
    const opt = new Adam([a, b], { lr: 0.1 });
    opt.step();
    expect(Array.from(b.data)).toEqual([5]);
    expect(opt.stateOf(b)).toBeUndefined();
    expect(opt.stateOf(a)?.step).toBe(1);
  });

  it('zeroGrad sets grads to null, or to zeros in place', () => {
    const a = withGrad(f64([1]), [3]);
    const opt = new SGD([a]);
    const grad = a.grad;
    opt.zeroGrad(false);
    expect(a.grad).toBe(grad);
    expect(Array.from(a.grad?.data ?? [])).toEqual([0]);
    opt.zeroGrad();
    expect(a.grad).toBeNull();
  });

  it('runs a closure with grad enabled before the update and returns its value', () => {
    const x = f64([3]);
    const opt = new SGD([x], { lr: 0.25 });
    const loss = opt.step(() => {
      opt.zeroGrad();
      const l = x.mul(x).sum();
      l.backward();
      return l.item();
    });
    expect(loss).toBe(9);
    expectClose(x, [1.5], { atol: 0, rtol: 0 });
  });

  it('addParamGroup adds tensors with their own options', () => {
    const a = withGrad(f64([1]), [1]);
    const b = withGrad(f64([1]), [1]);
    const opt = new SGD([a], { lr: 0.1 });
    opt.addParamGroup({ params: [b], lr: 1 });
    opt.step();
    expectClose(b, [0], { atol: 0, rtol: 0 });
  });

  it('updates float32 parameters by computing in float64 and rounding once', () => {
    const w = tensor([0.1, -0.3], { dtype: 'float32', requiresGrad: true });
    w.grad = tensor([0.7, 0.2], { dtype: 'float32' });
    const before = Array.from(w.data);
    new SGD([w], { lr: 0.3 }).step();
    expect(Array.from(w.data)).toEqual(
      before.map((p, i) => Math.fround(p - 0.3 * (w.grad as { data: Float32Array }).data[i])),
    );
  });

  it('works on empty parameters and scalars', () => {
    const e = withGrad(f64([]), []);
    const s = tensor(2, { dtype: 'float64', requiresGrad: true });
    s.grad = tensor(1, { dtype: 'float64' });
    new Adam([e, s], { lr: 0.5 }).step();
    expect(e.size).toBe(0);
    expect(s.item()).toBeCloseTo(2 - 0.5 / (1 + 1e-8), 14);
  });
});

describe('Optimizer: bad input', () => {
  const p = () => f64([1, 2]);

  it('names the optimiser, the option, the expectation and the value', () => {
    expect(() => new SGD([p()], { lr: -0.1 })).toThrow(
      'SGD: lr must be a finite number ≥ 0, got -0.1',
    );
    expect(() => new Adam([p()], { lr: Number.NaN })).toThrow(
      'Adam: lr must be a finite number ≥ 0, got NaN',
    );
    expect(() => new Adam([p()], { betas: [0.9, 1] })).toThrow(
      'Adam: betas[1] must be in [0, 1), got 1',
    );
    expect(() => new Adam([p()], { betas: [-0.1, 0.9] })).toThrow(
      'Adam: betas[0] must be in [0, 1), got -0.1',
    );
    expect(() => new Adam([p()], { betas: [0.9] as never })).toThrow(
      'Adam: betas must be a pair [beta1, beta2], got [0.9]',
    );
    expect(() => new Adam([p()], { eps: 0 })).toThrow(
      'Adam: eps must be a finite number > 0, got 0',
    );
    expect(() => new RMSprop([p()], { weightDecay: -1 })).toThrow(
      'RMSprop: weightDecay must be a finite number ≥ 0, got -1',
    );
    expect(() => new Adam([p()], { amsgrad: 1 as never })).toThrow(
      'Adam: amsgrad must be a boolean, got 1',
    );
    expect(() => new Adagrad([p()], { lrDecay: -1 })).toThrow(
      'Adagrad: lrDecay must be a finite number ≥ 0, got -1',
    );
  });

  it('rejects nesterov without momentum or with dampening', () => {
    expect(() => new SGD([p()], { nesterov: true })).toThrow(
      'SGD: momentum must be > 0 when nesterov is true, got 0',
    );
    expect(() => new SGD([p()], { nesterov: true, momentum: 0.9, dampening: 0.1 })).toThrow(
      'SGD: dampening must be 0 when nesterov is true, got 0.1',
    );
  });

  it('rejects unknown options, naming the valid ones', () => {
    expect(() => new SGD([p()], { learningRate: 0.1 } as never)).toThrow(
      'SGD: unknown option learningRate; SGD options are lr, momentum, dampening, weightDecay, nesterov, maximize',
    );
    expect(() => new SGD([{ params: [p()], mom: 1 } as never])).toThrow(
      'SGD: unknown option params[0].mom;',
    );
  });

  it('checks group overrides with the group named', () => {
    expect(() => new SGD([{ params: [p()] }, { params: [p()], lr: -1 }])).toThrow(
      'SGD: params[1].lr must be a finite number ≥ 0, got -1',
    );
  });

  it('rejects empty parameter lists', () => {
    expect(() => new SGD([])).toThrow(
      'SGD: params must hold at least one tensor, got an empty list',
    );
    expect(() => new SGD([{ params: [] }])).toThrow(
      'SGD: params must hold at least one tensor, got only empty groups',
    );
  });

  it('rejects a parameter that appears twice, within or across groups', () => {
    const a = p();
    expect(() => new SGD([a, p(), a])).toThrow(
      'SGD: params[2] must not repeat a tensor, got the same tensor as params[0]',
    );
    expect(() => new SGD([{ params: [a] }, { params: [a] }])).toThrow(
      'SGD: params[1].params[0] must not repeat a tensor, got the same tensor as params[0].params[0]',
    );
    const opt = new SGD([a]);
    expect(() => opt.addParamGroup({ params: [a] })).toThrow(
      'SGD.addParamGroup: group.params[0] must not repeat a tensor, got the same tensor as parameter 0',
    );
    expect(opt.paramGroups).toHaveLength(1);
    expect(
      () =>
        new SGD([
          ['w', a],
          ['w', p()],
        ]),
    ).toThrow("SGD: params['w'] must have a unique name, got 'w' twice");
  });

  it('rejects non-tensors, int32 and non-leaf tensors', () => {
    expect(() => new SGD([1 as never])).toThrow('SGD: params[0] must be a Tensor, got 1');
    expect(() => new SGD(p() as never)).toThrow('SGD: params must be an iterable of Tensors');
    expect(() => new SGD([tensor([1, 2], { dtype: 'int32' })])).toThrow(
      'SGD: params[0] must be a float32 or float64 tensor, got int32',
    );
    expect(() => new SGD([p().mul(2)])).toThrow(
      "SGD: params[0] must be a leaf tensor (not computed by an op), got the output of 'mul'",
    );
    expect(() => new SGD([p(), ['b', p()]] as never)).toThrow(
      'SGD: params[1] must be a Tensor like the others, got',
    );
  });

  it('does not mix named and unnamed groups', () => {
    const opt = new SGD([['w', p()]]);
    expect(() => opt.addParamGroup({ params: [p()] })).toThrow(
      'SGD.addParamGroup: group must hold [name, Tensor] pairs like the other groups, got Tensors',
    );
  });

  it('checks every group and gradient before changing anything in step()', () => {
    const a = withGrad(f64([1]), [1]);
    const b = withGrad(f64([1, 2]), [1]);
    const opt = new Adam([a, b], { lr: 0.1 });
    expect(() => opt.step()).toThrow('Adam.step: grad of parameter 1 must have shape [2], got [1]');
    expect(Array.from(a.data)).toEqual([1]);
    expect(opt.stateOf(a)).toBeUndefined();
    b.grad = null;
    opt.paramGroups[0].lr = -1;
    expect(() => opt.step()).toThrow(
      'Adam.step: paramGroups[0].lr must be a finite number ≥ 0, got -1',
    );
    expect(Array.from(a.data)).toEqual([1]);
  });
});

describe('Optimizer: stateDict', () => {
  it('keys state by name, or by index in group order', () => {
    const a = withGrad(f64([1]), [1]);
    const b = withGrad(f64([2]), [1]);
    const named = new Adam([
      ['fc.weight', a],
      ['fc.bias', b],
    ]);
    named.step();
    expect(Object.keys(named.stateDict().state)).toEqual(['fc.weight', 'fc.bias']);
    const indexed = new Adam([{ params: [a] }, { params: [b] }]);
    indexed.step();
    const dict = indexed.stateDict();
    expect(Object.keys(dict.state)).toEqual(['0', '1']);
    expect(dict.paramGroups.map((g) => g.params)).toEqual([['0'], ['1']]);
    expect(dict.paramGroups[0]).toMatchObject({ lr: 1e-3, betas: [0.9, 0.999], amsgrad: false });
  });

  it('returns copies, and loads copies', () => {
    const a = withGrad(f64([1]), [1]);
    const opt = new SGD([a], { momentum: 0.9 });
    opt.step();
    const dict = opt.stateDict();
    (dict.state['0'].momentumBuffer as Float64Array)[0] = 42;
    expect(opt.stateOf(a)?.momentumBuffer?.[0]).toBe(1);
    opt.loadStateDict(dict);
    (dict.state['0'].momentumBuffer as Float64Array)[0] = 7;
    expect(opt.stateOf(a)?.momentumBuffer?.[0]).toBe(42);
  });

  it('restores group options, e.g. an lr changed by a scheduler', () => {
    const a = f64([1]);
    const opt = new SGD([a], { lr: 0.1 });
    opt.paramGroups[0].lr = 0.05;
    const dict = opt.stateDict();
    const fresh = new SGD([f64([1])], { lr: 0.1 });
    fresh.loadStateDict(dict);
    expect(fresh.paramGroups[0].lr).toBe(0.05);
  });

  it('rejects mismatched state dicts without changing anything', () => {
    const a = withGrad(f64([1, 2]), [1, 1]);
    const opt = new Adam([['w', a]], { lr: 0.1 });
    opt.step();
    const good = opt.stateDict();
    const other = new Adam([['v', f64([1, 2])]]);
    expect(() => other.loadStateDict(good)).toThrow(
      "Adam.loadStateDict: paramGroups[0].params must be ['v'] like this optimiser's, got ['w']",
    );
    const short = { ...good, state: { w: { ...good.state.w, expAvg: [1] } } };
    expect(() => opt.loadStateDict(short)).toThrow(
      "Adam.loadStateDict: state['w'].expAvg must be an array of 2 numbers, got [1]",
    );
    const badLr = { ...good, paramGroups: [{ ...good.paramGroups[0], lr: -1 }] };
    expect(() => opt.loadStateDict(badLr)).toThrow(
      'Adam.loadStateDict: paramGroups[0].lr must be a finite number ≥ 0, got -1',
    );
    const sgdDict = new SGD([['w', f64([1, 2])]]).stateDict();
    expect(() => opt.loadStateDict(sgdDict as never)).toThrow(
      'Adam.loadStateDict: paramGroups[0].momentum is not an option of Adam',
    );
    const extra = { ...good, state: { w: { ...good.state.w, junk: 1 } } };
    expect(() => opt.loadStateDict(extra)).toThrow(
      "Adam.loadStateDict: state['w'].junk must be absent",
    );
    expect(() =>
      opt.loadStateDict({ ...good, state: { w: { ...good.state.w, step: -1 } } }),
    ).toThrow("Adam.loadStateDict: state['w'].step must be a non-negative integer, got -1");
    expect(opt.paramGroups[0].lr).toBe(0.1);
    expect(opt.stateOf(a)?.step).toBe(1);
  });

  it('accepts plain arrays (after JSON) and keeps them exact', () => {
    const w = withGrad(f64([0.3, -1.7]), [0.1, 0.25]);
    const opt = new Adam([['w', w]], { lr: 0.01 });
    opt.step();
    const json = JSON.parse(
      JSON.stringify(opt.stateDict(), (_k, v) => (v instanceof Float64Array ? Array.from(v) : v)),
    );
    const w2 = withGrad(
      tensor(Array.from(w.data), { dtype: 'float64', requiresGrad: true }),
      [0.1, 0.25],
    );
    const opt2 = new Adam([['w', w2]], { lr: 0.01 });
    opt2.loadStateDict(json);
    w.grad = tensor([0.1, 0.25], { dtype: 'float64' });
    opt.step();
    opt2.step();
    expect(Array.from(w2.data)).toEqual(Array.from(w.data));
  });
});
