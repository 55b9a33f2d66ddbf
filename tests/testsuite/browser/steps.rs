//! Following a channel's steps on a phone: ticking steps, progress that survives a
//! reload, and pages that fit a 390 px screen.

use serde_json::Value;

use super::{chromium, file_url, published, published_default, Session};

/// Opens a channel page and waits for its script to add the progress bar.
fn open_steps(session: &Session, url: &str) {
    session.open(url);
    session.wait_for(
        "document.querySelector('.progress:not([hidden])')",
        "the progress bar",
    );
}

#[test]
fn ticked_steps_survive_a_reload_and_move_the_progress_bar() {
    let Some(chrome) = chromium("ticked_steps_survive_a_reload_and_move_the_progress_bar") else {
        return;
    };
    let (_site, public) = published("guide");
    let session = chrome.session();
    open_steps(&session, &file_url(&public, "ch/app.html"));
    assert_eq!(
        session.eval("document.querySelectorAll('.step input[type=checkbox]').length"),
        Value::from(2)
    );
    let width_before =
        session.eval("document.querySelector('.progress-bar span').getBoundingClientRect().width");
    assert_eq!(width_before.as_f64(), Some(0.0));
    session.eval("document.querySelector('#step-2 input[type=checkbox]').click()");
    session.reload();
    session.wait_for(
        "document.querySelector('.progress:not([hidden])')",
        "the progress bar after reload",
    );
    assert_eq!(
        session.eval("document.querySelector('#step-2 input').checked"),
        Value::Bool(true),
        "step 2 stays ticked"
    );
    assert_eq!(
        session.eval("document.querySelector('#step-1 input').checked"),
        Value::Bool(false)
    );
    assert_eq!(
        session.eval("document.querySelector('.progress-text').textContent"),
        Value::from("已完成 1/2 步")
    );
    assert_eq!(
        session.eval("document.querySelector('.progress-bar span').style.width"),
        Value::from("50%")
    );
    assert_eq!(
        session.eval("document.querySelector('#step-1').classList.contains('is-current')"),
        Value::Bool(true),
        "the first open step is current"
    );
    open_steps(&session, &file_url(&public, "ch/web.html"));
    assert_eq!(
        session.eval("document.querySelectorAll('.step input:checked').length"),
        Value::from(0),
        "progress is per channel page"
    );
    open_steps(&session, &file_url(&public, "ch/app.html"));
    session.eval("document.querySelector('.progress button').click()");
    assert_eq!(
        session.eval("document.querySelectorAll('.step input:checked').length"),
        Value::from(0),
        "reset clears"
    );
    session.assert_clean(&["file://"]);
}

#[test]
fn pages_fit_a_390px_phone_without_horizontal_scrolling() {
    let Some(chrome) = chromium("pages_fit_a_390px_phone_without_horizontal_scrolling") else {
        return;
    };
    let (_site, public) = published("guide");
    let session = chrome.session();
    session.phone(390, 844);
    for page in [
        "index.html",
        "a.html",
        "ch.html",
        "ch/app.html",
        "ch/web.html",
        "d/e/deep.html",
    ] {
        session.open(&file_url(&public, page));
        assert_eq!(
            session.eval("window.innerWidth"),
            Value::from(390),
            "{page}: emulation applies"
        );
        let overflow = session.eval("document.documentElement.scrollWidth - window.innerWidth");
        assert_eq!(
            overflow.as_i64(),
            Some(0),
            "{page} scrolls sideways by {overflow} px"
        );
        let small_targets = session.eval(
            "[...document.querySelectorAll('.step-check, .button, .pager a, .channel-nav a')]\
               .filter(e => e.getBoundingClientRect().height < 44).length",
        );
        assert_eq!(
            small_targets,
            Value::from(0),
            "{page}: tap targets under 44 px"
        );
    }
    session.open(&file_url(&public, "ch/app.html"));
    let png = session.screenshot();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "a real screenshot"
    );
    let shot = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("channel-390x844.png");
    std::fs::write(&shot, png).unwrap();
    eprintln!(
        "screenshot of a channel page at 390×844: {}",
        shot.display()
    );
    session.assert_clean(&["file://"]);
}

