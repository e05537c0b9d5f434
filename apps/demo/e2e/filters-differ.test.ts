import { describe, expect, it } from 'vitest';
import { openDemo, skipReason } from './harness';

type Page = import('playwright-core').Page;

async function cosines(page: Page, side: string): Promise<{ min: number; mean: number }> {
  return page.$eval(`[data-testid="${side}-stats"]`, (el) => ({
    min: Number((el as HTMLElement).dataset.minCosine),
    mean: Number((el as HTMLElement).dataset.meanCosine),
  }));
}

const step = (page: Page) =>
  page.$eval('[data-testid="status"]', (el) => Number((el as HTMLElement).dataset.step ?? 0));

describe.skipIf(skipReason !== null)('page 3: why filters differ', () => {
  it('keeps constant-init filters identical while random-init ones differ, and pauses', async () => {
    const demo = await openDemo('#/filters-differ?steps=100');
    const { page } = demo;
    try {
      await page.waitForFunction(
        () =>
          Number(document.querySelector<HTMLElement>('[data-testid="status"]')?.dataset.step) >= 30,
        null,
        {
          timeout: 60_000,
        },
      );
      const constant = await cosines(page, 'constant-side');
      const random = await cosines(page, 'random-side');
      // Cosines are computed in float64 from float32 filters: identical filters give 1 up to rounding.
      expect(constant.min).toBeGreaterThan(1 - 1e-6);
      expect(random.mean).toBeLessThan(0.9);

      // Pause holds the step count; resume continues.
      await page.click('[data-testid="pause"]');
      await page.waitForTimeout(300);
      const held = await step(page);
      await page.waitForTimeout(700);
      expect(await step(page)).toBe(held);
      await page.click('[data-testid="pause"]');
      await page.waitForFunction(
        (s) =>
          Number(document.querySelector<HTMLElement>('[data-testid="status"]')?.dataset.step) > s,
        held,
        {
          timeout: 30_000,
        },
      );
      await demo.screenshot('filters-differ');
      expect(demo.consoleErrors).toEqual([]);
    } finally {
      await demo.close();
    }
  });
});
