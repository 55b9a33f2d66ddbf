//! Search in the browser, from `file://` and from `http://127.0.0.1`: type, see
//! results, press Enter, land on the step with the term highlighted.

use serde_json::{json, Value};

use super::server::StaticServer;
use super::{chromium, file_url, published_default, Session};

/// Types `query` into the search box as a reader would and waits for results.
pub fn type_query(session: &Session, query: &str) {
    session.wait_for(
        "document.documentElement.dataset.waymark",
        "the page's script",
    );
    session.tab.press_key("/").expect("press /");
    session.wait_for(
        "document.activeElement.id === 'search-input'",
        "`/` to focus the search box",
    );
    session.tab.type_str(query).expect("type");
    session.wait_for(
        &format!(
            "document.getElementById('search-results').getAttribute('data-query') === {}",
            json!(query)
        ),
        "results for the query",
    );
}

fn search_and_land(session: &Session, base: &str) {
    session.open(&format!("{base}precautions.html"));
    type_query(session, "小蜜");
    let first = session.eval("document.querySelector('#search-results a').getAttribute('href')");
    assert_eq!(first, Value::from("channels/app.html#step-3"));
    let crumbs =
        session.eval("document.querySelector('#search-results a .search-crumbs').textContent");
    assert_eq!(
        crumbs,
        Value::from("投诉渠道与步骤 › 天猫APP（客服小蜜） › 第 3 步")
    );
    assert_eq!(
        session.eval("document.querySelector('#search-results a mark').textContent"),
        Value::from("小蜜")
    );
    session.tab.press_key("ArrowDown").unwrap();
    assert_eq!(
        session.eval("document.querySelector('#search-results a').getAttribute('aria-selected')"),
        Value::from("true")
    );
    session.tab.press_key("Enter").unwrap();
    session.wait_for(
        "location.hash === '#step-3' && document.readyState === 'complete'",
        "landing on the step",
    );
    // The page's own location, not the tab's cached URL, which can lag behind.
    let href = session.eval("location.href");
    assert!(
        href.as_str()
            .unwrap()
            .starts_with(&format!("{base}channels/app.html")),
        "{href}"
    );
    session.wait_for(
        "document.querySelector('#step-3 mark.search-hit')",
        "the term highlighted in the step",
    );
    assert_eq!(
        session.eval("document.querySelector('#step-3 mark.search-hit').textContent"),
        Value::from("小蜜")
    );
    let top = session.eval("document.getElementById('step-3').getBoundingClientRect().top");
    assert!(
        top.as_f64().unwrap().abs() < 200.0,
        "the step is scrolled into view: {top}"
    );
}

#[test]
fn searching_from_disk_lands_on_the_highlighted_step() {
    let Some(chrome) = chromium("searching_from_disk_lands_on_the_highlighted_step") else {
        return;
    };
    let (_holder, public, _) = published_default();
    let session = chrome.session();
    session.phone(390, 844);
    search_and_land(&session, &file_url(&public, ""));
    session.open(&file_url(&public, "index.html"));
    type_query(&session, "12315 区号");
    super::save_screenshot(&session, "search-390x844.png");
    session.assert_clean(&["file://"]);
}

#[test]
fn searching_over_http_lands_on_the_highlighted_step() {
    let Some(chrome) = chromium("searching_over_http_lands_on_the_highlighted_step") else {
        return;
    };
    let (_holder, public, _) = published_default();
    let server = StaticServer::start(&public);
    let session = chrome.session();
    search_and_land(&session, &server.base);
    session.assert_clean(&[&server.base]);
}

#[test]
fn keyboard_escape_and_shortcuts() {
    let Some(chrome) = chromium("keyboard_escape_and_shortcuts") else {
        return;
    };
    let (_holder, public, _) = published_default();
    let session = chrome.session();
    session.open(&file_url(&public, "index.html"));
    type_query(&session, "没有这个词组合");
    assert_eq!(
        session.eval("document.querySelectorAll('#search-results .search-result').length"),
        Value::from(0)
    );
    // Never an empty box: what was searched, words that find something, the ways.
    let empty = session.eval("document.querySelector('#search-results .search-empty').textContent");
    assert!(
        empty.as_str().unwrap().contains("没有这个词组合"),
        "{empty}"
    );
    assert_eq!(
        session.eval("document.querySelectorAll('#search-results .search-empty li a').length"),
        Value::from(6),
        "a link to each of the guide's six channels"
    );
    let chips = session.eval("document.querySelectorAll('#search-results .search-chip').length");
    assert!(chips.as_u64().unwrap() >= 3, "suggested words: {chips}");
    session.eval("document.querySelector('#search-results .search-chip').click()");
    session.wait_for(
        "document.querySelectorAll('#search-results .search-result').length > 0",
        "a suggested word to find something",
    );
    session
        .eval("document.getElementById('search-input').value = ''; document.activeElement.blur()");
    type_query(&session, "没有这个词组合");
    session.tab.press_key("Escape").unwrap();
    assert_eq!(
        session.eval("document.getElementById('search-results').hidden"),
        Value::Bool(true)
    );
    session.eval("document.activeElement.blur()");
    session.press_key_with("k", super::CTRL);
    session.wait_for(
        "document.activeElement.id === 'search-input'",
        "Ctrl+K to focus the search box",
    );
    session.tab.type_str("凭证").unwrap();
    session.tab.press_key("Enter").unwrap();
    session.wait_for(
        "location.hash === '#step-5'",
        "Enter pressed before results showed to open the first one",
    );
    assert!(
        session.url().contains("channels/web.html"),
        "{}",
        session.url()
    );
    session.assert_clean(&["file://"]);
}

