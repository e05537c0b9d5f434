import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { encodeOnnxModel } from './onnx-proto';

describe('encodeOnnxModel', () => {
  it('writes a model onnxruntime loads and runs (MatMul, Conv with attributes and an initializer)', async () => {
    const bytes = encodeOnnxModel({
      inputs: [{ name: 'x', shape: [1, 1, 3, 3] }],
      outputs: [{ name: 'y', shape: [1, 2, 3, 3] }],
      initializers: [
        {
          name: 'w',
          dims: [2, 1, 3, 3],
          data: Float32Array.from({ length: 18 }, (_, i) => (i < 9 ? 1 : i === 13 ? 2 : 0)),
        },
      ],
      nodes: [
        {
          op: 'Conv',
          inputs: ['x', 'w'],
          outputs: ['y'],
          attributes: { kernel_shape: [3, 3], pads: [1, 1, 1, 1], group: 1 },
        },
      ],
    });
    const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
    const x = Float32Array.from({ length: 9 }, (_, i) => i + 1);
    const { y } = await session.run({ x: new ort.Tensor('float32', x, [1, 1, 3, 3]) });
    expect(y.dims).toEqual([1, 2, 3, 3]);
    const data = Array.from(y.data as Float32Array);
    // Channel 0: box sums (corner: 1+2+4+5); channel 1: a centred delta of weight 2.
    expect(data[0]).toBe(12);
    expect(data[4]).toBe(45);
    expect(data.slice(9)).toEqual(Array.from(x, (v) => 2 * v));
    await session.release();
  });

  it('refuses values a varint here cannot hold', () => {
    expect(() =>
      encodeOnnxModel({ inputs: [{ name: 'x', shape: [-1] }], outputs: [], nodes: [] }),
    ).toThrow('onnx: varint must be a non-negative integer, got -1');
  });
});
