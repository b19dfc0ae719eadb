// What the page tests share: Chromium started as the other tests start it, a page that
// reports its errors, and waiting on the page's own state (never fixed sleeps).
import console from 'node:console';
import { setTimeout as delay } from 'node:timers/promises';
import puppeteer from 'puppeteer-core';
import { chromiumFlags, chromiumPath } from '../../scripts/chromium.mjs';

/** Headless Chromium (CHROME_PATH or Debian's) with a fresh profile of its own. */
export function launchChromium() {
  return puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: chromiumFlags,
    protocolTimeout: 300_000,
  });
}

/**
 * A new page whose uncaught errors and console errors are collected in `errors` (and printed
 * on stderr), so that a test can assert the page stayed clean.
 */
export async function openPage(browser) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (err) => {
    errors.push(err.message);
    console.error(`[page error] ${err.message}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return { page, errors };
}

/**
 * Evaluates `expression` in the page until it is truthy (polling every 100 ms), for at most
 * `ms`; resolves to its value. The expression may be async.
 */
export async function pageUntil(page, expression, ms = 60_000, what = expression) {
  const deadline = Date.now() + ms;
  for (;;) {
    // A navigation under way (a reload, the page refreshing itself) replaces the context.
    const value = await page.evaluate(expression).catch((err) => {
      if (/context was destroyed|Cannot find context|detached|navigat/i.test(err.message)) return;
      throw err;
    });
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await delay(100);
  }
}

/** Waits for the page's playground (window.playground) to exist and its cluster to be ready. */
export async function playgroundReady(page, ms = 60_000) {
  await pageUntil(page, 'window.playground !== undefined', ms, 'window.playground');
  await page.evaluate('window.playground.ready');
}
