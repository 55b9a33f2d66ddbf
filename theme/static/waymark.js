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

  initSteps();
})();
