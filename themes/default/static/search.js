/*
 * search.js — full-text search of the gazette on /search/.
 *
 * Loaded with `defer` by search.html only. Reads the index that
 * `munipub build` writes into /search-index/ (src/render/search/):
 *   meta.json     how many documents, the tiers and their buckets, and
 *                 the index's generation, put on every other address
 *                 (?v=…) so that a browser never mixes files of two builds;
 *   t<t>/         a tier: the bucket files of the documents of some years
 *                 (the latest issue's year, and all before it), numbered
 *                 from 0 there and from the tier's `first` in the whole:
 *   t<t>/b/<n>.bin  the characters, pairs and other words whose hash is
 *                 n, each with its documents;
 *   t<t>/g<len>/<n>.bin  runs of len Chinese characters (3 to 8) whose
 *                 beginning many of the tier's documents have (grams.rs),
 *                 for phrases;
 *   d/<n>.json    document n as a result shows it, with its text.
 * A query downloads meta.json, a bucket per word and tier (a phrase: its
 * own, or those of its beginnings and then at most 16 records to check),
 * and the shown results. Words are made by the rules of
 * src/render/search/tokens.rs and grams.rs (queryTerms, bucketOf and
 * phrase here): change them together.
 *
 * The index is found beside this script (../search-index/ from
 * /static/search.js), so a site deployed under a sub-path works unchanged.
 *
 * The query comes from the box (searched as you type, and on Enter) and
 * from ?q= in the address (the header and home page search boxes submit
 * here); the filters and the sort order are kept in the address too
 * (?category=…&agency=…&from=115&to=116&sort=newest), so a search can be
 * shared. The years of issues (from–to) filter by document number:
 * documents are numbered in issue order and meta.json's `years` gives each
 * year's first number, so the range costs no download.
 * Without JavaScript the page shows its <noscript> notice.
 */
