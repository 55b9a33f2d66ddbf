//! A reader opens the site from disk and clicks through it: nothing breaks, nothing
//! reaches for the network.

use std::path::Path;

use serde_json::Value;

use super::{chromium, file_url, published};

/// Every link and image source of the current page resolves to a file on disk, and
/// every fragment to an element of that file.
fn assert_links_resolve(session: &super::Session, public: &Path) {
    let urls = session.eval(
        "JSON.stringify([...document.querySelectorAll('a[href], img[src], link[href], script[src]')]\
           .map(e => e.href || e.src))",
    );
    let urls: Vec<String> = serde_json::from_str(urls.as_str().unwrap()).unwrap();
    assert!(urls.len() > 5, "too few links: {urls:?}");
    let prefix = format!("file://{}/", public.display());
    for url in urls.iter().filter(|u| u.starts_with("file://")) {
        let rest = url
            .strip_prefix(&prefix)
            .unwrap_or_else(|| panic!("{url} leaves the site folder"));
        let (path, fragment) = rest.split_once('#').unwrap_or((rest, ""));
        let file = public.join(waymark::paths::percent_decode(path));
        assert!(file.is_file(), "{url} does not resolve to a file");
        if !fragment.is_empty() {
            let html = std::fs::read_to_string(&file).unwrap();
            let id = waymark::paths::percent_decode(fragment);
            assert!(
                html.contains(&format!("id=\"{id}\"")) || html.contains(&format!("id={id}")),
                "{url}: no element with id `{id}`"
            );
        }
    }
}

#[test]
fn the_site_works_from_disk_with_no_network() {
    let Some(chrome) = chromium("the_site_works_from_disk_with_no_network") else {
        return;
    };
    let (_site, public) = published("guide");
    let session = chrome.session();
    session.open(&file_url(&public, "index.html"));
    assert_eq!(session.eval("document.title"), Value::from("测试指南"));
    assert_eq!(
        session.eval("getComputedStyle(document.body).fontFamily.includes('PingFang SC')"),
        Value::Bool(true),
        "the stylesheet loaded"
    );
    assert_links_resolve(&session, &public);
    session.follow("main a[href='a.html']");
    assert!(session.url().ends_with("/a.html"));
    assert_links_resolve(&session, &public);
    session.follow("main a[href='d/e/deep.html']");
    assert!(
        session.url().ends_with("/d/e/deep.html"),
        "{}",
        session.url()
    );
    assert_eq!(
        session.eval("document.querySelector('h1').textContent"),
        Value::from("深处的页面")
    );
    assert_links_resolve(&session, &public);
    session.follow(".breadcrumbs a");
    assert!(session.url().ends_with("/index.html"));
    session.open(&file_url(&public, "ch/app.html"));
    assert_links_resolve(&session, &public);
    session.assert_clean(&["file://"]);
}

#[test]
fn the_script_draws_the_whole_sidebar_from_the_shared_tree() {
    let Some(chrome) = chromium("the_script_draws_the_whole_sidebar_from_the_shared_tree") else {
        return;
    };
    let (_site, public) = published("guide");
    let session = chrome.session();
    session.open(&file_url(&public, "d/e/deep.html"));
    session.wait_for(
        "document.querySelector('#sidebar .nav > ul > li')",
        "the sidebar",
    );
    let top = session.eval(
        "JSON.stringify([...document.querySelectorAll('#sidebar .nav > ul > li > a, #sidebar .nav > ul > li > span')].map(e => e.textContent))",
    );
    let top: Vec<String> = serde_json::from_str(top.as_str().unwrap()).unwrap();
    assert_eq!(top.first().map(String::as_str), Some("首页"), "{top:?}");
    assert_eq!(
        top.len(),
        5,
        "the whole top level, not only the section: {top:?}"
    );
    assert!(
        top.iter().any(|t| t.contains("<script>")),
        "a title with markup is shown as text"
    );
    assert_eq!(
        session.eval("document.querySelector('#sidebar a[aria-current=page]').textContent"),
        Value::from("深处的页面")
    );
    assert_eq!(
        session
            .eval("document.querySelector('#sidebar a[aria-current=page]').href === location.href"),
        Value::Bool(true)
    );
    assert_links_resolve(&session, &public);
    session.assert_clean(&["file://"]);
}
