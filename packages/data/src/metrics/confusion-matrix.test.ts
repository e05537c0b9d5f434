import { tensor } from '@convkit/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfusionMatrix, confusionMatrix } from './confusion-matrix';

describe('confusionMatrix', () => {
  it('counts (true, predicted) pairs, rows the true classes', () => {
    const cm = confusionMatrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2]);
    expect(cm.toArray()).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [1, 0, 2],
    ]);
    expect(cm.total).toBe(6);
    expect(cm.correct).toBe(4);
    expect(cm.accuracy).toBeCloseTo(4 / 6, 12);
    expect(cm.perClassAccuracy()).toEqual([0.5, 1, 2 / 3]);
  });

  it('takes logits [N, C] and tensors, and marks classes without samples NaN', () => {
    const logits = tensor([
      [0.1, 2, -1],
      [3, 0, 0],
    ]);
    const cm = confusionMatrix(tensor([1, 1], { dtype: 'int32' }), logits, { numClasses: 3 });
    expect(cm.get(1, 1)).toBe(1);
    expect(cm.get(1, 0)).toBe(1);
    expect(cm.perClassAccuracy()).toEqual([Number.NaN, 0.5, Number.NaN]);
    expect(new ConfusionMatrix(2).accuracy).toBeNaN();
  });

  it('prints a table with class names and accuracies', () => {
    const text = confusionMatrix([0, 1, 1], [0, 1, 0], { classNames: ['cat', 'dog'] }).toString();
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^true\\pred\s+0\s+1\s+accuracy$/);
    expect(lines[1]).toMatch(/^0 cat\s+1\s+0\s+100\.0%$/);
    expect(lines[2]).toMatch(/^1 dog\s+1\s+1\s+50\.0%$/);
    expect(lines[3]).toMatch(/^all\s+66\.7%$/);
  });

  it('accumulates with add and agrees with a direct count (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(4), fc.nat(4)), { maxLength: 60 }), (pairs) => {
        const cm = new ConfusionMatrix(5);
        const half = Math.floor(pairs.length / 2);
        cm.add(
          pairs.slice(0, half).map((p) => p[0]),
          pairs.slice(0, half).map((p) => p[1]),
        );
        cm.add(
          pairs.slice(half).map((p) => p[0]),
          pairs.slice(half).map((p) => p[1]),
        );
        expect(cm.total).toBe(pairs.length);
        expect(cm.correct).toBe(pairs.filter(([t, p]) => t === p).length);
        for (const [t, p] of pairs.slice(0, 3))
          expect(cm.get(t, p)).toBe(pairs.filter((q) => q[0] === t && q[1] === p).length);
      }),
    );
  });

  it('rejects mismatched or out-of-range classes', () => {
    expect(() => confusionMatrix([0, 1], [0])).toThrow(
      'ConfusionMatrix.add: predictions must have one entry per label (2), got 1',
    );
    expect(() => confusionMatrix([0, 3], [0, 1], { numClasses: 3 })).toThrow(
      'ConfusionMatrix.add: labels must be in [0, 2], got 3 at labels[1]',
    );
    expect(() => confusionMatrix([0, -1], [0, 1])).toThrow(
      'confusionMatrix: labels must hold non-negative integer class indices, got -1 at labels[1]',
    );
    expect(() => confusionMatrix(tensor([[0]], { dtype: 'int32' }), [0])).toThrow(
      'confusionMatrix: labels must be class indices [N], got shape [1, 1]',
    );
    expect(() => new ConfusionMatrix(2, ['a'])).toThrow(
      "ConfusionMatrix: classNames must have numClasses (2) strings, got ['a']",
    );
  });
});
