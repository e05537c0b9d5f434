import { describe, expect, it } from 'vitest';
import { accuracyTable, readResult } from './accuracy-types';

describe('readResult', () => {
  it('reads the last RESULT line of examples/mnist/train.ts', () => {
    const output = [
      "convkit mnist: 8000 training / 2000 test digits, first layer 'gabor', 61,514 parameters",
      'RESULT {"variant":"gabor","accuracy":0.5}',
      'epoch 3/3 …',
      'RESULT {"variant":"gabor","accuracy":0.9721,"epochs":3,"wallSeconds":81.5,"parameterCount":61514}',
    ].join('\n');
    expect(readResult('gabor', output, 99)).toMatchObject({
      variant: 'gabor',
      status: 'ok',
      testAccuracy: 0.9721,
      epochs: 3,
      wallSeconds: 81.5,
      parameterCount: 61514,
    });
  });

  it('accepts the older field names and falls back to the banner and the measured wall time', () => {
    const output =
      'first layer \'free\', 61,706 parameters\nRESULT {"variant":"free","testAccuracy":0.98,"epochs":2,"trainSeconds":40}';
    expect(readResult('free', output, 55.5)).toMatchObject({
      testAccuracy: 0.98,
      epochs: 2,
      trainSeconds: 40,
      wallSeconds: 55.5,
      parameterCount: 61706,
    });
  });

  it('reports a run without a RESULT line as failed, with the tail of its output', () => {
    const run = readResult('gabor', 'Error: --variant must be one of conv, got gabor\n', 1);
    expect(run).toMatchObject({ status: 'failed' });
    expect(run.reason).toContain('--variant must be one of conv');
    const table = accuracyTable({
      schema: 'convkit-bench-accuracy/2',
      date: '2026-01-01T00:00:00Z',
      command: 'x',
      args: [],
      runs: [run],
    });
    expect(table.rows[0][3]).toContain('failed: Error: --variant must be one of conv');
  });
});

describe('readResult on a crash', () => {
  it('keeps the error line, not the stack or the Node banner', () => {
    const output =
      'file.ts:58\n  const run = …\n\nTypeError: __name is not a function\n    at defineOp (define-op.ts:58:15)\n\nNode.js v20.20.2\n';
    expect(readResult('free', output, 1).reason).toBe('TypeError: __name is not a function');
  });
});
