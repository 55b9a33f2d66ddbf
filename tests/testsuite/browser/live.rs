//! `waymark serve` in a real browser: an open page reloads by itself after an edit,
//! keeps its scroll position, and shows a build error over the page until it is fixed.

use serde_json::Value;

use super::chromium;
use crate::common::TestSite;
use crate::serve::Server;

#[test]
fn an_open_page_reloads_itself_and_shows_build_errors() {
    let Some(chrome) = chromium("an_open_page_reloads_itself_and_shows_build_errors") else {
        return;
    };
    let site = TestSite::fixture("guide");
    let long = "很长的一段。\n\n".repeat(120);
    let a = std::fs::read_to_string(site.root().join("content/a.md")).unwrap();
    site.write("content/a.md", &format!("{a}\n{long}"));
    let server = Server::start(&site, &[]);
    let session = chrome.session();
    session.phone(390, 844);
    session.open(&format!("{}a.html", server.url));
    session.wait_for("document.readyState === 'complete'", "the page");
    session.eval("window.scrollTo(0, 600); window.__before = true");
    session.wait_for("window.scrollY === 600", "the scroll");

    site.write(
        "content/a.md",
        &format!("{a}\n编辑后出现的句子。\n\n{long}"),
    );
    session.wait_for(
        "!window.__before && document.readyState === 'complete' && document.body.textContent.includes('编辑后出现的句子')",
        "the page to reload with the edit",
    );
    session.wait_for("window.scrollY === 600", "the scroll position kept");

    site.write("content/a.md", "---\ntitle: [坏了\n---\n");
    session.wait_for(
        "document.getElementById('waymark-serve-errors')",
        "the error overlay",
    );
    let text = session.eval("document.querySelector('#waymark-serve-errors pre').textContent");
    assert!(text.as_str().unwrap().contains("content/a.md:2"), "{text}");
    assert_eq!(
        session.eval("document.querySelectorAll('#waymark-serve-errors pre *').length"),
        Value::from(0),
        "the errors are text, never markup"
    );
    session.eval(
        "window.__broken = true; document.querySelector('#waymark-serve-errors button').click()",
    );
    assert_eq!(
        session.eval("document.getElementById('waymark-serve-errors').hidden"),
        Value::Bool(true)
    );

    site.write("content/a.md", &format!("{a}\n修好了。\n"));
    session.wait_for(
        "!window.__broken && document.readyState === 'complete' && document.body.textContent.includes('修好了')",
        "the page to reload once fixed",
    );
    assert_eq!(
        session.eval("!!document.getElementById('waymark-serve-errors')"),
        Value::Bool(false)
    );
    session.assert_clean(&[&server.url]);
}
