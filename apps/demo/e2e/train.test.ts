import { describe, expect, it } from 'vitest';
import { toMnistImage } from '../src/pages/train/digit-preprocess';
import { openDemo, skipReason } from './harness';

const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;

describe.skipIf(skipReason !== null)('page 5: train a CNN', () => {
  it('trains the free network for 40 steps in a worker and its loss falls', async () => {
    // A quick run from the URL: one network, 40 steps, 200 held-out digits.
    const demo = await openDemo('#/train?variant=free&steps=40&test=200');
    try {
      const { page } = demo;
      await page.waitForSelector('[data-testid="train-run"]');
      expect(await page.inputValue('[data-testid="train-steps"]')).toBe('40');
      await page.click('[data-testid="train-run"]');
      const status = page.locator('[data-testid="train-status"]');
      await expect
        .poll(() => status.getAttribute('data-status'), { timeout: 50_000, interval: 500 })
        .toBe('done');

      const losses = JSON.parse(
        (await status.getAttribute('data-losses-free')) ?? '[]',
      ) as number[];
      expect(losses).toHaveLength(40);
      // The worker trained on the same WebAssembly SIMD kernels as Node, not the JS fallback.
      expect(await status.locator('[data-variant="free"]').getAttribute('data-backend')).toBe(
        'wasm',
      );
      // An untrained network scores about ln 10 ≈ 2.3 or worse; a few dozen Adam steps must cut it.
      expect(mean(losses.slice(0, 5))).toBeGreaterThan(1.5);
      expect(mean(losses.slice(-10))).toBeLessThan(0.75 * mean(losses.slice(0, 5)));
      // The confusion matrix and the Gabor fits of the learned filters were filled in.
      await expect.poll(() => page.locator('table.matrix').count()).toBe(1);
      const fraction = Number(
        await page.getAttribute('[data-testid="gabor-likeness"]', 'data-fraction'),
      );
      expect(fraction).toBeGreaterThanOrEqual(0);
      expect(fraction).toBeLessThanOrEqual(1);

      // Draw a vertical stroke, a "1", and get ten probabilities that sum to 1.
      const pad = page.locator('[data-testid="draw-pad"]');
      await pad.scrollIntoViewIfNeeded();
      const box = await pad.boundingBox();
      if (!box) throw new Error('draw pad not visible');
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.15);
      await page.mouse.down();
      for (let i = 1; i <= 10; i++)
        await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * (0.15 + 0.07 * i));
      await page.mouse.up();
      await expect
        .poll(() => page.locator('[data-testid="draw-probabilities"] table').count())
        .toBe(1);

      await demo.screenshot('train-free-40-steps');
      expect(demo.consoleErrors).toEqual([]);
    } finally {
      await demo.close();
    }
  });
});

// The drawing's preparation is plain arithmetic: checked here in Node, no browser needed.
describe('toMnistImage: a drawing prepared like the MNIST digits', () => {
  const WIDTH = 100;
  const HEIGHT = 80;
  /** A drawing with one filled rectangle of ink. */
  const rectangle = (x0: number, y0: number, w: number, h: number) => {
    const ink = new Float32Array(WIDTH * HEIGHT);
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) ink[y * WIDTH + x] = 1;
    return ink;
  };
  const inkBox = (image: Float32Array) => {
    const rows: number[] = [];
    const cols: number[] = [];
    image.forEach((v, i) => {
      if (v > 0.5) {
        rows.push(Math.floor(i / 28));
        cols.push(i % 28);
      }
    });
    return {
      height: Math.max(...rows) - Math.min(...rows) + 1,
      width: Math.max(...cols) - Math.min(...cols) + 1,
    };
  };

  it('gives an all-zero image for an empty drawing', () => {
    const image = toMnistImage(new Float32Array(WIDTH * HEIGHT), WIDTH, HEIGHT);
    expect(image).toHaveLength(784);
    expect(image.every((v) => v === 0)).toBe(true);
  });

  it('scales the ink so its longer side is 20 pixels, keeping the aspect ratio', () => {
    // 10 wide × 40 tall, in a corner: becomes 5 × 20.
    const box = inkBox(toMnistImage(rectangle(3, 2, 10, 40), WIDTH, HEIGHT));
    expect(box.height).toBe(20);
    expect(box.width).toBe(5);
  });

  it('centres the ink by its centre of mass, wherever it was drawn', () => {
    for (const [x0, y0] of [
      [0, 0],
      [60, 30],
    ]) {
      const image = toMnistImage(rectangle(x0, y0, 30, 30), WIDTH, HEIGHT);
      let mass = 0;
      let cx = 0;
      let cy = 0;
      image.forEach((v, i) => {
        mass += v;
        cx += v * (i % 28);
        cy += v * Math.floor(i / 28);
      });
      // Pixel centres run 0…27, so the frame's centre is 13.5; shifts are whole pixels.
      expect(Math.abs(cx / mass - 13.5)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(cy / mass - 13.5)).toBeLessThanOrEqual(0.5);
    }
  });

  it('keeps values in [0, 1] and rejects a size that does not match the data', () => {
    const image = toMnistImage(rectangle(10, 10, 50, 7), WIDTH, HEIGHT);
    expect(Math.min(...image)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...image)).toBeLessThanOrEqual(1);
    expect(() => toMnistImage(new Float32Array(10), WIDTH, HEIGHT)).toThrow(
      'toMnistImage: expected 8000 values for 100×80, got 10',
    );
  });
});
