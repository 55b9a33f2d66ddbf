// The offline page the service worker shows for a page that is not saved: lists the
// saved pages of its language, by title, from the worker's caches.
(function () {
  var ul = document.querySelector("[data-offline-saved]"), d = document.currentScript.dataset;
  if (!ul || !window.caches) return;
  var base = document.baseURI, root = new URL(d.root || "./", base).href;
  var here = new URL(d.home || "./", base).href.slice(root.length), pre = "waymark " + root + " ", found = {};
  function el(tag, text) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    return e;
  }
  caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf(pre) == 0; }).map(function (n) {
      return caches.open(n).then(function (c) { return c.keys(); }).then(function (ks) {
        ks.forEach(function (k) { found[decodeURIComponent(k.url.slice(root.length))] = n; });
      });
    }));
  }).then(function () {
    return caches.match(root + "waymark-manifest.json");
  }).then(function (r) { return r.json(); }).then(function (m) {
    var others = m.languages.filter(function (l) { return l != here && l.indexOf(here) == 0; });
    return Promise.all(m.pages.filter(function (p) {
      return found[p] && p.indexOf(here) == 0 && !others.some(function (l) { return p.indexOf(l) == 0; });
    }).map(function (p) {
      return caches.match(root + encodeURI(p), { cacheName: found[p] }).then(function (r) { return r.text(); }).then(function (t) {
        var h = new DOMParser().parseFromString(t, "text/html").querySelector("h1");
        return [root + encodeURI(p), h ? h.textContent : p];
      });
    }));
  }).then(function (rows) {
    ul.textContent = "";
    rows.forEach(function (r) {
      var li = el("li"), a = el("a", r[1]);
      a.href = r[0];
      li.append(a);
      ul.append(li);
    });
    if (!rows.length) ul.append(el("li", ul.dataset.none));
  }, function () {});
})();
