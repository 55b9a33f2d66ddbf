//! The reader's real conditions, measured in Chromium with the fonts a Chinese phone
//! has (CI installs `fonts-noto-cjk`): where a link to a step lands, the size of text
//! and of everything to tap, and whether the page moves after its first paint.

use std::time::Duration;

use serde_json::Value;

use super::server::StaticServer;
use super::{chromium, file_url, published_default, Session};

/// The two screens every layout figure is taken on: a phone and a desktop.
const SCREENS: [(u32, u32); 2] = [(390, 844), (1280, 900)];

fn screen(session: &Session, (width, height): (u32, u32)) {
    if width < 600 {
        session.phone(width, height);
    } else {
        session.desktop(width, height);
    }
}

/// Every HTML page of the default site, channel pages first.
fn pages(site: &waymark::Site) -> Vec<String> {
    let mut pages: Vec<String> = site
        .files
        .keys()
        .filter(|k| k.ends_with(".html"))
        .cloned()
        .collect();
    pages.sort_by_key(|p| (!p.starts_with("channels/"), p.clone()));
    pages
}

/// Fails with the fonts the real reader has missing: a figure measured on empty boxes
/// is not a figure.
fn assert_cjk_glyphs(session: &Session) {
    let widths = session.eval(
        "(() => { const c = document.createElement('canvas').getContext('2d');\
           const w = f => { c.font = '40px ' + f; return c.measureText('投诉渠道').width; };\
           return JSON.stringify([w(getComputedStyle(document.body).fontFamily), w('monospace')]); })()",
    );
    let (page_font, fallback): (f64, f64) = serde_json::from_str(widths.as_str().unwrap()).unwrap();
    let shown = session.eval("document.fonts.check('40px \"Noto Sans CJK SC\"', '投诉')");
    assert!(
        page_font > 100.0 && fallback > 100.0 && shown == Value::Bool(true),
        "Chinese is not drawn with a real CJK font here (widths {page_font}, {fallback}); \
         install Debian's `fonts-noto-cjk` (as .ci/run does)"
    );
}

/// Where step `n` is: the top of its box (its number sits inside it), its title's
/// bottom, and the lowest bottom edge of every sticky or fixed element that is stuck
/// to the top of the screen over the step's column.
fn landing(session: &Session, n: usize) -> (f64, f64, f64) {
    let js = format!(
        "(() => {{ const step = document.getElementById('step-{n}').getBoundingClientRect();\
           const title = document.querySelector('#step-{n} .step-title').getBoundingClientRect();\
           let low = 0; for (const e of document.querySelectorAll('body *')) {{\
             const s = getComputedStyle(e); if (s.position !== 'sticky' && s.position !== 'fixed') continue;\
             const r = e.getBoundingClientRect();\
             if (!r.width || !r.height || r.bottom <= 0 || r.top > innerHeight / 2 || s.visibility === 'hidden') continue;\
             if (r.right <= step.left || r.left >= step.right) continue;\
             if (s.position === 'fixed' || r.top <= (parseFloat(s.top) || 0) + 1) low = Math.max(low, r.bottom); }}\
           return JSON.stringify([step.top, title.bottom, low]); }})()"
    );
    let v = session.eval(&js);
    serde_json::from_str(v.as_str().unwrap()).unwrap()
}

