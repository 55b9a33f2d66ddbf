//! A fact's provenance on a phone: the button beside a phone number opens where the
//! number comes from and when it was checked, by tap and by keyboard, with or without
//! script, in view and clear of the number it is about.

use serde_json::{json, Value};

use super::{chromium, file_url, published_default, save_screenshot, Session};

/// The first provenance button in a step of the hotline channel, and its card.
const BUTTON: &str = "document.querySelector('.step .fact-mark')";
const CARD: &str = "document.getElementById(document.querySelector('.step .fact-mark').getAttribute('popovertarget'))";

fn rect(session: &Session, element: &str) -> [f64; 4] {
    let r = session.eval(&format!(
        "(() => {{ const r = {element}.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }})()"
    ));
    let n = |i: usize| r[i].as_f64().expect("a number");
    [n(0), n(1), n(2), n(3)]
}

fn is_open(session: &Session) -> bool {
    session.eval(&format!("{CARD}.matches(':popover-open')")) == Value::Bool(true)
}

/// Taps the provenance button with a touch gesture at its centre, as a thumb does.
fn tap_button(session: &Session) {
    session.eval(&format!("{BUTTON}.scrollIntoView({{block: 'center'}})"));
    let [left, top, right, bottom] = rect(session, BUTTON);
    tap(session, (left + right) / 2.0, (top + bottom) / 2.0);
}

/// A touch at `x`, `y` (CSS pixels from the viewport's top left), lifted at once.
fn tap(session: &Session, x: f64, y: f64) {
    for kind in ["touchStart", "touchEnd"] {
        let points = if kind == "touchEnd" {
            json!([])
        } else {
            json!([{ "x": x, "y": y }])
        };
        session.call(
            "Input.dispatchTouchEvent",
            json!({ "type": kind, "touchPoints": points }),
        );
    }
}

/// The open card: what it says, and where it stands.
fn check_open_card(session: &Session, when: &str) {
    session.wait_for(&format!("{CARD}.matches(':popover-open')"), when);
    let text = session.eval(&format!("{CARD}.textContent"));
    let text = text.as_str().unwrap_or_default();
    assert!(
        text.contains("9510211"),
        "{when}: the card names the value: {text}"
    );
    assert!(
        text.contains("2024-11-17 发布的公开文章"),
        "{when}: the card gives the source: {text}"
    );
    assert!(
        text.contains("尚未有人核对"),
        "{when}: the card says nobody checked it: {text}"
    );
    let [left, top, right, bottom] = rect(session, CARD);
    let (width, height) = (390.0, 844.0);
    assert!(
        left >= 0.0 && top >= 0.0 && right <= width && bottom <= height,
        "{when}: the card is wholly in view: {:?}",
        [left, top, right, bottom]
    );
    let [bl, bt, br, bb] = rect(session, BUTTON);
    let clear = br <= left || bl >= right || bb <= top || bt >= bottom;
    assert!(
        clear,
        "{when}: the card does not cover the button it opened from"
    );
    let [_, _, card_right, _] = rect(session, CARD);
    assert!(
        card_right - left > 200.0,
        "{when}: a card wide enough to read"
    );
}

#[test]
fn a_facts_provenance_opens_by_tap_and_by_keyboard_on_a_phone() {
    let Some(chrome) = chromium("a_facts_provenance_opens_by_tap_and_by_keyboard_on_a_phone")
    else {
        return;
    };
    let (_site, public, _) = published_default();
    let url = file_url(&public, "channels/hotline.html");
    let session = chrome.session();
    session.phone(390, 844);
    session.call(
        "Emulation.setTouchEmulationEnabled",
        json!({ "enabled": true, "maxTouchPoints": 5 }),
    );
    session.open_ready(&url);
    assert!(!is_open(&session), "closed until asked");
    let [l, t, r, b] = rect(&session, BUTTON);
    assert!(r - l >= 24.0 && b - t >= 24.0, "a 24 px target at least");
    assert_eq!(
        session.eval(&format!("{BUTTON}.getAttribute('aria-label')")),
        Value::from("这条信息从哪里来：9510211"),
        "the button says what it opens, and for which value"
    );

    // A tap opens it; a tap elsewhere closes it.
    tap_button(&session);
    check_open_card(&session, "after a tap");
    save_screenshot(&session, "fact-card-390.png");
    tap(&session, 20.0, 120.0);
    session.wait_for(
        &format!("!{CARD}.matches(':popover-open')"),
        "a tap elsewhere to close it",
    );

    // The keyboard: Tab reaches the button from the number before it, Enter opens the
    // card, Escape closes it and leaves the focus on the button.
    session.eval(&format!("{BUTTON}.previousElementSibling.focus()"));
    session.tab.press_key("Tab").expect("Tab");
    assert_eq!(
        session.eval(&format!("document.activeElement === {BUTTON}")),
        Value::Bool(true),
        "Tab moves from the number to its button"
    );
    session.tab.press_key("Enter").expect("Enter");
    check_open_card(&session, "after Enter");
    session.tab.press_key("Escape").expect("Escape");
    session.wait_for(
        &format!("!{CARD}.matches(':popover-open')"),
        "Escape to close it",
    );
    assert_eq!(
        session.eval(&format!("document.activeElement === {BUTTON}")),
        Value::Bool(true),
        "the focus is back on the button"
    );

    // A screen reader hears the button expanded while the card is open.
    session.eval(&format!("{BUTTON}.click()"));
    session.wait_for(
        &format!("{CARD}.matches(':popover-open')"),
        "a click to open it",
    );
    let node = session.call("DOM.getDocument", json!({ "depth": 0 }));
    let root = node["root"]["nodeId"].clone();
    let found = session.call(
        "DOM.querySelector",
        json!({ "nodeId": root, "selector": ".step .fact-mark" }),
    );
    let ax = session.call(
        "Accessibility.getPartialAXTree",
        json!({ "nodeId": found["nodeId"], "fetchRelatives": false }),
    );
    let expanded = ax["nodes"][0]["properties"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["name"] == "expanded")
        .map(|p| p["value"]["value"].clone());
    assert_eq!(expanded, Some(Value::Bool(true)), "{ax}");
    session.assert_clean(&["file://"]);

    // Without script: the card is a popover, which needs none.
    let plain = chrome.session();
    plain.phone(390, 844);
    plain.call(
        "Emulation.setTouchEmulationEnabled",
        json!({ "enabled": true, "maxTouchPoints": 5 }),
    );
    plain.disable_scripts();
    plain.open(&url);
    tap_button(&plain);
    check_open_card(&plain, "after a tap without script");
}
