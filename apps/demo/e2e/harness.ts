import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';

/**
 * The browser Debian's package installs, or CHROMIUM_PATH when set; undefined when neither
 * exists, and the e2e tests then skip with a message (CI always installs it).
 */
export const chromiumPath: string | undefined = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
].find((path): path is string => typeof path === 'string' && path !== '' && existsSync(path));

/** Why the browser tests are skipped, or null when they run. */
export const skipReason: string | null = chromiumPath
  ? null
  : 'demo e2e: no chromium found (set CHROMIUM_PATH or install /usr/bin/chromium); browser tests skipped';

if (skipReason) console.warn(skipReason);

const screenshotDir = fileURLToPath(new URL('../screenshots/', import.meta.url));

// Flags that work for Debian's chromium in containers and CI; nothing reaches the network.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface DemoSession {
  page: Page;
  /** Console errors and uncaught page errors seen so far (live array). */
  consoleErrors: string[];
  /** Saves a full-page PNG as apps/demo/screenshots/<name>.png. */
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Launches headless chromium, opens the built demo at `path` (e.g. `#/filter-learns`) and
 * records console errors. Each call gets its own browser, so tests stay independent.
 */
export async function openDemo(
  path: string,
  options?: { width?: number; height?: number },
): Promise<DemoSession> {
  if (!chromiumPath) throw new Error(skipReason ?? 'demo e2e: no chromium');
  const browser: Browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const context = await browser.newContext({
    viewport: { width: options?.width ?? 1280, height: options?.height ?? 900 },
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
  page.on('requestfailed', (request) =>
    consoleErrors.push(`requestfailed: ${request.url()} ${request.failure()?.errorText ?? ''}`),
  );
  const base = inject('demoUrl');
  await page.goto(new URL(path, base).toString(), { waitUntil: 'load' });
  return {
    page,
    consoleErrors,
    async screenshot(name) {
      mkdirSync(screenshotDir, { recursive: true });
      await page.screenshot({ path: `${screenshotDir}${name}.png`, fullPage: true });
    },
    async close() {
      await browser.close();
    },
  };
}
