import { createRng, randn, type Tensor, tensor, zeros } from '@convkit/tensor';
import { expectClose } from '@convkit/testing';
import { describe, expect, it } from 'vitest';
import { BatchNorm2d } from '../modules/batch-norm2d';
import { Conv2d } from '../modules/conv2d';
import { Flatten } from '../modules/flatten';
import { Linear } from '../modules/linear';
import { Sequential } from '../modules/sequential';
import { SafetensorsError } from './errors';
import { decodeSafetensors, loadSafetensors, saveSafetensors } from './safetensors';

/** Builds a file from a header object and raw data, the way another writer might. */
function rawFile(
  header: unknown,
  data: Uint8Array = new Uint8Array(0),
  headerText?: string,
): Uint8Array {
  const json = new TextEncoder().encode(headerText ?? JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

const f32 = (...values: number[]) => new Uint8Array(new Float32Array(values).buffer);

function expectError(bytes: Uint8Array, message: string | RegExp): void {
  expect(() => loadSafetensors(bytes)).toThrow(SafetensorsError);
  expect(() => loadSafetensors(bytes)).toThrow(message);
}

describe('saveSafetensors / loadSafetensors', () => {
  it('round-trips float32, float64, int32, scalars, empty tensors and metadata', () => {
    const state = new Map<string, Tensor>([
      ['a', randn([2, 3], { rng: createRng(1) })],
      ['b', randn([4], { dtype: 'float64', rng: createRng(2) })],
      ['count', tensor(7, { dtype: 'int32' })],
      ['empty', zeros([0, 3])],
      ['ints', tensor([-1, 2147483647, -2147483648], { dtype: 'int32' })],
    ]);
    const bytes = saveSafetensors(state, { format: 'pt', note: 'ünïcødé' });
    const { tensors, metadata } = decodeSafetensors(bytes);
    expect([...tensors.keys()]).toEqual([...state.keys()]);
    for (const [name, t] of state) {
      const back = tensors.get(name) as Tensor;
      expect(back.dtype).toBe(t.dtype);
      expect(back.shape).toEqual(t.shape);
      expectClose(back, t, { atol: 0 });
    }
    expect(metadata).toEqual({ format: 'pt', note: 'ünïcødé' });
    // Also from an ArrayBuffer, and from a record.
    expect(loadSafetensors(bytes.slice().buffer).size).toBe(5);
    expect(loadSafetensors(saveSafetensors({ x: zeros([1]) })).size).toBe(1);
  });

  it('writes the layout the format specifies', () => {
    const bytes = saveSafetensors(new Map([['w', tensor([1, 2], { dtype: 'float32' })]]));
    const view = new DataView(bytes.buffer);
    const n = view.getUint32(0, true);
    expect(view.getUint32(4, true)).toBe(0);
    expect(n % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header).toEqual({ w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } });
    expect(Array.from(new Float32Array(bytes.slice(8 + n).buffer))).toEqual([1, 2]);
  });

  it('reads files written by others: unpadded headers, any key order, I64 scalars', () => {
    const i64 = new Uint8Array(8);
    new DataView(i64.buffer).setBigInt64(0, 123n, true);
    const data = new Uint8Array([...i64, ...f32(1.5)]);
    const file = rawFile(
      {
        y: { dtype: 'F32', shape: [1], data_offsets: [8, 12] },
        n: { dtype: 'I64', shape: [], data_offsets: [0, 8] },
      },
      data,
    );
    const tensors = loadSafetensors(file);
    expect([...tensors.keys()]).toEqual(['n', 'y']);
    expect(tensors.get('n')?.dtype).toBe('int32');
    expect(tensors.get('n')?.item()).toBe(123);
    expect(tensors.get('y')?.item()).toBe(1.5);
  });

  it('loads into a model through loadStateDict, PyTorch names included', () => {
    const make = (seed: number) =>
      new Sequential(
        new Conv2d(1, 2, 3, { rng: createRng(seed) }),
        new BatchNorm2d(2),
        new Flatten(),
        new Linear(2, 2, { rng: createRng(seed + 1) }),
      );
    const a = make(1);
    a.call(randn([2, 1, 3, 3], { rng: createRng(3) }));
    const b = make(10);
    b.loadStateDict(loadSafetensors(saveSafetensors(a.stateDict())));
    for (const [k, t] of a.stateDict()) expectClose(b.stateDict().get(k) as Tensor, t, { atol: 0 });
    expect([...a.stateDict().keys()]).toContain('1.num_batches_tracked');
  });

  it('rejects bad arguments to the encoder', () => {
    expect(() => saveSafetensors({ __metadata__: zeros([1]) })).toThrow(
      "saveSafetensors: '__metadata__' is reserved",
    );
    expect(() => saveSafetensors({}, { epoch: 3 as unknown as string })).toThrow(
      "saveSafetensors: metadata values must be strings, got number for 'epoch'",
    );
    expect(() => saveSafetensors({ a: [1] as unknown as Tensor })).toThrow(
      "saveSafetensors: values must be Tensors; not a Tensor: 'a'",
    );
  });
});

describe('loadSafetensors rejects broken files with a clear error', () => {
  const good = { w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } };

  it('truncation and lying header lengths', () => {
    expectError(
      new Uint8Array(5),
      'loadSafetensors: file too short: 5 bytes, need at least 8 for the header length',
    );
    const file = rawFile(good, f32(1, 2));
    expectError(
      file.slice(0, file.length - 1),
      "tensor 'w' has data_offsets [0, 8] outside the 7 bytes of data",
    );
    expectError(
      new Uint8Array([...file, 0]),
      'the tensors cover 8 bytes of data but the file holds 9: truncated or corrupt',
    );
    expectError(file.slice(0, 20), /header length \d+ runs past the end of the file \(20 bytes\)/);
    const huge = file.slice();
    new DataView(huge.buffer).setUint32(4, 1, true);
    expectError(huge, /header length 42949673\d\d exceeds the limit of 100000000 bytes/);
    const big = file.slice();
    new DataView(big.buffer).setUint32(0, 200_000_000, true);
    expectError(big, 'header length 200000000 exceeds the limit');
  });

  it('bad header text', () => {
    expectError(
      rawFile(null, new Uint8Array(0), '[1, 2]'),
      "header must be a JSON object starting with '{'",
    );
    expectError(rawFile(null, new Uint8Array(0), '{"a": '), /header is not valid JSON/);
    const bad = rawFile(null, new Uint8Array(0), '{"\xff": 1}');
    bad[10] = 0xff;
    expectError(bad, 'header is not valid UTF-8');
    expectError(
      rawFile(
        null,
        f32(1, 2),
        '{"w": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, "w": {"dtype": "F32", "shape": [0], "data_offsets": [8, 8]}}',
      ),
      "header repeats the key 'w'",
    );
  });

  it('bad entries', () => {
    expectError(
      rawFile({ w: { ...good.w, dtype: 'BF16' } }, f32(1, 2)),
      `tensor 'w' has unsupported dtype "BF16"`,
    );
    expectError(
      rawFile({ w: { ...good.w, shape: [2.5] } }, f32(1, 2)),
      "tensor 'w' has an invalid shape [2.5]",
    );
    expectError(
      rawFile({ w: { ...good.w, shape: [-2] } }, f32(1, 2)),
      "tensor 'w' has an invalid shape [-2]",
    );
    expectError(
      rawFile({ w: { ...good.w, shape: [1] } }, f32(1, 2)),
      "tensor 'w' of dtype F32 and shape [1] needs 4 bytes but data_offsets [0, 8] hold 8",
    );
    expectError(
      rawFile({ w: { ...good.w, shape: [1e9, 1e9] } }, f32(1, 2)),
      "tensor 'w' of dtype F32 and shape [1000000000, 1000000000] needs more than 8 bytes",
    );
    expectError(
      rawFile({ w: { ...good.w, data_offsets: [0, 80] } }, f32(1, 2)),
      'data_offsets [0, 80] outside the 8 bytes of data',
    );
    expectError(
      rawFile({ w: { ...good.w, data_offsets: [0] } }, f32(1, 2)),
      "tensor 'w' has invalid data_offsets [0]",
    );
    expectError(
      rawFile({ w: { ...good.w, extra: 1 } }, f32(1, 2)),
      "tensor 'w' has an unknown field 'extra'",
    );
    expectError(rawFile({ w: 3 }, f32(1, 2)), "tensor 'w' must be described by an object");
    expectError(
      rawFile({ ...good, __metadata__: { a: 1 } }, f32(1, 2)),
      "__metadata__ values must be strings, got number for 'a'",
    );
  });

  it('hostile values give short messages: deep nesting, huge shapes, long names', () => {
    // JSON.parse reads arrays nested 20 000 deep; echoing them with JSON.stringify would
    // overflow the stack, and echoing a 100 000-number shape a 200 kB message.
    const deep = (open: string, inner: string, close: string) =>
      `${open.repeat(20_000)}${inner}${close.repeat(20_000)}`;
    const fields: Record<string, string> = {
      dtype: '"F32"',
      shape: '[2]',
      data_offsets: '[0, 8]',
    };
    for (const field of Object.keys(fields)) {
      for (const value of [
        deep('[', '', ']'),
        deep('{"a":', '1', '}'),
        `[${'7,'.repeat(1e5)}-1]`,
      ]) {
        const entry = Object.entries({ ...fields, [field]: value })
          .map(([k, v]) => `"${k}": ${v}`)
          .join(', ');
        const file = rawFile(null, f32(1, 2), `{"w": {${entry}}}`);
        let message = '';
        try {
          loadSafetensors(file);
        } catch (error) {
          expect(error).toBeInstanceOf(SafetensorsError);
          message = (error as Error).message;
        }
        expect(message).toMatch(`tensor 'w' has`);
        expect(message.length).toBeLessThan(250);
      }
    }
    const longName = 'x'.repeat(1e6);
    const named = rawFile(
      { [longName]: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } },
      f32(1, 2),
    );
    expectError(named, `tensor 'xxxxxxxx`);
    expect(() => loadSafetensors(named)).toThrow(/…' of dtype F32/);
    const manyDims = rawFile(
      { w: { dtype: 'F32', shape: new Array(1e5).fill(1), data_offsets: [0, 8] } },
      f32(1, 2),
    );
    expectError(manyDims, 'shape [1, 1, 1, 1, 1, 1, 1, 1, … (100000 dims)] needs 4 bytes');
  });

  it('a zero dimension makes a tensor empty whatever the other dimensions say', () => {
    const empty = rawFile({
      w: { dtype: 'F64', shape: [2 ** 53 - 1, 0, 3], data_offsets: [0, 0] },
    });
    expect(loadSafetensors(empty).get('w')?.shape).toEqual([2 ** 53 - 1, 0, 3]);
    expect(loadSafetensors(empty).get('w')?.size).toBe(0);
  });

  it('overlaps, gaps and I64 values that do not fit int32', () => {
    const two = {
      a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] },
      b: { dtype: 'F32', shape: [1], data_offsets: [2, 6] },
    };
    expectError(rawFile(two, new Uint8Array(8)), "tensor 'b' overlaps the previous tensor");
    const gap = { a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } };
    expectError(rawFile(gap, new Uint8Array(8)), "tensor 'a' leaves a gap before it");
    const i64 = new Uint8Array(8);
    new DataView(i64.buffer).setBigInt64(0, 1n << 40n, true);
    expectError(
      rawFile({ n: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, i64),
      "tensor 'n' holds an I64 value outside the int32 range",
    );
  });
});
