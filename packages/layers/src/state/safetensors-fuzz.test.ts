// Property: whatever bytes reach the loader — random, bit-flipped, truncated, or with a
// hand-edited header — it either returns tensors no larger than the file, or throws a
// SafetensorsError with a short message; and a model then either takes the whole state or
// stays exactly as it was.
import { createRng, type Tensor } from '@convkit/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Module } from '../module';
import { BatchNorm2d } from '../modules/batch-norm2d';
import { Conv2d } from '../modules/conv2d';
import { Flatten } from '../modules/flatten';
import { Linear } from '../modules/linear';
import { Sequential } from '../modules/sequential';
import { SafetensorsError, StateDictError } from './errors';
import { loadSafetensors, saveSafetensors } from './safetensors';

const makeModel = (seed: number) =>
  new Sequential(
    new Conv2d(1, 2, 2, { rng: createRng(seed) }),
    new BatchNorm2d(2),
    new Flatten(),
    new Linear(2, 3, { rng: createRng(seed + 1), dtype: 'float32' }),
  );

const bits = (t: Tensor) =>
  Array.from(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
const snapshot = (m: Module) =>
  [...m.stateDict()].map(([k, t]) => [k, t.dtype, [...t.shape], bits(t)]);

const VALID = saveSafetensors(makeModel(100).stateDict(), { format: 'convkit' });
const HEADER_LENGTH = new DataView(VALID.buffer).getUint32(0, true);
const HEADER = JSON.parse(new TextDecoder().decode(VALID.subarray(8, 8 + HEADER_LENGTH))) as Record<
  string,
  Record<string, unknown>
>;
const DATA = VALID.subarray(8 + HEADER_LENGTH);

function checkLoader(bytes: Uint8Array): void {
  let tensors: Map<string, Tensor>;
  try {
    tensors = loadSafetensors(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(SafetensorsError);
    expect((error as Error).message.length).toBeLessThan(300);
    return;
  }
  // Never more tensor memory than the file itself holds.
  const total = [...tensors.values()].reduce((n, t) => n + t.data.byteLength, 0);
  expect(total).toBeLessThanOrEqual(bytes.length);
  const model = makeModel(1);
  const before = snapshot(model);
  try {
    model.loadStateDict(tensors);
  } catch (error) {
    expect(error).toBeInstanceOf(StateDictError);
    expect(snapshot(model)).toEqual(before);
    return;
  }
  for (const [key, t] of model.stateDict())
    expect(bits(t)).toEqual(bits(tensors.get(key) as Tensor));
}

/** Stands for a value too deep for JSON.stringify; `withHeader` swaps in `deepText`. */
const DEEP = '<deep>';

/** Re-serialises a header object with the original data, optionally lying about the length. */
function withHeader(header: unknown, lengthDelta = 0, deepText = ''): Uint8Array {
  const text = JSON.stringify(header).replace(JSON.stringify(DEEP), () => deepText);
  const json = new TextEncoder().encode(text);
  const out = new Uint8Array(8 + json.length + DATA.length);
  new DataView(out.buffer).setUint32(0, Math.max(0, json.length + lengthDelta), true);
  out.set(json, 8);
  out.set(DATA, 8 + json.length);
  return out;
}

const names = Object.keys(HEADER).filter((k) => k !== '__metadata__');
const weirdNumber = fc.oneof(
  fc.integer({ min: -3, max: 40 }),
  fc.constantFrom(2 ** 31, 2 ** 53, 1e308, -0, 0.5, Number.MAX_SAFE_INTEGER + 2),
);
const weirdValue = fc.oneof(
  weirdNumber,
  fc.constantFrom(null, 'F32', 'BF16', 'I64', 'F64', 'I32', [], {}, [1, 2, 3], '7'),
);

const headerEdit = fc.oneof(
  // Change one dimension of a shape.
  fc
    .record({ name: fc.constantFrom(...names), axis: fc.nat(4), value: weirdNumber })
    .map(({ name, axis, value }) => {
      const h = structuredClone(HEADER);
      const shape = h[name].shape as number[];
      shape[axis % Math.max(shape.length, 1)] = value;
      return withHeader(h);
    }),
  // Change an offset.
  fc
    .record({ name: fc.constantFrom(...names), which: fc.nat(1), value: weirdNumber })
    .map(({ name, which, value }) => {
      const h = structuredClone(HEADER);
      (h[name].data_offsets as number[])[which] = value;
      return withHeader(h);
    }),
  // Replace a field with anything.
  fc
    .record({
      name: fc.constantFrom(...names),
      field: fc.constantFrom('dtype', 'shape', 'data_offsets', 'extra'),
      value: weirdValue,
    })
    .map(({ name, field, value }) => {
      const h = structuredClone(HEADER);
      h[name][field] = value;
      return withHeader(h);
    }),
  // Drop or rename an entry.
  fc
    .record({ name: fc.constantFrom(...names), rename: fc.option(fc.string({ maxLength: 6 })) })
    .map(({ name, rename }) => {
      const h = structuredClone(HEADER) as Record<string, unknown>;
      const entry = h[name];
      delete h[name];
      if (rename !== null) h[rename] = entry;
      return withHeader(h);
    }),
  // Replace a field with a value nested thousands deep, or an enormous array.
  fc
    .record({
      name: fc.constantFrom(...names),
      field: fc.constantFrom('dtype', 'shape', 'data_offsets'),
      depth: fc.integer({ min: 1, max: 30_000 }),
      kind: fc.constantFrom('array', 'object', 'long'),
    })
    .map(({ name, field, depth, kind }) => {
      const h = structuredClone(HEADER);
      h[name][field] = DEEP;
      const deepText =
        kind === 'array'
          ? `${'['.repeat(depth)}${']'.repeat(depth)}`
          : kind === 'object'
            ? `${'{"a":'.repeat(depth)}0${'}'.repeat(depth)}`
            : `[${'1,'.repeat(depth * 10)}1]`;
      return withHeader(h, 0, deepText);
    }),
  // Lie about the header length.
  fc.integer({ min: -40, max: 40 }).map((delta) => withHeader(HEADER, delta)),
);

const flips = fc
  .array(fc.tuple(fc.nat(VALID.length - 1), fc.integer({ min: 0, max: 255 })), {
    minLength: 1,
    maxLength: 4,
  })
  .map((edits) => {
    const out = VALID.slice();
    for (const [at, value] of edits) out[at] = value;
    return out;
  });

describe('loadSafetensors under hostile input', () => {
  it('accepts the unmodified file', () => {
    const model = makeModel(1);
    model.loadStateDict(loadSafetensors(VALID));
    expect(snapshot(model)).toEqual(snapshot(makeModel(100)));
  });

  it('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), checkLoader), { numRuns: 200 });
  });

  it('random bytes behind a plausible header length', () => {
    fc.assert(
      fc.property(fc.nat(300), fc.uint8Array({ maxLength: 300 }), (n, rest) => {
        const bytes = new Uint8Array(8 + rest.length);
        new DataView(bytes.buffer).setUint32(0, n, true);
        bytes.set(rest, 8);
        bytes[8] = 0x7b;
        checkLoader(bytes);
      }),
      { numRuns: 200 },
    );
  });

  it('byte flips anywhere in a valid file', () => {
    fc.assert(fc.property(flips, checkLoader), { numRuns: 300 });
  });

  it('truncation and trailing garbage', () => {
    fc.assert(
      fc.property(fc.nat(VALID.length - 1), (n) => checkLoader(VALID.slice(0, n))),
      { numRuns: 150 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 16 }), (extra) =>
        checkLoader(new Uint8Array([...VALID, ...extra])),
      ),
      {
        numRuns: 50,
      },
    );
  });

  it('header edits: shapes, offsets, dtypes, missing and renamed entries, lying lengths', () => {
    fc.assert(fc.property(headerEdit, checkLoader), { numRuns: 400 });
  });
});
