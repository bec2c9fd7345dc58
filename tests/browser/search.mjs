// search.mjs — drives the search page (/search/) as a citizen would and
// prints what it saw as JSON, for tests/browser.rs and bench/search_bytes.sh.
//
//   node search.mjs BASE_URL STEP...
//
// BASE_URL is the site's root (`http://127.0.0.1:PORT/` or with a sub-path).
// Steps, run in order on one page:
//   open            load /search/ afresh (a new browser context: empty cache)
//   open:?q=停車    load /search/?q=停車 afresh
//   type:停車       clear the search box and type the words
//   filter:KEY=VAL  choose a filter (category, agency, from, to); VAL empty = all
//   sort:newest     choose the order ('' = most relevant)
//   more            press 顯示更多結果
//   shot:W:FILE     a full-page PNG screenshot at W pixels wide (no snapshot)
// After each step that searches, a snapshot: the query, the address, the
// status line, the results (title, href, meta line, excerpt HTML, marks),
// the filter options, and the bytes of /search-index/ responses since the
// previous snapshot (body sizes, as downloaded).
import { withBrowser, newPage, report } from './browser.mjs';

const [base, ...steps] = process.argv.slice(2);
if (!base) {
  process.stderr.write('usage: node search.mjs BASE_URL STEP...\n');
  process.exit(2);
}
const searchUrl = new URL('search/', base).href;

async function settled(page) {
  // search.js sets aria-busy on #search-results while a search runs and
  // writes the query into the address when it starts one.
  await page.waitForFunction(() => {
    const r = document.getElementById('search-results');
    const s = document.getElementById('search-status');
    return r && r.getAttribute('aria-busy') === 'false' && s && !/正在載入|搜尋中/.test(s.textContent);
  }, null, { timeout: 20000 });
}

async function snapshot(page, step, bytes) {
  const seen = await page.evaluate(() => {
    const text = (el) => (el ? el.textContent.replace(/\s+/g, ' ').trim() : '');
    return {
      address: location.pathname + location.search,
      query: document.getElementById('search-input').value,
      status: text(document.getElementById('search-status')),
      results: Array.from(document.querySelectorAll('#search-results .search-result')).map((li) => {
        const a = li.querySelector('h2 a');
        const excerpt = li.querySelector('.excerpt');
        return {
          title: text(a),
          href: a ? a.getAttribute('href') : null,
          meta: text(li.querySelector('.result-meta')),
          excerpt_html: excerpt ? excerpt.innerHTML : '',
          marks: excerpt ? Array.from(excerpt.querySelectorAll('mark')).map(text) : [],
        };
      }),
      more_button: !!document.querySelector('#search-results .search-more:not([hidden])'),
      filters_visible: !document.getElementById('search-filters').hidden,
      filter_options: Object.fromEntries(
        Array.from(document.querySelectorAll('#search-filters select[data-filter]')).map((s) => [
          s.getAttribute('data-filter'),
          Array.from(s.options).map((o) => o.value).filter(Boolean),
        ]),
      ),
    };
  });
  return { step, ...seen, index_bytes: bytes.take() };
}

report(withBrowser(async (browser) => {
  const errors = [];
  const snapshots = [];
  let page = null;
  // Bytes of /search-index/ responses, counted as they arrive.
  let count = 0;
  const files = [];
  const bytes = {
    take() {
      const b = { total: count, files: files.splice(0) };
      count = 0;
      return b;
    },
  };
  for (const step of steps) {
    const [kind, ...rest] = step.split(':');
    const arg = rest.join(':');
    if (kind === 'open') {
      if (page) await page.context().close();
      page = await newPage(browser, errors);
      page.on('response', async (r) => {
        if (!r.url().includes('/search-index/')) return;
        try {
          const body = await r.body();
          count += body.length;
          files.push(`${new URL(r.url()).pathname} ${body.length}`);
        } catch (e) {
          errors.push(`cannot read ${r.url()}: ${e.message}`);
        }
      });
      await page.goto(searchUrl + arg, { waitUntil: 'load' });
      await settled(page);
    } else if (kind === 'type') {
      const box = page.locator('#search-input');
      await box.fill('');
      await box.pressSequentially(arg, { delay: 20 });
      await page.waitForFunction(
        (q) => (new URLSearchParams(location.search).get('q') || '') === q, arg, { timeout: 20000 });
      await settled(page);
    } else if (kind === 'filter') {
      const [key, value] = arg.split('=');
      await page.selectOption(`#search-filters select[data-filter="${key}"]`, value || '');
      await page.waitForFunction(
        ([k, v]) => (new URLSearchParams(location.search).get(k) || '') === v, [key, value || ''],
        { timeout: 20000 });
      await settled(page);
    } else if (kind === 'sort') {
      await page.selectOption('#search-sort', arg);
      await settled(page);
    } else if (kind === 'more') {
      const before = await page.locator('#search-results .search-result').count();
      await page.click('#search-results .search-more');
      await page.waitForFunction(
        (n) => document.querySelectorAll('#search-results .search-result').length > n, before,
        { timeout: 20000 });
      await settled(page);
    } else if (kind === 'shot') {
      const [width, ...file] = arg.split(':');
      await page.setViewportSize({ width: Number(width), height: 900 });
      await page.screenshot({ path: file.join(':'), fullPage: true });
      continue;
    } else {
      throw new Error(`unknown step ${step}`);
    }
    // Let late responses (fragments) land in this snapshot's count.
    await page.waitForLoadState('networkidle');
    snapshots.push(await snapshot(page, step, bytes));
  }
  return { errors, snapshots };
}));