#[test]
fn a_printed_channel_page_is_a_clean_checklist() {
    let Some(chrome) = chromium("a_printed_channel_page_is_a_clean_checklist") else {
        return;
    };
    let (_site, public) = published("guide");
    let session = chrome.session();
    open_steps(&session, &file_url(&public, "ch/app.html"));
    session.call(
        "Emulation.setEmulatedMedia",
        serde_json::json!({ "media": "print" }),
    );
    let hidden = session.eval(
        "JSON.stringify(['.site-header', '.sidebar', '.breadcrumbs', '.channel-nav', '.progress', '.step-check', '.site-footer > p:not(.print-colophon)', '.dial-form']\
           .filter(s => document.querySelector(s) && getComputedStyle(document.querySelector(s)).display !== 'none'))",
    );
    assert_eq!(hidden, Value::from("[]"), "navigation chrome still printed");
    let shown = session.eval(
        "['.steps', '.channel-facts', '.needs'].every(s => getComputedStyle(document.querySelector(s)).display !== 'none')",
    );
    assert_eq!(
        shown,
        Value::Bool(true),
        "steps, contacts and needs are printed"
    );
    assert_eq!(
        session.eval("document.querySelector('.print-colophon').innerText.trim()"),
        Value::from("测试指南 · https://example.org/docs/ch/app.html"),
        "the printed page ends with the site's name and its address (base_url)"
    );
    assert_eq!(
        session.eval("getComputedStyle(document.querySelector('.step')).breakInside"),
        Value::from("avoid")
    );
    let pdf = session.tab.print_to_pdf().expect("print to PDF");
    assert!(pdf.starts_with(b"%PDF"));
    session.assert_clean(&["file://"]);
}

#[test]
fn on_a_phone_the_first_step_is_on_the_first_screen() {
    let Some(chrome) = chromium("on_a_phone_the_first_step_is_on_the_first_screen") else {
        return;
    };
    let (_holder, public, site) = published_default();
    let session = chrome.session();
    session.phone(390, 844);
    let pages: Vec<String> = site
        .files
        .keys()
        .filter(|k| k.starts_with("channels/") && k.ends_with(".html"))
        .cloned()
        .collect();
    assert_eq!(pages.len(), 6);
    for page in &pages {
        open_steps(&session, &file_url(&public, page));
        let bottom = session
            .eval("document.querySelector('#step-1 .step-title').getBoundingClientRect().bottom");
        let bottom = bottom.as_f64().unwrap();
        assert!(
            bottom <= 844.0,
            "{page}: step 1's title ends at {bottom} px, below the first screen"
        );
    }
    // The overview's start buttons land on step 1 itself.
    session.open(&file_url(&public, "channels.html"));
    session.follow(".channel-card .button");
    session.wait_for("location.hash === '#step-1'", "landing on step 1");
}

