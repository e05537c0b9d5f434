import { describe, expect, it } from 'vitest';
import { formatDuration, ProgressBar } from './progress-bar';

function fakeStream(isTTY: boolean, columns?: number) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns, write: (s: string) => writes.push(s) } };
}

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('ProgressBar', () => {
  it('redraws one line in place on a terminal, at most every interval', () => {
    const { writes, stream } = fakeStream(true);
    const time = clock();
    const bar = new ProgressBar({ stream, now: time.now, width: 10 });
    bar.start('epoch 1/2', 100);
    time.advance(2000);
    bar.update(20, { loss: 0.5, acc: '90.0%' });
    time.advance(50);
    bar.update(21, { loss: 0.4 }); // within 100 ms: skipped
    expect(writes).toEqual([
      '\r' + 'epoch 1/2 [##--------] 20/100  10.0 batch/s  loss 0.5000  acc 90.0%  ETA 8s\x1b[K',
    ]);
    bar.finish('epoch 1/2  done');
    expect(writes.slice(1)).toEqual(['\r\x1b[K', 'epoch 1/2  done\n']);
  });

  it('cuts lines to the terminal width', () => {
    const { writes, stream } = fakeStream(true, 20);
    const bar = new ProgressBar({ stream, now: () => 0 });
    bar.start('epoch', 10);
    bar.update(1);
    expect(writes[0]).toBe('\repoch [##----------\x1b[K');
    expect(writes[0].length).toBe(1 + 19 + 3);
  });

  it('prints plain lines every plainInterval when not a terminal', () => {
    const { writes, stream } = fakeStream(false);
    const time = clock();
    const bar = new ProgressBar({ stream, now: time.now, plainInterval: 1000, width: 4 });
    bar.start('e1', 4);
    time.advance(500);
    bar.update(1);
    time.advance(600);
    bar.update(2, { loss: 1 });
    time.advance(100);
    bar.update(3);
    bar.update(4);
    bar.finish('e1 summary');
    expect(writes).toEqual(['e1 [##--] 2/4  1.8 batch/s  loss 1.0000  ETA 1s\n', 'e1 summary\n']);
    expect(writes.every((w) => !w.includes('\r'))).toBe(true);
  });

  it('does nothing without a stream (browsers)', () => {
    const bar = new ProgressBar({ stream: null });
    bar.start('x', 1);
    bar.update(1);
    bar.log('hello');
    bar.finish('done');
    expect(bar.render(1, {}, 0)).toContain('1/1');
  });

  it('rejects bad options', () => {
    expect(() => new ProgressBar({ stream: {} as never })).toThrow(
      'ProgressBar: stream must have a write(text) method, got an object',
    );
    expect(() => new ProgressBar({ stream: null, width: 0 })).toThrow(
      'ProgressBar: width must be a positive integer, got 0',
    );
  });
});

describe('formatDuration', () => {
  it('formats seconds, minutes and hours', () => {
    expect([
      formatDuration(4.4),
      formatDuration(65),
      formatDuration(3725),
      formatDuration(Number.NaN),
    ]).toEqual(['4s', '1m05s', '1h02m', '?']);
  });
});
