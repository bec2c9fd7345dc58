/*
 * directory-filter.js — filter the phone directory as you type.
 *
 * Plain ES2015, no libraries, loaded with `defer` by directory.html only.
 * Without JavaScript the filter box stays `hidden` and the full table shows.
 *
 * Each <tr data-search="…"> carries the lower-cased text of its row
 * (agency, unit, title, numbers). A row matches when every word of the query
 * is found in it. Contact rows (tr.contact) also reveal their unit's row
 * (the nearest tr.unit above) so that the match keeps its context. Agencies
 * and groups with no visible row are hidden. An aria-live status tells how
 * many rows match.
 */
(function () {
  'use strict';

  var box = document.getElementById('directory-filter-box');
  var input = document.getElementById('directory-filter');
  var status = document.getElementById('directory-filter-status');
  var empty = document.getElementById('directory-empty');
  var index = document.querySelector('.dir-index');
  if (!box || !input || !status) {
    return;
  }

  var groups = Array.prototype.slice.call(document.querySelectorAll('.dir-group'));
  var agencies = Array.prototype.slice.call(document.querySelectorAll('.dir-agency'));
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr[data-search]'));
  var total = rows.length;

  // For each row, the index of its unit's row (itself for a unit row; -1 for
  // a contact row with no unit row above it in the same table).
  var unitIndex = [];
  var lastUnit = -1;
  rows.forEach(function (row, i) {
    var isContact = row.classList.contains('contact');
    if (!isContact) {
      lastUnit = i;
    } else if (lastUnit >= 0 && rows[lastUnit].parentNode !== row.parentNode) {
      lastUnit = -1;
    }
    unitIndex[i] = isContact ? lastUnit : i;
  });

  // Normalise what people type: lower case, full-width ASCII to half-width,
  // and any run of spaces (also the ideographic space) to one.
  function normalise(text) {
    return text
      .replace(/[\uFF01-\uFF5E]/g, function (c) {
        return String.fromCharCode(c.charCodeAt(0) - 0xFEE0);
      })
      .replace(/[\s\u3000]+/g, ' ')
      .trim()
      .toLowerCase();
  }

  // Phone numbers are matched with and without their dashes, so that
  // "22289111" finds "04-2228-9111".
  function haystack(row) {
    var text = row.getAttribute('data-search') || '';
    return text + ' ' + text.replace(/[-()\s]/g, '');
  }
  var texts = rows.map(haystack);

  var timer = null;

  function apply() {
    var query = normalise(input.value);
    var words = query ? query.split(' ') : [];
    var visible = rows.map(function () { return false; });
    var matches = 0;

    rows.forEach(function (row, i) {
      var text = texts[i];
      var ok = words.every(function (w) { return text.indexOf(w) !== -1; });
      if (ok) {
        matches += 1;
        visible[i] = true;
        if (unitIndex[i] >= 0) {
          visible[unitIndex[i]] = true;
        }
      }
    });

    rows.forEach(function (row, i) {
      row.hidden = !visible[i];
    });

    // An agency (or group) is hidden while a query is typed and none of its
    // rows is shown.
    agencies.forEach(function (agency) {
      agency.hidden = words.length > 0 && !agency.querySelector('tr[data-search]:not([hidden])');
    });

    groups.forEach(function (group) {
      group.hidden = words.length > 0 && !group.querySelector('.dir-agency:not([hidden])');
    });

    if (empty) {
      empty.hidden = !(words.length > 0 && matches === 0);
    }
    // The jump links to groups make no sense while a query narrows the list.
    if (index) {
      index.hidden = words.length > 0;
    }

    if (words.length === 0) {
      status.textContent = '共 ' + total + ' 筆資料';
    } else if (matches === 0) {
      status.textContent = '找不到符合的項目';
    } else {
      status.textContent = '符合 ' + matches + ' 筆';
    }
  }

  input.addEventListener('input', function () {
    // Let typing settle before announcing, so screen readers are not flooded.
    window.clearTimeout(timer);
    timer = window.setTimeout(apply, 150);
  });

  // Enter in the box should not submit anything or reload the page.
  input.addEventListener('keydown', function (event) {
    if (event.key === 'Enter') {
      event.preventDefault();
      window.clearTimeout(timer);
      apply();
    }
  });

  // `?q=…` in the address pre-fills the filter (links from elsewhere).
  var params = new URLSearchParams(window.location.search);
  var initial = params.get('q');
  if (initial) {
    input.value = initial;
  }

  box.hidden = false;
  apply();
})();
