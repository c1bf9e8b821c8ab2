// browser.mjs — shared helper of the browser tests: launches Debian's chromium through
// playwright-core (never a downloaded browser), opens pages that record console errors and
// uncaught exceptions, and closes everything.
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const API_DELAY_MS = Number(process.env.BROWSER_API_DELAY_MS || 0);

/** Launches headless chromium with the flags that keep it offline and quiet. */
export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Opens a page in a fresh context (own cookies). Returns {page, context, errors}, where
 * errors collects console errors and uncaught exceptions as strings. `allow` lists regexps
 * of console errors the test expects (e.g. the 401 of a wrong password). `phone` makes it a
 * touch screen with a mobile viewport; `locale` is the browser's language ('en-US' for an
 * English browser).
 *
 * BROWSER_API_DELAY_MS=n holds every API answer back n ms: a slow server, to find tests that
 * read the page before it has loaded what they check (`BROWSER_API_DELAY_MS=400 make browser`).
 */
export async function openPage(browser, { width = 1280, height = 900, allow = [], phone = false, locale = 'es-EC' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale, isMobile: phone, hasTouch: phone });
  if (API_DELAY_MS > 0) {
    await context.route((url) => url.pathname.startsWith('/api/'), async (route) => {
      await new Promise((resolve) => setTimeout(resolve, API_DELAY_MS));
      route.continue().catch(() => {}); // the page may have gone meanwhile
    });
  }
  const page = await context.newPage();
  page.setDefaultTimeout(30000); // generous: a 2-core CI machine may be busy with the other tests
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = `${msg.text()} (${msg.location().url || 'sin URL'})`;
    if (!allow.some((re) => re.test(text))) errors.push(text);
  });
  page.on('pageerror', (err) => errors.push(`excepción: ${err.message}`));
  return { page, context, errors };
}

/** True when the page scrolls sideways (content wider than the viewport). */
export function hasHorizontalScroll(page) {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

/** Heading levels in document order, e.g. [1, 2, 3, 3, 2]; hidden headings included. */
export function headingLevels(page) {
  return page.evaluate(() => Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'))
    .map((el) => Number(el.tagName[1])));
}

/** Asserts-friendly check: one h1, first heading is the h1, no level skipped going down. */
export function headingProblems(levels) {
  const problems = [];
  if (levels.filter((l) => l === 1).length !== 1) problems.push(`h1 count ${levels.filter((l) => l === 1).length}`);
  if (levels[0] !== 1) problems.push(`first heading is h${levels[0]}`);
  levels.forEach((l, i) => { if (i > 0 && l > levels[i - 1] + 1) problems.push(`h${levels[i - 1]} → h${l} at #${i}`); });
  return problems;
}

/** Closes the browser, ignoring a browser that never started. */
export async function close(browser) {
  if (browser) await browser.close();
}