(function () {
  'use strict';

  var PAGE_SIZE = 10;
  // Characters of an excerpt, and how many of them come before the match.
  var EXCERPT = 90;
  var BEFORE = 20;
  // How many pieces of a long phrase are read at once (phrase()): one,
  // since a piece that is not a word costs up to 7 buckets a tier, and the
  // first piece of a pasted sentence mostly leaves few documents.
  var PIECES = 1;
  // Longest word of letters and digits the index keeps whole.
  var MAX_WORD = 32;
  // Chinese characters: tokens.rs's is_han.
  var HAN = '\\u2E80-\\u2FDF\\u3005\\u3007\\u3021-\\u3029\\u3038-\\u303B\\u3400-\\u4DBF' +
    '\\u4E00-\\u9FFF\\uF900-\\uFAFF\\u{20000}-\\u{3FFFF}';
  var IS_HAN = new RegExp('^[' + HAN + ']', 'u');
  var WORDS = new RegExp('[' + HAN + ']+|(?:(?![' + HAN + '])[\\p{Alphabetic}\\p{N}])+', 'gu');
  // Which filter is which word of the index: tokens.rs's Counts::filter.
  var FILTER_KINDS = { category: 'c', agency: 'a' };

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
  var root = new URL('../', script ? script.src : window.location.href);
  var indexUrl = new URL('search-index/', root).href;

  var meta = null; // meta.json, once loaded
  var buckets = {}; // bucket number → promise of its readBucket
  var records = {}; // document number → promise of its record
  var searchCount = 0; // to drop the answers of searches overtaken by newer ones
  var current = []; // the current search's documents, not yet shown past `shown`
  var currentTerms = [];
  var shown = 0;
  var timer = null;

  function setStatus(text) {
    status.textContent = text;
  }

  function busy(yes) {
    results.setAttribute('aria-busy', yes ? 'true' : 'false');
  }

  function fetchIndex(path, kind) {
    return fetch(indexUrl + path + '?v=' + meta.generation).then(function (r) {
      if (!r.ok) {
        throw new Error(path + ': ' + r.status);
      }
      return r[kind]();
    });
  }

  // Full-width ASCII as half-width, Latin capitals as small letters, one
  // character for one: tokens.rs's normalize.
  function normalize(text) {
    return text
      .replace(/[\uFF01-\uFF5E]/g, function (c) {
        return String.fromCharCode(c.charCodeAt(0) - 0xFEE0);
      })
      .replace(/[A-Z]/g, function (c) {
        return c.toLowerCase();
      });
  }

  // The words a query asks for, each { word, prefix, phrase }: a run of
  // Chinese characters as a phrase (found exactly, see phrase()), or as
  // itself when it is one character; letters and digits as a word,
  // matched as the start of the index's words when three or more long
  // (11500 finds 1150012345).
  function queryTerms(query) {
    var terms = [];
    function add(word, prefix, phrase) {
      if (!terms.some(function (t) { return t.word === word; })) {
        terms.push({ word: word, prefix: prefix, phrase: phrase });
      }
    }
    (normalize(query).match(WORDS) || []).forEach(function (token) {
      var chars = Array.from(token);
      if (!IS_HAN.test(token)) {
        add(chars.slice(0, MAX_WORD).join(''), chars.length >= 3, false);
      } else {
        add(token, false, chars.length > 1);
      }
    });
    return terms;
  }

  // The bucket a word is in, of `n`: FNV-1a of its UTF-8 (of its first
  // three characters, for a word of letters and digits), as tokens.rs's
  // bucket_of_*.
  function bucketOf(word, n) {
    var key = IS_HAN.test(word) || word.charAt(0) === '#' ? word : Array.from(word).slice(0, 3).join('');
    var bytes = new TextEncoder().encode(key);
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i += 1) {
      h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
    }
    return h & (n - 1);
  }

  // The bucket of a run of three or more Chinese characters in g<len>/, of
  // `n`: FNV-1a over its code points, one step a character (grams.rs's
  // bucket_of).
  function phraseBucket(word, n) {
    var h = 0x811c9dc5;
    Array.from(word).forEach(function (c) {
      h = Math.imul(h ^ c.codePointAt(0), 0x01000193) >>> 0;
    });
    return h & (n - 1);
  }

  // A weight of a document having a word strongly (in its title): STRONG
  // in index.rs; 1 otherwise.
  var STRONG = 10;

  // Reads LEB128 varints from `bytes` at `at`: the number, and its end.
  function varintAt(bytes, at) {
    var v = 0;
    var shift = 0;
    var b;
    do {
      b = bytes[at];
      at += 1;
      v += (b & 0x7f) * Math.pow(2, shift);
      shift += 7;
    } while (b >= 0x80);
    return [v, at];
  }

  // A bucket file (src/render/search/index.rs): its bytes, and where each
  // word's documents start. An entry is decoded only when a query asks
  // for its word (documents).
  function readBucket(buffer) {
    var bytes = new Uint8Array(buffer);
    var decoder = new TextDecoder();
    var words = new Map();
    var at = 0;
    function varint() {
      var r = varintAt(bytes, at);
      at = r[1];
      return r[0];
    }
    function skip(n) {
      for (var i = 0; i < n; i += 1) {
        while (bytes[at] >= 0x80) {
          at += 1;
        }
        at += 1;
      }
    }
    while (at < bytes.length) {
      var len = varint();
      var word = decoder.decode(bytes.subarray(at, at + len));
      at += len;
      words.set(word, at);
      var n = varint();
      var strong = varint();
      var kind = bytes[at];
      at += 1;
      if (kind === 1) {
        varint();
        var m = varint(); // before `at +=`, which would read `at` first
        at += m;
      } else {
        skip(n);
      }
      skip(strong);
    }
    return { bytes: bytes, words: words };
  }

  // The documents of the entry at `at`: Map(document → weight), a list of
  // gaps or a bitmap, then the strong ones.
  function documents(bytes, at) {
    var docs = new Map();
    function varint() {
      var r = varintAt(bytes, at);
      at = r[1];
      return r[0];
    }
    var n = varint();
    var strong = varint();
    var kind = bytes[at];
    at += 1;
    var id = 0;
    var i;
    if (kind === 1) {
      var first = varint();
      var m = varint();
      for (i = 0; i < m; i += 1) {
        var byte = bytes[at + i];
        for (var j = 0; byte && j < 8; j += 1) {
          if (byte & (1 << j)) {
            docs.set(first + i * 8 + j, 1);
          }
        }
      }
      at += m;
    } else {
      for (i = 0; i < n; i += 1) {
        id += varint();
        docs.set(id, 1);
      }
    }
    id = 0;
    for (i = 0; i < strong; i += 1) {
      id += varint();
      docs.set(id, STRONG);
    }
    return docs;
  }

  // Bucket file `path` (b/7.bin, g3/12.bin), read.
  function bucket(path) {
    if (!buckets[path]) {
      buckets[path] = fetchIndex(path, 'arrayBuffer').then(readBucket);
      buckets[path].catch(function () {
        delete buckets[path];
      });
    }
    return buckets[path];
  }

  // Tier t's bucket file holding a word: g<len>/ for a run of three or
  // more Chinese characters, b/ for the others.
  function bucketPath(t, word) {
    var len = Array.from(word).length;
    var tier = meta.tiers[t];
    return 't' + t + '/' + (IS_HAN.test(word) && len >= 3
      ? 'g' + len + '/' + phraseBucket(word, tier.grams[len - 3]) + '.bin'
      : 'b/' + bucketOf(word, tier.buckets) + '.bin');
  }

  // A word's documents in tier t's bucket `b` (read at `at`), by their
  // numbers in the whole index.
  function tierDocuments(t, b, at) {
    var first = meta.tiers[t].first;
    var docs = new Map();
    documents(b.bytes, at).forEach(function (weight, id) {
      docs.set(first + id, weight);
    });
    return docs;
  }

  // The entry of a word (a run of Chinese characters of any length, or
  // another word) in tier t: { count, docs: Map(document → weight) }, or
  // null when the tier has no such word.
  function entry(t, word) {
    return bucket(bucketPath(t, word)).then(function (b) {
      var at = b.words.get(word);
      if (at === undefined) {
        return null;
      }
      var docs = tierDocuments(t, b, at);
      return { count: docs.size, docs: docs };
    });
  }

  // The documents having a term: Map(document → weight), every tier's.
  function postings(term) {
    return Promise.all(meta.tiers.map(function (_, t) {
      return tierPostings(t, term);
    })).then(function (lists) {
      var all = new Map();
      lists.forEach(function (list) {
        list.forEach(function (weight, id) {
          all.set(id, weight);
        });
      });
      return all;
    });
  }

  // The documents of tier t having a term.
  function tierPostings(t, term) {
    if (term.phrase) {
      return phrase(t, term);
    }
    if (!term.prefix) {
      return entry(t, term.word).then(function (e) {
        return e ? e.docs : new Map();
      });
    }
    return bucket(bucketPath(t, term.word)).then(function (b) {
      var found = new Map();
      b.words.forEach(function (at, word) {
        if (word.lastIndexOf(term.word, 0) === 0 && !IS_HAN.test(word)) {
          tierDocuments(t, b, at).forEach(function (weight, id) {
            found.set(id, Math.max(found.get(id) || 0, weight));
          });
        }
      });
      return found;
    });
  }

  // A beginning of `len` characters is extended (the tier has every
  // character that follows it in any of its documents) when more than
  // meta.frequent of them have it: grams.rs.
  function extended(e, len) {
    return e.count > meta.frequent && len < meta.longest;
  }

  // The documents having a piece of a phrase (at most meta.longest
  // characters), and whether they must be checked against their records:
  // the piece itself when the index has it; otherwise the documents of
  // its first beginning that is not extended (few), to be checked; none
  // when an extended beginning is not followed by the next character.
  function piece(t, chars) {
    return entry(t, chars.join('')).then(function (whole) {
      if (whole) {
        return { docs: whole.docs, check: false };
      }
      var starts = [];
      for (var len = 2; len < chars.length; len += 1) {
        starts.push(entry(t, chars.slice(0, len).join('')));
      }
      return Promise.all(starts).then(function (entries) {
        for (var i = 0; i < entries.length; i += 1) {
          if (!entries[i]) {
            break;
          }
          if (!extended(entries[i], i + 2)) {
            return { docs: entries[i].docs, check: true };
          }
        }
        return { docs: new Map(), check: false };
      });
    });
  }

  // The documents of tier t having a phrase (a run of Chinese
  // characters), exactly: its pieces' documents (one piece, or
  // overlapping pieces of meta.longest characters), those to be checked
  // checked against their records. The pieces of a long phrase (a pasted
  // sentence) are read PIECES at a time, and no more once at most
  // meta.frequent documents have them all: those few are checked against
  // their records for the whole phrase, so the answer is as exact and a
  // paragraph costs a few buckets, not every piece's.
  function phrase(t, term) {
    var chars = Array.from(term.word);
    var size = meta.longest;
    var pieces = [];
    for (var start = 0; ; start += size - 1) {
      var end = Math.min(start + size, chars.length);
      pieces.push(chars.slice(Math.max(0, end - size), end));
      if (end === chars.length) {
        break;
      }
    }
    function from(at, docs, check) {
      var batch = pieces.slice(at, at + PIECES);
      return Promise.all(batch.map(function (p) {
        return piece(t, p);
      })).then(function (found) {
        found.forEach(function (f) {
          check = check || f.check;
          if (docs === null) {
            docs = f.docs;
            return;
          }
          var both = new Map();
          docs.forEach(function (weight, id) {
            if (f.docs.has(id)) {
              both.set(id, Math.max(weight, f.docs.get(id)));
            }
          });
          docs = both;
        });
        var next = at + batch.length;
        if (next === pieces.length) {
          return { docs: docs, check: check };
        }
        if (docs.size <= meta.frequent) {
          return { docs: docs, check: true };
        }
        return from(next, docs, check);
      });
    }
    return from(0, null, false).then(function (found) {
      var docs = found.docs;
      if (!found.check && pieces.length === 1) {
        return docs;
      }
      if (!found.check && docs.size > meta.frequent) {
        return docs;
      }
      var ids = Array.from(docs.keys());
      return Promise.all(ids.map(record)).then(function (datas) {
        var kept = new Map();
        datas.forEach(function (data, i) {
          if (hasPhrase(data, term.word)) {
            kept.set(ids[i], docs.get(ids[i]));
          }
        });
        return kept;
      });
    });
  }

  // Whether a record's text has `phrase` within a run of Chinese
  // characters, as the index reads it (tokens.rs).
  function hasPhrase(data, phrase) {
    var fields = [data.title, data.title_en, data.agency, data.number, data.text]
      .concat(data.keywords || []);
    return fields.some(function (text) {
      return (normalize(text || '').match(WORDS) || []).some(function (run) {
        return run.indexOf(phrase) !== -1;
      });
    });
  }

  // The documents having every term and filter, best first (rarer words
  // count more, words in the title most), or newest first (the highest
  // numbers).
  function find(terms, filters, range, newest) {
    var filterTerms = Object.keys(filters).map(function (key) {
      return { word: '#' + FILTER_KINDS[key] + filters[key], prefix: false, filter: true };
    });
    var all = terms.concat(filterTerms);
    if (!all.length) {
      // Only a range of years: its documents, newest first.
      var ids = [];
      for (var n = range[1] - 1; n >= range[0]; n--) {
        ids.push(n);
      }
      return Promise.resolve(ids);
    }
    return Promise.all(all.map(postings)).then(function (lists) {
      var order = lists.map(function (_, i) { return i; });
      order.sort(function (a, b) { return lists[a].size - lists[b].size; });
      var scores = new Map();
      lists[order[0]].forEach(function (_, id) {
        scores.set(id, 0);
      });
      order.forEach(function (i) {
        var list = lists[i];
        var idf = Math.log(1 + meta.documents / Math.max(1, list.size));
        scores.forEach(function (score, id) {
          var weight = list.get(id);
          if (weight === undefined) {
            scores.delete(id);
          } else if (!all[i].filter) {
            scores.set(id, score + idf * weight / (weight + 1));
          }
        });
      });
      var ids = Array.from(scores.keys()).filter(function (id) {
        return id >= range[0] && id < range[1];
      });
      ids.sort(function (a, b) {
        return newest ? b - a : scores.get(b) - scores.get(a) || b - a;
      });
      return ids;
    });
  }

  function record(id) {
    if (!records[id]) {
      records[id] = fetchIndex('d/' + id + '.json', 'json');
      records[id].catch(function () {
        delete records[id];
      });
    }
    return records[id];
  }

  // Where the terms occur in `text`: [start, end) spans, merged where
  // they touch (收費 費標 標準 → one span 收費標準).
  function spans(text, terms) {
    var found = [];
    var lower = normalize(text);
    terms.forEach(function (t) {
      for (var at = lower.indexOf(t.word); at !== -1; at = lower.indexOf(t.word, at + 1)) {
        found.push([at, at + t.word.length]);
      }
    });
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var merged = [];
    found.forEach(function (s) {
      var last = merged[merged.length - 1];
      if (last && s[0] <= last[1]) {
        last[1] = Math.max(last[1], s[1]);
      } else {
        merged.push(s.slice());
      }
    });
    return merged;
  }

  // A stretch of the text around the longest match (the whole query
  // rather than one of its pairs; the first of equals), the matches in
  // <mark>.
  function excerptNodes(text, terms) {
    var fragment = document.createDocumentFragment();
    var all = spans(text, terms);
    var best = all.reduce(function (b, s) {
      return s[1] - s[0] > b[1] - b[0] ? s : b;
    }, all[0] || [0, 0]);
    var start = Math.max(0, best[0] - BEFORE);
    var end = Math.min(text.length, start + EXCERPT);
    function put(from, to, mark) {
      if (to <= from) {
        return;
      }
      var node = document.createTextNode(text.slice(from, to).replace(/\s*\n\s*/g, ' '));
      if (mark) {
        var m = document.createElement('mark');
        m.appendChild(node);
        node = m;
      }
      fragment.appendChild(node);
    }
    if (start > 0) {
      fragment.appendChild(document.createTextNode('…'));
    }
    var at = start;
    all.forEach(function (s) {
      if (s[1] <= start || s[0] >= end) {
        return;
      }
      put(at, Math.max(at, s[0]), false);
      put(Math.max(at, s[0]), Math.min(end, s[1]), true);
      at = Math.min(end, s[1]);
    });
    put(at, end, false);
    if (end < text.length) {
      fragment.appendChild(document.createTextNode('…'));
    }
    return fragment;
  }

  function resultItem(data, terms) {
    var li = document.createElement('li');
    li.className = 'search-result';

    var heading = document.createElement('h2');
    var link = document.createElement('a');
    link.href = new URL(data.url.replace(/^\//, ''), root).pathname;
    link.textContent = data.title;
    heading.appendChild(link);
    li.appendChild(heading);
    if (data.title_en) {
      var en = document.createElement('p');
      en.className = 'result-title-en';
      en.lang = 'en';
      en.textContent = data.title_en;
      li.appendChild(en);
    }

    // 類別．期別．發文日期．機關．字號, with the site's ． separators.
    var info = document.createElement('p');
    info.className = 'result-meta';
    var parts = [];
    if (data.category) {
      var tag = document.createElement('span');
      tag.className = 'result-category';
      tag.textContent = data.category;
      parts.push(tag);
    }
    if (data.issue) {
      var issue = document.createElement('a');
      issue.href = new URL(data.issue_url.replace(/^\//, ''), root).pathname;
      issue.textContent = data.issue;
      parts.push(issue);
    }
    [
      data.date,
      data.agency,
      data.number,
      data.effective ? '生效日期：' + data.effective : '',
      data.comment_until ? '預告：陳述意見至' + data.comment_until : ''
    ].forEach(function (text) {
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

    if (data.text) {
      var excerpt = document.createElement('p');
      excerpt.className = 'excerpt';
      excerpt.appendChild(excerptNodes(data.text, terms));
      li.appendChild(excerpt);
    }
    return li;
  }

  // Shows the next PAGE_SIZE results, loading their records; keyboard
  // focus moves to the first new result when "more" was pressed.
  function showMore(list, more, token, focus) {
    var batch = current.slice(shown, shown + PAGE_SIZE);
    shown += batch.length;
    more.hidden = true;
    busy(true);
    return Promise.all(batch.map(record)).then(function (datas) {
      if (token !== searchCount) {
        return;
      }
      datas.forEach(function (data, i) {
        var item = resultItem(data, currentTerms);
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
      var key = select.getAttribute('data-filter');
      if (select.value && FILTER_KINDS[key]) {
        filters[key] = select.value;
      }
    });
    return filters;
  }

  // The chosen years of issues as document numbers [first, end); every
  // document when no year is chosen.
  function chosenRange() {
    var range = [0, meta.documents];
    var years = meta.years || [];
    selects.forEach(function (select) {
      var key = select.getAttribute('data-filter');
      var year = parseInt(select.value, 10);
      if ((key !== 'from' && key !== 'to') || isNaN(year)) {
        return;
      }
      for (var i = 0; i < years.length; i++) {
        var next = i + 1 < years.length ? years[i + 1][1] : meta.documents;
        if (key === 'from' && years[i][0] >= year) {
          range[0] = Math.max(range[0], years[i][1]);
          return;
        }
        if (key === 'to' && years[i][0] === year) {
          range[1] = Math.min(range[1], next);
          return;
        }
        if (key === 'to' && years[i][0] > year) {
          range[1] = Math.min(range[1], years[i][1]);
          return;
        }
      }
      if (key === 'from') {
        range[0] = meta.documents;
      }
    });
    return range;
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
    selects.forEach(function (select) {
      var key = select.getAttribute('data-filter');
      if ((key === 'from' || key === 'to') && select.value) {
        params.set(key, select.value);
      }
    });
    if (sortSelect && sortSelect.value) {
      params.set('sort', sortSelect.value);
    }
    var search = params.toString();
    window.history.replaceState(null, '', window.location.pathname + (search ? '?' + search : ''));
  }

  function run() {
    if (!meta) {
      return;
    }
    var query = input.value.trim();
    var filters = chosenFilters();
    var range = chosenRange();
    var filtered = Object.keys(filters).length > 0 || selects.some(function (select) {
      var key = select.getAttribute('data-filter');
      return (key === 'from' || key === 'to') && select.value;
    });
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
    setStatus('搜尋中…');
    busy(true);
    var newest = !!sortSelect && sortSelect.value === 'newest';
    find(terms, filters, range, newest).then(function (ids) {
      if (token !== searchCount) {
        return;
      }
      current = ids;
      currentTerms = terms;
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
    // An address of the former year filter (?year=115年) asks for one year.
    var year = (params.get('year') || '').replace(/年$/, '');
    selects.forEach(function (select) {
      var key = select.getAttribute('data-filter');
      var wanted = params.get(key) || ((key === 'from' || key === 'to') ? year : null);
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

  // meta.json is asked for afresh each time (a new build changes it); the
  // files it names by generation may come from the browser's cache.
  fetch(indexUrl + 'meta.json', { cache: 'no-cache' }).then(function (r) {
    if (!r.ok) {
      throw new Error('meta.json: ' + r.status);
    }
    return r.json();
  }).then(function (m) {
    meta = m;
    setUpFilters(params);
    run();
  }).catch(function () {
    meta = null;
    setStatus('無法載入搜尋索引。請改由歷期公報總覽依期別、類別或機關瀏覽。');
    busy(false);
  });
})();
