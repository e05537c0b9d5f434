import { createRng, ones, randn, type Tensor, tensor, zeros } from '@convkit/tensor';
import { describe, expect, it } from 'vitest';
import { Module } from './module';
import { ReLU } from './modules/activations';
import { BatchNorm2d } from './modules/batch-norm2d';
import { Conv2d } from './modules/conv2d';
import { Dropout } from './modules/dropout';
import { Flatten } from './modules/flatten';
import { Linear } from './modules/linear';
import { MaxPool2d } from './modules/pooling';
import { Sequential } from './modules/sequential';
import { StateDictError } from './state/errors';

class Block extends Module {
  readonly features = this.registerModule(
    'features',
    new Sequential(new Conv2d(1, 2, 3, { rng: createRng(1) }), new BatchNorm2d(2), new ReLU()),
  );
  readonly head = this.registerModule('head', new Linear(8, 3, { rng: createRng(2) }));
  readonly scale = this.registerParameter('scale', ones([1]));
  readonly steps = this.registerBuffer('steps', zeros([1]));

  forward(x: Tensor): Tensor {
    return this.head.call(this.features.call(x).flatten(1)).mul(this.scale);
  }
}

const snapshot = (m: Module) => [...m.stateDict()].map(([k, t]) => [k, Array.from(t.data)]);

describe('Module registration and traversal', () => {
  it('names parameters with dots, in registration order', () => {
    const m = new Block();
    expect(m.namedParameters().map(([n]) => n)).toEqual([
      'scale',
      'features.0.weight',
      'features.0.bias',
      'features.1.weight',
      'features.1.bias',
      'head.weight',
      'head.bias',
    ]);
    expect(m.parameters().every((p) => p.requiresGrad)).toBe(true);
    expect(m.namedBuffers().map(([n]) => n)).toEqual([
      'steps',
      'features.1.running_mean',
      'features.1.running_var',
      'features.1.num_batches_tracked',
    ]);
    expect(m.namedParameters({ recurse: false }).map(([n]) => n)).toEqual(['scale']);
    expect(m.namedChildren().map(([n]) => n)).toEqual(['features', 'head']);
    expect(m.children()).toEqual([m.features, m.head]);
    expect(m.namedModules().map(([n]) => n)).toEqual([
      '',
      'features',
      'features.0',
      'features.1',
      'features.2',
      'head',
    ]);
    expect(m.modules()).toHaveLength(6);
  });

  it('lists a shared parameter once but saves it under every name', () => {
    const a = new Linear(2, 2);
    const m = new Sequential(a, new ReLU(), a);
    expect(m.parameters()).toHaveLength(2);
    expect([...m.stateDict().keys()]).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
  });

  it('rejects bad names and values', () => {
    const m = new Sequential();
    expect(() => m.registerParameter('a.b', ones([1]))).toThrow(
      "registerParameter: name must be a non-empty string without '.', got 'a.b'",
    );
    expect(() => m.registerParameter('w', tensor([1], { dtype: 'int32' }))).toThrow(
      "registerParameter: 'w' must be a float32 or float64 leaf Tensor",
    );
    expect(() => m.registerParameter('w', ones([1], { requiresGrad: true }).mul(2))).toThrow(
      'produced by an op',
    );
    m.registerBuffer('x', ones([1]));
    expect(() => m.registerParameter('x', ones([1]))).toThrow(
      "registerParameter: 'x' is already registered as another kind of entry",
    );
  });

  it('switches train/eval everywhere, applies functions children first, clears gradients', () => {
    const m = new Block();
    expect(m.training).toBe(true);
    expect(m.eval()).toBe(m);
    expect(m.modules().every((x) => !x.training)).toBe(true);
    m.train();
    expect(m.modules().every((x) => x.training)).toBe(true);
    const seen: string[] = [];
    m.apply((x) => seen.push(x.typeName));
    expect(seen).toEqual(['Conv2d', 'BatchNorm2d', 'ReLU', 'Sequential', 'Linear', 'Block']);
    m.call(randn([2, 1, 4, 4], { rng: createRng(3) }))
      .sum()
      .backward();
    expect(m.parameters().every((p) => p.grad !== null)).toBe(true);
    m.zeroGrad();
    expect(m.parameters().every((p) => p.grad === null)).toBe(true);
  });

  it('prints a PyTorch-style tree', () => {
    expect(new Sequential(new Conv2d(1, 6, 5), new ReLU()).toString()).toBe(
      'Sequential(\n  (0): Conv2d(1, 6, kernelSize=[5, 5], stride=[1, 1], padding=[0, 0])\n  (1): ReLU()\n)',
    );
  });
});

