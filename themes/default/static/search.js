/*
 * search.js — full-text search of the gazette on /search/.
 *
 * Loaded with `defer` by search.html only. Uses the Pagefind index that
 * `munipub build` writes into /pagefind/ (src/render/search.rs), through
 * Pagefind's JavaScript API: `search()` (words, filters, sort) and each
 * result's `data()` (title, URL, meta, filters, excerpt with <mark>). The
 * filters' choices are written into the page by munipub, so the filter
 * index is fetched only when a filter is used.
 *
 * The bundle is found beside this script (../pagefind/pagefind.js from
 * /static/search.js), so a site deployed under a sub-path works unchanged.
 *
 * The query comes from the box (searched as you type, and on Enter) and
 * from ?q= in the address (the header and home page search boxes submit
 * here); the filters and the sort order are kept in the address too
 * (?category=…&agency=…&year=…&sort=newest), so a search can be shared.
 * Without JavaScript the page shows its <noscript> notice.
 */
(function () {
  'use strict';

  var PAGE_SIZE = 10;

  var form = document.querySelector('.search-form');
  var input = document.getElementById('search-input');
  var results = document.getElementById('search-results');
  var status = document.getElementById('search-status');
  var filterBox = document.getElementById('search-filters');
  var sortSelect = document.getElementById('search-sort');
  if (!form || !input || !results || !status) {
    return;
  }
  var selects = filterBox
    ? Array.prototype.slice.call(filterBox.querySelectorAll('select[data-filter]'))
    : [];

  var script = document.currentScript;
  var bundleUrl = new URL('../pagefind/pagefind.js', script ? script.src : window.location.href).href;

  var pagefind = null;
  var searchCount = 0; // to drop the answers of searches overtaken by newer ones
  var current = []; // the current search's results, not yet shown past `shown`
  var shown = 0;
  var timer = null;

  function setStatus(text) {
    status.textContent = text;
  }

  function busy(yes) {
    results.setAttribute('aria-busy', yes ? 'true' : 'false');
  }

  // Pagefind's excerpt is text with < and > escaped and <mark> around the
  // matched words; build it as nodes rather than trusting it as HTML.
  // Pagefind ends a block without punctuation (the title, the agency) with
  // ". ": after Chinese, an ideographic space reads better.
  function excerptNodes(excerpt) {
    var fragment = document.createDocumentFragment();
    var parts = excerpt
      .replace(/\u200B/g, '')
      .replace(/([^\x00-\x7F]|<\/mark>)\. /g, '$1\u3000')
      .split(/(<mark>|<\/mark>)/);
    var mark = null;
    parts.forEach(function (part) {
      if (part === '<mark>') {
        mark = document.createElement('mark');
        fragment.appendChild(mark);
      } else if (part === '</mark>') {
        mark = null;
      } else if (part) {
        var text = part.replace(/&lt;/g, '<').replace(/&gt;/g, '>');
        (mark || fragment).appendChild(document.createTextNode(text));
      }
    });
    return fragment;
  }

  // The words Pagefind is asked for. The index (src/render/search.rs) holds
  // every pair of adjacent Chinese characters of every document, so a run
  // of Chinese characters becomes its pairs (收費標準 → 收費 費標 標準) and a
  // document matches when it has them all: any two or more characters that
  // occur in a document find it, and only about those documents. Pagefind
  // would otherwise split the query into dictionary words and single
  // characters and match those separately. Numbers and Latin words stay
  // whole (matched as the start of a word: 11500 finds 1150012345);
  // full-width letters and digits count as half-width.
  function queryTerms(query) {
    var text = query
      .replace(/[\uFF01-\uFF5E]/g, function (c) {
        return String.fromCharCode(c.charCodeAt(0) - 0xFEE0);
      })
      .toLowerCase();
    var tokens = text.match(/\p{Script=Han}+|[^\s\p{P}\p{S}\p{Script=Han}]+/gu) || [];
    var terms = [];
    function add(term) {
      if (terms.indexOf(term) === -1) {
        terms.push(term);
      }
    }
    tokens.forEach(function (token) {
      var chars = Array.from(token);
      if (!/^\p{Script=Han}/u.test(token) || chars.length === 1) {
        add(token);
        return;
      }
      for (var i = 0; i + 1 < chars.length; i += 1) {
        add(chars[i] + chars[i + 1]);
      }
    });
    return terms;
  }

  // Pagefind answers a word that is in no document with the documents that
  // have its longest indexed beginning (燈會 → 燈). Every result contains
  // each word when the words exist, so the first result tells. Punctuation
  // is not indexed (流、廢標 has the pair 流廢), so it is left out here too.
  function hasAllTerms(data, terms) {
    var text = (data.content || '')
      .replace(/[\u200B\p{P}\p{S}]/gu, '')
      .toLowerCase();
    return terms.every(function (term) {
      return text.indexOf(term) !== -1;
    });
  }

  function first(list) {
    return list && list.length ? list[0] : '';
  }

  function resultItem(data) {
    var meta = data.meta || {};
    var filters = data.filters || {};
    var li = document.createElement('li');
    li.className = 'search-result';

    var heading = document.createElement('h2');
    var link = document.createElement('a');
    link.href = data.url;
    link.textContent = meta.title || data.url;
    heading.appendChild(link);
    li.appendChild(heading);

    // 類別．期別．發文日期．機關．字號, with the site's ． separators.
    var info = document.createElement('p');
    info.className = 'result-meta';
    var parts = [];
    var category = first(filters.category);
    if (category) {
      var tag = document.createElement('span');
      tag.className = 'result-category';
      tag.textContent = category;
      parts.push(tag);
    }
    if (meta.issue) {
      var issue = document.createElement(meta.issue_url ? 'a' : 'span');
      if (meta.issue_url) {
        issue.href = meta.issue_url;
      }
      issue.textContent = meta.issue;
      parts.push(issue);
    }
    [meta.date, first(filters.agency), meta.doc_number].forEach(function (text) {
      if (text) {
        var span = document.createElement('span');
        span.textContent = text;
        parts.push(span);
      }
    });
    parts.forEach(function (part, i) {
      if (i > 0) {
        var sep = document.createElement('span');
        sep.className = 'sep';
        sep.textContent = '．';
        info.appendChild(sep);
      }
      info.appendChild(part);
    });
    li.appendChild(info);

    if (data.excerpt) {
      var excerpt = document.createElement('p');
      excerpt.className = 'excerpt';
      excerpt.appendChild(excerptNodes(data.excerpt));
      li.appendChild(excerpt);
    }
    return li;
  }

  // Shows the next PAGE_SIZE results, loading their fragments; keyboard
  // focus moves to the first new result when "more" was pressed.
  function showMore(list, more, token, focus) {
    var batch = current.slice(shown, shown + PAGE_SIZE);
    shown += batch.length;
    more.hidden = true;
    busy(true);
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (datas) {
      if (token !== searchCount) {
        return;
      }
      datas.forEach(function (data, i) {
        var item = resultItem(data);
        list.appendChild(item);
        if (focus && i === 0) {
          item.querySelector('a').focus();
        }
      });
      more.hidden = shown >= current.length;
      busy(false);
    });
  }

  function chosenFilters() {
    var filters = {};
    selects.forEach(function (select) {
      if (select.value) {
        filters[select.getAttribute('data-filter')] = select.value;
      }
    });
    return filters;
  }

  // Keeps the query, filters and order in the address, without reloading.
  function remember(query, filters) {
    if (!window.history || !window.history.replaceState) {
      return;
    }
    var params = new URLSearchParams();
    if (query) {
      params.set('q', query);
    }
    Object.keys(filters).forEach(function (key) {
      params.set(key, filters[key]);
    });
    if (sortSelect && sortSelect.value) {
      params.set('sort', sortSelect.value);
    }
    var search = params.toString();
    window.history.replaceState(null, '', window.location.pathname + (search ? '?' + search : ''));
  }

  function run() {
    if (!pagefind) {
      return;
    }
    var query = input.value.trim();
    var filters = chosenFilters();
    var filtered = Object.keys(filters).length > 0;
    remember(query, filters);
    var token = ++searchCount;
    var terms = queryTerms(query);
    if (!terms.length && !filtered) {
      results.textContent = '';
      current = [];
      setStatus('請輸入關鍵詞。');
      busy(false);
      return;
    }
    var options = { filters: filters };
    if (sortSelect && sortSelect.value === 'newest') {
      options.sort = { date: 'desc' };
    }
    setStatus('搜尋中…');
    busy(true);
    pagefind.search(terms.length ? terms.join(' ') : null, options).then(function (search) {
      if (!search || !terms.length || !search.results.length) {
        return search;
      }
      return search.results[0].data().then(function (data) {
        return hasAllTerms(data, terms) ? search : { results: [] };
      });
    }).then(function (search) {
      if (token !== searchCount || !search) {
        return;
      }
      current = search.results;
      shown = 0;
      results.textContent = '';
      if (current.length === 0) {
        setStatus(query ? '找不到符合「' + query + '」的公報。' : '找不到符合條件的公報。');
        busy(false);
        return;
      }
      setStatus((query ? '「' + query + '」' : '') + '共找到 ' + current.length + ' 則公報。');
      var list = document.createElement('ol');
      list.className = 'search-results-list';
      var more = document.createElement('button');
      more.type = 'button';
      more.className = 'search-more';
      more.textContent = '顯示更多結果';
      more.hidden = true;
      more.addEventListener('click', function () {
        showMore(list, more, token, true).catch(function () {
          setStatus('搜尋時發生錯誤，請稍後再試。');
          busy(false);
        });
      });
      results.appendChild(list);
      results.appendChild(more);
      return showMore(list, more, token);
    }).catch(function () {
      if (token === searchCount) {
        setStatus('搜尋時發生錯誤，請稍後再試。');
        busy(false);
      }
    });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, 250);
  }

  // The filters' choices are in the page (search.html); the address may
  // choose some of them.
  function setUpFilters(params) {
    selects.forEach(function (select) {
      var wanted = params.get(select.getAttribute('data-filter'));
      var known = Array.prototype.some.call(select.options, function (o) {
        return o.value === wanted;
      });
      if (wanted && known) {
        select.value = wanted;
      }
      select.addEventListener('change', run);
    });
    if (sortSelect) {
      if (params.get('sort') === 'newest') {
        sortSelect.value = 'newest';
      }
      sortSelect.addEventListener('change', run);
    }
    if (filterBox) {
      filterBox.hidden = false;
    }
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    run();
  });
  input.addEventListener('input', later);

  var params = new URLSearchParams(window.location.search);
  input.value = params.get('q') || '';
  setStatus('正在載入搜尋索引…');

  // No web worker: searching runs in the page, which saves downloading
  // Pagefind's worker script (43 KB) and is quick enough for a gazette.
  import(bundleUrl).then(function (module) {
    pagefind = module;
    return pagefind.options({ excerptLength: 36, noWorker: true });
  }).then(function () {
    // Pagefind takes the language from <html lang> when it starts, and for
    // Chinese it would split the query into words itself; queryTerms()
    // does the splitting here, so it starts as for a language without
    // word splitting ("und"). Only for this call: the page stays zh-Hant-TW.
    var html = document.documentElement;
    var lang = html.getAttribute('lang');
    html.setAttribute('lang', 'und');
    try {
      pagefind.init();
    } finally {
      html.setAttribute('lang', lang);
    }
    setUpFilters(params);
    run();
  }).catch(function () {
    pagefind = null;
    setStatus('無法載入搜尋索引。請改由歷期公報總覽依期別、類別或機關瀏覽。');
    busy(false);
  });
})();
