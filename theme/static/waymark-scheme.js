/* Waymark: the reader's chosen colour scheme, applied in the head before the first
   paint, so a page never flashes the other scheme. The choice is made in the header
   (waymark.js); without a stored choice the system's scheme applies. */
try {
  var waymarkScheme = window.localStorage.getItem('waymark:theme');
  if (waymarkScheme === 'light' || waymarkScheme === 'dark') {
    document.documentElement.setAttribute('data-theme', waymarkScheme);
  }
} catch (e) { /* storage blocked: the system's scheme */ }
