// fieldbook search box: loads MiniSearch and the site's index on first use, searches as you
// type in English and Chinese, and is driven by the keyboard (/ or Ctrl/Cmd+K, arrows, Enter,
// Esc). Results are <a> elements inside the role="listbox" element, best first.
(function () {
  'use strict';
  var script = document.currentScript;
  var root = script.getAttribute('data-root');
  var lang = script.getAttribute('data-lang');
  var emptyText = script.getAttribute('data-empty');
  var input = document.getElementById('search-input');
  var list = document.getElementById('search-results');
  if (!input || !list) return;
  var engine = null;
  var data = null;
  var loading = null;
  var active = -1;
  var MAX_RESULTS = 10;
  var HAN = /\p{Script=Han}/u;
  var TOKEN = /[\p{Script=Han}]+|[\p{L}\p{N}_]+/gu;

  // Latin words stay whole and are also split at underscores (learning_rate -> learning, rate);
  // Chinese runs become overlapping character pairs (学习率 -> 学习, 习率), the usual way to
  // index text without spaces.
  function tokenize(text) {
    var out = [];
    var matches = String(text).toLowerCase().match(TOKEN) || [];
    matches.forEach(function (run) {
      if (HAN.test(run[0])) {
        if (run.length === 1) out.push(run);
        for (var i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
      } else {
        out.push(run);
        if (run.indexOf('_') >= 0) {
          run.split('_').forEach(function (part) { if (part) out.push(part); });
        }
      }
    });
    return out;
  }

  // A field's name is indexed twice: whole (an exact name match ranks highest) and as its
  // snake_case parts (weaker, so `lr` ranks the field aliased `lr` above `lr_scheduler_type`).
  function tokenizeField(text, field) {
    if (field === 'name') return [String(text).toLowerCase()];
    if (field === 'parts') return String(text).toLowerCase().split('_').filter(Boolean);
    return tokenize(text);
  }

  function joinLanguages(map) {
    return Object.keys(map).map(function (k) { return map[k]; }).join(' ');
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = root + src;
      s.onload = resolve;
      s.onerror = function () { reject(new Error('cannot load ' + src)); };
      document.head.appendChild(s);
    });
  }

  function ensureLoaded() {
    if (!loading) {
      loading = loadScript('assets/minisearch.js')
        .then(function () { return loadScript('assets/search-index.js'); })
        .then(function () {
          data = window.fieldbookSearch;
          engine = new window.MiniSearch({
            fields: ['name', 'parts', 'label', 'words', 'summary', 'group', 'text'],
            extractField: function (doc, field) {
              switch (field) {
                case 'id': return doc.id;
                case 'name': case 'parts': return doc.n;
                case 'label': return joinLanguages(doc.l);
                case 'words': return doc.w;
                case 'summary': return joinLanguages(doc.s);
                case 'group': return joinLanguages(data.groups[doc.g]);
                case 'text': return doc.t;
              }
              return '';
            },
            tokenize: tokenizeField,
            processTerm: function (term) { return term; },
            searchOptions: {
              tokenize: tokenize,
              boost: { name: 10, parts: 3, label: 6, words: 6, summary: 2, group: 1, text: 1 },
              prefix: function (term) { return term.length > 2; },
              fuzzy: function (term) { return HAN.test(term) || term.length < 5 ? false : 0.2; },
              boostDocument: function (id) { return data.docs[id].d ? 0.8 : 1; }
            }
          });
          engine.addAll(data.docs);
        });
    }
    return loading;
  }

  function setActive(index) {
    var items = list.querySelectorAll('a');
    if (!items.length) { active = -1; return; }
    active = (index + items.length) % items.length;
    items.forEach(function (a, i) { a.setAttribute('aria-selected', i === active ? 'true' : 'false'); });
    input.setAttribute('aria-activedescendant', items[active].id);
    items[active].scrollIntoView({ block: 'nearest' });
  }

  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function show(query) {
    list.textContent = '';
    if (!query.trim()) { close(); return; }
    var hits = engine.search(query);
    // A query that is a field's exact name (spaces read as underscores) puts that field first.
    var exact = query.trim().toLowerCase().replace(/\s+/g, '_');
    var at = hits.findIndex(function (hit) { return data.docs[hit.id].n.toLowerCase() === exact; });
    if (at > 0) hits.unshift(hits.splice(at, 1)[0]);
    hits = hits.slice(0, MAX_RESULTS);
    if (!hits.length) {
      var none = document.createElement('p');
      none.className = 'search-empty';
      none.textContent = emptyText;
      list.appendChild(none);
    }
    hits.forEach(function (hit, i) {
      var doc = data.docs[hit.id];
      var a = document.createElement('a');
      a.id = 'search-result-' + i;
      a.setAttribute('role', 'option');
      a.href = root + lang + '/' + doc.u;
      var name = document.createElement('code');
      name.textContent = doc.n;
      var group = document.createElement('span');
      group.className = 'search-group';
      group.textContent = data.groups[doc.g][lang] || '';
      var summary = document.createElement('span');
      summary.className = 'search-summary';
      summary.textContent = doc.s[lang] || '';
      a.appendChild(name);
      a.appendChild(group);
      a.appendChild(summary);
      list.appendChild(a);
    });
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    setActive(0);
  }

  function update() {
    ensureLoaded().then(function () { show(input.value); });
  }

  input.addEventListener('focus', function () { ensureLoaded(); if (input.value) update(); });
  input.addEventListener('input', update);
  input.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowDown') { e.preventDefault(); setActive(active + 1); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); setActive(active - 1); }
    else if (e.key === 'Enter') {
      var items = list.querySelectorAll('a');
      if (items.length && !list.hidden) { e.preventDefault(); items[Math.max(active, 0)].click(); }
    } else if (e.key === 'Escape') { e.preventDefault(); input.value = ''; close(); input.blur(); }
  });
  document.addEventListener('keydown', function (e) {
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName) || e.target.isContentEditable;
    if ((e.key === '/' && !typing) || ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k')) {
      e.preventDefault();
      input.focus();
      input.select();
    }
  });
  document.addEventListener('click', function (e) {
    if (!list.contains(e.target) && e.target !== input) close();
  });
  // Clicking a result that points into the current page closes the list.
  list.addEventListener('click', function () { close(); });
})();
