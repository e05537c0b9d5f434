import { tensor } from '@convkit/tensor';
import { describe, expect, it } from 'vitest';
import { TensorDataset } from './tensor-dataset';

describe('TensorDataset', () => {
  it('holds nested arrays as a float32 tensor [N, …] and labels as int32 [N]', () => {
    const ds = new TensorDataset([[[1, 2]], [[3, 4]], [[5, 6]]], [2, 0, 2]);
    expect(ds.inputs.shape).toEqual([3, 1, 2]);
    expect(ds.inputs.dtype).toBe('float32');
    expect(ds.labels.dtype).toBe('int32');
    expect(ds.length).toBe(3);
    expect(ds.sampleShape).toEqual([1, 2]);
    expect(ds.numClasses).toBe(3);
    expect(ds.classNames).toEqual(['0', '1', '2']);
    expect(ds.classCounts()).toEqual([1, 0, 2]);
    const sample = ds.get(1);
    expect(sample.input.shape).toEqual([1, 2]);
    expect(Array.from(sample.input.data)).toEqual([3, 4]);
    expect(sample.label).toBe(0);
  });

  it('accepts typed-array rows, a float64 dtype, tensors and class names', () => {
    const ds = new TensorDataset(
      [Float32Array.of(1, 2), Float32Array.of(3, 4)],
      Int32Array.of(0, 1),
      { dtype: 'float64', classNames: ['a', 'b'] },
    );
    expect(ds.inputs.dtype).toBe('float64');
    expect(ds.classNames).toEqual(['a', 'b']);
    const fromTensor = new TensorDataset(
      tensor([[1], [2]], { dtype: 'float64' }),
      tensor([1, 1], { dtype: 'int32' }),
      { numClasses: 4 },
    );
    expect(fromTensor.numClasses).toBe(4);
    expect(fromTensor.inputs.dtype).toBe('float64');
  });

  it('gathers samples in any order, repeats allowed, and makes subsets', () => {
    const ds = new TensorDataset([[0], [10], [20], [30]], [0, 1, 0, 1]);
    const { inputs, labels } = ds.gather([3, 0, 3]);
    expect(inputs.shape).toEqual([3, 1]);
    expect(Array.from(inputs.data)).toEqual([30, 0, 30]);
    expect(Array.from(labels.data)).toEqual([1, 0, 1]);
    const sub = ds.subset(Int32Array.of(2, 1));
    expect(Array.from(sub.inputs.data)).toEqual([20, 10]);
    expect(sub.numClasses).toBe(2);
    expect(() => ds.gather([4])).toThrow(
      'TensorDataset.gather: indices[0] must be an integer in [0, 3], got 4',
    );
    expect(() => ds.get(-1)).toThrow(
      'TensorDataset.get: index must be an integer in [0, 3], got -1',
    );
  });

  it('rejects ragged inputs, naming where', () => {
    expect(() => new TensorDataset([[1, 2], [3]], [0, 1])).toThrow(
      'TensorDataset: inputs must be rectangular, got length 1 at inputs[1] where inputs[0] has length 2',
    );
    expect(
      () =>
        new TensorDataset(
          [
            [[1], [2]],
            [[3], 4],
          ],
          [0, 1],
        ),
    ).toThrow(
      'TensorDataset: inputs must be rectangular, got 4 at inputs[1][1] where inputs[0][0] has length 1',
    );
    expect(() => new TensorDataset([[1, [2]]], [0])).toThrow(
      'TensorDataset: inputs[0][1] must be a number, got [2] (inputs are ragged or not numeric)',
    );
    expect(() => new TensorDataset([[1, 'a']], [0])).toThrow(
      "TensorDataset: inputs[0][1] must be a number, got 'a'",
    );
    expect(() => new TensorDataset([], [])).toThrow(
      'TensorDataset: inputs must hold at least one sample',
    );
  });

  it('rejects non-finite inputs', () => {
    expect(() => new TensorDataset([[1, Number.NaN]], [0])).toThrow(
      'TensorDataset: inputs must be finite, got NaN at inputs[0][1]',
    );
    expect(
      () =>
        new TensorDataset(
          tensor([
            [1, 2],
            [3, Number.POSITIVE_INFINITY],
          ]),
          [0, 0],
        ),
    ).toThrow('TensorDataset: inputs must be finite, got Infinity in sample 1 (flat index 3)');
  });

  it('rejects labels that do not match the inputs or the classes', () => {
    expect(() => new TensorDataset([[1], [2]], [0])).toThrow(
      'TensorDataset: labels must have one entry per input (2), got 1',
    );
    expect(() => new TensorDataset([[1], [2]], [0, 1.5])).toThrow(
      'TensorDataset: labels must be integer class indices, got 1.5 at labels[1]',
    );
    expect(() => new TensorDataset([[1], [2]], [0, -1])).toThrow(
      'TensorDataset: labels must be non-negative class indices, got -1 at labels[1]',
    );
    expect(() => new TensorDataset([[1], [2]], [0, 3], { numClasses: 3 })).toThrow(
      'TensorDataset: labels must be in [0, 2] (numClasses 3), got 3 at labels[1]',
    );
    expect(() => new TensorDataset([[1], [2]], [0, 2], { classNames: ['a', 'b'] })).toThrow(
      'TensorDataset: labels must be in [0, 1] (numClasses 2), got 2 at labels[1]',
    );
    expect(() => new TensorDataset([[1]], tensor([[0]], { dtype: 'int32' }))).toThrow(
      'TensorDataset: labels must be a 1-D tensor [N], got shape [1, 1]',
    );
    expect(() => new TensorDataset([[1]], 'a' as never)).toThrow(
      "TensorDataset: labels must be a Tensor or an array of class indices, got 'a'",
    );
  });

  it('rejects bad inputs and options', () => {
    expect(() => new TensorDataset(tensor([1, 2], { dtype: 'int32' }), [0, 0])).toThrow(
      'TensorDataset: inputs must be a float32 or float64 tensor, got int32',
    );
    expect(() => new TensorDataset(tensor(3), [0])).toThrow(
      'TensorDataset: inputs must be [N, …] with samples along dimension 0, got a scalar',
    );
    expect(() => new TensorDataset(5 as never, [0])).toThrow(
      'TensorDataset: inputs must be a Tensor or an array of samples, got 5',
    );
    expect(() => new TensorDataset([[1]], [0], { numClasses: 0 })).toThrow(
      'TensorDataset: numClasses must be a positive integer, got 0',
    );
    expect(() => new TensorDataset([[1]], [0], { numClasses: 2, classNames: ['a'] })).toThrow(
      'TensorDataset: classNames must have numClasses (2) entries, got 1',
    );
    expect(() => new TensorDataset([[1]], [0], { dtype: 'int32' as 'float32' })).toThrow(
      "TensorDataset: dtype must be 'float32' or 'float64', got 'int32'",
    );
  });
});
