// fieldbook search box: searches as you type in English and Chinese, and is driven by the
// keyboard (/ or Ctrl/Cmd+K, arrows, Enter, Esc). Results are <a> elements inside the
// role="listbox" element, best first.
//
// The index is built by fieldbook (src/search.rs) and loaded in pieces, as scripts (so that it
// also works from file://): assets/search/manifest.js on first use, then per query the term
// shards it needs (t<i>.js: the sorted terms from the manifest's key i up to key i + 1, with
// precomputed BM25+ scores) and the display rows of the results (d-<lang>-<n>.js). Ranking
// follows MiniSearch 7: exact term matches count fully, prefix and fuzzy matches less, terms are
// combined with OR and a document's sum is multiplied by the number of query terms it matched.
(function () {
  'use strict';
  var script = document.currentScript;
  var root = script.getAttribute('data-root');
  var lang = script.getAttribute('data-lang');
  var emptyText = script.getAttribute('data-empty');
  var input = document.getElementById('search-input');
  var list = document.getElementById('search-results');
  if (!input || !list) return;
  var MAX_RESULTS = 10;
  var PREFIX_WEIGHT = 0.375;
  var FUZZY_WEIGHT = 0.45;
  var active = -1;
  var sequence = 0;
  var manifest = null;
  // Tables keyed by text the reader types are Maps or prototype-less objects: a plain object
  // would answer `constructor` or `__proto__` with JavaScript's own properties.
  var loaded = Object.create(null);
  var loading = Object.create(null);

  // The same tokenizer as src/search.rs: lowercase; a run of Han characters becomes its
  // overlapping character pairs (学习率 -> 学习, 习率); a run of letters, digits and _ stays whole
  // and also gives its _-separated parts (learning_rate -> learning_rate, learning, rate).
  // Kana and hangul too: every script written without spaces between words.
  var HAN = [[0x1100, 0x11ff], [0x3005, 0x3005], [0x3007, 0x3007], [0x3021, 0x3029],
    [0x3038, 0x303b], [0x3041, 0x309f], [0x30a0, 0x30ff], [0x3130, 0x318f], [0x31f0, 0x31ff],
    [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xac00, 0xd7af], [0xf900, 0xfaff], [0xff66, 0xff9f],
    [0x20000, 0x2fa1f]];
  var WORD = /[\p{Alphabetic}\p{N}_]/u;

  function isHan(ch) {
    var c = ch.codePointAt(0);
    return HAN.some(function (r) { return c >= r[0] && c <= r[1]; });
  }

  function tokenize(text) {
    var out = [];
    var run = [];
    var runHan = false;
    function flush() {
      if (!run.length) return;
      if (runHan) {
        if (run.length === 1) out.push(run[0]);
        for (var i = 0; i + 1 < run.length; i++) out.push(run[i] + run[i + 1]);
      } else {
        var word = run.join('');
        out.push(word);
        if (word.indexOf('_') >= 0) {
          word.split('_').forEach(function (part) { if (part) out.push(part); });
        }
      }
      run = [];
    }
    Array.from(String(text).toLowerCase()).forEach(function (ch) {
      var han = isHan(ch);
      if (!han && !WORD.test(ch)) { flush(); return; }
      if (run.length && han !== runHan) flush();
      runHan = han;
      run.push(ch);
    });
    flush();
    return out;
  }

  // Every script of the index calls this with its contents.
  // A term shard's terms and exact names become Maps.
  function toMap(object) {
    var map = new Map();
    Object.keys(object || {}).forEach(function (k) { map.set(k, object[k]); });
    return map;
  }

  window.fieldbookSearchLoaded = function (kind, index, data) {
    if (kind === 't') data = { terms: toMap(data.terms), names: toMap(data.names) };
    loaded[kind === 'm' ? 'manifest' : kind === 't' ? 't' + index : kind + '-' + index] = data;
  };

  function load(name) {
    if (!loading[name]) {
      loading[name] = new Promise(function (resolve, reject) {
        var s = document.createElement('script');
        s.src = root + 'assets/search/' + name + '.js';
        s.onload = function () { resolve(loaded[name]); };
        s.onerror = function () { delete loading[name]; reject(new Error('cannot load ' + name)); };
        document.head.appendChild(s);
      });
    }
    return loading[name];
  }

  function loadManifest() {
    return load('manifest').then(function (m) { manifest = m; });
  }

  // The shard holding a term: the last whose first term is not after it (-1: before them all).
  // Terms are in UTF-16 order, which is how JavaScript compares strings.
  function shardOf(term) {
    var keys = manifest.keys, lo = 0, hi = keys.length - 1, found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (keys[mid] <= term) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  // What a query term needs: its shard and, for a prefix search, the following shards whose
  // first term starts with it (the terms starting with the query term are consecutive).
  function plan(term) {
    var chars = Array.from(term);
    var shards = [];
    var own = shardOf(term);
    if (own >= 0) shards.push(own);
    var prefix = chars.length > 2;
    if (prefix) {
      for (var i = own + 1; i < manifest.keys.length && manifest.keys[i].startsWith(term); i++) {
        shards.push(i);
      }
    }
    var fuzzy = !isHan(chars[0]) && chars.length >= 5;
    return {
      term: term,
      length: chars.length,
      chars: chars,
      shards: shards,
      prefix: prefix,
      maxDistance: fuzzy ? Math.min(6, Math.round(0.2 * chars.length)) : 0
    };
  }

  // Levenshtein distance between two arrays of characters, or max + 1 when above max.
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var previous = [];
    for (var j = 0; j <= b.length; j++) previous.push(j);
    for (var i = 1; i <= a.length; i++) {
      var current = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        current.push(Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost));
        best = Math.min(best, current[j]);
      }
      if (best > max) return max + 1;
      previous = current;
    }
    return previous[b.length];
  }

  // Scores every document against the query terms; returns [[doc, score]], best first.
  function rank(plans) {
    var results = new Map();
    plans.forEach(function (p) {
      function add(postings, weight) {
        var doc = 0;
        for (var i = 0; i < postings.length; i += 2) {
          doc += postings[i];
          var r = results.get(doc);
          if (!r) { r = { score: 0, terms: new Set() }; results.set(doc, r); }
          r.score += weight * postings[i + 1] / 100;
          r.terms.add(p.term);
        }
      }
      p.shards.forEach(function (i) {
        loaded['t' + i].terms.forEach(function (postings, t) {
          if (t === p.term) { add(postings, 1); return; }
          var chars = Array.from(t);
          if (p.prefix && t.startsWith(p.term)) {
            add(postings, PREFIX_WEIGHT * chars.length / (chars.length + 0.3 * (chars.length - p.length)));
          } else if (p.maxDistance) {
            var d = distance(chars, p.chars, p.maxDistance);
            if (d >= 1 && d <= p.maxDistance) add(postings, FUZZY_WEIGHT * chars.length / (chars.length + d));
          }
        });
      });
    });
    var hits = [];
    results.forEach(function (r, doc) { hits.push([doc, r.score * r.terms.size]); });
    hits.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    return hits;
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

  function render(rows) {
    list.textContent = '';
    if (!rows.length) {
      var none = document.createElement('p');
      none.className = 'search-empty';
      none.textContent = emptyText;
      list.appendChild(none);
    }
    rows.forEach(function (row, i) {
      var a = document.createElement('a');
      a.id = 'search-result-' + i;
      a.setAttribute('role', 'option');
      a.href = root + lang + '/' + row[1];
      var name = document.createElement('code');
      name.textContent = row[0];
      var group = document.createElement('span');
      group.className = 'search-group';
      group.textContent = row[2];
      var summary = document.createElement('span');
      summary.className = 'search-summary';
      summary.textContent = row[3];
      a.appendChild(name);
      a.appendChild(group);
      a.appendChild(summary);
      list.appendChild(a);
    });
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    setActive(0);
  }

  function search(query) {
    var mine = ++sequence;
    var current = function () { return mine === sequence; };
    if (!query.trim()) { list.textContent = ''; close(); return; }
    loadManifest().then(function () {
      if (!current()) return null;
      var plans = tokenize(query).map(plan);
      // A query that is a field's exact name (spaces read as underscores) puts that field first.
      var exact = query.trim().toLowerCase().replace(/\s+/g, '_');
      var exactShard = shardOf(exact);
      var needed = new Set(exactShard >= 0 ? [exactShard] : []);
      plans.forEach(function (p) { p.shards.forEach(function (i) { needed.add(i); }); });
      return Promise.all(Array.from(needed).map(function (i) { return load('t' + i); })).then(function () {
        if (!current()) return null;
        var hits = rank(plans);
        var named = exactShard >= 0 ? loaded['t' + exactShard].names.get(exact) || [] : [];
        var at = hits.findIndex(function (hit) { return named.indexOf(hit[0]) >= 0; });
        if (at > 0) hits.unshift(hits.splice(at, 1)[0]);
        var docs = hits.slice(0, MAX_RESULTS).map(function (hit) { return hit[0]; });
        var language = manifest.langs.indexOf(lang) >= 0 ? lang : manifest.langs[0];
        var chunks = new Set(docs.map(function (doc) { return Math.floor(doc / manifest.chunk); }));
        var name = function (n) { return 'd-' + language + '-' + n; };
        return Promise.all(Array.from(chunks).map(function (n) { return load(name(n)); })).then(function () {
          if (!current()) return;
          render(docs.map(function (doc) {
            return loaded[name(Math.floor(doc / manifest.chunk))][doc % manifest.chunk];
          }));
        });
      });
    }).catch(function () { /* a piece failed to load: the list stays as it was */ });
  }

  input.addEventListener('focus', function () {
    loadManifest().catch(function () {});
    if (input.value) search(input.value);
  });
  input.addEventListener('input', function () { search(input.value); });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowDown') { e.preventDefault(); setActive(active + 1); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); setActive(active - 1); }
    else if (e.key === 'Enter') {
      var items = list.querySelectorAll('a');
      if (items.length && !list.hidden) { e.preventDefault(); items[Math.max(active, 0)].click(); }
    } else if (e.key === 'Escape') { e.preventDefault(); input.value = ''; sequence++; close(); input.blur(); }
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
