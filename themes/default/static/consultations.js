/*
 * consultations.js — marks the drafts (預告) whose comment period has
 * ended, on /gazette/consultations/. The page itself is the same whatever
 * day it was built; today's date is the reader's, in Taiwan time (UTC+8),
 * so a deadline ends when its day ends in Taiwan.
 */
(function () {
  'use strict';
  var now = new Date(Date.now() + 8 * 3600 * 1000);
  var today = now.toISOString().slice(0, 10); // YYYY-MM-DD, Taiwan's day
  var items = document.querySelectorAll('[data-deadline]');
  for (var i = 0; i < items.length; i++) {
    var item = items[i];
    var deadline = item.getAttribute('data-deadline');
    var state = item.querySelector('.deadline-state');
    if (deadline < today) {
      item.classList.add('is-closed');
      if (state) state.textContent = '（已截止）';
    } else if (state) {
      state.textContent = '（陳述意見中）';
    }
  }
})();
