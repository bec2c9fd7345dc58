// browser.mjs — shared by the browser test scripts: the system's Chromium
// (Debian's `chromium` package) driven by playwright-core, headless.
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.MUNIPUB_CHROMIUM || '/usr/bin/chromium';

export const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--hide-scrollbars',
];

/** A fresh headless browser; `fn(browser)` runs, then it is closed. */
export async function withBrowser(fn) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
  });
  try {
    return await fn(browser);
  } finally {
    await browser.close();
  }
}

/** A new page that fails the run on any script error or failed request. */
export async function newPage(browser, errors, width = 1280) {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    locale: 'zh-TW',
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  // "Failed to load resource" messages repeat the HTTP errors below, which
  // name the URL; the site has no /favicon.ico, which browsers ask for.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) {
      errors.push(`console error: ${m.text()}`);
    }
  });
  page.on('requestfailed', (r) =>
    errors.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) {
      errors.push(`HTTP ${r.status()}: ${r.url()}`);
    }
  });
  return page;
}

/** Prints the observations as JSON on stdout, errors included; exits 1 on
 * a crash and 3 when the whole run takes over two minutes (BROWSER_TIMEOUT
 * seconds, for benchmarks of many steps). */
export function report(promise) {
  const seconds = Number(process.env.BROWSER_TIMEOUT) || 120;
  setTimeout(() => {
    process.stderr.write(`the browser run took over ${seconds} s\n`);
    process.exit(3);
  }, seconds * 1000).unref();
  promise.then(
    (out) => {
      process.stdout.write(JSON.stringify(out, null, 1) + '\n');
    },
    (e) => {
      process.stderr.write(`${e.stack || e}\n`);
      process.exit(1);
    },
  );
}
