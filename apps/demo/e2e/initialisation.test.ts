import { describe, expect, it } from 'vitest';
import { openDemo, skipReason } from './harness';

type Page = import('playwright-core').Page;

async function waitReady(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="status"][data-ready="true"]', { timeout: 60_000 });
}

async function stds(page: Page, testId: string): Promise<number[]> {
  return page.$$eval(`[data-testid="${testId}"]`, (cells) =>
    cells.map((c) => Number((c as HTMLElement).dataset.value)),
  );
}

describe.skipIf(skipReason !== null)('page 2: initialisation', () => {
  it('shows per-layer statistics on real digits, the fan table, and vanishing with a tiny init', async () => {
    const demo = await openDemo('#/initialisation?init=he&act=relu&depth=6&ch=8');
    const { page } = demo;
    try {
      await waitReady(page);
      expect(await page.$$eval('[data-layer]', (rows) => rows.length)).toBe(6);
      // Fans of a [out, in, 3, 3] conv weight: fan-in = in·9, fan-out = out·9.
      const fans = await page.$$eval('[data-testid="fan-row"]', (rows) =>
        rows.map((r) =>
          Array.from(r.querySelectorAll('td[data-value]'), (td) =>
            Number((td as HTMLElement).dataset.value),
          ),
        ),
      );
      expect(fans[0]).toEqual([1 * 9, 8 * 9]);
      expect(fans[5]).toEqual([8 * 9, 8 * 9]);
      const he = await stds(page, 'activation-std');
      expect(he.every((s) => Number.isFinite(s) && s > 0)).toBe(true);
      await demo.screenshot('initialisation-he');

      // N(0, 0.01²) shrinks the signal ~100× per layer (std·√fan-in ≈ 0.08 for 72 inputs).
      await page.selectOption('select:near(:text("initialiser"))', 'normal-0.01');
      await waitReady(page);
      expect(page.url()).toContain('init=normal-0.01');
      const tiny = await stds(page, 'activation-std');
      expect(tiny[tiny.length - 1]).toBeLessThan(tiny[0] * 1e-3);
      expect(await page.textContent('[data-testid="verdict"]')).toContain('Vanishing');
      await demo.screenshot('initialisation-vanishing');

      // N(0, 1) explodes with a linear stack (std ≈ √72 ≈ 8.5× per layer).
      await page.selectOption('select:near(:text("activation"))', 'linear');
      await page.selectOption('select:near(:text("initialiser"))', 'normal-1');
      await waitReady(page);
      const big = await stds(page, 'activation-std');
      expect(big[big.length - 1]).toBeGreaterThan(big[0] * 1e3);
      expect(await page.textContent('[data-testid="verdict"]')).toContain('Exploding');
      expect(demo.consoleErrors).toEqual([]);
    } finally {
      await demo.close();
    }
  });
});