#[test]
fn every_step_link_lands_below_the_sticky_bars() {
    let Some(chrome) = chromium("every_step_link_lands_below_the_sticky_bars") else {
        return;
    };
    let (_holder, public, site) = published_default();
    let session = chrome.session();
    let channel_pages: Vec<String> = pages(site)
        .into_iter()
        .filter(|p| p.starts_with("channels/"))
        .collect();
    assert_eq!(channel_pages.len(), 6);
    let mut problems = Vec::new();
    let mut landed = 0;
    for size in SCREENS {
        screen(&session, size);
        for page in &channel_pages {
            let url = file_url(&public, page);
            // A link inside the page (a search result on the same page, a step link).
            session.open(&url);
            assert_cjk_glyphs(&session);
            session.eval("location.hash = '#step-2'");
            // The scroll and the page's `hashchange` handler, then a frame drawn.
            std::thread::sleep(Duration::from_millis(100));
            session.eval(
                "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))",
            );
            let (top, bottom, cover) = landing(&session, 2);
            if top < cover - 0.5 || bottom > f64::from(size.1) {
                problems.push(format!(
                    "{page}: an in-page link to #step-2 at {}px leaves it at {top:.0} px under bars ending at {cover:.0} px",
                    size.0
                ));
            }
            let steps = session
                .eval("document.querySelectorAll('.step').length")
                .as_u64()
                .unwrap() as usize;
            for n in 1..=steps {
                // A typed or followed URL: a fresh load that lands on the step.
                // A query string makes it a fresh load even after the same page.
                session.open_ready(&format!("{url}?land={n}#step-{n}"));
                let (top, bottom, cover) = landing(&session, n);
                let height = f64::from(size.1);
                if top < cover - 0.5 || bottom > height {
                    problems.push(format!(
                        "{page}#step-{n} at {}px: the step starts at {top:.0} px under bars ending at {cover:.0} px, its title ends at {bottom:.0} px",
                        size.0
                    ));
                }
                landed += 1;
            }
        }
    }
    assert!(landed > 40, "only {landed} landings measured");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The overview's start buttons land on step 1, below the bars.
    screen(&session, SCREENS[0]);
    session.open(&file_url(&public, "channels.html"));
    session.follow(".channel-card .button");
    session.wait_for("location.hash === '#step-1'", "landing on step 1");
    session.wait_for("document.documentElement.dataset.waymark", "the script");
    let (top, _, cover) = landing(&session, 1);
    assert!(
        top >= cover - 0.5,
        "start button: step 1 at {top} under {cover}"
    );
    session.assert_clean(&["file://"]);
}

#[test]
fn the_sticky_progress_bar_is_one_line() {
    let Some(chrome) = chromium("the_sticky_progress_bar_is_one_line") else {
        return;
    };
    let (_holder, public, _) = published_default();
    let session = chrome.session();
    for size in [(320, 640), SCREENS[0], SCREENS[1]] {
        screen(&session, size);
        session.open(&file_url(&public, "channels/hotline-12315.html"));
        assert_cjk_glyphs(&session);
        let heights = session.eval(
            "JSON.stringify([...document.querySelectorAll('.progress, .progress > *')].map(e => [e.className, e.getBoundingClientRect().top, e.getBoundingClientRect().height]))",
        );
        let rows: Vec<(String, f64, f64)> =
            serde_json::from_str(heights.as_str().unwrap()).unwrap();
        let bar = &rows[0];
        assert!(
            bar.2 <= 56.0,
            "{size:?}: the progress bar is {} px tall",
            bar.2
        );
        for (class, top, height) in &rows[1..] {
            assert!(
                *top >= bar.1 && top + height <= bar.1 + bar.2 + 0.5,
                "{size:?}: `{class}` wraps out of the bar: {rows:?}"
            );
        }
    }
}

/// Ticks, then starts over, then takes it back: nothing is lost to a slip.
#[test]
fn starting_over_can_be_undone() {
    let Some(chrome) = chromium("starting_over_can_be_undone") else {
        return;
    };
    let (_holder, public, _) = published_default();
    let session = chrome.session();
    session.phone(390, 844);
    session.open_ready(&file_url(&public, "channels/app.html"));
    assert_eq!(
        session.eval("document.querySelector('.progress-reset').disabled"),
        Value::Bool(true),
        "nothing to clear yet"
    );
    session.eval("document.querySelector('#step-1 .step-check input').click(); document.querySelector('#step-2 .step-check input').click()");
    session.eval("document.querySelector('.progress-reset').click()");
    assert_eq!(
        session.eval("document.querySelectorAll('.step-check input:checked').length"),
        Value::from(0)
    );
    assert_eq!(
        session.eval("document.querySelector('.progress-reset').textContent"),
        Value::from("撤销")
    );
    session.eval("document.querySelector('.progress-reset').click()");
    assert_eq!(
        session.eval("document.querySelectorAll('.step-check input:checked').length"),
        Value::from(2),
        "undo brings the ticks back"
    );
    let total = session.eval("document.querySelectorAll('.step').length");
    assert_eq!(
        session.eval("document.querySelector('.progress-text').textContent"),
        Value::from(format!("已完成 2/{total} 步"))
    );
    session.assert_clean(&["file://"]);
}

