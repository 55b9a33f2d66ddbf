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

  /* Step pages: the "done" boxes and the progress bar are in the HTML (so nothing moves
     when this runs); script keeps the ticks per channel page and keeps the bar true. */
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
    var text = bar.querySelector('.progress-text');
    var track = bar.querySelector('.progress-bar');
    var fill = track && track.querySelector('span');
    var reset = bar.querySelector('.progress-reset');
    if (!text || !track || !fill || !reset) return;

    var boxes = [];
    Array.prototype.forEach.call(steps, function (step, i) {
      var n = String(i + 1);
      var box = step.querySelector('.step-check input');
      if (!box) return;
      box.checked = !!done[n];
      box.addEventListener('change', function () {
        if (box.checked) done[n] = 1;
        else delete done[n];
        undoable = null;
        save();
        update();
      });
      boxes.push(box);
    });
    if (boxes.length !== total) return;

    function save() {
      if (!store) return;
      try {
        if (Object.keys(done).length) store.setItem(key, JSON.stringify(done));
        else store.removeItem(key);
      } catch (e) { /* storage full or blocked: keep the state in memory */ }
    }

    /* Starting over clears every tick at once; the same button then offers to undo
       that for a while, so a slip of the thumb loses nothing. */
    var undoable = null, undoTimer = null;
    function update(message) {
      /* The first open step is marked once the reader has started ticking. */
      var count = boxes.filter(function (box) { return box.checked; }).length, current = -1;
      boxes.forEach(function (box, i) {
        if (!box.checked && current < 0) current = i;
        steps[i].classList.toggle('is-done', box.checked);
        steps[i].classList.toggle('is-current', i === current && count > 0);
      });
      fill.style.width = (100 * count / total) + '%';
      track.setAttribute('aria-valuenow', String(count));
      bar.classList.toggle('is-complete', count === total);
      text.textContent = message || (count === total ? bar.getAttribute('data-complete') : '') ||
        template.replace('{done}', count).replace('{total}', total);
      reset.textContent = undoable ? bar.getAttribute('data-undo') : bar.getAttribute('data-reset');
      reset.disabled = !undoable && count === 0;
    }

    reset.addEventListener('click', function () {
      clearTimeout(undoTimer);
      if (undoable) {
        done = undoable;
        undoable = null;
      } else {
        undoable = done;
        done = {};
        undoTimer = setTimeout(function () { undoable = null; update(); }, 10000);
      }
      boxes.forEach(function (box, i) { box.checked = !!done[String(i + 1)]; });
      save();
      update(undoable ? bar.getAttribute('data-cleared') : '');
    });
    update();
  }

  /* The colour scheme: the system's, or the reader's choice, kept for the next visit.
     The choice is applied before the first paint by a line in the page's head. */
  function initScheme() {
    var select = document.getElementById('scheme');
    if (!select) return;
    var store = storage();
    var root = document.documentElement;
    select.value = root.getAttribute('data-theme') || 'auto';
    select.addEventListener('change', function () {
      var v = select.value;
      if (v === 'light' || v === 'dark') root.setAttribute('data-theme', v);
      else root.removeAttribute('data-theme');
      if (!store) return;
      try {
        if (v === 'light' || v === 'dark') store.setItem('waymark:theme', v);
        else store.removeItem('waymark:theme');
      } catch (e) { /* the choice lasts for this page only */ }
    });
  }

  /* Below 60rem the menu opens the navigation as a panel over the page (without
     script, the #sidebar target does the same); Escape or the close link shuts it. */
  function initMenu() {
    var link = document.querySelector('.menu-link[href="#sidebar"]');
    var nav = document.getElementById('sidebar');
    if (!link || !nav) return;
    var body = document.body;
    link.setAttribute('aria-expanded', 'false');
    function set(open) {
      body.classList.toggle('nav-open', open);
      link.setAttribute('aria-expanded', String(open));
      if (open) {
        var first = nav.querySelector('[aria-current="page"]') || nav.querySelector('.nav a');
        if (first) first.focus();
      }
    }
    link.addEventListener('click', function (e) {
      e.preventDefault();
      set(!body.classList.contains('nav-open'));
    });
    var close = nav.querySelector('.nav-close a');
    if (close) {
      close.addEventListener('click', function (e) {
        if (!body.classList.contains('nav-open')) return;
        e.preventDefault();
        set(false);
        link.focus();
      });
    }
    document.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' && body.classList.contains('nav-open')) { set(false); link.focus(); }
    });
    document.addEventListener('click', function (e) {
      if (body.classList.contains('nav-open') && !nav.contains(e.target) && e.target !== link) set(false);
    });
  }

  /* The language switcher opens the same page in another language; the step or
     section the reader is at goes along (step ids are the same in every language). */
  function initLanguages() {
    document.querySelectorAll('a.language-link').forEach(function (a) {
      a.addEventListener('click', function () {
        if (location.hash) a.href = a.href.split('#')[0] + location.hash;
      });
    });
  }

  /* A printed page ends with the site's name and, for a hosted page, its address. */
  function initColophon() {
    var url = document.querySelector('.print-url');
    if (!url || url.textContent.trim() || !/^https?:$/.test(window.location.protocol)) return;
    url.textContent = ' · ' + window.location.href.split('#')[0];
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
    /* -1: a page outside the tree (contents, not found): the top level, none current. */
    if (!box || !tree || !tree[0] || !(current === -1 || tree[current])) return;
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
      appendTitle(label, n[0]);
      if (n[4]) label.lang = n[4];
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

  var SHOWN = 10;
  /* Wait this long after a keystroke before searching, so fast typing and IME
     input search once, not once per character. */
  var DEBOUNCE_MS = 40;
  var Core = window.WaymarkSearchCore;

  /* The index's scripts call these as they run: search/meta.js hands over the
     index's outline, each shard script its payload (still packed). */
  var Search = window.WaymarkSearch = {
    root: '',
    /* Where this page's language keeps its index (data-index: `search/`, `../en/search/`). */
    dir: 'search/',
    metaData: null,
    shards: { t: {}, d: {} },
    loading: {},
    meta: function (m) { Search.metaData = m; },
    add: function (kind, n, data) { Search.shards[kind][n] = data; }
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
          s.src = Search.dir + path + (tries > 1 ? '?retry=' + tries : '');
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

  var index = Core && Core.createIndex({
    meta: function () {
      return load('meta.js').then(function () { return Search.metaData; });
    },
    shard: function (kind, n) {
      return load(kind + '-' + n + '.js').then(function () { return Search.shards[kind][n]; });
    }
  });
  if (index) {
    Search.runQuery = index.runQuery;
    Search.normalize = Core.normalize;
    Search.tokenize = Core.tokenize;
  }

  /* The parts of a title as [start, end, isCode] over `text`: a backtick opens code
     only when a later one closes it with something between (title_parts() in
     src/strings.rs); the backticks themselves belong to no part. */
  function titleParts(text) {
    var parts = [], pos = 0;
    for (;;) {
      var open = text.indexOf('`', pos);
      if (open < 0) break;
      var close = text.indexOf('`', open + 1);
      if (close < 0 || close === open + 1) break;
      if (open > pos) parts.push([pos, open, false]);
      parts.push([open + 1, close, true]);
      pos = close + 1;
    }
    if (pos < text.length) parts.push([pos, text.length, false]);
    return parts;
  }

  /* Appends a title to `parent`: its inline code as <code>, the ranges (over the
     title as written) wrapped in <mark>; text nodes only. */
  function appendTitle(parent, text, ranges) {
    titleParts(text).forEach(function (part) {
      var into = parent;
      if (part[2]) { into = el('code'); parent.appendChild(into); }
      var own = (ranges || []).filter(function (r) { return r[1] > part[0] && r[0] < part[1]; })
        .map(function (r) { return [Math.max(r[0], part[0]) - part[0], Math.min(r[1], part[1]) - part[0]]; });
      appendMarked(into, text.slice(part[0], part[1]), own);
    });
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

  function initSearch() {
    var box = document.getElementById('search');
    var input = document.getElementById('search-input');
    var results = document.getElementById('search-results');
    if (!box || !input || !results || !index) return;
    Search.root = box.getAttribute('data-root') || '';
    Search.dir = box.getAttribute('data-index') || Search.root + 'search/';
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
      var needles = JSON.stringify(Core.needlesOf(words));
      hits.forEach(function (hit, i) {
        var a = document.createElement('a');
        a.className = 'search-result';
        a.id = 'search-result-' + i;
        a.setAttribute('role', 'option');
        a.href = Search.root + hit.data.url;
        a.setAttribute('data-needles', needles);
        var title = document.createElement('span');
        title.className = 'search-title';
        appendTitle(title, hit.data.title, Core.matches(hit.data.title, Core.needlesOf(words)));
        var crumbs = document.createElement('span');
        crumbs.className = 'search-crumbs';
        crumbs.textContent = hit.data.crumbs;
        var snip = Core.snippet(hit.data.text, words);
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
          appendTitle(a, n[0]);
          if (n[4]) a.lang = n[4];
          li.appendChild(a);
          ul.appendChild(li);
        });
        empty.appendChild(p);
        empty.appendChild(ul);
      }
      results.appendChild(empty);
    }

    /* The index could not be read (a browser without DecompressionStream, a missing
       file): say so and point to the contents page, never a silent box. */
    function failed() {
      results.textContent = '';
      links = [];
      var empty = el('div', 'search-empty');
      var said = el('p');
      /* No signal is the likelier cause on a phone, and it is not the browser's fault. */
      said.textContent = (navigator.onLine === false && box.getAttribute('data-offline')) ||
        box.getAttribute('data-failed') || '';
      /* The sidebar's link, or the header's on pages without a sidebar (not found,
         offline). */
      var contents = document.querySelector('.nav-contents a, .site-header a.menu-link[href$="toc.html"]');
      if (contents) {
        var a = el('a');
        a.href = contents.href;
        a.textContent = contents.textContent;
        said.appendChild(document.createTextNode(' '));
        said.appendChild(a);
      }
      empty.appendChild(said);
      results.appendChild(empty);
      results.hidden = false;
      input.setAttribute('aria-expanded', 'true');
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
      if (!Core.queryTokens(query).length) { close(); results.textContent = ''; links = []; return; }
      index.runQuery(query, stale).then(function (result) {
        if (!stale()) render(result, query);
      }, function () {
        if (!stale()) failed();
      });
    }

    input.addEventListener('input', function () {
      seq++;
      clearTimeout(timer);
      timer = setTimeout(update, DEBOUNCE_MS);
    });
    input.addEventListener('focus', function () {
      index.meta().catch(function () {});
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
    if (!Core) return;
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
    var section = id && document.getElementById(id);
    var target = section || document.querySelector('main');
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
      var ranges = Core.matches(node.nodeValue, stored.needles);
      if (!ranges.length) return;
      var frag = document.createDocumentFragment();
      appendMarked(frag, node.nodeValue, ranges);
      var marks = frag.querySelectorAll('mark');
      Array.prototype.forEach.call(marks, function (m) { m.className = 'search-hit'; });
      if (!first) first = marks[0];
      node.parentNode.replaceChild(frag, node);
    });
    /* A section is outlined and brought into view; a whole page keeps its place. */
    if (section) {
      target.classList.add('search-target');
      target.scrollIntoView({ block: 'start' });
    }
  }

  /* A number that needs a part typed before it (`区号+12315`): the reader types the
     code and the button, which shows the whole number, dials it. Any two to eight
     digits are taken: the guide's source says what code to use, the theme knows no
     numbering plan. The form is in the HTML; without script the number shows as
     written. */
  function initDial() {
    Array.prototype.forEach.call(document.querySelectorAll('.dial'), function (dial) {
      var input = dial.querySelector('.dial-prefix');
      var call = dial.querySelector('.dial-call');
      var full = dial.querySelector('.dial-full');
      var hint = dial.querySelector('.dial-hint');
      var number = dial.getAttribute('data-number') || '';
      if (!input || !call || !full || !hint) return;
      var help = hint.textContent;
      function update() {
        /* Full-width digits from a Chinese input method count too. */
        var typed = input.value.normalize('NFKC').replace(/[\s-]/g, '');
        /* The whole number pasted (0571-12315): the code is what comes before it. */
        if (typed.length > number.length + 2 && typed.slice(-number.length) === number) {
          typed = typed.slice(0, -number.length);
        }
        var digits = typed.replace(/[^0-9]/g, '');
        var plausible = /^[0-9]{2,8}$/.test(typed);
        var problem = '';
        if (typed && (typed === number || digits.indexOf(number) === 0)) {
          plausible = false;
          problem = (hint.getAttribute('data-self') || '').replace('{number}', number);
        } else if (/[^0-9]/.test(typed) || typed.length > 8) {
          problem = hint.getAttribute('data-bad') || '';
        }
        hint.textContent = problem || help;
        hint.classList.toggle('is-bad', !!problem);
        if (problem) input.setAttribute('aria-invalid', 'true');
        else input.removeAttribute('aria-invalid');
        full.textContent = (plausible ? digits : '…') + number;
        if (plausible) {
          call.href = 'tel:' + digits + number;
          call.removeAttribute('aria-disabled');
        } else {
          call.removeAttribute('href');
          call.setAttribute('aria-disabled', 'true');
        }
      }
      input.addEventListener('input', update);
      update();
    });
  }

  /* A site built without offline reading (`offline: false`: its pages link no app
     manifest) retires the service worker
     an earlier build of it left in this browser, and the copies that worker saved, so
     no reader keeps an old copy. Only this site's: another guide on the same host
     keeps its own. */
  function retireOffline() {
    var sw = navigator.serviceWorker, box = document.getElementById('search');
    if (!sw || !box || location.protocol === 'file:' ||
        document.querySelector('link[rel="manifest"]')) return;
    var root = new URL(box.getAttribute('data-root') || './', document.baseURI).href;
    sw.getRegistrations().then(function (all) {
      all.forEach(function (r) { if (r.scope === root) r.unregister(); });
    }).catch(function () {});
    if (window.caches) {
      caches.keys().then(function (names) {
        names.forEach(function (n) { if (n.indexOf('waymark ' + root + ' ') === 0) caches.delete(n); });
      }).catch(function () {});
    }
  }

  initScheme();
  retireOffline();
  initNav(window.WaymarkNav);
  initMenu();
  initColophon();
  initLanguages();
  initDial();
  initSteps();
  initSearch();
  highlightLanding();
  window.addEventListener('hashchange', highlightLanding);
  /* The page's script has run: styles and tests can tell. */
  document.documentElement.setAttribute('data-waymark', 'ready');
})();
