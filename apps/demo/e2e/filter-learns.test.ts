import { describe, expect, it } from 'vitest';
import { openDemo, skipReason } from './harness';

/** Full-precision values of a matrix view, row-major. */
async function readMatrix(page: import('playwright-core').Page, testId: string): Promise<number[]> {
  return page.$$eval(`[data-testid="${testId}"] td`, (cells) =>
    cells.map((td) => Number((td as HTMLElement).dataset.value)),
  );
}

/** Current values of an editable grid. */
async function readGrid(page: import('playwright-core').Page, label: string): Promise<number[]> {
  return page.$$eval(`table.number-grid[aria-label="${label}"] input`, (inputs) =>
    inputs.map((i) => Number((i as HTMLInputElement).value)),
  );
}

/**
 * The filter gradient as a test would work it out on paper: z = x ⋆ f, y = ReLU(z),
 * δ = (y − t)·[z > 0], ∂L/∂f[a][b] = Σᵢⱼ x[i+a][j+b]·δ[i][j]. Written independently of the
 * app's code.
 */
function expectedGradient(x: number[], f: number[], t: number[]): number[] {
  const delta: number[] = [];
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < 2; j++) {
      const z =
        x[i * 3 + j] * f[0] +
        x[i * 3 + j + 1] * f[1] +
        x[(i + 1) * 3 + j] * f[2] +
        x[(i + 1) * 3 + j + 1] * f[3];
      delta.push(z > 0 ? z - t[i * 2 + j] : 0);
    }
  }
  const grad: number[] = [];
  for (let a = 0; a < 2; a++) {
    for (let b = 0; b < 2; b++) {
      grad.push(
        x[a * 3 + b] * delta[0] +
          x[a * 3 + b + 1] * delta[1] +
          x[(a + 1) * 3 + b] * delta[2] +
          x[(a + 1) * 3 + b + 1] * delta[3],
      );
    }
  }
  return grad;
}

describe.skipIf(skipReason !== null)('page 1: how a filter learns', () => {
  it('shows the correct gradient for the preloaded example, steps the loss to ~0, and shows the dead ReLU', async () => {
    const demo = await openDemo('#/filter-learns');
    const { page } = demo;
    try {
      await page.waitForSelector('[data-testid="grad-autograd"] td');
      const x = await readGrid(page, 'input');
      const f = await readGrid(page, 'filter');
      const t = await readGrid(page, 'target');
      const expected = expectedGradient(x, f, t);
      // The preloaded example has a live and a dead unit, so the mask matters.
      expect(expected.some((g) => g !== 0)).toBe(true);
      const shownAutograd = await readMatrix(page, 'grad-autograd');
      const shownHand = await readMatrix(page, 'grad-hand');
      shownAutograd.forEach((g, i) => {
        expect(g).toBeCloseTo(expected[i], 9);
        expect(shownHand[i]).toBeCloseTo(expected[i], 9);
      });
      expect(await page.textContent('[data-testid="agreement"]')).toContain('agree');
      await demo.screenshot('filter-learns');

      // Run until converged: the loss must reach ~0.
      await page.click('[data-testid="run"]');
      await page.waitForFunction(
        () =>
          Number(document.querySelector<HTMLElement>('[data-testid="loss"]')?.dataset.value) <=
          1e-8,
        null,
        {
          timeout: 30_000,
        },
      );
      expect(await page.textContent('[data-testid="status"]')).toContain('Converged');
      await demo.screenshot('filter-learns-converged');

      // Dead ReLU: every unit off, zero gradient, Step does nothing.
      await page.click('[data-testid="dead-preset"]');
      expect((await readMatrix(page, 'relu-mask')).every((m) => m === 0)).toBe(true);
      expect((await readMatrix(page, 'grad-autograd')).every((g) => g === 0)).toBe(true);
      const before = await page.getAttribute('[data-testid="loss"]', 'data-value');
      await page.click('[data-testid="step"]');
      expect(await page.getAttribute('[data-testid="loss"]', 'data-value')).toBe(before);
      expect(await page.textContent('[data-testid="status"]')).toContain('dead ReLU');
      // The shared URL records the preset, so a reload shows the same state.
      expect(page.url()).toContain('f=-0.5%2C-0.5%2C-0.5%2C-0.5');
      await page.reload();
      await page.waitForSelector('[data-testid="grad-autograd"] td');
      expect(await readGrid(page, 'filter')).toEqual([-0.5, -0.5, -0.5, -0.5]);
      await demo.screenshot('filter-learns-dead-relu');

      // Editing an input cell recomputes the gradient.
      const cell = page.locator('table.number-grid[aria-label="filter"] input').first();
      await cell.fill('2');
      const f2 = await readGrid(page, 'filter');
      const expected2 = expectedGradient(
        await readGrid(page, 'input'),
        f2,
        await readGrid(page, 'target'),
      );
      (await readMatrix(page, 'grad-autograd')).forEach((g, i) => {
        expect(g).toBeCloseTo(expected2[i], 9);
      });
      expect(demo.consoleErrors).toEqual([]);
    } finally {
      await demo.close();
    }
  });

  it('routes the max-pool gradient to the first maximum of a tied window', async () => {
    const demo = await openDemo('#/filter-learns');
    const { page } = demo;
    try {
      await page.waitForSelector('[data-testid="max-grad-autograd"] td');
      const x = await readGrid(page, 'pool input');
      const g = await readGrid(page, 'upstream gradient');
      const expected = new Array<number>(16).fill(0);
      for (let w = 0; w < 4; w++) {
        const r0 = Math.floor(w / 2) * 2;
        const c0 = (w % 2) * 2;
        let best = r0 * 4 + c0;
        for (const i of [r0 * 4 + c0, r0 * 4 + c0 + 1, (r0 + 1) * 4 + c0, (r0 + 1) * 4 + c0 + 1])
          if (x[i] > x[best]) best = i;
        expected[best] += g[w];
      }
      expect(await readMatrix(page, 'max-grad-autograd')).toEqual(expected);
      const avg = await readMatrix(page, 'avg-grad-autograd');
      expect(avg[0]).toBeCloseTo(g[0] / 4, 12);
      expect(await page.textContent('[data-testid="ties"]')).toContain('first maximum');
      expect(demo.consoleErrors).toEqual([]);
    } finally {
      await demo.close();
    }
  });
});