/// Text a phone reader can read and targets a thumb can hit: body-level text at
/// least 14 px; every link and control at least 24×24 px (WCAG 2.2 target size; a
/// link inside a sentence is exempt in width, never in height); primary actions (call,
/// start, dial) at least 44 px tall.
#[test]
fn text_and_targets_are_phone_sized() {
    let Some(chrome) = chromium("text_and_targets_are_phone_sized") else {
        return;
    };
    let (_holder, public, site) = published_default();
    let session = chrome.session();
    let mut problems = Vec::new();
    let mut measured = 0;
    for size in SCREENS {
        screen(&session, size);
        for page in pages(site) {
            session.open_ready(&file_url(&public, &page));
            let found = session.eval(
                "(() => { const out = []; let n = 0;\
                   const seen = e => { const r = e.getBoundingClientRect(); if (!r.width || !r.height) return null;\
                     for (let p = e; p; p = p.parentElement) { const s = getComputedStyle(p); if (s.display === 'none' || s.visibility === 'hidden' || p.classList.contains('visually-hidden')) return null; }\
                     return r; };\
                   for (const e of document.querySelectorAll('body *')) {\
                     if (![...e.childNodes].some(t => t.nodeType === 3 && t.nodeValue.trim())) continue;\
                     if (!seen(e)) continue; n++;\
                     const px = parseFloat(getComputedStyle(e).fontSize);\
                     if (px < 14) out.push('text ' + px.toFixed(1) + 'px: ' + e.tagName + '.' + e.className + ' “' + e.textContent.trim().slice(0, 30) + '”'); }\
                   for (const e of document.querySelectorAll('a[href], button, input, select, summary, label.step-check')) {\
                     const r = seen(e); if (!r) continue; n++;\
                     const inline = getComputedStyle(e).display === 'inline';\
                     const what = e.tagName + '.' + e.className + ' “' + (e.textContent || e.value || e.placeholder || '').trim().slice(0, 30) + '”';\
                     if (r.height < 24 || (!inline && r.width < 24)) out.push('target ' + r.width.toFixed(0) + '×' + r.height.toFixed(0) + ': ' + what);\
                     const primary = e.matches('.button, .tel, .dial-call, .dial-prefix, .step-check');\
                     if (primary && r.height < 44) out.push('primary action ' + r.height.toFixed(0) + ' px tall: ' + what); }\
                   return JSON.stringify([n, out]); })()",
            );
            let (n, found): (usize, Vec<String>) =
                serde_json::from_str(found.as_str().unwrap()).unwrap();
            measured += n;
            problems.extend(
                found
                    .into_iter()
                    .map(|f| format!("{page} at {}px: {f}", size.0)),
            );
        }
    }
    assert!(measured > 500, "only {measured} elements measured");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Where everything in the first two screens of the page stands: each element with
/// text of its own, keyed by tag, text and occurrence, with its box.
const POSITIONS: &str = "(() => { const seen = {}, out = {};\
    for (const e of document.querySelectorAll('header *, main *')) {\
      const own = [...e.childNodes].filter(t => t.nodeType === 3).map(t => t.nodeValue).join('').trim();\
      if (!own) continue; const r = e.getBoundingClientRect();\
      if (!r.width || !r.height || r.top > 2 * innerHeight) continue;\
      const key = e.tagName + ' ' + own.slice(0, 24); seen[key] = (seen[key] || 0) + 1;\
      out[key + ' #' + seen[key]] = [r.left, r.top + scrollY, r.width, r.height]; }\
    return JSON.stringify([innerWidth, innerHeight, out]); })()";

type Boxes = std::collections::BTreeMap<String, [f64; 4]>;

/// Where everything stands on the page at `url` once loaded; with its scripts, 150 ms
/// later, so that what they do after the load is done too. (Without scripts nothing
/// moves after the load: no web fonts, images are in before it.)
fn positions(session: &Session, url: &str, scripts: bool) -> (f64, f64, Boxes) {
    session.open(url);
    if scripts {
        std::thread::sleep(Duration::from_millis(150));
    }
    serde_json::from_str(session.eval(POSITIONS).as_str().unwrap()).unwrap()
}

/// A layout-shift score in the manner of CLS (impact fraction × distance fraction)
/// between a page before its scripts ran and after, with what moved.
fn shift_between(before: &(f64, f64, Boxes), after: &Boxes) -> (f64, Vec<String>) {
    let (w, h, boxes) = before;
    let (mut area, mut distance, mut moved) = (0.0f64, 0.0f64, Vec::new());
    for (key, b) in boxes {
        let Some(a) = after.get(key) else { continue };
        let d = (a[0] - b[0]).abs().max((a[1] - b[1]).abs());
        if d <= 1.0 || b[1] > *h {
            continue;
        }
        let visible = |r: &[f64; 4]| {
            (r[0] + r[2]).min(*w).max(0.0) - r[0].max(0.0).min(*w)
        } * ((r[1] + r[3]).min(*h).max(0.0) - r[1].max(0.0).min(*h));
        area += visible(b).max(visible(a));
        distance = distance.max(d);
        moved.push(format!("{key} moved {d:.0} px"));
    }
    let score = (area / (w * h)).min(1.0) * (distance / w.max(*h)).min(1.0);
    (score, moved)
}

/// The page does not move once painted: where everything stands before the page's
/// scripts run (they are held back, as on a slow connection) and after, compared
/// element by element, on every page kind at both widths and after landing on a step.
/// Everything script adds has its place in the HTML from the start. (Chromium's own
/// Layout Instability entries depend on when a headless frame happens to be drawn, so
/// the comparison is made directly.)
#[test]
fn no_layout_shift_when_the_scripts_run() {
    let Some(chrome) = chromium("no_layout_shift_when_the_scripts_run") else {
        return;
    };
    let (_holder, public, site) = published_default();
    // A page whose script inserts a block: the measurement must see it move the page.
    let control = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(control.path().join("assets")).unwrap();
    std::fs::write(
        control.path().join("shifty.html"),
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>t</title></head><body>\
         <header><p>页头</p></header><main><p style=\"height:200px\">第一段文字。</p><p style=\"height:200px\">第二段文字。</p><p style=\"height:200px\">第三段文字。</p></main>\
         <script src=\"assets/shifty.js\"></script></body></html>",
    )
    .unwrap();
    std::fs::write(
        control.path().join("assets/shifty.js"),
        "var d = document.createElement('div'); d.style.height = '120px'; document.querySelector('main').prepend(d);",
    )
    .unwrap();
    let scripts = [
        "assets/nav.js",
        "assets/waymark.js",
        "assets/waymark-search.js",
        "assets/waymark-scheme.js",
    ];
    let without = StaticServer::start_without(&public, &scripts);
    let with = StaticServer::start(&public);
    let control_without = StaticServer::start_without(control.path(), &["assets/shifty.js"]);
    let control_with = StaticServer::start(control.path());
    let session = chrome.session();
    let mut problems = Vec::new();
    for size in SCREENS {
        screen(&session, size);
        let (control, _) = shift_between(
            &positions(
                &session,
                &format!("{}shifty.html", control_without.base),
                false,
            ),
            &positions(&session, &format!("{}shifty.html", control_with.base), true).2,
        );
        assert!(
            control > 0.05,
            "a block added by script was not seen moving the page ({control}); the measurement is broken"
        );
        for page in pages(site) {
            let mut paths = vec![page.clone()];
            if page.starts_with("channels/") {
                paths.push(format!("{page}#step-3"));
            }
            for path in paths {
                let before = positions(&session, &format!("{}{path}", without.base), false);
                assert!(before.2.len() > 5, "{path}: nothing measured");
                let after = positions(&session, &format!("{}{path}", with.base), true);
                assert_eq!(
                    session.eval("document.documentElement.dataset.waymark"),
                    Value::from("ready")
                );
                let (score, moved) = shift_between(&before, &after.2);
                // Chromium's own account of the load, from the Layout Instability API.
                const ENTRIES: &str = "new Promise(done => { let sum = 0; new PerformanceObserver(list => {\
                   for (const e of list.getEntries()) if (!e.hadRecentInput) sum += e.value; })\
                   .observe({ type: 'layout-shift', buffered: true }); setTimeout(() => done(sum), 100); })";
                // A shift the page makes shows on every load; one that depends on when
                // a frame was drawn (another test, a busy machine) does not: up to three
                // more fresh loads before it counts.
                let mut observed = session
                    .eval(ENTRIES)
                    .as_f64()
                    .expect("layout-shift entries");
                for _ in 0..3 {
                    if observed <= 0.05 {
                        break;
                    }
                    session.open("about:blank");
                    positions(&session, &format!("{}{path}", with.base), true);
                    let again = session
                        .eval(ENTRIES)
                        .as_f64()
                        .expect("layout-shift entries");
                    observed = observed.min(again);
                }
                if observed > 0.05 {
                    problems.push(format!(
                        "{path} at {}px: layout-shift entries add up to {observed:.3}",
                        size.0
                    ));
                }
                if score > 0.05 || moved.len() > 3 {
                    problems.push(format!(
                        "{path} at {}px: shift {score:.3}: {}",
                        size.0,
                        moved.join("; ")
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Without JavaScript nothing that needs it is shown (search box, colour scheme,
/// progress bar, the area-code form), the number to call reads as written, and the
/// step boxes still tick.
#[test]
fn without_javascript_nothing_dead_is_shown() {
    let Some(chrome) = chromium("without_javascript_nothing_dead_is_shown") else {
        return;
    };
    let (_holder, public, _) = published_default();
    let session = chrome.session();
    session.disable_scripts();
    session.phone(390, 844);
    session.open(&file_url(&public, "channels/hotline-12315.html"));
    assert_eq!(
        session.eval("document.documentElement.dataset.waymark || 'no script'"),
        Value::from("no script")
    );
    let shown = session.eval(
        "JSON.stringify(['.search', '.scheme', '.progress', '.dial-form']\
           .filter(s => getComputedStyle(document.querySelector(s)).display !== 'none'))",
    );
    assert_eq!(
        shown,
        Value::from("[]"),
        "controls that need script are shown"
    );
    assert_eq!(
        session.eval("document.querySelector('.dial-text').innerText"),
        Value::from("区号+12315")
    );
    session.eval("document.querySelector('#step-1 .step-check input').click()");
    assert_eq!(
        session.eval("document.querySelector('#step-1 .step-check input').checked"),
        Value::Bool(true)
    );
}

/// A printed page ends with the site's name and, served from a host, the page's address.
#[test]
fn a_printed_page_names_the_site_and_its_address() {
    let Some(chrome) = chromium("a_printed_page_names_the_site_and_its_address") else {
        return;
    };
    let (_holder, public, site) = published_default();
    let server = StaticServer::start(&public);
    let session = chrome.session();
    session.media("print", "light");
    for page in pages(site).into_iter().filter(|p| !p.ends_with("404.html")) {
        let url = format!("{}{page}", server.base);
        // Each language names the site in its own words.
        let title = if page.starts_with("en/") {
            "Tmall shopping complaint guide"
        } else {
            "天猫购物投诉指南"
        };
        session.open_ready(&url);
        let colophon = session.eval(
            "(() => { const c = document.querySelector('.print-colophon');\
               return getComputedStyle(c).display === 'none' ? '' : c.innerText; })()",
        );
        let colophon = colophon.as_str().unwrap_or("");
        assert!(
            colophon.contains(title) && colophon.contains(&url),
            "{page}: printed colophon {colophon:?}"
        );
    }
    session.media("screen", "light");
    session.open(&format!("{}channels.html", server.base));
    assert_eq!(
        session.eval("getComputedStyle(document.querySelector('.print-colophon')).display"),
        Value::from("none"),
        "the colophon is for paper only"
    );
}

/// Navigation that goes where it says: on the contents and 404 pages no page is marked
/// current and every in-page link has its target; on a phone the menu opens the
/// navigation over the page, where the reader is, and closes again.
#[test]
fn menus_and_in_page_links_lead_somewhere() {
    let Some(chrome) = chromium("menus_and_in_page_links_lead_somewhere") else {
        return;
    };
    let (_holder, public, site) = published_default();
    let session = chrome.session();
    session.phone(390, 844);
    for page in pages(site) {
        session.open_ready(&file_url(&public, &page));
        let dead = session.eval(
            "JSON.stringify([...document.querySelectorAll('a[href^=\"#\"]')]\
               .map(a => a.getAttribute('href').slice(1)).filter(id => id && !document.getElementById(decodeURIComponent(id))))",
        );
        assert_eq!(
            dead,
            Value::from("[]"),
            "{page}: in-page links without a target"
        );
    }
    for page in ["toc.html", "404.html"] {
        session.open_ready(&file_url(&public, page));
        assert_eq!(
            session.eval(
                "document.querySelectorAll('#sidebar [aria-current], #sidebar .current').length"
            ),
            Value::from(0),
            "{page} marks a page of the site as the current one"
        );
    }
    session.open_ready(&file_url(&public, "after.html"));
    session.eval("window.scrollTo(0, 300)");
    session.eval("document.querySelector('.menu-link').click()");
    let opened = session.eval(
        "JSON.stringify([scrollY, document.getElementById('sidebar').getBoundingClientRect().top,\
           getComputedStyle(document.getElementById('sidebar')).position,\
           document.activeElement.closest('#sidebar') !== null,\
           document.querySelector('.menu-link').getAttribute('aria-expanded')])",
    );
    assert_eq!(
        opened,
        Value::from("[300,0,\"fixed\",true,\"true\"]"),
        "the menu opens over the page where the reader is, with the focus in it"
    );
    session.tab.press_key("Escape").expect("Escape");
    assert_eq!(
        session.eval("getComputedStyle(document.getElementById('sidebar')).position"),
        Value::from("static")
    );
    // A thumb closes it too: the close link is on the panel, big enough to tap.
    session.eval("document.querySelector('.menu-link').click()");
    let close = session.eval(
        "(() => { const r = document.querySelector('.nav-close a').getBoundingClientRect();\
           return r.width >= 44 && r.height >= 44 && r.top >= 0 && r.bottom <= innerHeight; })()",
    );
    assert_eq!(close, Value::Bool(true), "no close link on the open menu");
    session.eval("document.querySelector('.nav-close a').click()");
    assert_eq!(
        session.eval("document.body.classList.contains('nav-open')"),
        Value::Bool(false)
    );
}

/// Small phones too: no page scrolls sideways at 320 or 360 px, the area-code row of
/// the 12315 page included, with a code typed.
#[test]
fn small_phones_never_scroll_sideways() {
    let Some(chrome) = chromium("small_phones_never_scroll_sideways") else {
        return;
    };
    let (_holder, public, site) = published_default();
    let session = chrome.session();
    let mut problems = Vec::new();
    for width in [320, 360] {
        session.phone(width, 640);
        for page in pages(site) {
            session.open_ready(&file_url(&public, &page));
            session.eval(
                "(() => { const i = document.querySelector('.dial-prefix'); if (!i) return;\
                   i.value = '0571'; i.dispatchEvent(new Event('input')); })()",
            );
            let over = session.eval(
                "JSON.stringify([document.documentElement.scrollWidth - innerWidth,\
                   [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > innerWidth + 0.5\
                     && !e.closest('.table-wrap')).map(e => e.tagName + '.' + e.className).slice(0, 5)])",
            );
            let (overflow, wide): (f64, Vec<String>) =
                serde_json::from_str(over.as_str().unwrap()).unwrap();
            if overflow > 0.0 || !wide.is_empty() {
                problems.push(format!(
                    "{page} at {width}px: {overflow} px sideways; {wide:?}"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
