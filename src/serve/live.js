/* Waymark serve: reloads this page when a rebuild finishes, keeping the scroll position,
   and shows build errors over the page. Served only by `waymark serve`, never built into
   a site. Long-polls one request at a time (no server-sent events, which would hold one
   of the browser's few connections per host for good), only while the tab is visible,
   and retries quietly while the server is gone. */
(function () {
  'use strict';
  var me = document.currentScript;
  var build = Number((me && me.src.match(/[?&]build=(\d+)/) || [0, 0])[1]);
  var key = 'waymark-serve-scroll:' + location.pathname;
  var pending = false, first = true, overlay = null;

  // A service worker left by a `waymark build` served earlier on this origin would
  // answer from its saved pages: it and its caches go (serve also answers its address
  // with a worker that retires itself).
  if (navigator.serviceWorker) {
    navigator.serviceWorker.getRegistrations().then(function (all) {
      all.forEach(function (r) { r.unregister(); });
    }).catch(function () {});
  }
  if (window.caches) {
    caches.keys().then(function (names) {
      names.forEach(function (n) { if (n.indexOf('waymark ') === 0) caches.delete(n); });
    }).catch(function () {});
  }

  try {
    var y = sessionStorage.getItem(key);
    if (y !== null) {
      sessionStorage.removeItem(key);
      window.addEventListener('load', function () { window.scrollTo(0, Number(y)); });
    }
  } catch (e) { /* no storage: reload goes to the top */ }

  function showErrors(text) {
    if (!overlay) {
      overlay = document.createElement('div');
      overlay.id = 'waymark-serve-errors';
      overlay.setAttribute('role', 'alert');
      overlay.style.cssText = 'position:fixed;inset:auto 0 0 0;max-height:70vh;overflow:auto;z-index:2147483647;' +
        'background:#1d1d1d;color:#f5f5f5;font:13px/1.45 ui-monospace,monospace;padding:12px 16px;border-top:4px solid #d33';
      var close = document.createElement('button');
      close.type = 'button';
      close.textContent = '×';
      close.setAttribute('aria-label', 'Dismiss');
      close.style.cssText = 'float:right;font-size:20px;background:none;color:inherit;border:0;cursor:pointer';
      close.addEventListener('click', function () { overlay.hidden = true; });
      var pre = document.createElement('pre');
      pre.style.cssText = 'margin:0;padding:0;white-space:pre-wrap;background:transparent;color:inherit;font:inherit;border:0';
      overlay.appendChild(close);
      overlay.appendChild(pre);
      document.body.appendChild(overlay);
    }
    overlay.lastChild.textContent = text;
    overlay.hidden = false;
  }

  function poll() {
    if (pending || document.hidden) return;
    pending = true;
    var x = new XMLHttpRequest();
    x.open('GET', '/__waymark/wait?build=' + build + (first ? '&now=1' : ''));
    x.timeout = 60000;
    x.onload = function () {
      pending = false;
      var state;
      try { state = JSON.parse(x.responseText); } catch (e) { return setTimeout(poll, 2000); }
      var changed = state.build !== build;
      first = false;
      build = state.build;
      if (state.errors) { showErrors(state.errors); poll(); }
      else if (changed) {
        try { sessionStorage.setItem(key, String(window.scrollY)); } catch (e) { /* ignore */ }
        location.reload();
      } else poll();
    };
    x.onerror = x.ontimeout = function () { pending = false; setTimeout(poll, 2000); };
    x.send();
  }

  document.addEventListener('visibilitychange', poll);
  poll();
})();