describe('stateDict and loadStateDict', () => {
  it('round-trips and copies in place, keeping tensor identity', () => {
    const a = new Block();
    const b = new Block();
    for (const p of b.parameters()) p.data.fill(0.5);
    const weight = a.head.weight;
    const result = a.loadStateDict(b.stateDict());
    expect(result).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(a.head.weight).toBe(weight);
    expect(snapshot(a)).toEqual(snapshot(b));
    // Loading from a plain record works too.
    a.loadStateDict(Object.fromEntries(new Block().stateDict()));
  });

  it('in strict mode names missing and unexpected keys, and changes nothing', () => {
    const m = new Block();
    const before = snapshot(m);
    const state = m.stateDict();
    const changed = new Map([...state].map(([k, t]) => [k, t.clone().add(1).detach()]));
    changed.delete('head.bias');
    changed.set('head.extra', zeros([1]));
    let error: unknown;
    try {
      m.loadStateDict(changed);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StateDictError);
    expect((error as Error).message).toBe(
      "loadStateDict: missing keys 'head.bias'; unexpected keys 'head.extra'",
    );
    expect((error as StateDictError).keys).toEqual(['head.bias', 'head.extra']);
    expect(snapshot(m)).toEqual(before);
    // Non-strict: loads the rest and reports.
    const result = m.loadStateDict(changed, { strict: false });
    expect(result).toEqual({ missingKeys: ['head.bias'], unexpectedKeys: ['head.extra'] });
    expect(m.head.weight.data[0]).toBe(changed.get('head.weight')?.data[0]);
  });

  it('checks shapes and dtypes in every mode, naming the key, before writing anything', () => {
    const m = new Block();
    const before = snapshot(m);
    const state = new Map(m.stateDict());
    state.set('features.0.weight', zeros([2, 3, 3, 3]));
    state.set('scale', zeros([1], { dtype: 'float64' }));
    expect(() => m.loadStateDict(state, { strict: false })).toThrow(
      "loadStateDict: dtype mismatch for 'scale': expected float32, got float64; " +
        "shape mismatch for 'features.0.weight': expected [2, 1, 3, 3], got [2, 3, 3, 3]",
    );
    expect(snapshot(m)).toEqual(before);
    expect(() =>
      m.loadStateDict({ scale: [1] } as unknown as Record<string, Tensor>, { strict: false }),
    ).toThrow("loadStateDict: values must be Tensors; not a Tensor: 'scale'");
    expect(() => m.loadStateDict(m.stateDict(), { strict: 'no' as unknown as boolean })).toThrow(
      'loadStateDict: strict must be a boolean, got string',
    );
    expect(snapshot(m)).toEqual(before);
  });

  it('leaves non-persistent buffers out', () => {
    const m = new Sequential();
    m.registerBuffer('cache', zeros([2]), { persistent: false });
    expect([...m.stateDict().keys()]).toEqual([]);
    expect(m.buffers()).toHaveLength(1);
  });
});

describe('summary', () => {
  it('tabulates output shapes and parameter counts without side effects', () => {
    const model = new Sequential(
      new Conv2d(1, 6, 5, { rng: createRng(0) }),
      new BatchNorm2d(6),
      new ReLU(),
      new MaxPool2d(2),
      new Dropout({ p: 0.5, rng: createRng(1) }),
      new Flatten(),
      new Linear(6 * 12 * 12, 10, { rng: createRng(2) }),
    );
    const before = snapshot(model);
    const table = model.summary([1, 1, 28, 28]);
    expect(table).toBe(
      [
        'Layer (type)       Output shape    Params',
        '=========================================',
        'Input              [1, 1, 28, 28]        ',
        'Sequential         [1, 10]              0',
        '  0 (Conv2d)       [1, 6, 24, 24]     156',
        '  1 (BatchNorm2d)  [1, 6, 24, 24]      12',
        '  2 (ReLU)         [1, 6, 24, 24]       0',
        '  3 (MaxPool2d)    [1, 6, 12, 12]       0',
        '  4 (Dropout)      [1, 6, 12, 12]       0',
        '  5 (Flatten)      [1, 864]             0',
        '  6 (Linear)       [1, 10]          8,650',
        '=========================================',
        'Total params: 8,818',
        'Trainable params: 8,818',
        'Non-trainable params: 0',
      ].join('\n'),
    );
    expect(model.training).toBe(true);
    expect(snapshot(model)).toEqual(before);
    expect(Object.hasOwn(model.at(0), 'forward')).toBe(false);
  });

  it('restores the modules even when the forward pass throws', () => {
    const model = new Sequential(new Linear(4, 2));
    expect(() => model.summary([1, 3])).toThrow(/linear: x must have 4 features/);
    expect(Object.hasOwn(model.at(0), 'forward')).toBe(false);
    expect(() => model.summary([1, -3])).toThrow(
      'summary: inputShape must be an array of non-negative integers, got [1, -3]',
    );
  });
});
