import { describe, expect, it } from 'vitest';
import { openDemo, skipReason } from './harness';

const SLUGS = ['filter-learns', 'initialisation', 'filters-differ', 'gabor', 'train'];

describe.skipIf(skipReason !== null)('every page', () => {
  it('loads each page from the navigation with no console errors, and saves screenshots', async () => {
    const demo = await openDemo('#/');
    try {
      const { page } = demo;
      // The empty hash lands on the first page.
      await page.waitForSelector('.page-root[data-page="filter-learns"]');
      expect(page.url()).toContain('#/filter-learns');
      const navSlugs = await page.$$eval('.site-nav a', (links) =>
        links.map((a) => a.getAttribute('data-slug')),
      );
      expect(navSlugs).toEqual(SLUGS);
      for (const slug of SLUGS) {
        await page.click(`.site-nav a[data-slug="${slug}"]`);
        await page.waitForSelector(`.page-root[data-page="${slug}"]`);
        await expect
          .poll(() => page.locator('.page-root').evaluate((root) => root.childNodes.length))
          .toBeGreaterThan(0);
        // Let first frames and any start-up work run before the picture.
        await page.waitForTimeout(800);
        await demo.screenshot(`smoke-${slug}`);
        expect(await page.getAttribute(`.site-nav a[data-slug="${slug}"]`, 'aria-current')).toBe(
          'page',
        );
      }
      expect(demo.consoleErrors).toEqual([]);
    } finally {
      await demo.close();
    }
  });

  it('lays out without horizontal scrolling on a phone-sized screen', async () => {
    const demo = await openDemo('#/filter-learns', { width: 390, height: 844 });
    try {
      const { page } = demo;
      for (const slug of SLUGS) {
        await page.goto(new URL(`#/${slug}`, page.url()).toString());
        await page.waitForSelector(`.page-root[data-page="${slug}"]`);
        await page.waitForTimeout(300);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - window.innerWidth,
        );
        expect(overflow, `page ${slug} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(1);
        await demo.screenshot(`phone-${slug}`);
      }
      expect(demo.consoleErrors).toEqual([]);
    } finally {
      await demo.close();
    }
  });
});
