// concord convergence report: filters by status, section and delegation. The state
// lives in the URL hash (#status=contested&section=…&delegation=EU), so a filtered
// view can be linked to and printed.
(function () {
  'use strict';
  var fields = ['status', 'section', 'delegation'];
  window.addEventListener('error', function (event) {
    document.body.setAttribute('data-error', String(event.message));
  });

  function read() {
    var params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
    var filter = {};
    fields.forEach(function (key) { filter[key] = params.get(key) || ''; });
    return filter;
  }

  function matches(article, filter) {
    if (filter.status && article.getAttribute('data-status') !== filter.status) { return false; }
    if (filter.section && article.getAttribute('data-section') !== filter.section) { return false; }
    if (filter.delegation) {
      var codes = (article.getAttribute('data-delegations') || '').split(' ');
      if (codes.indexOf(filter.delegation) < 0) { return false; }
    }
    return true;
  }

  function apply(filter) {
    var shown = 0;
    var articles = document.querySelectorAll('article.element');
    articles.forEach(function (article) {
      var ok = matches(article, filter);
      article.hidden = !ok;
      if (ok) { shown += 1; }
    });
    document.querySelectorAll('section.elements').forEach(function (section) {
      section.hidden = section.querySelector('article.element:not([hidden])') === null;
    });
    document.querySelectorAll('tr[data-code]').forEach(function (row) {
      row.classList.toggle('chosen', filter.delegation !== '' && row.getAttribute('data-code') === filter.delegation);
    });
    fields.forEach(function (key) {
      var select = document.getElementById('filter-' + key);
      if (select) { select.value = filter[key]; }
    });
    var label = shown + ' of ' + articles.length + ' elements shown';
    document.getElementById('shown').textContent = label;
  }

  function fromControls() {
    var params = new URLSearchParams();
    fields.forEach(function (key) {
      var value = document.getElementById('filter-' + key).value;
      if (value) { params.set(key, value); }
    });
    var hash = params.toString();
    window.history.replaceState(null, '', hash ? '#' + hash : window.location.pathname + window.location.search);
    apply(read());
  }

  fields.forEach(function (key) {
    document.getElementById('filter-' + key).addEventListener('change', fromControls);
  });
  document.getElementById('filter-reset').addEventListener('click', function () {
    fields.forEach(function (key) { document.getElementById('filter-' + key).value = ''; });
    fromControls();
  });
  window.addEventListener('hashchange', function () { apply(read()); });
  apply(read());
  document.body.setAttribute('data-ready', 'true');
}());
