/* Waymark: small enhancements on top of complete HTML. Everything here is optional;
   every page works without it. No modules, no fetch, no workers: it must run from file://. */
(function () {
  'use strict';

  function el(tag, cls) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    return e;
  }

  /* localStorage can be missing or throw (privacy modes); progress then lasts for the visit only. */
  function storage() {
    try {
      var s = window.localStorage, k = '__waymark__';
      s.setItem(k, k);
      s.removeItem(k);
      return s;
    } catch (e) {
      return null;
    }
  }

  /* Step pages: a "done" checkbox per step, kept per channel page, and a progress bar. */
  function initSteps() {
    var page = document.querySelector('.steps-page');
    var bar = page && page.querySelector('.progress');
    var steps = page ? page.querySelectorAll('.step') : [];
    if (!bar || !steps.length) return;
    var store = storage();
    var key = 'waymark:steps:' + page.getAttribute('data-channel');
    var done = {};
    try {
      done = JSON.parse((store && store.getItem(key)) || '{}') || {};
    } catch (e) {
      done = {};
    }
    var total = steps.length;
    var template = bar.getAttribute('data-label');
    var text = el('span', 'progress-text');
    text.setAttribute('aria-live', 'polite');
    var track = el('div', 'progress-bar');
    var fill = el('span');
    track.appendChild(fill);
    track.setAttribute('role', 'progressbar');
    /* A progress bar needs an accessible name (axe: aria-progressbar-name). */
    track.setAttribute('aria-label', bar.getAttribute('data-name') || 'progress');
    track.setAttribute('aria-valuemin', '0');
    track.setAttribute('aria-valuemax', String(total));
    var reset = el('button');
    reset.type = 'button';
    reset.textContent = bar.getAttribute('data-reset');
    bar.appendChild(text);
    bar.appendChild(track);
    bar.appendChild(reset);
    bar.hidden = false;

    var boxes = [];
    Array.prototype.forEach.call(steps, function (step, i) {
      var n = String(i + 1);
      var label = el('label', 'step-check');
      var box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = !!done[n];
      var title = step.querySelector('.step-title');
      if (title && title.id) box.setAttribute('aria-describedby', title.id);
      label.appendChild(box);
      label.appendChild(document.createTextNode(bar.getAttribute('data-done')));
      step.appendChild(label);
      box.addEventListener('change', function () {
        if (box.checked) done[n] = 1;
        else delete done[n];
        save();
        update();
      });
      boxes.push(box);
    });

    function save() {
      if (!store) return;
      try {
        if (Object.keys(done).length) store.setItem(key, JSON.stringify(done));
        else store.removeItem(key);
      } catch (e) { /* storage full or blocked: keep the state in memory */ }
    }

    function update() {
      var count = 0, current = -1;
      boxes.forEach(function (box, i) {
        if (box.checked) count++;
        else if (current < 0) current = i;
        steps[i].classList.toggle('is-done', box.checked);
        steps[i].classList.toggle('is-current', i === current);
      });
      fill.style.width = (100 * count / total) + '%';
      track.setAttribute('aria-valuenow', String(count));
      text.textContent = template.replace('{done}', count).replace('{total}', total);
    }

    reset.addEventListener('click', function () {
      done = {};
      boxes.forEach(function (box) { box.checked = false; });
      save();
      update();
    });
    update();
  }

  /* The sidebar. A page's own HTML lists only its section (so pages do not grow with
     the site); assets/nav.js, loaded just before this script, holds the whole tree as
     [title, url from the site root, parent index, flags (1 = channel)] in display order.
     From it the full sidebar is drawn: the top level, with the current page's
     ancestors opened, as src/render/tree.rs describes. */
  function initNav(tree) {
    var nav = document.getElementById('sidebar');
    var box = nav && nav.querySelector('.nav');
    var current = nav ? Number(nav.getAttribute('data-node')) : -1;
    if (!box || !tree || !tree[current]) return;
    var root = nav.getAttribute('data-root') || '';
    var children = tree.map(function () { return []; });
    tree.forEach(function (n, i) { if (n[2] >= 0 && children[n[2]]) children[n[2]].push(i); });
    var open = {};
    for (var i = current; i >= 0 && tree[i]; i = tree[i][2]) open[i] = true;
    function item(i, descend) {
      var n = tree[i], li = el('li');
      li.className = [i === current ? 'current' : '', open[i] ? 'open' : '', n[3] & 1 ? 'channel' : '']
        .filter(Boolean).join(' ');
      var label;
      if (n[1]) {
        label = el('a');
        label.href = root + n[1];
        if (i === current) label.setAttribute('aria-current', 'page');
      } else {
        label = el('span', 'nav-label');
      }
      label.textContent = n[0];
      li.appendChild(label);
      if (descend && open[i] && children[i].length) li.appendChild(list(children[i]));
      return li;
    }
    function list(ids) {
      var ul = el('ul');
      ids.forEach(function (c) { ul.appendChild(item(c, true)); });
      return ul;
    }
    var top = el('ul');
    top.appendChild(item(0, false));
    children[0].forEach(function (c) { top.appendChild(item(c, true)); });
    box.textContent = '';
    box.appendChild(top);
  }

  /* ---------------------------------------------------------------------------
     Search. The index is a set of classic scripts under search/ (see src/search):
     meta.js lists the first term of every term shard and the first document of every
     document shard; a query loads only the shards it needs. Normalisation and ranking
     mirror src/search/text.rs and src/search/query.rs exactly.
     --------------------------------------------------------------------------- */

  var CJK = /[\u3005\u3007\u3021-\u3029\u3038-\u303B\u3040-\u309F\u30A0-\u30FF\u31F0-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uAC00-\uD7AF\u1100-\u11FF\u3130-\u318F\u{20000}-\u{3134F}]/u;
  var WORD = /[\p{Alphabetic}\p{N}]/u;
  var DIGIT = /[0-9]/;
  var VERIFY = 30;
  var RELAX_UNITS = 3;
  var SHOWN = 10;
  /* A short prefix can match words across many shards; load at most this many. */
  var MAX_PREFIX_SHARDS = 4;
  /* Wait this long after a keystroke before searching, so fast typing and IME
     input search once, not once per character. */
  var DEBOUNCE_MS = 40;
  var BUCKET_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

  function normalize(text) {
    return String(text).normalize('NFKC').toLowerCase();
  }

  /* Cuts normalised text into {kind: 'cjk'|'word', text} tokens. */
  function tokenize(normalized) {
    var out = [], cur = null;
    Array.from(normalized).forEach(function (c) {
      var kind = CJK.test(c) ? 'cjk' : WORD.test(c) ? 'word' : null;
      var digit = DIGIT.test(c);
      if (kind && cur && cur.kind === kind && (kind === 'cjk' || cur.digit === digit)) {
        cur.text += c;
        cur.digit = digit;
      } else if (kind) {
        if (cur) out.push({ kind: cur.kind, text: cur.text });
        cur = { kind: kind, text: c, digit: digit };
      } else if (cur) {
        out.push({ kind: cur.kind, text: cur.text });
        cur = null;
      }
    });
    if (cur) out.push({ kind: cur.kind, text: cur.text });
    return out;
  }

  function queryTerms(token) {
    if (token.kind === 'word') return [token.text];
    var chars = Array.from(token.text);
    if (chars.length === 1) return [token.text];
    var grams = [];
    for (var i = 0; i + 1 < chars.length; i++) {
      var g = chars[i] + chars[i + 1];
      if (grams[grams.length - 1] !== g) grams.push(g);
    }
    return grams;
  }

  function queryTokens(query) {
    var seen = {}, out = [];
    tokenize(normalize(query)).forEach(function (t) {
      var key = t.kind + ':' + t.text;
      if (!seen[key]) { seen[key] = 1; out.push(t); }
    });
    return out;
  }

  var Search = window.WaymarkSearch = {
    root: '',
    metaData: null,
    shards: { t: {}, d: {} },
    loading: {},
    meta: function (m) {
      /* Length buckets come packed three to a base-64 digit (pack_buckets in index.rs). */
      var buckets = new Uint8Array(m.count);
      for (var i = 0; i < m.count; i++) {
        buckets[i] = (BUCKET_DIGITS.indexOf(m.buckets.charAt(Math.floor(i / 3))) >> (2 * (i % 3))) & 3;
      }
      m.bucketOf = buckets;
      Search.metaData = m;
    },
    add: function (kind, n, data) { Search.shards[kind][n] = data; },
    normalize: normalize,
    tokenize: tokenize,
    queryTokens: queryTokens
  };

  /* Loads a script once; resolves when it has run. Script tags work from file://.
     A request that neither loads nor fails within LOAD_WAIT_MS (a stalled connection)
     is tried again, up to LOAD_TRIES times, so a search is never left hanging. */
  var LOAD_WAIT_MS = 4000, LOAD_TRIES = 3;
  function load(path) {
    if (!Search.loading[path]) {
      Search.loading[path] = new Promise(function (resolve, reject) {
        var tries = 0;
        (function attempt() {
          tries++;
          var s = document.createElement('script'), done = false;
          var timer = setTimeout(function () {
            if (done) return;
            done = true;
            s.remove();
            if (tries < LOAD_TRIES) attempt();
            else { delete Search.loading[path]; reject(new Error('cannot load ' + path)); }
          }, LOAD_WAIT_MS);
          s.src = Search.root + path + (tries > 1 ? '?retry=' + tries : '');
          s.onload = function () { if (!done) { done = true; clearTimeout(timer); resolve(); } };
          s.onerror = function () {
            if (done) return;
            done = true;
            clearTimeout(timer);
            delete Search.loading[path];
            reject(new Error('cannot load ' + path));
          };
          document.head.appendChild(s);
        })();
      });
    }
    return Search.loading[path];
  }

  function loadMeta() {
    return load('search/meta.js').then(function () { return Search.metaData; });
  }

  /* Index of the last entry of the sorted list `firsts` that is <= key. */
  function shardOf(firsts, key) {
    var lo = 0, hi = firsts.length - 1, found = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (firsts[mid] <= key) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  function termShard(n) {
    return load('search/t-' + n + '.js').then(function () { return Search.shards.t[n]; });
  }

  function docShard(n) {
    return load('search/d-' + n + '.js').then(function () { return Search.shards.d[n]; });
  }

  var MORE = '0123456789ABCDEFGHIJKLMNOPQRSTUV';
  var LAST = 'WXYZabcdefghijklmnopqrstuvwxyz_-';

  /* Postings are base-32 varints (see encode_postings in src/search/index.rs): per
     document, the gap from the previous doc id times two, plus one for a title match. */
  function decode(meta, postings, visit) {
    var doc = 0, value = 0, shift = 1;
    for (var i = 0; i < postings.length; i++) {
      var c = postings.charAt(i), d = MORE.indexOf(c);
      if (d >= 0) { value += d * shift; shift *= 32; continue; }
      value += LAST.indexOf(c) * shift;
      doc += Math.floor(value / 2);
      visit(doc, meta.bucketOf[doc], value % 2 === 1);
      value = 0;
      shift = 1;
    }
  }

  function hasOwn(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  /* The lookups ("units") of a token, each a Map doc -> [bucket, inTitle]: one per
     bigram of a longer CJK run; one prefix lookup for a word or a single character. */
  function units(meta, token) {
    var single = Array.from(token.text).length < 2;
    if (token.kind === 'cjk' && !single) {
      return Promise.all(queryTerms(token).map(function (t) {
        return termShard(shardOf(meta.terms, t)).then(function (shard) {
          var found = new Map();
          decode(meta, hasOwn(shard, t) ? shard[t] : '', function (doc, bucket, title) { found.set(doc, [bucket, title]); });
          return found;
        });
      }));
    }
    var prefix = token.text, wholeOnly = token.kind === 'word' && single;
    var first = shardOf(meta.terms, prefix);
    var last = wholeOnly ? first : Math.min(shardOf(meta.terms, prefix + '\uffff'), first + MAX_PREFIX_SHARDS - 1);
    var shards = [];
    for (var n = first; n <= last; n++) shards.push(termShard(n));
    return Promise.all(shards).then(function (loaded) {
      var found = new Map();
      loaded.forEach(function (shard) {
        Object.keys(shard).forEach(function (term) {
          if (term.indexOf(prefix) !== 0 || (wholeOnly && term !== prefix)) return;
          decode(meta, shard[term], function (doc, bucket, title) {
            var e = found.get(doc);
            if (e) e[1] = e[1] || title; else found.set(doc, [bucket, title]);
          });
        });
      });
      return [found];
    });
  }

  /* floor(log2(docs / holding)) in integers, as rarity() in query.rs. */
  function rarity(docs, holding) {
    var weight = 0, x = Math.max(1, holding);
    while (x * 2 <= docs) { x *= 2; weight++; }
    return weight;
  }

  /* Documents holding every unit of a token; in the title only if every unit is. */
  function allUnits(list) {
    var found = new Map();
    list[0].forEach(function (e, doc) { found.set(doc, [e[0], e[1]]); });
    list.slice(1).forEach(function (unit) {
      found.forEach(function (e, doc) {
        var u = unit.get(doc);
        if (!u) found.delete(doc); else e[1] = e[1] && u[1];
      });
    });
    return found;
  }

  function loadDocs(meta, ids) {
    var per = meta.docsPerShard, wanted = {};
    ids.forEach(function (id) { wanted[Math.floor(id / per)] = 1; });
    return Promise.all(Object.keys(wanted).map(function (n) {
      return docShard(+n).then(function (docs) { return [+n, docs]; });
    })).then(function (loaded) {
      var byId = {};
      loaded.forEach(function (pair) {
        pair[1].forEach(function (d, i) { byId[pair[0] * per + i] = d; });
      });
      return byId;
    });
  }

  /* The words a query token stands for: itself first, then the other members of each
     synonym group (site.yml) it belongs to, in order, without repeats (alternatives()
     in query.rs). */
  function alternatives(meta, token) {
    var out = [token], seen = {};
    seen[token.kind + ':' + token.text] = 1;
    (meta.synonyms || []).forEach(function (group) {
      if (group.indexOf(token.text) < 0) return;
      group.forEach(function (word) {
        tokenize(word).forEach(function (t) {
          var key = t.kind + ':' + t.text;
          if (!seen[key]) { seen[key] = 1; out.push(t); }
        });
      });
    });
    return out;
  }

  /* Documents any of the maps holds; in the title if any has it there. */
  function union(maps) {
    var out = new Map();
    maps.forEach(function (m) {
      m.forEach(function (e, doc) {
        var o = out.get(doc);
        if (o) o[1] = o[1] || e[1]; else out.set(doc, [e[0], e[1]]);
      });
    });
    return out;
  }

  /* Ranked results for a query: [{doc, score, data}], best first. Mirrors query.rs,
     including synonyms and the fallback for a long one-run query that matches nothing. */
  function runQuery(query, stale) {
    var toks = queryTokens(query);
    if (!toks.length) return Promise.resolve({ tokens: toks, alts: [], hits: [] });
    return loadMeta().then(function (meta) {
      var alts = toks.map(function (t) { return alternatives(meta, t); });
      var others = Promise.all(alts.map(function (list) {
        return Promise.all(list.slice(1).map(function (a) { return units(meta, a).then(allUnits); }));
      }));
      return Promise.all([Promise.all(toks.map(function (t) { return units(meta, t); })), others]).then(function (loaded) {
        var perToken = loaded[0];
        var found = perToken.map(function (u, i) { return union([allUnits(u)].concat(loaded[1][i])); });
        var candidates = [];
        found[0].forEach(function (e, doc) {
          for (var i = 1; i < found.length; i++) if (!found[i].has(doc)) return;
          var titleScore = 0;
          found.forEach(function (f) { titleScore += f.get(doc)[1] ? 40 : 4; });
          candidates.push({ doc: doc, prelim: titleScore - e[0] });
        });
        var all = [];
        perToken.forEach(function (list) { list.forEach(function (u) { all.push(u); }); });
        var relaxed = !candidates.length && toks.length === 1 && all.length >= RELAX_UNITS;
        var weights = relaxed ? all.map(function (unit) { return rarity(meta.count, unit.size); }) : [];
        if (relaxed) {
          var counts = new Map();
          all.forEach(function (unit, k) {
            unit.forEach(function (e, doc) {
              var c = counts.get(doc);
              if (!c) { c = [0, 0, e[0]]; counts.set(doc, c); }
              c[0] += 1;
              c[1] += (weights[k] + 1) * (e[1] ? 14 : 10);
            });
          });
          counts.forEach(function (c, doc) {
            if (c[0] * 3 >= all.length) candidates.push({ doc: doc, prelim: c[1] - c[2] });
          });
        }
        candidates.sort(function (a, b) { return b.prelim - a.prelim || a.doc - b.doc; });
        candidates = candidates.slice(0, VERIFY);
        if (stale && stale()) return { tokens: toks, alts: alts, hits: [], stale: true };
        return loadDocs(meta, candidates.map(function (c) { return c.doc; })).then(function (docs) {
          candidates.forEach(function (c) {
            var d = docs[c.doc];
            var title = normalize(d.title), body = normalize(d.crumbs + ' ' + d.text);
            var titleLen = Math.max(1, Array.from(title).length), score = 0;
            var length = Array.from(d.title).length + Array.from(d.text).length;
            toks.forEach(function (t, i) {
              var inTitle = found[i].get(c.doc), syn = alts[i].slice(1);
              var synTitle = syn.filter(function (a) { return title.indexOf(a.text) >= 0; })[0];
              if (title.indexOf(t.text) >= 0) score += 100 + Math.floor(50 * Array.from(t.text).length / titleLen);
              else if (synTitle) score += 90 + Math.floor(50 * Array.from(synTitle.text).length / titleLen);
              else if (inTitle && inTitle[1]) score += 30;
              else if (body.indexOf(t.text) >= 0) score += 20;
              else if (syn.some(function (a) { return body.indexOf(a.text) >= 0; })) score += 18;
              else if (relaxed) {
                queryTerms(t).forEach(function (g, k) {
                  score += title.indexOf(g) >= 0 ? 3 * weights[k] + 2 : body.indexOf(g) >= 0 ? weights[k] + 1 : 0;
                });
              } else score += 5;
            });
            c.score = score - Math.min(20, Math.floor(length / 64));
            c.data = d;
          });
          candidates.sort(function (a, b) { return b.score - a.score || b.prelim - a.prelim || a.doc - b.doc; });
          return { tokens: toks, alts: alts, hits: candidates };
        });
      });
    });
  }
  Search.runQuery = runQuery;

  /* Normalised text of `text` with, per normalised UTF-16 unit, the index of the
     original UTF-16 unit it came from, so matches can be marked in the original. */
  function mapped(text) {
    var norm = '', map = [], i = 0;
    Array.from(text).forEach(function (c) {
      var n = normalize(c);
      for (var k = 0; k < n.length; k++) map.push(i);
      norm += n;
      i += c.length;
    });
    map.push(i);
    return { norm: norm, map: map };
  }

  /* [start, end) ranges of `text` (original units) matching any of `needles`. */
  function matches(text, needles) {
    var m = mapped(text), ranges = [];
    needles.forEach(function (needle) {
      if (!needle) return;
      var from = 0, at;
      while ((at = m.norm.indexOf(needle, from)) >= 0) {
        ranges.push([m.map[at], m.map[at + needle.length]]);
        from = at + needle.length;
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]); else merged.push(r.slice());
    });
    return merged;
  }

  function needlesOf(tokens) {
    var out = [];
    tokens.forEach(function (t) { out.push(t.text); });
    tokens.forEach(function (t) { if (t.kind === 'cjk') queryTerms(t).forEach(function (g) { out.push(g); }); });
    return out;
  }

  /* Appends `text` to `parent` with the ranges wrapped in <mark>; text nodes only, so
     content is never parsed as HTML. */
  function appendMarked(parent, text, ranges) {
    var pos = 0;
    ranges.forEach(function (r) {
      if (r[0] > pos) parent.appendChild(document.createTextNode(text.slice(pos, r[0])));
      var mark = document.createElement('mark');
      mark.textContent = text.slice(r[0], r[1]);
      parent.appendChild(mark);
      pos = r[1];
    });
    if (pos < text.length) parent.appendChild(document.createTextNode(text.slice(pos)));
  }

  /* The part of `text` around its first match, with the matches inside it. */
  function snippet(text, tokens) {
    var ranges = matches(text, needlesOf(tokens));
    var start = ranges.length ? Math.max(0, ranges[0][0] - 24) : 0;
    var end = Math.min(text.length, start + 110);
    return {
      before: start > 0,
      after: end < text.length,
      text: text.slice(start, end),
      ranges: ranges
        .filter(function (r) { return r[0] >= start && r[1] <= end; })
        .map(function (r) { return [r[0] - start, r[1] - start]; })
    };
  }

  function initSearch() {
    var box = document.getElementById('search');
    var input = document.getElementById('search-input');
    var results = document.getElementById('search-results');
    if (!box || !input || !results) return;
    Search.root = box.getAttribute('data-root') || '';
    box.hidden = false;
    var seq = 0, active = -1, links = [], openOnResults = false;

    function close() {
      results.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    }

    function setActive(i) {
      if (!links.length) return;
      active = (i + links.length) % links.length;
      links.forEach(function (a, k) { a.setAttribute('aria-selected', k === active ? 'true' : 'false'); });
      input.setAttribute('aria-activedescendant', links[active].id);
      links[active].scrollIntoView({ block: 'nearest' });
    }

    function remember(link) {
      try {
        window.sessionStorage.setItem('waymark:highlight', JSON.stringify({
          url: link.href.split('#')[0],
          hash: link.hash,
          needles: JSON.parse(link.getAttribute('data-needles'))
        }));
      } catch (e) { /* no highlighting without storage */ }
    }

    function render(result, query) {
      results.textContent = '';
      links = [];
      active = -1;
      var hits = result.hits.slice(0, SHOWN);
      if (!hits.length) noResults(query);
      var words = [].concat.apply([], result.alts && result.alts.length ? result.alts : [result.tokens]);
      var needles = JSON.stringify(needlesOf(words));
      hits.forEach(function (hit, i) {
        var a = document.createElement('a');
        a.className = 'search-result';
        a.id = 'search-result-' + i;
        a.setAttribute('role', 'option');
        a.href = Search.root + hit.data.url;
        a.setAttribute('data-needles', needles);
        var title = document.createElement('span');
        title.className = 'search-title';
        appendMarked(title, hit.data.title, matches(hit.data.title, needlesOf(words)));
        var crumbs = document.createElement('span');
        crumbs.className = 'search-crumbs';
        crumbs.textContent = hit.data.crumbs;
        var snip = snippet(hit.data.text, words);
        var text = document.createElement('span');
        text.className = 'search-snippet';
        if (snip.before) text.appendChild(document.createTextNode('…'));
        appendMarked(text, snip.text, snip.ranges);
        if (snip.after) text.appendChild(document.createTextNode('…'));
        a.appendChild(title);
        if (hit.data.crumbs) a.appendChild(crumbs);
        if (hit.data.text) a.appendChild(text);
        a.addEventListener('click', function () { remember(a); });
        results.appendChild(a);
        links.push(a);
      });
      results.setAttribute('data-query', query);
      results.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      if (openOnResults) {
        openOnResults = false;
        if (links[0]) open(links[0]);
      }
    }

    /* Nothing found: say what was searched, offer words the site uses (from the
       synonym groups) and the ways of getting things done (channel pages), so the
       reader is never left with an empty box. */
    function noResults(query) {
      var empty = el('div', 'search-empty');
      var said = el('p');
      said.textContent = (box.getAttribute('data-none') || '').replace('{query}', query.trim());
      empty.appendChild(said);
      var meta = Search.metaData || {};
      var words = (meta.suggest || []).slice(0, 6);
      if (words.length) {
        var tryLine = el('p', 'search-suggest');
        tryLine.appendChild(document.createTextNode(box.getAttribute('data-try') || ''));
        words.forEach(function (w) {
          var b = el('button', 'search-chip');
          b.type = 'button';
          b.textContent = w;
          b.addEventListener('click', function () { input.value = w; input.focus(); update(); });
          tryLine.appendChild(b);
        });
        empty.appendChild(tryLine);
      }
      var tree = window.WaymarkNav || [];
      var ways = tree.filter(function (n) { return n[3] & 1; }).slice(0, 8);
      if (ways.length) {
        var p = el('p', 'search-ways');
        p.textContent = box.getAttribute('data-ways') || '';
        var ul = el('ul');
        ways.forEach(function (n) {
          var li = el('li'), a = el('a');
          a.href = Search.root + n[1];
          a.textContent = n[0];
          li.appendChild(a);
          ul.appendChild(li);
        });
        empty.appendChild(p);
        empty.appendChild(ul);
      }
      results.appendChild(empty);
    }

    function open(link) {
      remember(link);
      window.location.href = link.href;
    }

    var timer = null;
    function update() {
      var query = input.value;
      var mine = ++seq;
      var stale = function () { return mine !== seq; };
      if (!queryTokens(query).length) { close(); results.textContent = ''; links = []; return; }
      runQuery(query, stale).then(function (result) {
        if (!stale()) render(result, query);
      }, function () {
        if (!stale()) { results.textContent = ''; close(); }
      });
    }

    input.addEventListener('input', function () {
      seq++;
      clearTimeout(timer);
      timer = setTimeout(update, DEBOUNCE_MS);
    });
    input.addEventListener('focus', function () {
      loadMeta().catch(function () {});
      if (links.length) { results.hidden = false; input.setAttribute('aria-expanded', 'true'); }
    });
    input.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown') { e.preventDefault(); setActive(active + 1); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); setActive(active - 1); }
      else if (e.key === 'Enter') {
        /* Enter that confirms an input method's composition is not a search. */
        if (e.isComposing || e.keyCode === 229) return;
        e.preventDefault();
        if (results.getAttribute('data-query') !== input.value) {
          /* Results for what is typed are still on their way: open the first when they come. */
          openOnResults = true;
          clearTimeout(timer);
          update();
          return;
        }
        var target = links[active >= 0 ? active : 0];
        if (target) open(target);
      } else if (e.key === 'Escape') {
        if (!results.hidden) close(); else { input.value = ''; input.blur(); }
      }
    });
    document.addEventListener('keydown', function (e) {
      var field = e.target && (e.target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName));
      if ((e.key === '/' && !field && !e.ctrlKey && !e.metaKey && !e.altKey) ||
          ((e.ctrlKey || e.metaKey) && (e.key === 'k' || e.key === 'K'))) {
        e.preventDefault();
        input.focus();
        input.select();
      }
    });
    document.addEventListener('click', function (e) {
      if (!box.contains(e.target)) close();
    });
  }

  /* On the page a result opened: mark the matched terms in the target and bring it
     into view. */
  function highlightLanding() {
    var stored;
    try {
      stored = JSON.parse(window.sessionStorage.getItem('waymark:highlight') || 'null');
    } catch (e) {
      return;
    }
    if (!stored || stored.url !== window.location.href.split('#')[0]) return;
    if (stored.hash && stored.hash !== window.location.hash) return;
    try { window.sessionStorage.removeItem('waymark:highlight'); } catch (e) { /* ignore */ }
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = (id && document.getElementById(id)) || document.querySelector('main');
    if (!target) return;
    var walker = document.createTreeWalker(target, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        return n.parentNode.closest('script, style, mark, .anchor') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    var first = null;
    nodes.forEach(function (node) {
      var ranges = matches(node.nodeValue, stored.needles);
      if (!ranges.length) return;
      var frag = document.createDocumentFragment();
      appendMarked(frag, node.nodeValue, ranges);
      var marks = frag.querySelectorAll('mark');
      Array.prototype.forEach.call(marks, function (m) { m.className = 'search-hit'; });
      if (!first) first = marks[0];
      node.parentNode.replaceChild(frag, node);
    });
    target.classList.add('search-target');
    target.scrollIntoView({ block: 'start' });
  }

  initNav(window.WaymarkNav);
  initSteps();
  initSearch();
  highlightLanding();
  window.addEventListener('hashchange', highlightLanding);
})();
