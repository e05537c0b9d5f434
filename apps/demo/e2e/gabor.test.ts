import { describe, expect, it } from 'vitest';
import { thetaVerdict } from '../src/pages/gabor/theta-verdict';
import { openDemo, skipReason } from './harness';

describe.skipIf(skipReason !== null)('page 4: learning a Gabor filter', () => {
  it('loads without console errors, and its converging preset reaches θ*', async () => {
    // The preset from the URL, run flat out so the test does not wait for the animation.
    const demo = await openDemo('#/gabor?preset=converge&speed=fast');
    try {
      const { page } = demo;
      await page.waitForSelector('[data-testid="gabor-kernel"]');
      // The landscape arrives from the worker and fills in the explanation's numbers.
      await expect
        .poll(() => page.textContent('[data-testid="theta-explanation"]'), { timeout: 30_000 })
        .toMatch(/2\/h = \d/);
      expect(await page.inputValue('[data-testid="theta-preset"]')).toBe('converge');

      await page.click('[data-testid="theta-run"]');
      const result = page.locator('[data-testid="theta-result"]');
      await expect.poll(() => result.getAttribute('data-status'), { timeout: 30_000 }).toBe('done');
      const error = Number(await result.getAttribute('data-error'));
      const finalTheta = Number(await result.getAttribute('data-final-theta'));
      // docs/gabor.md measures |θ − θ*| ≈ 1e-9 for this recipe; 1e-4 leaves room for float noise.
      expect(error).toBeLessThan(1e-4);
      expect(Math.abs(finalTheta - Math.PI / 4)).toBeLessThan(1e-4);
      expect(await result.getAttribute('data-verdict')).toBe('converged');
      await demo.screenshot('gabor-converged');

      // The question's setup, on the same page: RMSE with a fixed SGD step keeps hopping.
      await page.selectOption('[data-testid="theta-preset"]', 'question');
      await page.click('[data-testid="theta-run"]');
      await expect.poll(() => result.getAttribute('data-status'), { timeout: 30_000 }).toBe('done');
      expect(await result.getAttribute('data-verdict')).toBe('cycling');
      expect(Number(await result.getAttribute('data-swing'))).toBeGreaterThan(0.01);
      await demo.screenshot('gabor-cycling');

      // All five parameters: on target 6 the one-start recipes miss; the bank recipe recovers it.
      await page.click('[data-testid="joint-run-all"]');
      const row = (recipe: string) =>
        page.locator(`[data-testid="joint-compare"] tr[data-recipe="${recipe}"]`);
      await expect
        .poll(() => row('recipe').getAttribute('data-relative-loss'), { timeout: 30_000 })
        .not.toBeNull();
      const relative = async (recipe: string) =>
        Number(await row(recipe).getAttribute('data-relative-loss'));
      expect(await relative('recipe')).toBeLessThan(1e-8);
      expect(await relative('mse-adam')).toBeGreaterThan(1e-3);
      expect(await relative('rmse-adam')).toBeGreaterThan(1e-8);
      await demo.screenshot('gabor-five-parameters');

      expect(demo.consoleErrors).toEqual([]);
    } finally {
      await demo.close();
    }
  });

  it('pauses, resumes and stops a run while the page stays responsive', async () => {
    const demo = await openDemo('#/gabor?preset=question&speed=watch');
    try {
      const { page } = demo;
      const result = page.locator('[data-testid="theta-result"]');
      await page.click('[data-testid="theta-run"]');
      await expect.poll(() => result.textContent(), { timeout: 20_000 }).toMatch(/^step [1-9]/);
      await page.click('[data-testid="theta-pause"]');
      expect(await result.getAttribute('data-status')).toBe('paused');
      // Let any message already in flight land, then check that nothing moves.
      await page.waitForTimeout(300);
      const frozen = await result.textContent();
      await page.waitForTimeout(600);
      expect(await result.textContent()).toBe(frozen);
      // The main thread is free: a slider still redraws the kernel while the run is paused.
      const before = await page
        .locator('[data-testid="gabor-kernel"]')
        .evaluate((c) => (c as HTMLCanvasElement).toDataURL());
      await page.locator('.slider input').first().fill('0');
      const after = await page
        .locator('[data-testid="gabor-kernel"]')
        .evaluate((c) => (c as HTMLCanvasElement).toDataURL());
      expect(after).not.toBe(before);
      await page.click('[data-testid="theta-pause"]');
      await expect.poll(() => result.textContent(), { timeout: 10_000 }).not.toBe(frozen);
      await page.click('[data-testid="theta-stop"]');
      await expect
        .poll(() => result.getAttribute('data-status'), { timeout: 10_000 })
        .toBe('stopped');
      expect(demo.consoleErrors).toEqual([]);
    } finally {
      await demo.close();
    }
  });
});

// How the page names a finished run, from synthetic trajectories: no browser needed.
describe('thetaVerdict', () => {
  const settled = Array.from({ length: 100 }, (_, i) => Math.PI / 4 + 1e-9 * (i % 2));
  const hopping = Array.from({ length: 100 }, (_, i) => Math.PI / 4 + (i % 2 ? 0.2 : -0.2));

  it('calls a run that sits at θ* converged, and one that hops across it cycling', () => {
    expect(thetaVerdict(1e-9, settled).kind).toBe('converged');
    const cycling = thetaVerdict(0.2, hopping);
    expect(cycling.kind).toBe('cycling');
    expect(cycling.swing).toBeCloseTo(0.4, 12);
  });

  it('tells a run that stopped away from θ* from one still closing in', () => {
    const still = Array.from({ length: 60 }, () => 0.3);
    expect(thetaVerdict(Math.PI / 4 - 0.3, still).kind).toBe('stuck');
    const closing = Array.from({ length: 60 }, (_, i) => Math.PI / 4 - 0.01 + i * 1e-4);
    expect(thetaVerdict(0.004, closing).kind).toBe('settling');
  });

  it('only looks at the last 50 steps', () => {
    expect(thetaVerdict(1e-9, [...hopping, ...settled]).kind).toBe('converged');
  });

  it('reports a trajectory that blew up as diverged', () => {
    expect(thetaVerdict(Number.NaN, [0, Number.POSITIVE_INFINITY]).text).toMatch(/^Diverged/);
  });
});
