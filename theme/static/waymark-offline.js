// Offline reading of a hosted guide: registers the service worker (never from file://),
// says when the guide can be read offline, loads the button that saves a chapter of a
// large guide, and tells an open page that a new build is online.
(() => {
  const d = document.currentScript.dataset, sw = navigator.serviceWorker, doc = document;
  if (!sw || !window.isSecureContext || location.protocol == "file:") return;
  const root = new URL(d.root || "./", doc.baseURI).href, html = doc.documentElement;
  const el = (tag, cls, text) => {
    const e = doc.createElement(tag);
    e.className = cls;
    e.textContent = text || "";
    return e;
  };
  const ask = (what) =>
    sw.ready.then((reg) => new Promise((ok, no) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = (e) => (e.data.error ? no() : ok(e.data));
      (sw.controller || reg.active).postMessage({ do: what }, [ch.port2]);
    }));
  const show = (a) => {
    const foot = doc.querySelector(".site-footer");
    let st = doc.querySelector(".offline-status");
    if (a.state) {
      html.dataset.offline = a.state;
      if (foot && !st) foot.append(st = el("p", "offline-status"));
      st.textContent = a.state == "ready" ? d.ready : d.partial;
    }
    // A chapter of a guide too large to save whole, or the whole guide while the reader
    // saves data: its button comes with its script.
    if (a.chapter && a.state != "ready" && !window.WaymarkOffline) {
      window.WaymarkOffline = { ask, show, el, a, d };
      doc.head.append(Object.assign(doc.createElement("script"), { src: root + "assets/waymark-offline-save.js" }));
    }
  };
  const update = () => sw.getRegistration(root).then((r) => r && r.update().catch(() => {}));
  sw.addEventListener("message", (e) => {
    if (!e.data || e.data.waymark != "updated" || doc.querySelector(".offline-update")) return;
    const bar = el("div", "offline-update", d.updated + " "), b = el("button", "button", d.reload);
    bar.setAttribute("role", "status");
    b.type = "button";
    b.onclick = () => location.reload();
    bar.append(b);
    doc.body.append(bar);
  });
  // (Messages queue until the document has loaded; the worker speaks only later.)
  const start = () =>
    sw.register(root + "waymark-sw.js", { scope: root })
      .then(() => ask(navigator.connection && navigator.connection.saveData ? "state" : "fill"))
      .then(show, () => {});
  addEventListener("online", update);
  doc.addEventListener("visibilitychange", () => doc.hidden || update());
  doc.readyState == "complete" ? start() : addEventListener("load", () => (window.requestIdleCallback || setTimeout)(start));
})();
