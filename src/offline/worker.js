// Waymark's service worker: keeps a hosted guide readable with no signal. What it
// keeps and why is in src/offline/mod.rs. One cache per build; each open page is
// served from the cache of the build it came from.
const VERSION = "__VERSION__";
const SCOPE = self.registration.scope;
const PREFIX = "waymark " + SCOPE + " ";
const CURRENT = PREFIX + VERSION;
const CLIENTS = PREFIX + "clients";
const LIST = "__LIST__";
const SAVED = LIST + "?saved";
const files = (m) => Object.keys(m.files);

const url = (rel) => new URL(rel, SCOPE).href;
// A URL's path below the scope, decoded, with folders as their index page; null
// outside the scope.
const relOf = (href) => {
  const path = href.split(/[?#]/)[0];
  if (!path.startsWith(SCOPE)) return null;
  try {
    const rel = decodeURIComponent(path.slice(SCOPE.length));
    return rel === "" || rel.endsWith("/") ? rel + "index.html" : rel;
  } catch (e) {
    return null;
  }
};
const hex = (b) => [...new Uint8Array(b, 0, 12)].map((x) => x.toString(16).padStart(2, "0")).join("");
const digest = async (bytes) => hex(await crypto.subtle.digest("SHA-256", bytes));
const inCache = (rel, name) => caches.match(url(rel), { cacheName: name });

let list;
// This build's manifest: from its cache once saved, else from the host, and only if
// the host still has this build.
const load = () =>
  (list ||= inCache(LIST, CURRENT)
    .then((r) => r || fetch(url(LIST) + "?v=" + VERSION, { cache: "no-store" }))
    .then((r) => r.json())
    .then((m) => {
      if (m.version !== VERSION) throw VERSION;
      return m;
    })
    .catch((e) => {
      list = null;
      throw e;
    }));

// What a build's cache holds: "all", "shell" or "" (nothing saved yet).
const savedIn = async (name) => {
  const r = await inCache(SAVED, name);
  return r ? r.text() : "";
};
const state = () => savedIn(CURRENT);
const mark = async (s) => (await caches.open(CURRENT)).put(url(SAVED), new Response(s));

// Which build each open page came from (by client id): VERSION, an older one, or ""
// (a page newer than this worker, whose files come from the host). Kept in a cache
// too, since a worker may be stopped between a page's requests.
let owners;
const book = () =>
  (owners ||= inCache("waymark-clients", CLIENTS).then((r) => (r ? r.json() : {})));
const ownerOf = async (id) => (id && (await book())[id]) ?? VERSION;
const own = async (id, v, all) => {
  const o = await book();
  if (id) o[id] = v;
  if (all) for (const k in o) if (!all.has(k)) delete o[k];
  await (await caches.open(CLIENTS)).put(url("waymark-clients"), new Response(JSON.stringify(o)));
};
// Caches of this site's other builds.
const earlier = async () =>
  (await caches.keys()).filter((n) => n.startsWith(PREFIX) && n !== CURRENT && n !== CLIENTS);

// Saves `paths` of build `m` into its cache: unchanged files are copied from an
// earlier build's cache, the others fetched and checked against their hash.
async function store(paths, m) {
  const cache = await caches.open(CURRENT);
  await cache.put(url(LIST), new Response(JSON.stringify(m)));
  const lists = [];
  for (const name of await earlier()) {
    const r = await inCache(LIST, name);
    if (r) lists.push([name, (await r.json()).files]);
  }
  const queue = paths.filter((p) => m.files[p]);
  const work = async () => {
    for (let p; (p = queue.pop()) !== undefined; ) {
      if (await cache.match(url(p))) continue;
      const hash = m.files[p][1];
      let r;
      for (const [name, files] of lists) {
        if (files[p] && files[p][1] === hash && (r = await inCache(p, name))) break;
      }
      if (!r) {
        const got = await fetch(url(p), { cache: "no-cache" });
        const body = await got.arrayBuffer();
        if (!got.ok || (await digest(body)) !== hash) throw p;
        r = new Response(body, { headers: got.headers });
      }
      await cache.put(url(p), r);
    }
  };
  await Promise.all([1, 2, 3, 4].map(work));
}

// What the reader had saved of earlier builds is brought up to this one.
self.addEventListener("install", (e) =>
  e.waitUntil(
    (async () => {
      const m = await load();
      let saved = "";
      const keep = new Set();
      for (const name of await earlier()) {
        const was = await savedIn(name);
        if (was === "all" || (was && !saved)) saved = was;
        for (const r of await (await caches.open(name)).keys()) {
          const p = relOf(r.url);
          if (p && m.files[p]) keep.add(p);
        }
      }
      const all = saved === "all" && m.whole;
      if (saved) (all ? files(m) : m.shell).forEach((p) => keep.add(p));
      await store([...keep], m);
      if (saved) await mark(all ? "all" : "shell");
      await self.skipWaiting();
    })()
  )
);

// Caches of builds no open page came from are deleted; so are closed pages' owners
// when `forget` (on activation: while a page is being opened, it may not be listed).
async function prune(forget) {
  const live = new Set([VERSION]);
  const ids = new Set();
  for (const c of await self.clients.matchAll({ includeUncontrolled: true })) {
    ids.add(c.id);
    live.add(await ownerOf(c.id));
  }
  if (forget) await own(null, null, ids);
  for (const name of await earlier()) if (!live.has(name.slice(PREFIX.length))) await caches.delete(name);
}

self.addEventListener("activate", (e) =>
  e.waitUntil(
    (async () => {
      await self.clients.claim();
      for (const c of await self.clients.matchAll({ type: "window" })) {
        if ((await ownerOf(c.id)) !== VERSION) c.postMessage({ waymark: "updated" });
      }
      await prune(true);
    })()
  )
);

// A page: from the host first, the saved copy when the host cannot be reached in
// time, else the offline page of its language.
async function page(e, p) {
  const id = e.resultingClientId;
  let m;
  try {
    m = await load();
    // A host that serves `a.html` at `a` (pretty URLs).
    if (!m.files[p] && m.files[p + ".html"]) p += ".html";
  } catch (err) {}
  try {
    const r = await Promise.race([
      fetch(e.request),
      new Promise((_, no) => setTimeout(no, __WAIT__)),
    ]);
    if (r.ok && m) {
      const entry = m.files[p];
      const same = entry && entry[1] === (await digest(await r.clone().arrayBuffer()));
      // A page of a newer build: the browser checks for the new worker after every
      // navigation, and meanwhile the page's files come from the host.
      await own(id, same ? VERSION : "");
      if (same && (await state())) await (await caches.open(CURRENT)).put(url(p), r.clone());
    }
    return r;
  } catch (err) {
    // (A page opened from its saved copy or the offline page has no owner yet: it is
    // this build's.)
    return (await inCache(p, CURRENT)) || offline(p, m);
  }
}

// The offline page of the language `p` is in (its not-found page if the build has no
// `p`), shown at `p`'s address: a <base> makes its links and scripts resolve from
// where it was written.
async function offline(p, m) {
  const folder = ((m && m.languages) || []).find((l) => p.startsWith(l)) || "";
  const shown = folder + (m && !m.files[p] ? "404.html" : "__OFFLINE__");
  const r = await inCache(shown, CURRENT);
  if (!r) return Response.error();
  const html = (await r.text()).replace(/<head>/i, '<head><base href="' + url(shown) + '">');
  // (A new body: not the saved copy's headers, whose length no longer fits.)
  return new Response(new Blob([html], { type: "text/html" }));
}

// Any other file: from the cache of its page's build, else the host (kept when it is
// this build's and the reader saves pages), else any saved copy.
async function file(e, p) {
  const v = await ownerOf(e.clientId);
  if (v) {
    const hit = await inCache(p, PREFIX + v);
    if (hit) return hit;
  }
  try {
    const r = await fetch(e.request);
    if (r.ok && v === VERSION && (await state())) {
      const m = await load();
      const body = await r.clone().arrayBuffer();
      if (m.files[p] && m.files[p][1] === (await digest(body))) {
        await (await caches.open(CURRENT)).put(url(p), new Response(body, { headers: r.headers }));
      }
    }
    return r;
  } catch (err) {
    const hit = await caches.match(url(p));
    if (hit) return hit;
    throw err;
  }
}

self.addEventListener("fetch", (e) => {
  const r = e.request;
  const p = r.method === "GET" ? relOf(r.url) : null;
  if (p === null) return;
  if (r.mode !== "navigate") return e.respondWith(file(e, p));
  const done = page(e, p);
  e.respondWith(done);
  // The page left may have been the last of its build.
  e.waitUntil(done.then(() => prune()));
});

// The page script's questions: save the site (or its shell), save a chapter, and
// what is saved; each answered on the port the page sends with it.
self.addEventListener("message", (e) => {
  const port = e.ports[0];
  const ask = e.data || {};
  const from = e.source;
  e.waitUntil(
    (async () => {
      try {
        if (from && !(from.id in (await book()))) await own(from.id, VERSION);
        const m = await load();
        // What the page offers to save: its chapter, or the whole guide of a site
        // saved whole (asked for only while the reader saves data).
        const [bytes, chapter] = m.whole ? [m.bytes, files(m)] : m.chapters[from && relOf(from.url)] || [];
        if (ask.do === "fill") {
          await store(m.whole ? files(m) : m.shell, m);
          await mark(m.whole ? "all" : "shell");
        } else if (ask.do === "chapter" && chapter) {
          await store(m.shell.concat(chapter), m);
          if (m.whole) await mark("all");
          else if (!(await state())) await mark("shell");
        }
        const s = await state();
        let chapterInfo = null;
        if (chapter) {
          const have = await Promise.all(chapter.map((p) => inCache(p, CURRENT)));
          chapterInfo = { bytes, saved: have.every(Boolean), whole: m.whole };
        }
        port.postMessage({ state: s === "all" ? "ready" : s ? "partial" : "", chapter: chapterInfo });
      } catch (err) {
        port.postMessage({ error: String(err) });
      }
    })()
  );
});
