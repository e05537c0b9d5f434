import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IMAGE_PIXELS, pixelsFromJson, scanPixelFile } from './pixel-rows';

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const image = (f: (i: number) => number) => Array.from({ length: IMAGE_PIXELS }, (_, i) => f(i));

describe('scanPixelFile and pixelsFromJson', () => {
  it('read the flat mnist layout', () => {
    const data = [...image((i) => (i % 7) / 10), ...image((i) => (i % 3) * 0.125)];
    const scanned = scanPixelFile(encode({ data }), 1, 'flat.json');
    expect(scanned.count).toBe(2);
    expect(scanned.values).toEqual(Float32Array.from(data));
    expect(pixelsFromJson(data, 1, 'flat.json')).toEqual(scanned);
  });

  it('read the nested fashion-mnist layout, divide, and skip empty rows', () => {
    const a = image((i) => i % 256);
    const b = image((i) => 255 - (i % 256));
    const data = [a, [], b, []];
    const scanned = scanPixelFile(encode({ data }), 255, 'nested.json');
    expect(scanned.count).toBe(2);
    expect(scanned.values[1]).toBe(Math.fround(1 / 255));
    expect(scanned.values[IMAGE_PIXELS]).toBe(1);
    expect(pixelsFromJson(data, 255, 'nested.json')).toEqual(scanned);
  });

  it('fall back to Number for exponents, signs and long mantissas', () => {
    const data = image((i) => [1e-7, -0.5, Number('0.12345678901234567'), 2.5e3, -3][i % 5]);
    const text = JSON.stringify({ data }).replace('1e-7', '1E-7');
    expect(scanPixelFile(new TextEncoder().encode(text), 1, 'f').values).toEqual(
      Float32Array.from(data),
    );
  });

  it('name the file and the problem for malformed data', () => {
    expect(() =>
      scanPixelFile(encode({ data: [image(() => 0), [1, 2, 3]] }), 1, 'bad.json'),
    ).toThrow(
      'loading bad.json: image 1 has 3 values, expected 784 (is the package installed intact?)',
    );
    expect(() => scanPixelFile(encode({ data: [1, 2, 3] }), 1, 'bad.json')).toThrow(
      'loading bad.json: 3 values is not a whole number of 784-pixel images',
    );
    expect(() => scanPixelFile(new TextEncoder().encode('{"data":[1,2'), 1, 'cut.json')).toThrow(
      'the file ends inside an array',
    );
    expect(() => pixelsFromJson('x', 1, 'bad.json')).toThrow(
      'loading bad.json: "data" is not an array',
    );
    expect(() => pixelsFromJson([image(() => 0), [1]], 1, 'bad.json')).toThrow(
      'image 1 has 1 values, expected 784',
    );
  });

  it('agree with JSON.parse on any finite doubles (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), {
          minLength: 1,
          maxLength: 40,
        }),
        (values) => {
          const data = image((i) => values[i % values.length]);
          const parsed = JSON.parse(JSON.stringify({ data })).data as number[];
          expect(scanPixelFile(encode({ data }), 1, 'p').values).toEqual(
            pixelsFromJson(parsed, 1, 'p').values,
          );
        },
      ),
      { numRuns: 30 },
    );
  });
});
