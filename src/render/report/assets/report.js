// concord convergence report: filters by status, section and delegation. The state
// lives in the URL hash (#status=contested&section=…&delegation=EU), so a filtered
// view can be linked to and printed. A filter also recounts the totals, the sections,
// the chart and the timeline for the elements it leaves: the analysis listed, for every
// revision, each element it counts and the elements of the report it became (the
// figure's data-rows); this script only adds them up. With no filter, the figures are
// the ones concord wrote. Before printing, everything folded is opened.
(function () {
  'use strict';
  var fields = ['status', 'section', 'delegation'];
  window.addEventListener('error', function (event) {
    document.body.setAttribute('data-error', String(event.message));
  });

  var articles = Array.prototype.slice.call(document.querySelectorAll('article.element'));
  var statuses = Array.prototype.map.call(document.querySelectorAll('.tile[data-status]'), function (tile) {
    return tile.getAttribute('data-status');
  });
  var figure = document.getElementById('process');
  var rows = JSON.parse(figure.getAttribute('data-rows'));
  var svg = figure.querySelector('svg.chart');
  var geometry = {};
  ['top', 'height', 'band-top', 'band-height', 'labelled'].forEach(function (key) {
    geometry[key] = Number(svg.getAttribute('data-' + key));
  });

  // The figures as written: text and geometry of everything a filter redraws.
  var written = [];
  function keep(selector, attributes) {
    document.querySelectorAll(selector).forEach(function (node) {
      var saved = { node: node, text: node.textContent, attributes: {} };
      attributes.forEach(function (name) { saved.attributes[name] = node.getAttribute(name); });
      written.push(saved);
    });
  }
  keep('svg.chart rect[data-r]', ['y', 'height', 'data-count']);
  keep('svg.chart rect[data-r] title, #chart-max, #path span, .tile b, table.sections td, section.elements h2 .n', []);
  keep('svg.chart text.count, svg.chart text.marks', ['y']);
  keep('svg.chart circle', ['cy']);
  keep('#bracket-line', ['points']);
  keep('table.timeline td[data-col], table.sections tr', ['hidden']);
  function restore() {
    written.forEach(function (saved) {
      Object.keys(saved.attributes).forEach(function (name) {
        var value = saved.attributes[name];
        if (value === null) { saved.node.removeAttribute(name); } else { saved.node.setAttribute(name, value); }
      });
      if (saved.node.children.length === 0) { saved.node.textContent = saved.text; }
    });
  }

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

  // Per revision, what the elements that became one of `chosen` add up to.
  function history(chosen) {
    return rows.map(function (revision) {
      var t = { counts: statuses.map(function () { return 0; }), marks: 0, brackets: 0, bracketed: 0, amendments: 0 };
      revision.forEach(function (row) {
        if (!row[4].some(function (x) { return chosen[x]; })) { return; }
        t.counts[row[0]] += 1;
        t.marks += row[1];
        t.brackets += row[2];
        if (row[2] > 0) { t.bracketed += 1; }
        t.amendments += row[3];
      });
      return t;
    });
  }

  function total(t) { return t.counts.reduce(function (a, b) { return a + b; }, 0); }

  function draw(figures) {
    var max = Math.max.apply(null, [1].concat(figures.map(total)));
    var maxMarks = Math.max.apply(null, [1].concat(figures.map(function (t) { return t.marks; })));
    var base = geometry.top + geometry.height;
    var points = [];
    figures.forEach(function (t, r) {
      var y = base;
      // From the bottom: the last status first, as concord draws them.
      statuses.slice().reverse().forEach(function (s) {
        var count = t.counts[statuses.indexOf(s)];
        var seg = geometry.height * count / max;
        var at = '[data-r="' + r + '"][data-s="' + s + '"]';
        var rect = svg.querySelector('rect' + at);
        var label = svg.querySelector('text.count' + at);
        y -= seg;
        rect.setAttribute('y', y.toFixed(1));
        rect.setAttribute('height', seg.toFixed(1));
        rect.setAttribute('data-count', String(count));
        var title = rect.querySelector('title');
        title.textContent = title.textContent.replace(/: \d+ /, ': ' + count + ' ');
        label.setAttribute('y', (y + seg / 2 + 5).toFixed(1));
        label.textContent = seg >= geometry.labelled ? String(count) : '';
      });
      var circle = svg.querySelector('circle[data-r="' + r + '"]');
      var cy = geometry['band-top'] + geometry['band-height'] - (geometry['band-height'] - 20) * t.marks / maxMarks;
      circle.setAttribute('cy', cy.toFixed(1));
      var marks = svg.querySelector('text.marks[data-r="' + r + '"]');
      marks.setAttribute('y', (cy - 8).toFixed(1));
      marks.textContent = String(t.marks);
      points.push(circle.getAttribute('cx') + ',' + cy.toFixed(1));
    });
    document.getElementById('bracket-line').setAttribute('points', points.join(' '));
    document.getElementById('chart-max').textContent = String(max);
    document.querySelectorAll('table.timeline td[data-col]').forEach(function (cell) {
      var t = figures[Number(cell.getAttribute('data-r'))];
      var col = cell.getAttribute('data-col');
      var i = statuses.indexOf(col);
      cell.textContent = String(i >= 0 ? t.counts[i] : t[col]);
    });
  }

  // The totals, the baseline path and the sections of the elements shown.
  function recount(shown) {
    var by = function (attribute) {
      var out = {};
      shown.forEach(function (a) {
        var key = a.getAttribute(attribute);
        out[key] = (out[key] || 0) + 1;
      });
      return out;
    };
    var byStatus = by('data-status');
    document.querySelectorAll('.tile[data-status]').forEach(function (tile) {
      tile.querySelector('b').textContent = String(byStatus[tile.getAttribute('data-status')] || 0);
    });
    var byPath = by('data-path');
    document.querySelectorAll('#path span[data-path]').forEach(function (span) {
      var key = span.getAttribute('data-path');
      var n = key === 'all' ? shown.length : (byPath[key] || 0);
      span.textContent = key === 'unchanged' ? n + (n === 1 ? ' element' : ' elements') : String(n);
    });
    document.querySelectorAll('table.sections tr[data-section]').forEach(function (row) {
      var section = row.getAttribute('data-section');
      var inSection = shown.filter(function (a) { return a.getAttribute('data-section') === section; });
      row.querySelectorAll('td[data-s]').forEach(function (cell) {
        var s = cell.getAttribute('data-s');
        var n = s === 'total' ? inSection.length
          : inSection.filter(function (a) { return a.getAttribute('data-status') === s; }).length;
        cell.textContent = String(n);
      });
      row.hidden = inSection.length === 0;
    });
  }

  // What the filter is, in words, for the screen and for paper.
  function describe(filter, shown) {
    var parts = [];
    fields.forEach(function (key) {
      var select = document.getElementById('filter-' + key);
      if (filter[key] && select && select.selectedIndex >= 0) {
        parts.push(key + ' ' + select.options[select.selectedIndex].text.replace(/ \(\d+\)$/, ''));
      }
    });
    return 'Filtered (' + parts.join('; ') + '): ' + shown.length + ' of ' + articles.length +
      ' elements. The totals, the sections, the chart and the timeline count these elements; for earlier ' +
      'revisions, the paragraphs they continue, their brackets counted paragraph by paragraph.';
  }

  function apply(filter) {
    var shown = [];
    var chosen = {};
    articles.forEach(function (article) {
      var ok = matches(article, filter);
      article.hidden = !ok;
      if (ok) {
        shown.push(article);
        chosen[article.getAttribute('data-n')] = true;
      }
    });
    var counts = [];
    document.querySelectorAll('section.elements').forEach(function (section) {
      var visible = section.querySelectorAll('article.element:not([hidden])').length;
      section.hidden = visible === 0;
      counts.push([section.querySelector('h2 .n'), visible]);
    });
    document.querySelectorAll('tr[data-code]').forEach(function (row) {
      row.classList.toggle('chosen', filter.delegation !== '' && row.getAttribute('data-code') === filter.delegation);
    });
    fields.forEach(function (key) {
      var select = document.getElementById('filter-' + key);
      if (select) { select.value = filter[key]; }
    });
    var active = fields.some(function (key) { return filter[key] !== ''; });
    var scope = document.getElementById('scope');
    restore();
    scope.textContent = active ? describe(filter, shown) : '';
    if (active) {
      recount(shown);
      draw(history(chosen));
      counts.forEach(function (c) { if (c[0]) { c[0].textContent = String(c[1]); } });
    }
    scope.hidden = !active;
    document.getElementById('shown').textContent = shown.length + ' of ' + articles.length + ' elements shown';
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

  // Paper shows everything: folded parts are opened for printing and folded again after.
  var opened = [];
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details:not([open])').forEach(function (details) {
      details.open = true;
      opened.push(details);
    });
  });
  window.addEventListener('afterprint', function () {
    opened.forEach(function (details) { details.open = false; });
    opened = [];
  });

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
