// An alias page (an old address of a moved page) sends the reader on with the part
// of the address after `#`, so a bookmarked step (`old.html#step-2`) lands on that
// step at the page's new address. Without script the page's refresh still leads to
// the page, at its top.
(function () {
  var refresh = document.querySelector('meta[http-equiv="refresh"]');
  if (!refresh || !location.hash) return;
  var to = refresh.getAttribute('content').replace(/^[^;]*;\s*url=/i, '');
  location.replace(to + location.hash);
})();
