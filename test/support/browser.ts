import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

/** Debian's Chromium: the browser tests drive the distribution's build, never a downloaded one. */
export const CHROMIUM_PATH = process.env.PORTICO_CHROMIUM ?? '/usr/bin/chromium';
const REQUIRED = (process.env.PORTICO_TEST_REQUIRE ?? '').split(',').map((s) => s.trim()).includes('chromium');

/**
 * `describe` when Chromium is installed; otherwise the suite is skipped, loudly, unless
 * PORTICO_TEST_REQUIRE asks for chromium, in which case it fails.
 */
export function describeWithChromium(name: string, body: () => void): void {
  if (existsSync(CHROMIUM_PATH)) return describe(name, body);
  if (REQUIRED) {
    describe(name, () => {
      it('needs Chromium (PORTICO_TEST_REQUIRE contains chromium)', () => {
        throw new Error(`Chromium not found at ${CHROMIUM_PATH}; install it: apt-get install -y postgresql chromium`);
      });
    });
    return;
  }
  process.stderr.write(`\n*** SKIPPED "${name}": Chromium not found at ${CHROMIUM_PATH}. Install it: apt-get install -y postgresql chromium\n\n`);
  describe.skip(name, body);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

const SCREENSHOTS = process.env.PORTICO_SCREENSHOTS === '1' ? join(__dirname, '..', '..', 'docs', 'screenshots') : null;

/** With PORTICO_SCREENSHOTS=1, the README's screenshots: docs/screenshots/<name>.png. Otherwise nothing. */
export async function screenshot(target: Page | Locator, name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await ('goto' in target ? target.screenshot({ path, fullPage: true }) : target.screenshot({ path }));
}

/** Whether the page scrolls sideways (it must not, even at 375 px). */
export function scrollsSideways(page: Page): Promise<boolean> {
  // A string, not a function: this file compiles without the DOM's types.
  return page.evaluate<boolean>('document.documentElement.scrollWidth > document.documentElement.clientWidth');
}
