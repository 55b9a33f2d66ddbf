// The button that saves a chapter of a guide too large to be saved whole (or the whole
// guide, while the reader's browser asks to save data), with its size; loaded by
// waymark-offline.js, which hands over what it knows.
(() => {
  const o = window.WaymarkOffline, d = o.d, main = document.querySelector("main");
  const render = (a) => {
    const c = a.chapter;
    let box = document.querySelector(".offline-save");
    o.show(a);
    if (!c || !main) return;
    // At the end of the page's text, before the links to the next page: the reader's
    // next step stays where it was.
    if (!box) {
      box = o.el("p", "offline-save");
      const pager = main.querySelector(".pager");
      pager ? pager.before(box) : main.append(box);
    }
    box.setAttribute("role", "status");
    const done = c.saved || a.state == "ready";
    // (A guide saved whole says so in the footer already.)
    box.textContent = done && !c.whole ? d.saved : "";
    if (done) return;
    const size = c.bytes < 1e6 ? Math.ceil(c.bytes / 1e3) + " KB" : (c.bytes / 1e6).toFixed(1) + " MB";
    const b = o.el("button", "button", (c.whole ? d.saveAll : d.save) + d.size.replace("{size}", size));
    b.type = "button";
    b.onclick = () => {
      b.disabled = true;
      o.ask("chapter").then(render, () => (box.textContent = d.failed));
    };
    box.append(b);
  };
  render(o.a);
})();
