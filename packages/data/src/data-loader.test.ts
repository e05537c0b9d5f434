import type { Rng, Tensor } from '@convkit/tensor';
import { describe, expect, it } from 'vitest';
import { DataLoader } from './data-loader';
import { TensorDataset } from './tensor-dataset';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
/** Ten samples whose single input value is their index. */
const ten = () =>
  new TensorDataset(
    range(10).map((i) => [i]),
    range(10).map((i) => i % 3),
  );
/** Eight 1×4×4 images, each filled with a ramp plus its index. */
const images = () =>
  new TensorDataset(
    range(8).map((n) => [range(4).map((y) => range(4).map((x) => n + y * 4 + x))]),
    range(8).map((i) => i % 2),
  );

const orderOf = (loader: DataLoader, epoch: number) =>
  [...loader.batches(epoch)].flatMap((b) => Array.from(b.inputs.data));

describe('DataLoader', () => {
  it('yields batches in order with int32 labels, the last one short', () => {
    const loader = new DataLoader(ten(), { batchSize: 4 });
    const batches = [...loader];
    expect(loader.length).toBe(3);
    expect(batches.map((b) => b.inputs.shape)).toEqual([
      [4, 1],
      [4, 1],
      [2, 1],
    ]);
    expect(batches[2].labels.dtype).toBe('int32');
    expect(Array.from(batches[1].inputs.data)).toEqual([4, 5, 6, 7]);
    expect(Array.from(batches[1].labels.data)).toEqual([1, 2, 0, 1]);
    expect(Array.from(batches[2].indices)).toEqual([8, 9]);
    expect(batches.map((b) => b.batch)).toEqual([0, 1, 2]);
  });

  it('drops the short last batch with dropLast', () => {
    const loader = new DataLoader(ten(), { batchSize: 4, dropLast: true });
    expect(loader.length).toBe(2);
    expect(loader.samplesPerEpoch).toBe(8);
    expect([...loader].map((b) => b.inputs.shape[0])).toEqual([4, 4]);
    expect(new DataLoader(ten(), { batchSize: 20, dropLast: true }).length).toBe(0);
  });

  it('shuffles each epoch differently, each sample once, as a pure function of (seed, epoch)', () => {
    const loader = new DataLoader(ten(), { batchSize: 3, shuffle: true, seed: 11 });
    const e0 = orderOf(loader, 0);
    const e1 = orderOf(loader, 1);
    expect([...e0].sort((a, b) => a - b)).toEqual(range(10));
    expect([...e1].sort((a, b) => a - b)).toEqual(range(10));
    expect(e0).not.toEqual(e1);
    expect(e0).not.toEqual(range(10));
    // Another loader with the same seed, asked for epoch 1 first, agrees: no hidden state.
    const again = new DataLoader(ten(), { batchSize: 5, shuffle: true, seed: 11 });
    expect(orderOf(again, 1)).toEqual(e1);
    expect(Array.from(again.order(0))).toEqual(e0);
    expect(
      orderOf(new DataLoader(ten(), { batchSize: 3, shuffle: true, seed: 12 }), 0),
    ).not.toEqual(e0);
  });

  it('advances its epoch with each for…of', () => {
    const loader = new DataLoader(ten(), { batchSize: 10, shuffle: true, seed: 1 });
    const first = [...loader][0];
    const second = [...loader][0];
    expect([first.epoch, second.epoch, loader.epoch]).toEqual([0, 1, 2]);
    expect(Array.from(second.indices)).toEqual(Array.from(loader.order(1)));
  });

  it('augments image batches reproducibly from (seed, epoch, batch)', () => {
    const make = () =>
      new DataLoader(images(), { batchSize: 4, seed: 5, augment: { shift: 1, rotation: 15 } });
    const a = [...make().batches(2)];
    const b = [...make().batches(2)];
    expect(a[1].inputs.data).toEqual(b[1].inputs.data);
    const plain = [...new DataLoader(images(), { batchSize: 4 }).batches(2)];
    expect(Array.from(a[1].inputs.data)).not.toEqual(Array.from(plain[1].inputs.data));
    expect(a[1].inputs.shape).toEqual([4, 1, 4, 4]);
    expect(Array.from(a[1].labels.data)).toEqual(Array.from(plain[1].labels.data));
  });

  it('runs a custom augmentation with a seeded generator and checks what it returns', () => {
    const seen: number[] = [];
    const loader = new DataLoader(ten(), {
      batchSize: 5,
      augment: (x: Tensor, rng: Rng) => {
        seen.push(rng.nextUint32());
        return x.mul(2);
      },
    });
    const batches = [...loader.batches(0)];
    expect(Array.from(batches[0].inputs.data)).toEqual([0, 2, 4, 6, 8]);
    [...loader.batches(0)];
    expect(seen.slice(2)).toEqual(seen.slice(0, 2));
    expect(seen[0]).not.toBe(seen[1]);
    const bad = new DataLoader(ten(), { batchSize: 5, augment: (x) => x.reshape([5]) });
    expect(() => [...bad]).toThrow(
      "DataLoader: augment must return a tensor of the batch's shape [5, 1], got tensor of shape [5]",
    );
  });

  it('rejects bad options', () => {
    expect(() => new DataLoader([] as never)).toThrow(
      'DataLoader: dataset must be a TensorDataset, got []',
    );
    expect(() => new DataLoader(ten(), { batchSize: 0 })).toThrow(
      'DataLoader: batchSize must be a positive integer, got 0',
    );
    expect(() => new DataLoader(ten(), { shuffle: 1 as never })).toThrow(
      'DataLoader: shuffle must be a boolean, got 1',
    );
    expect(() => new DataLoader(ten(), { seed: Number.NaN })).toThrow(
      'DataLoader: seed must be an integer, got NaN',
    );
    expect(() => new DataLoader(ten(), { augment: { shift: 1 } })).toThrow(
      'DataLoader: augment needs image samples [C, H, W] (batches [N, C, H, W]), got batches of shape [0, 1]',
    );
    expect(() => new DataLoader(images(), { augment: { shift: 1.5 } })).toThrow(
      'DataLoader: shift must be a whole number of pixels, got 1.5',
    );
    expect(() => new DataLoader(images(), { augment: { rotation: -1 } })).toThrow(
      'DataLoader: rotation must be a non-negative finite number, got -1',
    );
    expect(() => [...new DataLoader(ten()).batches(-1)]).toThrow(
      'DataLoader.batches: epoch must be a non-negative integer, got -1',
    );
  });
});