/// The 12315 line needs the area code first: the reader types it and one tap dials
/// the whole number; until then the button dials nothing.
#[test]
fn a_number_that_needs_an_area_code_dials_once_it_is_typed() {
    let Some(chrome) = chromium("a_number_that_needs_an_area_code_dials_once_it_is_typed") else {
        return;
    };
    let (_holder, public, _) = published_default();
    let session = chrome.session();
    session.phone(390, 844);
    open_steps(&session, &file_url(&public, "channels/hotline-12315.html"));
    assert_eq!(
        session.eval("document.querySelector('.dial').dataset.number"),
        Value::from("12315")
    );
    assert_eq!(
        session.eval("document.querySelector('.dial-call').hasAttribute('href')"),
        Value::Bool(false),
        "nothing to dial before the area code"
    );
    session.eval("document.querySelector('.dial-prefix').focus()");
    session.tab.type_str("０10").expect("type");
    assert_eq!(
        session.eval("document.querySelector('.dial-call').getAttribute('href')"),
        Value::from("tel:01012315")
    );
    assert_eq!(
        session.eval("document.querySelector('.dial-full').textContent"),
        Value::from("01012315")
    );
    assert_eq!(
        session.eval("document.querySelector('.dial-prefix').placeholder"),
        Value::from("区号"),
        "the field names what to type, and claims no format the source does not give"
    );
    // Two to eight digits dial; the number itself, letters or too many digits are
    // refused with a word of why.
    let mut refused = Vec::new();
    for (typed, dials) in [
        ("12315", false),
        ("01012315", true),
        ("0571-12315", true),
        ("123150", false),
        ("1", false),
        ("01", true),
        ("05710", true),
        ("0a", false),
        ("123456789", false),
        ("0571", true),
        ("０２０", true),
    ] {
        session.eval(&format!(
            "(() => {{ const i = document.querySelector('.dial-prefix'); i.value = {typed:?};\
               i.dispatchEvent(new Event('input')); }})()"
        ));
        let href = session.eval("document.querySelector('.dial-call').getAttribute('href')");
        if href.is_string() != dials {
            refused.push(format!("{typed}: {href}"));
        }
        if ["12315", "123150", "0a", "123456789"].contains(&typed) {
            let bad = session.eval(
                "document.querySelector('.dial-hint').classList.contains('is-bad') && \
                 document.querySelector('.dial-prefix').getAttribute('aria-invalid') === 'true'",
            );
            assert_eq!(bad, Value::Bool(true), "{typed} is not said to be wrong");
        }
    }
    assert!(refused.is_empty(), "{refused:?}");
    assert!(session
        .eval("document.querySelector('.dial-hint').textContent")
        .as_str()
        .unwrap()
        .contains("数字"));
    // On paper the number reads as written, never an empty box or a faded button.
    session.media("print", "light");
    assert_eq!(
        session.eval("document.querySelector('.dial-text').innerText.trim()"),
        Value::from("区号+12315")
    );
    assert_eq!(
        session.eval("getComputedStyle(document.querySelector('.dial-form')).display"),
        Value::from("none")
    );
    session.media("screen", "light");
    session.assert_clean(&["file://"]);
}

/// Every control of a channel page is reached with Tab alone, and each shows where
/// the focus is.
#[test]
fn every_control_is_reached_by_keyboard_with_a_visible_focus() {
    let Some(chrome) = chromium("every_control_is_reached_by_keyboard_with_a_visible_focus") else {
        return;
    };
    let (_holder, public, _) = published_default();
    let session = chrome.session();
    session.phone(390, 844);
    open_steps(&session, &file_url(&public, "channels/hotline-12315.html"));
    let controls = session.eval(
        "JSON.stringify([...document.querySelectorAll('a[href], button, input, select, textarea, summary')]\
           .filter(e => e.getClientRects().length && !e.closest('[hidden]') && !e.disabled)\
           .map(e => e.outerHTML.slice(0, 80)))",
    );
    let controls: Vec<String> = serde_json::from_str(controls.as_str().unwrap()).unwrap();
    assert!(controls.len() > 10, "{controls:?}");
    let mut reached = std::collections::BTreeSet::new();
    for _ in 0..controls.len() + 10 {
        session.tab.press_key("Tab").expect("Tab");
        let focused = session.eval(
            "(() => { const e = document.activeElement; const s = getComputedStyle(e);\
               const shown = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';\
               return JSON.stringify([e.outerHTML.slice(0, 80), shown]); })()",
        );
        let (what, shown): (String, bool) =
            serde_json::from_str(focused.as_str().unwrap()).unwrap();
        if what.starts_with("<body") {
            continue;
        }
        assert!(shown, "no visible focus on {what}");
        reached.insert(what);
    }
    let missed: Vec<&String> = controls.iter().filter(|c| !reached.contains(*c)).collect();
    assert!(missed.is_empty(), "not reachable by Tab: {missed:?}");
}
