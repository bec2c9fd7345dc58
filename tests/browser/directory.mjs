// directory.mjs — types into the phone directory's filter box (/directory/)
// and prints what is shown after each query, as JSON, for tests/browser.rs.
//
//   node directory.mjs BASE_URL QUERY...
//
// For the page as loaded and after each QUERY: the status line, the text of
// every visible row, the headings of visible agencies, and whether the
// "nothing found" notice shows.
import { withBrowser, newPage, report } from './browser.mjs';

const [base, ...queries] = process.argv.slice(2);
if (!base) {
  process.stderr.write('usage: node directory.mjs BASE_URL QUERY...\n');
  process.exit(2);
}

async function snapshot(page, query) {
  return page.evaluate((q) => {
    const text = (el) => el.textContent.replace(/\s+/g, ' ').trim();
    const visible = (el) => !el.closest('[hidden]');
    return {
      query: q,
      filter_box_visible: visible(document.getElementById('directory-filter')),
      status: text(document.getElementById('directory-filter-status')),
      rows: Array.from(document.querySelectorAll('tr[data-search]')).filter(visible).map(text),
      agencies: Array.from(document.querySelectorAll('.dir-agency')).filter(visible)
        .map((s) => text(s.querySelector('h2, h3'))),
      empty_notice: (() => {
        const e = document.getElementById('directory-empty');
        return !!e && !e.hidden;
      })(),
    };
  }, query);
}

report(withBrowser(async (browser) => {
  const errors = [];
  const page = await newPage(browser, errors);
  await page.goto(new URL('directory/', base).href, { waitUntil: 'load' });
  await page.waitForSelector('#directory-filter-box:not([hidden])');
  const snapshots = [await snapshot(page, null)];
  for (const q of queries) {
    const box = page.locator('#directory-filter');
    await box.fill('');
    await box.pressSequentially(q, { delay: 20 });
    // The filter waits 150 ms for typing to settle.
    await page.waitForFunction((want) => {
      const s = document.getElementById('directory-filter-status').textContent;
      return document.getElementById('directory-filter').value === want && !s.startsWith('共 ');
    }, q, { timeout: 10000 });
    await page.waitForTimeout(300);
    snapshots.push(await snapshot(page, q));
  }
  return { errors, snapshots };
}));