#[test]
fn the_browser_agrees_with_rust_on_normalisation_and_ranking() {
    let Some(chrome) = chromium("the_browser_agrees_with_rust_on_normalisation_and_ranking") else {
        return;
    };
    let (_holder, public, _) = published_default();
    let session = chrome.session();
    session.open(&file_url(&public, "index.html"));
    let vectors: Vec<Value> =
        serde_json::from_str(include_str!("../../search/normalization.json")).unwrap();
    for v in &vectors {
        let js = format!(
            "JSON.stringify((() => {{ const n = WaymarkSearch.normalize({0}); \
               return [n, WaymarkSearch.tokenize(n).map(t => [t.kind, t.text])]; }})())",
            v["input"]
        );
        let got: Value = serde_json::from_str(session.eval(&js).as_str().unwrap()).unwrap();
        assert_eq!(got[0], v["normalized"], "normalize({})", v["input"]);
        assert_eq!(got[1], v["tokens"], "tokenize({})", v["input"]);
    }
    let mut wrong = Vec::new();
    for (query, expected) in crate::search::quality_queries() {
        let js = format!(
            "WaymarkSearch.runQuery({}).then(r => r.hits.length ? r.hits[0].data.url : null)",
            json!(query)
        );
        let got = session.eval(&js);
        if got != expected.as_str() {
            wrong.push(format!("{query:?}: expected {expected}, got {got}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "the browser ranks differently:\n{}",
        wrong.join("\n")
    );
    session.assert_clean(&["file://"]);
}
/// A browser that cannot unpack the index (no `DecompressionStream`) is told so and
/// pointed at the contents page, never left with a silent box.
#[test]
fn a_browser_that_cannot_read_the_index_points_to_the_contents() {
    let Some(chrome) = chromium("a_browser_that_cannot_read_the_index_points_to_the_contents")
    else {
        return;
    };
    let (_holder, public, _) = published_default();
    let session = chrome.session();
    session.add_script_on_new_document("delete window.DecompressionStream;");
    session.open(&file_url(&public, "index.html"));
    session.wait_for(
        "document.documentElement.dataset.waymark",
        "the page's script",
    );
    session.tab.press_key("/").expect("press /");
    session.tab.type_str("小蜜").expect("type");
    session.wait_for(
        "document.querySelector('#search-results .search-empty a')",
        "the failure message",
    );
    let text = session.eval("document.querySelector('#search-results .search-empty').textContent");
    assert!(text.as_str().unwrap().contains("读不了搜索索引"), "{text}");
    let href = session.eval("document.querySelector('#search-results .search-empty a').href");
    assert!(
        href.as_str().unwrap().ends_with("/public/toc.html"),
        "{href}"
    );
}

/// Each language searches its own index: the English box finds English pages only,
/// the Chinese box never an English page, and the language switcher keeps the step.
fn search_in_each_language(session: &Session, base: &str) {
    session.open(&format!("{base}en/index.html"));
    type_query(session, "hotline");
    let hrefs = session.eval(
        "Array.from(document.querySelectorAll('#search-results a.search-result')).map(a => a.href)",
    );
    let hrefs = hrefs.as_array().expect("results");
    assert!(!hrefs.is_empty(), "the English box finds English pages");
    for href in hrefs {
        let href = href.as_str().unwrap();
        assert!(href.starts_with(&format!("{base}en/")), "{href}");
    }
    let titles = session.eval(
        "Array.from(document.querySelectorAll('#search-results .search-title')).map(t => t.textContent).join('|')",
    );
    let titles = titles.as_str().unwrap();
    assert!(
        !titles
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "no Chinese result in the English box: {titles}"
    );
    session.open(&format!("{base}index.html"));
    type_query(session, "热线");
    let hrefs = session.eval(
        "Array.from(document.querySelectorAll('#search-results a.search-result')).map(a => a.href)",
    );
    let hrefs = hrefs.as_array().expect("results");
    assert!(!hrefs.is_empty(), "the Chinese box finds Chinese pages");
    for href in hrefs {
        assert!(!href.as_str().unwrap().contains("/en/"), "{href}");
    }
    // The switcher opens the same step in the other language.
    session.open(&format!("{base}channels/app.html#step-3"));
    session.wait_for(
        "document.documentElement.dataset.waymark",
        "the page's script",
    );
    session.follow("a.language-link");
    session.wait_for(
        "location.pathname.endsWith('/en/channels/app.html') && location.hash === '#step-3'",
        "the English page at the same step",
    );
}

#[test]
fn each_language_searches_its_own_pages() {
    let Some(chrome) = chromium("each_language_searches_its_own_pages") else {
        return;
    };
    let (_holder, public, _) = published_default();
    let session = chrome.session();
    session.phone(390, 844);
    search_in_each_language(&session, &file_url(&public, ""));
    super::save_screenshot(&session, "language-switched-390x844.png");
    session.assert_clean(&["file://"]);
    let server = StaticServer::start(&public);
    let session = chrome.session();
    search_in_each_language(&session, &server.base);
    session.assert_clean(&[&server.base]);
}
